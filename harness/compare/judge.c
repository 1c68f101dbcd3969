/* judge.c - one scenario of `gilbench compare` judged (see judge.h): timed results by their
 * times (paired or not), the GIL's evidence and the canary, with a busy machine making a
 * wall-clock change inconclusive; counted results by their median count. */
#include "compare/judge.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "measure/counts.h"
#include "measure/evidence.h"
#include "measure/stats.h"
#include "util/text.h"
#include "util/units.h"

#ifndef BOOTSTRAP_ITERATIONS /* the fuzz target (tests/fuzz) sets fewer, for speed */
#define BOOTSTRAP_ITERATIONS 4000
#endif

/* Repeated counts that differ by less than this (their spread) agree: no test is needed. */
#define COUNTS_AGREE 0.001

/* The new report's scenario crashed, timed out or raised: a regression whatever the times say. */
static int now_failed(const char *status)
{
    gb_status s;

    return status && gb_status_parse(status, &s) == 0 &&
           (s == GB_STATUS_CRASHED || s == GB_STATUS_TIMEOUT || s == GB_STATUS_ERROR);
}

int gb_measured_fill(gb_measured *m, const gb_result *r, int ncpu)
{
    memset(m, 0, sizeof *m);
    m->median = m->canary = m->busy = NAN;
    m->result = r;
    if (!r)
        return 0;
    m->status = gb_status_name(r->status);
    m->verdict = r->measure == GB_MEASURE_WALL ? gb_verdict_name(r->verdict) : NULL;
    m->walls = calloc(r->nruns + 1, sizeof *m->walls);
    if (!m->walls)
        return -1;
    for (size_t i = 0; r->measure == GB_MEASURE_WALL && i < r->nruns; i++)
        if (!r->runs[i].warmup)
            m->walls[m->n++] = (double)r->runs[i].wall_ns * 1e-9;
    m->canary = r->canary_median;
    m->median = gb_stats_median(m->walls, m->n);
    m->fast = gb_stats_quantile(m->walls, m->n, 0.25);
    if (r->cpu_wait_share >= GB_BUSY_CPU_WAIT &&
        (ncpu <= 0 || !r->scenario || r->scenario->nthreads <= (size_t)ncpu))
        m->busy = r->cpu_wait_share;
    return 0;
}

void gb_measured_clear(gb_measured *m)
{
    free(m->walls);
    m->walls = NULL;
}

int gb_compare_machine_slower(const gb_compare_row *w, double threshold)
{
    /* Half as much excused half of the real 10 % slowdowns: the canary is a 0.3 ms loop
     * and has noise of its own. */
    return w->speed - 1 > threshold && w->speed - 1 >= 0.8 * w->change;
}

/* A thread that holds the GIL for much more of its work than in the base: "t1 held the GIL
 * 4 % -> 97 % of its work"; 0 when none. */
static int held_regression(const gb_compare_row *w, char *buf, size_t size)
{
    const gb_scenario *sc = w->now.result->scenario;

    for (size_t k = 0; k < sc->nthreads; k++) {
        double b = gb_evidence_thread_held_share(w->base.result, k);
        double n = gb_evidence_thread_held_share(w->now.result, k);

        if (gb_held_share_regressed(b, n)) {
            char label[64];

            gb_text_safe(label, sizeof label,
                         sc->threads[k].label ? sc->threads[k].label : "a thread");
            snprintf(buf, size, "%s held the GIL %.0f %% -> %.0f %% of its work", label, 100 * b,
                     100 * n);
            return 1;
        }
    }
    return 0;
}

