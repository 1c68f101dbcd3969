/* evidence.c - the verdict from what the threads waited for, not from when they ran.
 *
 * The worker measures, per thread, its waits for the GIL and for a CPU (worker side:
 * py_gil_watch.c). Here they become a verdict: serial when the threads lost to waiting for
 * the GIL about the time a serial run would lose, parallel when they hardly waited, and
 * inconclusive when there was too little to lose, or hardly any work. Time spent waiting
 * for a CPU is the machine's and never turns a verdict. docs/report.md states the rule and
 * its limits. Pure functions over gb_run / gb_result: no clock, no I/O, no Python. */
#include "measure/evidence.h"

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
} tally;

static double clamp0(double x)
{
    return x > 0 ? x : 0;
}

static tally measure(const gb_run *run)
{
    tally t = {0, 0, 0, 0, 0, 0, 0};
    double sum = 0, longest = 0, other = 0;

    for (size_t i = 0; i < run->nthreads; i++) {
        const gb_thread_times *th = &run->threads[i];
        double span = clamp0((double)(th->done_ns - th->enter_ns));
        double inside =
            clamp0((double)(th->gil_wait_ns - th->gil_wait_start_ns - th->gil_wait_return_ns));
        /* its work: the span less its waits for the GIL and for a CPU, and never less than
         * its time on a CPU (the wait for a CPU is read over the whole call, which may begin
         * before and end after the span) */
        double work =
            fmax((double)th->cpu_ns, clamp0(span - inside - clamp0((double)th->run_delay_ns)));

        /* the time the GIL was held by a thread that was running: the GIL's, not the CPUs' */
        t.waited += clamp0(
            (double)(th->gil_wait_ns - th->gil_wait_return_ns - th->gil_wait_holder_delay_ns));
        sum += work;
        if (work > longest)
            longest = work;
        t.spans += span;
        t.delay += clamp0((double)th->run_delay_ns);
        other += clamp0(span - inside - (double)th->cpu_ns - (double)th->run_delay_ns);
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

    if (!(run->evidence & GB_EVIDENCE_GIL) || k >= run->nthreads)
        return NAN;
    t = &run->threads[k];
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

void gb_evidence_summarise(gb_result *r, gb_verdict timing)
{
    size_t n = 0, nratio = 0, ncpu = 0, nthreads = 0, gil = 0, cpu = 0;
    double *ratio = calloc(r->nruns + 1, sizeof *ratio);
    double *waited = calloc(r->nruns + 1, sizeof *waited);
    double *lost = calloc(r->nruns + 1, sizeof *lost);
    double *other = calloc(r->nruns + 1, sizeof *other);
    double *share = calloc(r->nruns + 1, sizeof *share);
    double *holders = calloc(r->nruns + 1, sizeof *holders);
    double *cpu_holders = calloc(r->nruns + 1, sizeof *cpu_holders);
    double *spans = calloc(r->nruns + 1, sizeof *spans);

    r->gil_wait_ratio = r->cpu_wait_share = r->gil_held_share_max = NAN;
    r->basis = GB_BASIS_TIMING;
    r->verdict = timing;
    if (!ratio || !waited || !lost || !other || !share || !holders || !cpu_holders || !spans)
        goto out;
    for (size_t i = 0; i < r->nruns; i++) {
        const gb_run *run = &r->runs[i];
        tally t;

        if (run->warmup)
            continue;
        n++;
        if (run->nthreads > nthreads)
            nthreads = run->nthreads;
        gil += !!(run->evidence & GB_EVIDENCE_GIL);
        cpu += !!(run->evidence & GB_EVIDENCE_CPU);
        if (!isnan(run->cpu_wait_share))
            share[ncpu++] = run->cpu_wait_share;
        t = measure(run);
        ratio[nratio] = t.waited / fmax(t.lost, GB_EVIDENCE_MIN_LOST_NS);
        waited[nratio] = t.waited;
        lost[nratio] = t.lost;
        holders[nratio] = t.holders;
        cpu_holders[nratio] = t.cpu_holders;
        spans[nratio] = t.spans;
        other[nratio++] = isnan(t.other) ? 0 : t.other;
    }
    r->cpu_wait_share = median_of(share, ncpu);
    if (n == 0 || gil < n)
        goto out;
    for (size_t k = 0; k < nthreads; k++) {
        double med = gb_evidence_thread_held_share(r, k);

        if (!isnan(med) && !(med <= r->gil_held_share_max))
            r->gil_held_share_max = med;
    }
    if (nthreads < 2 || timing == GB_VERDICT_NONE)
        goto out;
    r->gil_wait_ratio = median_of(ratio, nratio);
    r->verdict = judge(median_of(waited, nratio), median_of(lost, nratio), median_of(spans, nratio),
                       median_of(other, nratio), median_of(holders, nratio),
                       median_of(cpu_holders, nratio), cpu == n, timing, &r->basis);
out:
    free(ratio);
    free(waited);
    free(lost);
    free(other);
    free(share);
    free(holders);
    free(cpu_holders);
    free(spans);
}

double gb_evidence_thread_held_share(const gb_result *r, size_t k)
{
    double *held = calloc(r->nruns + 1, sizeof *held), med;
    size_t m = 0;

    if (!held)
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
    case GB_BASIS_TIMING:
        break;
    }
    return "timing";
}
