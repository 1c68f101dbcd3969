/* stats.c - statistics over runs, the analysis of one run (overlap, parallelism, serial
 * score, verdict), the summary of a scenario and the check of its expectations.
 * Pure functions over gb_run / gb_result: no clock, no I/O, no Python. */
#include "measure/stats.h"

#include "measure/evidence.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int gb_stats_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

double gb_stats_quantile_sorted(const double *sorted, size_t n, double q)
{
    double pos = q * (double)(n - 1);
    size_t i = (size_t)pos;

    return i + 1 < n ? sorted[i] + (pos - (double)i) * (sorted[i + 1] - sorted[i]) : sorted[i];
}

double gb_stats_quantile(const double *values, size_t n, double q)
{
    double *s, v;

    if (n == 0 || !(s = malloc(n * sizeof *s)))
        return NAN;
    memcpy(s, values, n * sizeof *s);
    qsort(s, n, sizeof *s, gb_stats_cmp_double);
    v = gb_stats_quantile_sorted(s, n, q);
    free(s);
    return v;
}

/* Hoare's selection, median of three (stats.h): the bootstrap of compare takes thousands of
 * medians and two percentiles. */
void gb_stats_select(double *v, size_t n, size_t k)
{
    size_t lo = 0, hi = n - 1;

    while (hi > lo) {
        size_t mid = lo + (hi - lo) / 2, i = lo, j = hi;
        double a = v[lo], b = v[mid], c = v[hi];
        double pivot = a < b ? (b < c ? b : (a < c ? c : a)) : (a < c ? a : (b < c ? c : b));

        while (i <= j) {
            while (v[i] < pivot)
                i++;
            while (v[j] > pivot)
                j--;
            if (i <= j) {
                double t = v[i];

                v[i] = v[j];
                v[j] = t;
                i++;
                if (j == 0)
                    break;
                j--;
            }
        }
        if (k <= j)
            hi = j;
        else if (k >= i)
            lo = i;
        else
            return;
    }
}

double gb_stats_median_inplace(double *v, size_t n)
{
    double m;

    if (n == 0)
        return NAN;
    gb_stats_select(v, n, n / 2);
    m = v[n / 2];
    if (n % 2 == 0) { /* the largest of the lower half is the other middle value */
        double below = v[0];

        for (size_t i = 1; i < n / 2; i++)
            if (v[i] > below)
                below = v[i];
        m = (below + m) / 2;
    }
    return m;
}

double gb_stats_median(const double *values, size_t n)
{
    double *copy, m;

    if (n == 0)
        return NAN;
    copy = malloc(n * sizeof *copy);
    if (!copy)
        return NAN;
    memcpy(copy, values, n * sizeof *copy);
    m = gb_stats_median_inplace(copy, n);
    free(copy);
    return m;
}

gb_summary gb_stats_summarise(const double *values, size_t n)
{
    gb_summary s = {n, NAN, NAN, NAN, NAN, NAN};
    double sum = 0, sq = 0;

    if (n == 0)
        return s;
    s.min = s.max = values[0];
    for (size_t i = 0; i < n; i++) {
        sum += values[i];
        if (values[i] < s.min)
            s.min = values[i];
        if (values[i] > s.max)
            s.max = values[i];
    }
    s.mean = sum / (double)n;
    for (size_t i = 0; i < n; i++)
        sq += (values[i] - s.mean) * (values[i] - s.mean);
    s.stddev = n > 1 ? sqrt(sq / (double)(n - 1)) : 0;
    s.median = gb_stats_median(values, n);
    return s;
}