/* The change of the times: paired (round by round) or of two samples. */
static void time_change(gb_compare_row *w, const gb_judge_opts *o)
{
    /* paired when the signed-rank test can reach alpha at all: its smallest p is 2 / 2^n
     * (n >= 6 pairs at alpha = 0.05); with fewer, the rank-sum test of the two samples can */
    w->paired = o->paired && w->comparable && w->base.n == w->now.n &&
                ldexp(1, 1 - (int)(w->base.n < 64 ? w->base.n : 64)) < o->alpha;
    if (w->paired) {
        double *d = malloc(w->base.n * sizeof *d);

        for (size_t k = 0; d && k < w->base.n; k++)
            d[k] = log(w->now.walls[k] / w->base.walls[k]);
        w->p = d ? gb_wilcoxon_signed_rank_p(d, w->base.n) : NAN;
        free(d);
        gb_bootstrap_paired_change_ci(w->base.walls, w->now.walls, w->base.n, 0.95,
                                      BOOTSTRAP_ITERATIONS, &w->lo, &w->hi);
    } else if (w->comparable) {
        w->p = gb_mann_whitney_p(w->base.walls, w->base.n, w->now.walls, w->now.n);
        gb_bootstrap_change_ci(w->base.walls, w->base.n, w->now.walls, w->now.n, 0.95,
                               BOOTSTRAP_ITERATIONS, &w->lo, &w->hi);
    }
    if (w->comparable) {
        w->change = w->paired ? gb_paired_change(w->base.walls, w->now.walls, w->base.n)
                              : w->now.median / w->base.median - 1;
        w->judged = gb_change_judge(w->change, w->p, w->lo, w->hi, o->alpha, o->threshold);
    }
}

/* The slowdown a busy machine can make of a side whose threads waited for a CPU a share b
 * of their work: all of it, 1 / (1 - b) - 1, twice over for margin. */
static double busy_can_explain(double b)
{
    return isnan(b) ? 0 : b >= 1 ? INFINITY : 2 * (1 / (1 - b) - 1);
}

/* Why a wall-clock finding cannot be trusted, into buf: a side ran on a busy machine (its
 * threads waited for a CPU) and the slowdown found (slowdown: a time, not a verdict) is no
 * more than that can make, or the machine ran the canary loop slower by as much. 0 when it
 * can be. */
static int untrusted(const gb_compare_row *w, double threshold, int slowdown, char *buf,
                     size_t size)
{
    /* 20 x slower beside a busy loop is the code's: waiting for a CPU 30 % of the work
     * makes 43 % at most (86 % with the margin) */
    int beyond = slowdown && w->change > busy_can_explain(w->now.busy) + threshold;

    if (!beyond && (!isnan(w->now.busy) || !isnan(w->base.busy))) {
        int now = !isnan(w->now.busy);

        snprintf(buf, size,
                 "the %s side ran on a busy machine (its threads waited for a CPU %.0f %% of "
                 "their work)",
                 now ? "new" : "base", 100 * (now ? w->now.busy : w->base.busy));
        return 1;
    }
    if (w->comparable && w->judged == GB_CHANGE_SLOWER && gb_compare_machine_slower(w, threshold)) {
        snprintf(buf, size, "the machine ran the canary loop %.0f %% slower too",
                 (w->speed - 1) * 100);
        return 1;
    }
    return 0;
}

static void judge_times(gb_compare_row *w, const gb_judge_opts *o)
{
    int rb = gb_verdict_rank(w->base.verdict), rn = gb_verdict_rank(w->now.verdict);
    char found[256] = "", why[160], held[128];

    w->comparable = w->base.n > 0 && w->now.n > 0;
    if (w->comparable && w->base.canary > 0 && w->now.canary > 0)
        w->speed = w->now.canary / w->base.canary;
    time_change(w, o);
    if (w->base.result && !w->now.result) {
        /* the gate fails closed: what the new report lacks was not shown to be fine */
        snprintf(w->regression, sizeof w->regression,
                 "missing from the new report (was %s): not measured, so not shown to be fine",
                 w->base.status);
        return;
    }
    if (gb_status_passed(w->base.status) && now_failed(w->now.status)) {
        snprintf(w->regression, sizeof w->regression, "was %s, now %s", w->base.status,
                 w->now.status);
        return;
    }
    if (w->base.result && w->now.result && held_regression(w, held, sizeof held)) {
        /* a thread holds the GIL where it did not: its held share is the GIL's own evidence,
         * which a busy machine does not make (a thread that releases the GIL holds it for
         * moments only, however long it waits for a CPU): a regression wherever it ran, and
         * what confirms a worse verdict seen on a busy machine */
        if (rb >= 0 && rn > rb)
            snprintf(w->regression, sizeof w->regression, "GIL verdict %s -> %s: %s",
                     w->base.verdict, w->now.verdict, held);
        else
            snprintf(w->regression, sizeof w->regression, "%s", held);
        return;
    }
    int slowdown = 0;

    if (rb >= 0 && rn > rb)
        snprintf(found, sizeof found, "GIL verdict %s -> %s", w->base.verdict, w->now.verdict);
    else if (!o->no_wall_gate && w->comparable && w->judged == GB_CHANGE_SLOWER &&
             w->change > o->threshold &&
             (w->paired || w->now.fast / w->base.fast - 1 > o->threshold))
        /* a real slowdown slows every run, the fastest ones too; a burst of a noisy
         * neighbour slows some of them. Paired runs need no such guard: a burst that hit
         * one run of a pair is one outlying ratio among n, which the median of the ratios
         * and the ranks of the signed-rank test already discount. */
        slowdown =
            snprintf(found, sizeof found,
                     "%.1f %% slower (95 %% CI %+.1f %% .. %+.1f %%, p = %.3g), threshold "
                     "%.1f %%",
                     w->change * 100, w->lo * 100, w->hi * 100, w->p, o->threshold * 100) > 0;
    if (!found[0])
        return;
    if (untrusted(w, o->threshold, slowdown, why, sizeof why))
        snprintf(w->inconclusive, sizeof w->inconclusive, "%s, but %s", found, why);
    else
        snprintf(w->regression, sizeof w->regression, "%s", found);
}

