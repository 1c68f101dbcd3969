/* interleave.h - `gilbench run --interleave` (and --side): the scenarios' workers started
 * together, then rounds of one run of each, in an order shuffled anew each round from a
 * recorded seed, so that a slow minute of the machine spreads over all scenarios instead of
 * landing on one. With sides, the sides of a scenario run back to back within the round
 * (gb_sides_round_order). At most max_workers are alive at once: more scenarios run in
 * batches of that many (the sides of a scenario in one batch), one batch after the other.
 * Prints nothing: the subcommand does, between the steps. */
#ifndef GB_INTERLEAVE_H
#define GB_INTERLEAVE_H

#include <stddef.h>
#include <stdint.h>

#include "run/runner.h"
#include "run/sides.h"

/* The most workers alive at once (fewer when RLIMIT_NOFILE is low). */
#define GB_INTERLEAVE_MAX_WORKERS 64

typedef struct gb_interleave {
    size_t n;             /* scenarios */
    int rounds;           /* the most runs (warmup included) of any of them */
    uint64_t seed, state; /* the shuffle's seed, as recorded, and its generator */
    gb_runner_opts *ros;  /* per scenario: a side has its own variables and driver */
    gb_worker **workers;  /* NULL where the worker could not start */
    size_t *idx, *group;  /* a round's order; the slot whose sides each one joins */
    int *left;            /* runs still to ask of each */
    size_t max_workers;   /* alive at once, at most */
    size_t largest_batch; /* the most alive at once in this session */
    size_t nbatches;
    size_t *batch_of;     /* per scenario: its batch */
    size_t *by_batch;     /* the scenarios, batch by batch ... */
    size_t *batch_start;  /* ... batch b is by_batch[batch_start[b] .. batch_start[b + 1]) */
    gb_scenario **order;  /* borrowed scenarios, in slot order (the array is owned) */
    gb_result *results;   /* borrowed */
    gb_error_fn on_error; /* a worker that cannot start */
    void *ctx;
} gb_interleave;

/* The scenarios order[0..n-1] into results[0..n-1]. sides[side_of[i]] and side_ov[...]
 * are order[i]'s side when nsides > 0 (else side_of may be NULL). Makes the batches; no
 * worker is started yet (gb_interleave_rounds does, batch by batch; one that cannot start
 * marks its result as an error and goes to on_error). Returns 0, or -1 with err when out
 * of memory. */
int gb_interleave_start(gb_interleave *il, const gb_runner_opts *ro, gb_scenario *const *order,
                        size_t n, const gb_side *sides, const gb_overrides *side_ov, size_t nsides,
                        const size_t *side_of, uint64_t seed, gb_result *results,
                        gb_error_fn on_error, void *ctx, gb_error *err) GB_MUST_USE;

/* Run the batches' rounds, until the runs are done or Ctrl-C (the batches not started then
 * are not_run); each batch's workers are finished before the next starts. progress (may be
 * NULL) shows the rounds. */
void gb_interleave_rounds(gb_interleave *il, gb_progress *progress);

/* Let worker i end and fill its result's status and summary (gb_worker_finish). */
void gb_interleave_finish(gb_interleave *il, size_t i);

/* Free what il owns. */
void gb_interleave_free(gb_interleave *il);

#endif