void gb_stats_median_ci(const double *values, size_t n, double *lo, double *hi)
{
    double *s;
    double half;
    long j, k;

    *lo = *hi = NAN;
    if (n == 0 || !(s = malloc(n * sizeof *s)))
        return;
    memcpy(s, values, n * sizeof *s);
    qsort(s, n, sizeof *s, gb_stats_cmp_double);
    half = 1.96 * sqrt((double)n) / 2;
    j = (long)floor((double)n / 2 - half); /* 0-based index of the lower bound */
    k = (long)ceil((double)n / 2 + half);  /* 1-based rank of the upper bound */
    if (n < 6 || j < 0)
        j = 0;
    if (n < 6 || k > (long)n)
        k = (long)n;
    *lo = s[j];
    *hi = s[k - 1];
    free(s);
}

size_t gb_stats_outliers(const double *values, size_t n)
{
    double med = gb_stats_median(values, n), mad;
    double *dev;
    size_t count = 0;

    if (n < 3 || !(dev = malloc(n * sizeof *dev)))
        return 0;
    for (size_t i = 0; i < n; i++)
        dev[i] = fabs(values[i] - med);
    mad = gb_stats_median(dev, n);
    for (size_t i = 0; i < n && mad > 0; i++)
        count += 0.6745 * dev[i] / mad > 3.5;
    free(dev);
    return count;
}

typedef struct edge {
    int64_t at;
    int delta; /* +1 a thread starts working, -1 it stops */
} edge;

static int cmp_edge(const void *a, const void *b)
{
    const edge *x = a, *y = b;

    if (x->at != y->at)
        return (x->at > y->at) - (x->at < y->at);
    return x->delta - y->delta; /* ends before starts at the same instant */
}

/* Sweep the [enter, done] intervals: length covered by >= 1 and by >= 2 threads. */
static void sweep(const gb_run *run, double *union_ns, double *overlap_ns)
{
    size_t n = run->nthreads, m = 0;
    edge *e = malloc(2 * n * sizeof *e);
    int active = 0;

    *union_ns = *overlap_ns = 0;
    if (!e)
        return;
    for (size_t i = 0; i < n; i++) {
        int64_t a = run->threads[i].enter_ns, b = run->threads[i].done_ns;

        if (b <= a)
            continue;
        e[m++] = (edge){a, +1};
        e[m++] = (edge){b, -1};
    }
    qsort(e, m, sizeof *e, cmp_edge);
    for (size_t i = 0; i + 1 <= m; i++) {
        active += e[i].delta;
        if (i + 1 < m) {
            double len = (double)(e[i + 1].at - e[i].at);
            if (active >= 1)
                *union_ns += len;
            if (active >= 2)
                *overlap_ns += len;
        }
    }
    free(e);
}

gb_verdict gb_verdict_from_score(double serial_score, size_t nthreads)
{
    if (nthreads < 2 || isnan(serial_score))
        return GB_VERDICT_SINGLE;
    if (serial_score <= GB_PARALLEL_MAX_SCORE)
        return GB_VERDICT_PARALLEL;
    if (serial_score >= GB_SERIAL_MIN_SCORE)
        return GB_VERDICT_SERIAL;
    return GB_VERDICT_PARTIAL;
}

