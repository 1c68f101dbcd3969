/* interleave.h - `gilbench run --interleave` (and --side): every scenario's worker started
 * at once, then rounds of one run of each, in an order shuffled anew each round from a
 * recorded seed, so that a slow minute of the machine spreads over all scenarios instead of
 * landing on one. With sides, the sides of a scenario run back to back within the round
 * (gb_sides_round_order). Prints nothing: the subcommand does, between the steps. */
#ifndef GB_INTERLEAVE_H
#define GB_INTERLEAVE_H

#include <stddef.h>
#include <stdint.h>

#include "run/runner.h"
#include "run/sides.h"

typedef struct gb_interleave {
    size_t n;             /* scenarios */
    int rounds;           /* the most runs (warmup included) of any of them */
    uint64_t seed, state; /* the shuffle's seed, as recorded, and its generator */
    gb_runner_opts *ros;  /* per scenario: a side has its own variables and driver */
    gb_worker **workers;  /* NULL where the worker could not start */
    size_t *idx, *group;  /* a round's order; the slot whose sides each one joins */
    int *left;            /* runs still to ask of each */
} gb_interleave;

/* The scenarios order[0..n-1] into results[0..n-1]. sides[side_of[i]] and side_ov[...]
 * are order[i]'s side when nsides > 0 (else side_of may be NULL). Starts every worker; a
 * worker that cannot start marks its result as an error (status and message) and goes to
 * on_error. Returns 0, or -1 with err when out of memory (then nothing is started). */
int gb_interleave_start(gb_interleave *il, const gb_runner_opts *ro, gb_scenario *const *order,
                        size_t n, const gb_side *sides, const gb_overrides *side_ov, size_t nsides,
                        const size_t *side_of, uint64_t seed, gb_result *results,
                        gb_error_fn on_error, void *ctx, gb_error *err) GB_MUST_USE;

/* Run the rounds, until the runs are done or Ctrl-C; progress (may be NULL) shows them. */
void gb_interleave_rounds(gb_interleave *il, gb_progress *progress);

/* Let worker i end and fill its result's status and summary (gb_worker_finish). */
void gb_interleave_finish(gb_interleave *il, size_t i);

/* Free what il owns. */
void gb_interleave_free(gb_interleave *il);

#endif
