/* procspec.h - a scenario of "kind": "command": one whole command timed by hyperfine.
 *
 * The spec is what scenario_proc.c loads from the file; the quoting here turns an argv
 * into the one line hyperfine splits back (with -N it splits words like a POSIX shell, but
 * never runs one). Running it is proc_runner.c's, reading hyperfine's JSON
 * hyperfine_read.c's. Nothing here forks or reads files. */
#ifndef GB_PROCSPEC_H
#define GB_PROCSPEC_H

#include <jansson.h>
#include <stddef.h>

#include "util/error.h"

typedef struct gb_proc_spec {
    char **argv; /* "command": the program and its arguments (owned); NULL with "shell" */
    size_t argc;
    char *shell;   /* "shell": a line for /bin/sh (owned); NULL with "command" */
    char *line;    /* what hyperfine is given: argv quoted, or the shell line (owned) */
    char *prepare; /* hyperfine's --prepare, in the same form as line, or NULL (owned) */
    char *cwd;     /* directory the command runs in, or NULL: gilbench's own (owned) */
    char **env;    /* "NAME=value" added to the environment (owned) */
    size_t nenv;
    int ignore_failure; /* 1: a non-zero exit status is recorded, not a failure */
} gb_proc_spec;

/* Free spec and everything it owns; NULL is fine. */
void gb_proc_spec_free(gb_proc_spec *spec);

/* argv[0..argc-1] as one line that a POSIX word splitter (hyperfine -N) gives back as the
 * same argv: every element in single quotes, a quote inside as '\''. Returns a new string,
 * or NULL with a message in why (argc 0, an empty program name, no memory). */
char *gb_proc_quote(const char *const *argv, size_t argc, char *why, size_t why_size);

/* The spec as JSON for reports: {"command": [...]} or {"shell": "..."}, with cwd, env,
 * prepare and ignore_failure. A new reference, or NULL (no memory). */
json_t *gb_proc_spec_json(const gb_proc_spec *spec);

#endif
