/* judge.h - one scenario of `gilbench compare`, judged: what each report measured of it,
 * the change, and whether that is a regression, inconclusive (a wall-clock change on a busy
 * machine) or fine. Timed results are judged by their times and the GIL's evidence,
 * counted results by their instructions (docs/regression-gate.md). Reading the reports and
 * printing the rows is cli/cmd_compare.c's. */
#ifndef GB_JUDGE_H
#define GB_JUDGE_H

#include <stddef.h>

#include "compare/compare.h"
#include "measure/result.h"

/* A side whose threads waited for a CPU for this share of their work or more (the median
 * run's cpu_wait_share, from the run-queue delay) ran on a busy machine. */
#define GB_BUSY_CPU_WAIT 0.10

typedef struct gb_judge_opts {
    double threshold;       /* fraction: a slower wall beyond it is a regression */
    double alpha;           /* significance level of the test */
    double count_threshold; /* fraction: a median count beyond it is a regression */
    int paired;             /* the reports are two sides of one session: run k of each */
    int no_wall_gate;       /* a slower wall is shown, never a regression (counts gate cost) */
} gb_judge_opts;

/* What one report measured of one scenario (a "side" is only --side's word). */
typedef struct gb_measured {
    const gb_result *result; /* borrowed, NULL when absent */
    const char *status, *verdict;
    double *walls; /* owned */
    size_t n;
    double median;
    double fast;   /* the lower quartile: the runs the machine disturbed least */
    double canary; /* median canary_ns: how fast the machine ran the fixed loop, or NAN */
    double busy;   /* cpu_wait_share when at least GB_BUSY_CPU_WAIT, else NAN */
} gb_measured;

typedef struct gb_compare_row {
    const char *name; /* as in the reports */
    char *shown;      /* as printed: terminal-safe, markdown-escaped with -m (owned) */
    gb_measured base, now;
    double change, lo, hi, p;
    gb_change judged;
    int comparable, paired;
    int counted;            /* counted results: change is that of the median count */
    double speed;           /* canary time of new over base: > 1 when the machine ran slower */
    char regression[256];   /* "" when none */
    char inconclusive[320]; /* "" when none: what would have been flagged, and why not */
} gb_compare_row;

/* Fill m from r (NULL: absent), measured on a machine of ncpu usable CPUs (0: unknown): a
 * scenario of more threads than CPUs waits for CPUs of its own making, which is not a busy
 * machine. Returns 0, or -1 without memory. */
int gb_measured_fill(gb_measured *m, const gb_result *r, int ncpu);

/* Free what m owns. */
void gb_measured_clear(gb_measured *m);

/* Judge w (base and now filled): its change, and its regression or inconclusive text. */
void gb_compare_judge(gb_compare_row *w, const gb_judge_opts *o);

/* 1 when the canary ran slower on the new side by nearly as much as the scenario (80 %),
 * and by more than the threshold: the machine, not the code, is the likelier cause. */
int gb_compare_machine_slower(const gb_compare_row *w, double threshold);

#endif
