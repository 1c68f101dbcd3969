/* counts.h - what counted runs mean: the cache model that turns callgrind's events into
 * estimated cycles, and the summary of a counted result (the instructions and cycles of
 * each run, the sum over its threads). Counting itself is run/counter.c's and the worker's.
 *
 * A counted run gives cost, never time: under valgrind the threads run one at a time, so a
 * counted result has no wall-clock statistics and no GIL verdict (docs/report.md). */
#ifndef GB_COUNTS_H
#define GB_COUNTS_H

#include <stdint.h>

#include "measure/result.h"

/* The cache model of the estimated cycles (the one iai-callgrind and CodSpeed state): an
 * access served by the first-level caches costs 1 cycle, by the last-level cache 5, by
 * memory 35; every instruction fetch, data read and data write is an access. */
#define GB_CYCLES_L1_HIT 1
#define GB_CYCLES_LL_HIT 5
#define GB_CYCLES_MEMORY 35
#define GB_CYCLES_MODEL "L1 hit 1, last-level hit 5, memory 35 cycles"

/* The cycles of the model, from callgrind's events: accesses (Ir + Dr + Dw), first-level
 * misses (I1mr + D1mr + D1mw) and last-level misses (ILmr + DLmr + DLmw). -1 when they do
 * not add up (more misses than accesses). */
int64_t gb_counts_cycles(int64_t accesses, int64_t l1_misses, int64_t ll_misses);

/* The instructions of a counted run: the sum over its threads; -1 when it was not counted. */
int64_t gb_run_instructions(const gb_run *run);

/* The same of the estimated cycles; -1 when a thread's is unknown. */
int64_t gb_run_cycles(const gb_run *run);

/* The summary of a counted result over its measured runs, after gb_result_summarise():
 * instructions and cycles; walls, verdicts and the GIL's evidence taken out (NAN, none).
 * A timed result gets NAN instructions and cycles, and nothing else changes. */
void gb_counts_summarise(gb_result *r);

/* The spread of a counted summary: (max - min) / median, 0 when every run counted the same;
 * NAN without runs. */
double gb_counts_spread(const gb_summary *s);

#endif