void gb_run_analyse(gb_run *run, int ncpu)
{
    double union_ns, overlap_ns, sum = 0, longest = 0, ideal = 0, serial = 0;

    if (ncpu < 1)
        ncpu = 1;
    run->parallelism =
        run->wall_ns > 0 ? (double)(run->user_ns + run->sys_ns) / (double)run->wall_ns : NAN;
    sweep(run, &union_ns, &overlap_ns);
    run->overlap_share = run->wall_ns > 0 ? overlap_ns / (double)run->wall_ns : NAN;
    run->serial_score = NAN;
    if (run->nthreads >= 2) {
        for (size_t i = 0; i < run->nthreads; i++) {
            const gb_thread_times *t = &run->threads[i];
            double len = t->done_ns > t->enter_ns ? (double)(t->done_ns - t->enter_ns) : 0;
            /* A thread that had the CPU for most of its interval (>= 75 %: the rest is the
             * host taking the CPU away) worked all along; one that had it for a part
             * (pure-Python threads taking turns under the GIL: 1/n each) did only that much
             * work; one that hardly used it (< 10 %: a sleep) worked in time, not CPU. */
            double cpu = (double)t->cpu_ns;
            double work = cpu >= 0.75 * len ? len : cpu >= 0.1 * len ? cpu : len;

            sum += work;
            if (work > longest)
                longest = work;
        }
        ideal = fmax(longest, sum / ncpu);
        serial = sum;
        if (serial - ideal > 0.02 * serial)
            run->serial_score = fmin(1, fmax(0, (union_ns - ideal) / (serial - ideal)));
    }
    run->verdict = gb_verdict_from_score(run->serial_score, run->nthreads);
    gb_evidence_analyse(run);
    /* judged by the timing alone (no evidence of the GIL): work that serialising would make
     * hardly longer (two empty calls: ~20 ns) tells nothing, and is never called serial */
    if (run->basis == GB_BASIS_TIMING && !isnan(run->serial_score) &&
        serial - ideal < GB_EVIDENCE_MIN_LOST_NS) {
        run->verdict = GB_VERDICT_INCONCLUSIVE;
        run->basis = GB_BASIS_TOO_SHORT;
    }
}

void gb_result_summarise(gb_result *r)
{
    size_t n = 0, nscores = 0, nthreads;
    double *wall = calloc(r->nruns + 1, sizeof *wall);
    double *user = calloc(r->nruns + 1, sizeof *user);
    double *sys = calloc(r->nruns + 1, sizeof *sys);
    double *par = calloc(r->nruns + 1, sizeof *par);
    double *ovl = calloc(r->nruns + 1, sizeof *ovl);
    double *score = calloc(r->nruns + 1, sizeof *score);
    double *canary = calloc(r->nruns + 1, sizeof *canary);
    size_t ncanary = 0, too_short = 0;

    if (wall && user && sys && par && ovl && score) {
        for (size_t i = 0; i < r->nruns; i++) {
            const gb_run *run = &r->runs[i];

            if (run->warmup)
                continue;
            wall[n] = (double)run->wall_ns * 1e-9;
            user[n] = (double)run->user_ns * 1e-9;
            sys[n] = (double)run->sys_ns * 1e-9;
            par[n] = run->parallelism;
            ovl[n] = run->overlap_share;
            n++;
            if (!isnan(run->serial_score))
                score[nscores++] = run->serial_score;
            if (canary && run->canary_ns > 0)
                canary[ncanary++] = (double)run->canary_ns;
            too_short += run->basis == GB_BASIS_TOO_SHORT;
        }
    }
    r->wall = gb_stats_summarise(wall, n);
    r->user = gb_stats_summarise(user, n);
    r->sys = gb_stats_summarise(sys, n);
    r->parallelism = gb_stats_summarise(par, n);
    r->overlap_share = gb_stats_summarise(ovl, n);
    r->serial_score = gb_stats_median(score, nscores);
    gb_stats_median_ci(wall, n, &r->median_lo, &r->median_hi);
    r->canary_median = gb_stats_median(canary, ncanary);
    free(canary);
    r->outliers = gb_stats_outliers(wall, n);
    nthreads = r->scenario ? r->scenario->nthreads : (r->nruns ? r->runs[0].nthreads : 0);
    /* no threads (a command scenario): nothing to judge */
    r->verdict = n && nthreads ? gb_verdict_from_score(r->serial_score, nthreads) : GB_VERDICT_NONE;
    gb_evidence_summarise(r, r->verdict);
    /* by the timing alone, most runs too short to judge: so is the scenario, never serial */
    if (r->basis == GB_BASIS_TIMING && r->verdict != GB_VERDICT_NONE &&
        r->verdict != GB_VERDICT_SINGLE && 2 * too_short > n) {
        r->verdict = GB_VERDICT_INCONCLUSIVE;
        r->basis = GB_BASIS_TOO_SHORT;
    }
    free(wall);
    free(user);
    free(sys);
    free(par);
    free(ovl);
    free(score);
}

