/* interleave.c - the --interleave scheduler (see interleave.h): start, rounds, finish. */
#include "run/interleave.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void gb_interleave_free(gb_interleave *il)
{
    free(il->ros);
    free(il->workers);
    free(il->idx);
    free(il->group);
    free(il->left);
    memset(il, 0, sizeof *il);
}

int gb_interleave_start(gb_interleave *il, const gb_runner_opts *ro, gb_scenario *const *order,
                        size_t n, const gb_side *sides, const gb_overrides *side_ov, size_t nsides,
                        const size_t *side_of, uint64_t seed, gb_result *results,
                        gb_error_fn on_error, void *ctx, gb_error *err)
{
    gb_error start_err;

    memset(il, 0, sizeof *il);
    il->n = n;
    il->seed = seed;
    il->state = seed ? seed : 1;
    il->ros = calloc(n + 1, sizeof *il->ros);
    il->workers = calloc(n + 1, sizeof *il->workers);
    il->idx = calloc(n + 1, sizeof *il->idx);
    il->group = calloc(n + 1, sizeof *il->group);
    il->left = calloc(n + 1, sizeof *il->left);
    if (!il->ros || !il->workers || !il->idx || !il->group || !il->left) {
        gb_interleave_free(il);
        gb_error_set(err, NULL, 0, 0, NULL, "cannot interleave %zu scenarios: out of memory", n);
        return -1;
    }
    for (size_t i = 0; i < n; i++) { /* a side's slot joins the first slot of its file */
        il->group[i] = i;
        for (size_t j = 0; nsides && j < i; j++)
            if (gb_side_same_scenario(order[i]->name, sides[side_of[i]].label, order[j]->name,
                                      sides[side_of[j]].label)) {
                il->group[i] = il->group[j];
                break;
            }
    }
    for (size_t i = 0; i < n; i++) {
        results[i].scenario = order[i];
        il->idx[i] = i;
        il->left[i] = order[i]->warmup + order[i]->runs;
        if (il->left[i] > il->rounds)
            il->rounds = il->left[i];
        il->ros[i] = *ro;
        il->ros[i].progress = NULL; /* the workers draw nothing: the rounds are the progress */
        if (nsides) {
            il->ros[i].ov = &side_ov[side_of[i]];
            if (sides[side_of[i]].driver)
                il->ros[i].self = sides[side_of[i]].driver;
        }
        il->workers[i] = gb_worker_start(&il->ros[i], order[i], &results[i], 1, &start_err);
        if (!il->workers[i]) {
            on_error(&start_err, ctx);
            gb_result_set_error(&results[i], &start_err);
            il->left[i] = 0;
        }
    }
    return 0;
}

void gb_interleave_rounds(gb_interleave *il, gb_progress *progress)
{
    for (int round = 0; round < il->rounds && !gb_runner_interrupted(); round++) {
        gb_sides_round_order(il->idx, il->group, il->n, &il->state);
        for (size_t k = 0; k < il->n && !gb_runner_interrupted(); k++) {
            size_t i = il->idx[k];

            if (il->left[i] > 0 && gb_worker_step(il->workers[i]))
                il->left[i]--;
            else
                il->left[i] = 0;
        }
        gb_progress_round(progress, il->n, round + 1, il->rounds);
    }
    gb_progress_clear(progress);
}

void gb_interleave_finish(gb_interleave *il, size_t i)
{
    if (il->workers[i])
        gb_worker_finish(il->workers[i]);
    il->workers[i] = NULL;
}
