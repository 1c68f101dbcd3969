/* info_args.h - the options of the subcommands that read scenario files and run nothing,
 * validate and list (-h, -q, the files), and what they share: loading with each error on
 * stderr, freeing the scenarios. Nothing outside cli/ sees it. */
#ifndef GB_INFO_ARGS_H
#define GB_INFO_ARGS_H

#include <stddef.h>

#include "scenario/scenario.h"
#include "util/cli.h"

typedef struct info_flags {
    int help, quiet;
} info_flags;

/* -h (help) first, then -q (quiet): list shows only the first row. */
extern const gb_option info_options[];
extern const size_t info_noptions;

/* Parse options into f; the files go to a new *files[0..*nfiles-1] (free the array).
 * Returns 0, or -1 after printing the error. */
int info_parse(int argc, char **argv, info_flags *f, char ***files, size_t *nfiles);

/* gb_scenarios_load with each failure printed on stderr: the number of failures. */
size_t info_load(char **files, size_t nfiles, gb_scenario ***list, size_t *n);

/* Free the scenarios and the array. */
void info_free(gb_scenario **list, size_t n);

#endif