/* Counted results: the change of the median count; repeated counts agree, so no test. */
static void judge_counts(gb_compare_row *w, const gb_judge_opts *o)
{
    const gb_result *b = w->base.result, *n = w->now.result;

    w->comparable = b && n && b->instructions.n > 0 && n->instructions.n > 0;
    if (w->comparable) {
        /* judged as it is printed, to a hundredth of a percent: a workload made 1 % heavier
         * is 0.99999 % more instructions (the harness's few dozen do not grow), shown as
         * 1.00 %, and reaches a threshold of 1 % */
        double shown;

        w->change = n->instructions.median / b->instructions.median - 1;
        shown = round(w->change * 1e4) / 1e4;
        /* the range the change can have between any two runs of the sides */
        w->lo = n->instructions.min / b->instructions.max - 1;
        w->hi = n->instructions.max / b->instructions.min - 1;
        w->judged = shown > 0 && shown >= o->count_threshold    ? GB_CHANGE_SLOWER
                    : shown < 0 && shown <= -o->count_threshold ? GB_CHANGE_FASTER
                                                                : GB_CHANGE_UNCHANGED;
    }
    if (b && !n)
        snprintf(w->regression, sizeof w->regression,
                 "missing from the new report (was %s): not counted, so not shown to be fine",
                 w->base.status);
    else if (gb_status_passed(w->base.status) && now_failed(w->now.status))
        snprintf(w->regression, sizeof w->regression, "was %s, now %s", w->base.status,
                 w->now.status);
    else if (w->comparable && w->judged == GB_CHANGE_SLOWER) {
        char cb[40], cn[40], spread[96] = "";
        double sb = gb_counts_spread(&b->instructions), sn = gb_counts_spread(&n->instructions);

        gb_format_count(cb, sizeof cb, b->instructions.median);
        gb_format_count(cn, sizeof cn, n->instructions.median);
        if (sb > COUNTS_AGREE || sn > COUNTS_AGREE) /* the counts vary: say by how much */
            snprintf(spread, sizeof spread, "; the counts spread %.2f %% and %.2f %% over the runs",
                     100 * sb, 100 * sn);
        snprintf(w->regression, sizeof w->regression,
                 "%.2f %% more instructions (%s -> %s, medians of %zu and %zu counted runs), "
                 "threshold %.1f %%%s",
                 w->change * 100, cb, cn, b->instructions.n, n->instructions.n,
                 o->count_threshold * 100, spread);
    }
}

void gb_compare_judge(gb_compare_row *w, const gb_judge_opts *o)
{
    const gb_result *r = w->base.result ? w->base.result : w->now.result;

    w->regression[0] = w->inconclusive[0] = '\0';
    w->change = w->lo = w->hi = w->p = NAN;
    w->speed = 1;
    w->paired = 0;
    w->counted = r && r->measure != GB_MEASURE_WALL;
    if (w->counted)
        judge_counts(w, o);
    else
        judge_times(w, o);
}
