/* proc_runner.h - a command scenario run by hyperfine (see procspec.h).
 *
 * hyperfine is started from an argv (never through a shell) in a process group of its own,
 * with the scenario's runs and warmup, --export-json to a temporary file, and `--` before
 * the command line; the runner watches the time and Ctrl-C, and reads the file back
 * (hyperfine_read.c). Every failure is one line in the scenario's result. */
#ifndef GB_PROC_RUNNER_H
#define GB_PROC_RUNNER_H

#include "run/runner.h"

/* Run the command scenario s and fill r (r->scenario = s), whatever happens to it (see
 * r->status and r->message). Returns 0, or -1 with err when nothing could be started. */
int gb_proc_run(const gb_runner_opts *o, const gb_scenario *s, gb_result *r,
                gb_error *err) GB_MUST_USE;

/* hyperfine's arguments for s, ending with the command line, NULL-terminated (the array is
 * new; its strings are s's, hyperfine's path, json_path and the numbers in buf). */
char **gb_proc_hyperfine_argv(const gb_scenario *s, const char *hyperfine, const char *json_path,
                              char buf[2][32]);

#endif