static const gb_result *find_result(const gb_result *results, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (results[i].scenario && results[i].measure == GB_MEASURE_WALL &&
            strcmp(results[i].scenario->name, name) == 0)
            return &results[i];
    return NULL;
}

static void append(char *buf, size_t size, const char *text)
{
    size_t len = strlen(buf);

    snprintf(buf + len, size - len, "%s%s", len ? "; " : "", text);
}

static void check_one(gb_result *r, int baseline_present)
{
    const gb_expect *x = &r->scenario->expect;
    size_t measured = r->wall.n;
    char failures[1024] = "", one[256];

    if (x->crash) {
        if (r->status == GB_STATUS_CRASHED) {
            r->status = GB_STATUS_EXPECTED_CRASH;
        } else if (r->status == GB_STATUS_OK) {
            snprintf(one, sizeof one, "expected a crash, but all %zu runs completed", r->nruns);
            append(failures, sizeof failures, one);
        }
    } else if (r->status == GB_STATUS_OK && r->measure != GB_MEASURE_WALL) {
        /* counted runs give cost, never time nor a verdict: only a crash is checked */
    } else if (r->status == GB_STATUS_OK) {
        if (x->verdict != GB_VERDICT_NONE && x->verdict != r->verdict) {
            snprintf(one, sizeof one,
                     "expected verdict \"%s\", measured \"%s\" (serial score %.2f, median of %zu "
                     "runs)",
                     gb_verdict_name(x->verdict), gb_verdict_name(r->verdict), r->serial_score,
                     measured);
            append(failures, sizeof failures, one);
        }
        /* a baseline that is not part of this run leaves the ratio unchecked */
        if (baseline_present && (!isnan(x->ratio_min) || !isnan(x->ratio_max))) {
            if (isnan(r->baseline_ratio)) {
                snprintf(one, sizeof one, "baseline \"%s\" has no measurement to compare with",
                         r->scenario->baseline ? r->scenario->baseline : "?");
                append(failures, sizeof failures, one);
            } else if (!isnan(x->ratio_min) && r->baseline_ratio < x->ratio_min) {
                snprintf(one, sizeof one,
                         "ratio to baseline \"%s\" is %.2f, expected at least %.2f",
                         r->scenario->baseline, r->baseline_ratio, x->ratio_min);
                append(failures, sizeof failures, one);
            } else if (!isnan(x->ratio_max) && r->baseline_ratio > x->ratio_max) {
                snprintf(one, sizeof one, "ratio to baseline \"%s\" is %.2f, expected at most %.2f",
                         r->scenario->baseline, r->baseline_ratio, x->ratio_max);
                append(failures, sizeof failures, one);
            }
        }
    }
    if (r->status == GB_STATUS_OK && r->measure == GB_MEASURE_WALL &&
        gb_evidence_check_held(r, one, sizeof one))
        append(failures, sizeof failures, one);
    if (failures[0]) {
        r->status = GB_STATUS_EXPECTATION_FAILED;
        free(r->message);
        r->message = strdup(failures);
    }
}

void gb_results_check_one(gb_result *results, size_t n, size_t i)
{
    gb_result *r = &results[i];
    const gb_result *base = NULL;

    r->baseline_ratio = NAN;
    if (!r->scenario)
        return;
    if (r->scenario->baseline)
        base = find_result(results, n, r->scenario->baseline);
    if (r->measure == GB_MEASURE_WALL && base && base->wall.n > 0 && r->wall.n > 0 &&
        base->wall.median > 0)
        r->baseline_ratio = r->wall.median / base->wall.median;
    check_one(r, base != NULL);
}

void gb_results_check(gb_result *results, size_t n)
{
    for (size_t i = 0; i < n; i++)
        gb_results_check_one(results, n, i);
}

uint64_t gb_random_next(uint64_t *state)
{
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    return *state * 2685821657736338717ULL;
}
