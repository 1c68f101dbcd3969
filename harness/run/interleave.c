/* interleave.c - the --interleave scheduler (see interleave.h): batches of at most
 * il->max_workers workers, each started, run in rounds and finished before the next. */
#include "run/interleave.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

void gb_interleave_free(gb_interleave *il)
{
    free(il->ros);
    free(il->workers);
    free(il->idx);
    free(il->group);
    free(il->left);
    free(il->batch_of);
    free(il->by_batch);
    free(il->batch_start);
    free(il->order);
    memset(il, 0, sizeof *il);
}

/* How many workers may be alive at once: GB_INTERLEAVE_MAX_WORKERS, fewer when the limit on
 * open files is low (the driver holds 3 descriptors a worker, a worker's start a few more). */
static size_t max_workers(void)
{
    struct rlimit rl;
    size_t most = GB_INTERLEAVE_MAX_WORKERS;

    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) {
        size_t fit = rl.rlim_cur > 64 ? (size_t)(rl.rlim_cur - 32) / 6 : 1;

        if (fit < most)
            most = fit;
    }
    return most ? most : 1;
}

/* Put the scenarios in batches of at most il->max_workers, the sides of one scenario in
 * one batch; il->by_batch lists them batch by batch (counting sort). */
static int make_batches(gb_interleave *il)
{
    size_t n = il->n, *size = calloc(n + 1, sizeof *size), *fill;
    size_t in_batch = 0;

    il->batch_of = calloc(n + 1, sizeof *il->batch_of);
    il->by_batch = calloc(n + 1, sizeof *il->by_batch);
    il->batch_start = calloc(n + 2, sizeof *il->batch_start);
    if (!size || !il->batch_of || !il->by_batch || !il->batch_start) {
        free(size);
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        size[il->group[i]]++;
    il->nbatches = n ? 1 : 0;
    for (size_t i = 0; i < n; i++) {
        if (il->group[i] != i) { /* a side joins its scenario's batch */
            il->batch_of[i] = il->batch_of[il->group[i]];
            continue;
        }
        if (in_batch > 0 && in_batch + size[i] > il->max_workers) {
            il->nbatches++;
            in_batch = 0;
        }
        il->batch_of[i] = il->nbatches - 1;
        in_batch += size[i];
        if (in_batch > il->largest_batch)
            il->largest_batch = in_batch;
    }
    for (size_t i = 0; i < n; i++)
        il->batch_start[il->batch_of[i] + 1]++;
    for (size_t b = 0; b < il->nbatches; b++)
        il->batch_start[b + 1] += il->batch_start[b];
    fill = size; /* reused: the next free place of each batch */
    memcpy(fill, il->batch_start, il->nbatches * sizeof *fill);
    for (size_t i = 0; i < n; i++)
        il->by_batch[fill[il->batch_of[i]]++] = i;
    free(size);
    return 0;
}

/* A side's slot joins the first slot of its scenario (the name less its side's tag), found
 * by name in one pass: -1 when out of memory. */
static int group_sides(gb_interleave *il, gb_scenario *const *order, size_t n, const gb_side *sides,
                       size_t nsides, const size_t *side_of)
{
    json_t *first = json_object(); /* untagged name -> the first slot with it */

    if (!first)
        return -1;
    for (size_t i = 0; i < n; i++) {
        size_t len = nsides ? gb_side_base_len(order[i]->name, sides[side_of[i]].label) : 0;
        json_t *at = len ? json_object_getn(first, order[i]->name, len) : NULL;

        il->group[i] = at ? (size_t)json_integer_value(at) : i;
        if (len && !at &&
            json_object_setn_new_nocheck(first, order[i]->name, len, json_integer((json_int_t)i))) {
            json_decref(first);
            return -1;
        }
    }
    json_decref(first);
    return 0;
}

int gb_interleave_start(gb_interleave *il, const gb_runner_opts *ro, gb_scenario *const *order,
                        size_t n, const gb_side *sides, const gb_overrides *side_ov, size_t nsides,
                        const size_t *side_of, uint64_t seed, gb_result *results,
                        gb_error_fn on_error, void *ctx, gb_error *err)
{
    memset(il, 0, sizeof *il);
    il->n = n;
    il->seed = seed;
    il->state = seed ? seed : 1;
    il->results = results;
    il->on_error = on_error;
    il->ctx = ctx;
    il->max_workers = max_workers();
    il->ros = calloc(n + 1, sizeof *il->ros);
    il->workers = calloc(n + 1, sizeof *il->workers);
    il->idx = calloc(n + 1, sizeof *il->idx);
    il->group = calloc(n + 1, sizeof *il->group);
    il->left = calloc(n + 1, sizeof *il->left);
    il->order = calloc(n + 1, sizeof *il->order);
    if (!il->ros || !il->workers || !il->idx || !il->group || !il->left || !il->order) {
        gb_interleave_free(il);
        gb_error_set(err, NULL, 0, 0, NULL, "cannot interleave %zu scenarios: out of memory", n);
        return -1;
    }
    memcpy(il->order, order, n * sizeof *order);
    if (group_sides(il, order, n, sides, nsides, side_of) != 0 || make_batches(il) != 0) {
        gb_interleave_free(il);
        gb_error_set(err, NULL, 0, 0, NULL, "cannot interleave %zu scenarios: out of memory", n);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        results[i].scenario = order[i];
        il->left[i] = order[i]->warmup + order[i]->runs;
        if (il->left[i] > il->rounds)
            il->rounds = il->left[i];
        il->ros[i] = *ro;
        il->ros[i].progress = NULL; /* the workers draw nothing: the rounds are the progress */
        if (nsides) {
            il->ros[i].ov = &side_ov[side_of[i]];
            if (sides[side_of[i]].driver) {
                il->ros[i].self = sides[side_of[i]].driver;
                il->ros[i].foreign = 1;
            }
        }
    }
    return 0;
}

/* Start the workers of batch b; a worker that cannot start marks its result. */
static void start_batch(gb_interleave *il, size_t b)
{
    for (size_t k = il->batch_start[b]; k < il->batch_start[b + 1]; k++) {
        size_t i = il->by_batch[k];
        gb_error start_err;

        il->workers[i] = gb_worker_start(&il->ros[i], il->order[i], &il->results[i], 1, &start_err);
        if (!il->workers[i]) {
            il->on_error(&start_err, il->ctx);
            gb_result_set_error(&il->results[i], &start_err);
            il->left[i] = 0;
        }
    }
}

void gb_interleave_rounds(gb_interleave *il, gb_progress *progress)
{
    int done = 0, total = 0;

    for (size_t b = 0; b < il->nbatches; b++) {
        int most = 0;

        for (size_t k = il->batch_start[b]; k < il->batch_start[b + 1]; k++)
            if (il->left[il->by_batch[k]] > most)
                most = il->left[il->by_batch[k]];
        total += most;
    }
    for (size_t b = 0; b < il->nbatches; b++) {
        size_t first = il->batch_start[b], m = il->batch_start[b + 1] - first;
        size_t *local = il->idx, *lgroup = il->idx + il->n - m; /* two disjoint parts */
        int rounds = 0;

        if (gb_runner_interrupted()) { /* the batches after Ctrl-C never start */
            for (size_t k = first; k < first + m; k++) {
                gb_result *r = &il->results[il->by_batch[k]];

                gb_result_start(r, il->order[il->by_batch[k]]);
                r->status = GB_STATUS_NOT_RUN;
            }
            continue;
        }
        start_batch(il, b);
        for (size_t k = 0; k < m; k++) {
            size_t i = il->by_batch[first + k];

            if (il->left[i] > rounds)
                rounds = il->left[i];
            lgroup[k] = k;
            for (size_t j = 0; j < k; j++) /* the batch's slot of the scenario's first side */
                if (il->by_batch[first + j] == il->group[i]) {
                    lgroup[k] = j;
                    break;
                }
        }
        for (int round = 0; round < rounds && !gb_runner_interrupted(); round++) {
            gb_sides_round_order(local, lgroup, m, &il->state);
            for (size_t k = 0; k < m && !gb_runner_interrupted(); k++) {
                size_t i = il->by_batch[first + local[k]];

                if (il->left[i] > 0 && gb_worker_step(il->workers[i]))
                    il->left[i]--;
                else
                    il->left[i] = 0;
            }
            gb_progress_round(progress, il->n, ++done, total);
        }
        for (size_t k = first; k < first + m; k++)
            gb_interleave_finish(il, il->by_batch[k]);
    }
    gb_progress_clear(progress);
}

void gb_interleave_finish(gb_interleave *il, size_t i)
{
    if (il->workers[i])
        gb_worker_finish(il->workers[i]);
    il->workers[i] = NULL;
}
