/* output.h - what a person sees on the terminal, in the manner of hyperfine.
 *
 * Results go to the FILE given (stdout); the progress line is progress.c's. No
 * measurement is made here: it only formats gb_result values. */
#ifndef GB_OUTPUT_H
#define GB_OUTPUT_H

#include <stdio.h>

#include "measure/result.h"

typedef struct gb_output_opts {
    int color;   /* ANSI colours */
    int width;   /* columns for the timeline (default 60) */
    int unicode; /* block characters and µs; plain ASCII otherwise */
} gb_output_opts;

/* Fill o for out: colour when out is a terminal (and NO_COLOR unset, TERM not dumb),
 * Unicode when the locale says UTF-8, width 60. */
void gb_output_opts_init(gb_output_opts *o, FILE *out);

/* "Scenario 2/7: gil+gil - two threads holding the GIL" */
void gb_output_scenario_header(FILE *out, const gb_scenario *s, size_t index, size_t total,
                               const gb_output_opts *o);

/* Median ± sigma, range, user/system, parallelism, verdict, status and the timeline of
 * the run nearest the median. */
void gb_output_result(FILE *out, const gb_result *r, const gb_output_opts *o);

/* A counted result's figures (output_counts.c): instructions and estimated cycles over
 * the runs, each thread's median. Called by gb_output_result for a counted result. */
void gb_output_counts(FILE *out, const gb_result *r, const gb_output_opts *o);

/* The table at the end (output_summary.c): each scenario's median, verdict, status and ratio to
 * baseline. */
void gb_output_summary(FILE *out, const gb_report *rep, const gb_output_opts *o);

/* The implementations table after the summary, when rep has sweeps over "module": a row
 * per module, a column per scenario (median and verdict), and each module's one-thread
 * time over the C API's (pivot.h). Nothing when there is no such sweep. */
void gb_output_pivot(FILE *out, const gb_report *rep, const gb_output_opts *o);

/* Timeline of one run: one bar per thread along the time axis. */
void gb_output_timeline(FILE *out, const gb_run *run, const gb_scenario *s,
                        const gb_output_opts *o);

#endif
