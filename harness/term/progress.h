/* progress.h - the progress display of `gilbench run` on standard error: scenario i of N,
 * run j of M, a bar, the time elapsed and an estimate of the time left, redrawn in place.
 *
 * Drawn only when standard error is a terminal, never with --quiet or in CI (the CI
 * variable set, as CI services do), so that logs and pipes get none of it. Colour follows
 * --color and NO_COLOR like the rest of the output. It measures nothing itself. */
#ifndef GB_PROGRESS_H
#define GB_PROGRESS_H

#include <stdio.h>

#include "scenario/scenario.h"

typedef struct gb_progress {
    FILE *out;           /* standard error */
    int enabled;         /* 0: every call is a no-op */
    int color;           /* ANSI colours */
    int unicode;         /* block characters */
    double started;      /* monotonic clock at gb_progress_init, seconds */
    const char *name;    /* the scenario running (borrowed) */
    size_t index, total; /* scenario index (1-based) of total */
    int drawn;           /* a line is on the screen and must be erased */
} gb_progress;

/* 1 when a progress display belongs there: a terminal, not --quiet, not CI. ci is the
 * value of the CI variable (NULL when unset): set and not "", "0" or "false" means CI. */
int gb_progress_wanted(int is_terminal, int quiet, const char *ci);

/* Set p up to draw on out. color: 1 always, 0 never, -1 auto (a terminal, NO_COLOR
 * unset, TERM not dumb). Reads the environment and the clock. */
void gb_progress_init(gb_progress *p, FILE *out, int quiet, int color);

/* A scenario begins (its worker is starting): "[2/7] gil+gil  starting". */
void gb_progress_scenario(gb_progress *p, const gb_scenario *s, size_t index, size_t total);

/* Runs done of total (warmup included); adaptive: total is an upper bound (--precision).
 * eta_s: the estimated time left in this scenario, < 0 when unknown. */
void gb_progress_run(gb_progress *p, int done, int total, int adaptive, double eta_s);

/* --interleave: round r of rounds done, over every one of the nscenarios at once. */
void gb_progress_round(gb_progress *p, size_t nscenarios, int round, int rounds);

/* Erase the line, if one is drawn. */
void gb_progress_clear(gb_progress *p);

/* The text of a run's progress line, without colour or carriage return, fitted to
 * columns: "[2/7] gil+gil  [#####     ] run 3/6  4.1 s elapsed, ~1.2 s left".
 * For tests, and used by gb_progress_run. */
void gb_progress_format(char *buf, size_t size, const char *name, size_t index, size_t total,
                        int done, int runs, int adaptive, double elapsed_s, double eta_s,
                        int unicode, int columns);

#endif
