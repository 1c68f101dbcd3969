/* evidence.c - the verdict from what the threads waited for, not from when they ran.
 *
 * The worker measures, per thread, its waits for the GIL and for a CPU (worker side:
 * py_gil_watch.c). Here they become a verdict: serial when the threads lost to waiting for
 * the GIL about the time a serial run would lose, parallel when they hardly waited, and
 * inconclusive when there was too little to lose, or hardly any work. Time spent waiting
 * for a CPU is the machine's and never turns a verdict. Where the GIL was only sampled
 * (no waits), the threads' held shares judge what they can, the timing the rest.
 * docs/report.md states the rules and their limits. Pure functions over gb_run / gb_result
 * (but one: gb_evidence_keep_held_shares keeps the threads' held shares and lets their times
 * go, for a report read for a comparison): no clock, no I/O, no Python. */
#include "measure/evidence.h"
#include "measure/gil_samples.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

/* The median of v[0..n-1], sorted in place (the arrays here are this file's own); NAN when
 * n == 0. stats.c has the general one, but calls this file: no cycle between them. */
static double median_of(double *v, size_t n)
{
    if (n == 0)
        return NAN;
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

typedef struct tally {
    double waited;      /* G: waits for the GIL before each thread's work was done */
    double lost;        /* S: sum of the work - the longest work: what serialising loses */
    double other;       /* blocked neither on the GIL nor for a CPU, share of the spans */
    double spans;       /* sum of the [enter, done] intervals */
    double delay;       /* waits for a CPU during the calls */
    double holders;     /* threads that held the GIL for most of the time they ran or wanted to */
    double cpu_holders; /* threads that ran holding the GIL for most of their CPU time */
    /* sampled evidence only */
    double releasers; /* threads that held the GIL for at most GB_EVIDENCE_RELEASED_MAX */
    double unknown;   /* threads with too few samples to tell */
    double apart;     /* releasers whose work hardly overlapped the one thread that held it */
} tally;

static double clamp0(double x)
{
    return x > 0 ? x : 0;
}

/* The share of the shorter of two threads' work [enter, done] during which they both
 * worked. */
static double overlap_of(const gb_thread_times *a, const gb_thread_times *b)
{
    double from = (double)(a->enter_ns > b->enter_ns ? a->enter_ns : b->enter_ns);
    double to = (double)(a->done_ns < b->done_ns ? a->done_ns : b->done_ns);
    double shorter = fmin(clamp0((double)(a->done_ns - a->enter_ns)),
                          clamp0((double)(b->done_ns - b->enter_ns)));

    return shorter > 0 ? clamp0(to - from) / shorter : 0;
}

/* Sampled: thread i's share into the tally; *holding, the last thread that did not release
 * the GIL. */
static void measure_sampled(const gb_thread_times *th, size_t i, tally *t, size_t *holding)
{
    double share = gb_gil_samples_share(th->gil_held_samples, th->gil_samples);
    double span = clamp0((double)(th->done_ns - th->enter_ns));
    double running = (double)th->cpu_ns + clamp0((double)th->run_delay_ns);

    if (isnan(share)) {
        t->unknown += 1;
        return;
    }
    if (share <= GB_EVIDENCE_RELEASED_MAX)
        t->releasers += 1;
    else
        *holding = i;
    /* it held the GIL for most of its work, or of the time it ran or was runnable (threads
     * running Python take turns: each holds it for 1/n of the time, but all it runs) */
    if (share >= GB_EVIDENCE_SERIAL_MIN ||
        (running > 0 && share * span >= GB_EVIDENCE_SERIAL_MIN * running))
        t->holders += 1;
}

static tally measure(const gb_run *run)
{
    tally t = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    double sum = 0, longest = 0, other = 0;
    int gil = (run->evidence & GB_EVIDENCE_GIL) != 0;
    int sampled = !gil && (run->evidence & GB_EVIDENCE_SAMPLED);
    size_t holding = run->nthreads;

    for (size_t i = 0; i < run->nthreads; i++) {
        const gb_thread_times *th = &run->threads[i];
        double span = clamp0((double)(th->done_ns - th->enter_ns));
        double inside =
            gil ? clamp0((double)(th->gil_wait_ns - th->gil_wait_start_ns - th->gil_wait_return_ns))
                : 0;
        /* its work: the span less its waits for the GIL and for a CPU, and never less than
         * its time on a CPU (the wait for a CPU is read over the whole call, which may begin
         * before and end after the span) */
        double work =
            fmax((double)th->cpu_ns, clamp0(span - inside - clamp0((double)th->run_delay_ns)));

        /* the time the GIL was held by a thread that was running: the GIL's, not the CPUs' */
        if (gil)
            t.waited += clamp0(
                (double)(th->gil_wait_ns - th->gil_wait_return_ns - th->gil_wait_holder_delay_ns));
        sum += work;
        if (work > longest)
            longest = work;
        t.spans += span;
        t.delay += clamp0((double)th->run_delay_ns);
        other += clamp0(span - inside - (double)th->cpu_ns - (double)th->run_delay_ns);
        if (sampled) {
            measure_sampled(th, i, &t, &holding);
            continue;
        }
        if (!gil)
            continue;
        /* its work needed the GIL: most of its time on a CPU was spent holding it (exact,
         * whatever the machine: a thread waiting for a CPU spends none) */
        int cpu_holder = th->gil_held_cpu_ns >= 0 && th->cpu_ns > 0 &&
                         (double)th->gil_held_cpu_ns >= GB_EVIDENCE_SERIAL_MIN * (double)th->cpu_ns;

        t.cpu_holders += cpu_holder;
        /* where that was not measured: it held the GIL for most of the time it ran or was
         * runnable (a thread preempted while it holds the GIL still holds it; one that
         * released it holds it for moments only; but one woken to take the GIL that waits
         * long for a CPU, at a load of 8 or more, falls below the line) */
        if (cpu_holder ||
            ((double)th->cpu_ns + clamp0((double)th->run_delay_ns) > 0 &&
             (double)th->gil_held_ns >=
                 GB_EVIDENCE_SERIAL_MIN * ((double)th->cpu_ns + clamp0((double)th->run_delay_ns))))
            t.holders += 1;
    }
    t.lost = sum - longest;
    t.other = t.spans > 0 ? other / t.spans : NAN;
    /* one thread held the GIL, the others released it: did their work overlap its? */
    if (sampled && t.unknown == 0 && t.releasers + 1 == (double)run->nthreads)
        for (size_t i = 0; i < run->nthreads; i++)
            if (i != holding && overlap_of(&run->threads[i], &run->threads[holding]) < 0.5)
                t.apart += 1;
    return t;
}

static int rank(gb_verdict v)
{
    return v == GB_VERDICT_PARALLEL  ? 1
           : v == GB_VERDICT_PARTIAL ? 2
           : v == GB_VERDICT_SERIAL  ? 3
                                     : 0;
}

/* The rule, for a run or for the medians of a scenario's runs. */
static gb_verdict judge(double waited, double lost, double spans, double other, double holders,
                        double cpu_holders, int cpu_known, gb_verdict timing,
                        gb_verdict_basis *basis)
{
    gb_verdict v;
    double ratio;

    /* little to lose and little waited, or hardly any work at all: 64 empty calls wait for
     * the GIL over 1 ms to start, one after the other, with nothing to lose (their [enter,
     * done] spans, read inside C, are what tells: their CPU time over the calls, the GIL's
     * hand-overs included, passes 1 ms on a busy machine): nothing tells serial from
     * parallel */
    if ((!(lost >= GB_EVIDENCE_MIN_LOST_NS) && !(waited >= GB_EVIDENCE_MIN_LOST_NS)) ||
        !(spans >= GB_EVIDENCE_MIN_LOST_NS)) {
        *basis = GB_BASIS_TOO_SHORT;
        return GB_VERDICT_INCONCLUSIVE;
    }
    ratio = waited / fmax(lost, GB_EVIDENCE_MIN_LOST_NS);
    v = ratio <= GB_EVIDENCE_PARALLEL_MAX ? GB_VERDICT_PARALLEL
        : ratio >= GB_EVIDENCE_SERIAL_MIN ? GB_VERDICT_SERIAL
                                          : GB_VERDICT_PARTIAL;
    *basis = GB_BASIS_GIL;
    /* Two or more threads that each needed the GIL for most of their running cannot have
     * run at once, whatever the waits say: on a machine whose CPUs are taken, a waiter's
     * wait is cut short by a holder that waits for a CPU (which the waits leave out as the
     * machine's), and pure-Python threads then seemed to wait less than a serial run loses */
    if (v == GB_VERDICT_PARTIAL && holders >= 2)
        v = GB_VERDICT_SERIAL;
    /* Two or more threads that ran holding the GIL for most of their CPU time took turns,
     * whatever the waits say: at a load of 9 a holder that waits for a CPU through most of
     * each wait leaves waits of the GIL's own so short that they said parallel */
    if (v != GB_VERDICT_SERIAL && cpu_holders >= 2)
        v = GB_VERDICT_SERIAL;
    /* not the GIL, not the CPUs: they waited for each other some other way */
    if (cpu_known && other > GB_EVIDENCE_OTHER_MAX && rank(timing) > rank(v)) {
        *basis = GB_BASIS_WAITS;
        return timing;
    }
    return v;
}

/* The rule where the GIL was sampled: only the threads' held shares are known, not their
 * waits. Serial when two or more needed the GIL for most of their work; parallel when all
 * released it, or all but one whose work overlapped theirs; the timing's verdict where the
 * shares cannot tell (docs/report.md). The medians of a scenario's runs, or one run's. */
static gb_verdict judge_sampled(const tally *t, double nthreads, int cpu_known, gb_verdict timing,
                                gb_verdict_basis *basis)
{
    gb_verdict v;

    if (!(t->lost >= GB_EVIDENCE_MIN_LOST_NS) || !(t->spans >= GB_EVIDENCE_MIN_LOST_NS)) {
        *basis = GB_BASIS_TOO_SHORT;
        return GB_VERDICT_INCONCLUSIVE;
    }
    *basis = GB_BASIS_HELD;
    if (t->unknown > 0) { /* a thread's work too short for enough samples */
        *basis = GB_BASIS_TIMING;
        return timing;
    }
    if (t->holders >= 2)
        return GB_VERDICT_SERIAL;
    if (t->releasers >= nthreads || (t->releasers + 1 >= nthreads && t->apart == 0))
        v = GB_VERDICT_PARALLEL;
    else {
        *basis = GB_BASIS_TIMING;
        return timing;
    }
    /* not the GIL, not the CPUs: they waited for each other some other way */
    if (cpu_known && t->other > GB_EVIDENCE_OTHER_MAX && rank(timing) > rank(v)) {
        *basis = GB_BASIS_WAITS;
        return timing;
    }
    return v;
}

void gb_evidence_analyse(gb_run *run)
{
    tally t;

    run->gil_wait_ratio = NAN;
    run->cpu_wait_share = NAN;
    run->basis = GB_BASIS_TIMING;
    if (run->nthreads == 0)
        return;
    t = measure(run);
    if (run->evidence & GB_EVIDENCE_CPU && t.spans > 0)
        run->cpu_wait_share = t.delay / t.spans;
    if (!(run->evidence & GB_EVIDENCE_GIL) && (run->evidence & GB_EVIDENCE_SAMPLED) &&
        run->nthreads >= 2)
        run->verdict = judge_sampled(&t, (double)run->nthreads, !!(run->evidence & GB_EVIDENCE_CPU),
                                     run->verdict, &run->basis);
    if (!(run->evidence & GB_EVIDENCE_GIL) || run->nthreads < 2)
        return;
    run->gil_wait_ratio = t.waited / fmax(t.lost, GB_EVIDENCE_MIN_LOST_NS);
    run->verdict = judge(t.waited, t.lost, t.spans, t.other, t.holders, t.cpu_holders,
                         !!(run->evidence & GB_EVIDENCE_CPU), run->verdict, &run->basis);
}

double gb_evidence_held_share(const gb_run *run, size_t k)
{
    const gb_thread_times *t;
    double span;

    if (k >= run->nthreads)
        return NAN;
    t = &run->threads[k];
    if (!(run->evidence & GB_EVIDENCE_GIL))
        return run->evidence & GB_EVIDENCE_SAMPLED
                   ? gb_gil_samples_share(t->gil_held_samples, t->gil_samples)
                   : NAN;
    span = (double)(t->done_ns - t->enter_ns);
    if (span <= 0)
        return NAN;
    /* a thread preempted while it holds the GIL holds it longer on a busy machine: its
     * waits for a CPU are taken out of both, as if they all fell while it held it (a lower
     * bound; exact on a quiet machine) */
    if (run->evidence & GB_EVIDENCE_CPU && t->run_delay_ns > 0) {
        double delay = (double)t->run_delay_ns, work = fmax(span - delay, (double)t->cpu_ns);

        if (work > 0)
            return fmin(1, clamp0(((double)t->gil_held_ns - delay) / work));
    }
    return fmin(1, clamp0((double)t->gil_held_ns / span));
}

/* The columns of a scenario's runs that summarise takes the medians of. */
enum {
    C_RATIO,
    C_WAITED,
    C_LOST,
    C_OTHER,
    C_HOLDERS,
    C_CPU_HOLDERS,
    C_SPANS,
    C_RELEASERS,
    C_UNKNOWN,
    C_APART,
    C_SHARE,
    NCOLUMNS
};

void gb_evidence_summarise(gb_result *r, gb_verdict timing)
{
    size_t n = 0, nratio = 0, ncpu = 0, nthreads = 0, gil = 0, cpu = 0, sampled = 0;
    size_t rows = r->nruns + 1;
    double *col = calloc(NCOLUMNS * rows, sizeof *col), *share = col + C_SHARE * rows;
    tally med;

    r->gil_wait_ratio = r->cpu_wait_share = r->gil_held_share_max = NAN;
    r->basis = GB_BASIS_TIMING;
    r->verdict = timing;
    if (!col)
        return;
    for (size_t i = 0; i < r->nruns; i++) {
        const gb_run *run = &r->runs[i];
        tally t;

        if (run->warmup)
            continue;
        n++;
        if (run->nthreads > nthreads)
            nthreads = run->nthreads;
        gil += !!(run->evidence & GB_EVIDENCE_GIL);
        sampled += !(run->evidence & GB_EVIDENCE_GIL) && (run->evidence & GB_EVIDENCE_SAMPLED);
        cpu += !!(run->evidence & GB_EVIDENCE_CPU);
        if (!isnan(run->cpu_wait_share))
            share[ncpu++] = run->cpu_wait_share;
        t = measure(run);
        col[C_RATIO * rows + nratio] = t.waited / fmax(t.lost, GB_EVIDENCE_MIN_LOST_NS);
        col[C_WAITED * rows + nratio] = t.waited;
        col[C_LOST * rows + nratio] = t.lost;
        col[C_HOLDERS * rows + nratio] = t.holders;
        col[C_CPU_HOLDERS * rows + nratio] = t.cpu_holders;
        col[C_SPANS * rows + nratio] = t.spans;
        col[C_RELEASERS * rows + nratio] = t.releasers;
        col[C_UNKNOWN * rows + nratio] = t.unknown;
        col[C_APART * rows + nratio] = t.apart;
        col[C_OTHER * rows + nratio++] = isnan(t.other) ? 0 : t.other;
    }
    r->cpu_wait_share = median_of(share, ncpu);
    /* every run counted, or every run sampled: a mix is judged on the timing */
    if (n == 0 || (gil < n && sampled < n))
        goto out;
    for (size_t k = 0; k < nthreads; k++) {
        double m = gb_evidence_thread_held_share(r, k);

        if (!isnan(m) && !(m <= r->gil_held_share_max))
            r->gil_held_share_max = m;
    }
    if (nthreads < 2 || timing == GB_VERDICT_NONE)
        goto out;
    med = (tally){.waited = median_of(col + C_WAITED * rows, nratio),
                  .lost = median_of(col + C_LOST * rows, nratio),
                  .other = median_of(col + C_OTHER * rows, nratio),
                  .spans = median_of(col + C_SPANS * rows, nratio),
                  .holders = median_of(col + C_HOLDERS * rows, nratio),
                  .cpu_holders = median_of(col + C_CPU_HOLDERS * rows, nratio),
                  .releasers = median_of(col + C_RELEASERS * rows, nratio),
                  .unknown = median_of(col + C_UNKNOWN * rows, nratio),
                  .apart = median_of(col + C_APART * rows, nratio)};
    if (sampled == n) {
        r->verdict = judge_sampled(&med, (double)nthreads, cpu == n, timing, &r->basis);
        goto out;
    }
    r->gil_wait_ratio = median_of(col + C_RATIO * rows, nratio);
    r->verdict = judge(med.waited, med.lost, med.spans, med.other, med.holders, med.cpu_holders,
                       cpu == n, timing, &r->basis);
out:
    free(col);
}

double gb_evidence_thread_held_share(const gb_result *r, size_t k)
{
    double *held, med;
    size_t m = 0;

    if (r->held_shares) /* the threads were let go of: kept before */
        return k < r->nheld_shares ? r->held_shares[k] : NAN;
    if (!(held = calloc(r->nruns + 1, sizeof *held)))
        return NAN;
    for (size_t i = 0; i < r->nruns; i++) {
        double h = r->runs[i].warmup ? NAN : gb_evidence_held_share(&r->runs[i], k);

        if (!isnan(h))
            held[m++] = h;
    }
    med = median_of(held, m);
    free(held);
    return med;
}

int gb_evidence_check_held(const gb_result *r, char *buf, size_t size)
{
    double limit = r->scenario ? r->scenario->expect.held_max : NAN;
    size_t nthreads = r->scenario ? r->scenario->nthreads : 0;

    if (!(limit > 0)) /* unset (NAN), or a scenario made without the loader (0) */
        return 0;
    for (size_t k = 0; k < nthreads; k++) {
        double h = gb_evidence_thread_held_share(r, k);

        if (isnan(h)) {
            snprintf(buf, size,
                     "the GIL's holds were not measured, so gil_held_share is unchecked");
            return 1;
        }
        if (h > limit) {
            snprintf(buf, size, "%s held the GIL for %.1f %% of its work, expected at most %.1f %%",
                     r->scenario->threads[k].label, 100 * h, 100 * limit);
            return 1;
        }
    }
    return 0;
}

const char *gb_verdict_basis_name(gb_verdict_basis b)
{
    switch (b) {
    case GB_BASIS_GIL:
        return "gil";
    case GB_BASIS_WAITS:
        return "waits";
    case GB_BASIS_TOO_SHORT:
        return "too_short";
    case GB_BASIS_HELD:
        return "held";
    case GB_BASIS_TIMING:
        break;
    }
    return "timing";
}

int gb_evidence_keep_held_shares(gb_result *r)
{
    size_t nthreads = 0;
    double *shares;

    if (r->held_shares)
        return 0;
    for (size_t i = 0; i < r->nruns; i++)
        if (r->runs[i].nthreads > nthreads)
            nthreads = r->runs[i].nthreads;
    if (!(shares = calloc(nthreads + 1, sizeof *shares)))
        return -1;
    for (size_t k = 0; k < nthreads; k++)
        shares[k] = gb_evidence_thread_held_share(r, k);
    for (size_t i = 0; i < r->nruns; i++) {
        gb_run_free_threads(&r->runs[i]);
        r->runs[i].nthreads = 0;
    }
    r->held_shares = shares;
    r->nheld_shares = nthreads;
    return 0;
}
