/* hyperfine_read.h - reading the file hyperfine's --export-json writes, and bringing its
 * runs into a gb_result so every view and `gilbench compare` treat them like any other.
 *
 * hyperfine (1.15) gives per run: the wall time ("times") and the exit code
 * ("exit_codes", null for a run killed by a signal); user and system time only as means
 * over the runs; nothing of warmup runs. No clock, no process here: proc_runner.c runs
 * hyperfine. */
#ifndef GB_HYPERFINE_READ_H
#define GB_HYPERFINE_READ_H

#include <stddef.h>

#include "util/error.h"
#include "measure/result.h"

typedef struct gb_hyperfine_runs {
    double *times;       /* wall seconds of each measured run (owned) */
    int *exit_codes;     /* per run, -1 when hyperfine gave null (a signal) (owned) */
    int have_exit_codes; /* 0: the file had no "exit_codes" */
    size_t n;
    double user_mean;   /* seconds, NAN when absent */
    double system_mean; /* seconds, NAN when absent */
} gb_hyperfine_runs;

/* Parse the text of hyperfine's JSON export (one command's results). file is only for
 * messages. Returns 0, or -1 with err naming the JSON path and what was expected. */
int gb_hyperfine_parse(const char *text, const char *file, gb_hyperfine_runs *out,
                       gb_error *err) GB_MUST_USE;

/* Free what h owns; NULL is fine. */
void gb_hyperfine_runs_clear(gb_hyperfine_runs *h);

/* Append h's runs to r (wall per run; user and system: hyperfine's means in every run),
 * and set r->process to what hyperfine said beside them: exit codes, which fields are
 * absent per run. warmup: the warmup runs hyperfine made (it reports none of them).
 * Returns 0 or -1 (no memory). */
int gb_hyperfine_fill(const gb_hyperfine_runs *h, int warmup, int ncpu, gb_result *r) GB_MUST_USE;

#endif
