/* cli.h - command-line options as a table, in the manner of curl's tool_getparam.c.
 *
 * A subcommand declares a sorted-by-use table of gb_option rows and one handler that
 * switches on the row's id. cli.c does the parsing (long and short forms, "--opt=value",
 * "--"), the "did you mean" for an unknown option, and the option list in --help.
 * It knows nothing of what the options mean. */
#ifndef GB_CLI_H
#define GB_CLI_H

#include <stdio.h>

#include "util/error.h"

/* Exit statuses of gilbench, as documented in --help and docs/cli.md. */
typedef enum {
    GB_EXIT_OK = 0,           /* every scenario ran and met its expectations */
    GB_EXIT_FAILED = 1,       /* a scenario failed: expectation, crash, timeout or Python error */
    GB_EXIT_USAGE = 2,        /* bad usage or bad input (options, scenario files) */
    GB_EXIT_INCONCLUSIVE = 3, /* compare: no regression, but a change on a busy machine */
    GB_EXIT_INTERRUPTED = 130 /* interrupted by Ctrl-C; what was measured is saved */
} gb_exit;

typedef struct gb_option {
    const char *name; /* long name without "--" */
    char letter;      /* short form, or 0 */
    const char *arg;  /* metavariable ("N", "FILE") or NULL for a flag */
    int id;           /* handed to the handler */
    const char *help; /* one line */
} gb_option;

/* Called for each option found; value is NULL for flags. Returns 0 or -1 with err. */
typedef int (*gb_option_handler)(int id, const char *value, void *ctx, gb_error *err);

/* Parse argv[first..argc-1]. Options go to handler; other arguments are collected,
 * in order, into positional (an array of at least argc pointers) and counted in
 * *npositional. "-h"/"--help" is handled by the table like any other option.
 * Returns 0 or -1 with err ("unknown option --rnus; did you mean --runs?"). */
int gb_cli_parse(int argc, char **argv, int first, const gb_option *table, size_t n,
                 gb_option_handler handler, void *ctx, char **positional, size_t *npositional,
                 gb_error *err) GB_MUST_USE;

/* Print the table as an aligned option list. */
void gb_cli_print_options(FILE *out, const gb_option *table, size_t n);

/* Parse helpers that fill err with the option's name on failure. */
int gb_cli_int(const char *opt, const char *value, long min, long max, long *out,
               gb_error *err) GB_MUST_USE;
/* gb_cli_int into an int field: the counts of runs, warmups... */
int gb_cli_count(const char *opt, const char *value, long min, long max, int *out,
                 gb_error *err) GB_MUST_USE;
int gb_cli_double(const char *opt, const char *value, double min, double *out,
                  gb_error *err) GB_MUST_USE;

#endif
