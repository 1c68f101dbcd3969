/* compare.c - the statistics behind `gilbench compare` (see compare.h). */
#include "compare/compare.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "measure/stats.h"

/* U of a: the number of pairs (x in a, y in b) with x > y, ties counting one half. */
static double u_statistic(const double *a, size_t na, const double *b, size_t nb, int *ties)
{
    double u = 0;

    *ties = 0;
    for (size_t i = 0; i < na; i++)
        for (size_t j = 0; j < nb; j++) {
            if (a[i] > b[j])
                u += 1;
            else if (a[i] == b[j]) {
                u += 0.5;
                *ties = 1;
            }
        }
    return u;
}

/* P(U <= u) under the null hypothesis, exactly: the coefficients of the Gaussian binomial
 * [m+n choose m]_q count the arrangements giving each U. */
static double exact_cdf(size_t m, size_t n, double u)
{
    size_t maxu = m * n;
    double *p = calloc(maxu + 1, sizeof *p), total = 0, below = 0;

    if (!p)
        return NAN;
    p[0] = 1;
    for (size_t i = 1; i <= m; i++) {
        for (size_t k = maxu; k >= n + i && k <= maxu; k--)
            p[k] -= p[k - (n + i)];
        for (size_t k = i; k <= maxu; k++)
            p[k] += p[k - i];
    }
    for (size_t k = 0; k <= maxu; k++) {
        total += p[k];
        if ((double)k <= u + 1e-9)
            below += p[k];
    }
    free(p);
    return below / total;
}

/* Sum over tie groups of t^3 - t, for the variance correction. */
static double tie_term(const double *a, size_t na, const double *b, size_t nb)
{
    size_t n = na + nb;
    double *all = malloc(n * sizeof *all), sum = 0;

    if (!all)
        return 0;
    memcpy(all, a, na * sizeof *a);
    memcpy(all + na, b, nb * sizeof *b);
    qsort(all, n, sizeof *all, gb_stats_cmp_double);
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && all[j] == all[i])
            j++;
        sum += pow((double)(j - i), 3) - (double)(j - i);
        i = j;
    }
    free(all);
    return sum;
}

double gb_mann_whitney_p(const double *a, size_t na, const double *b, size_t nb)
{
    int ties;
    double u, mean, var, z, p;
    double n = (double)(na + nb);

    if (na == 0 || nb == 0)
        return 1;
    u = u_statistic(a, na, b, nb, &ties);
    /* the exact distribution assumes no tie anywhere in the pooled sample */
    ties = ties || tie_term(a, na, b, nb) > 0;
    if (!ties && na <= 50 && nb <= 50) {
        double lower = exact_cdf(na, nb, u);
        double upper = 1 - exact_cdf(na, nb, u - 1);

        p = 2 * fmin(lower, upper);
        return p > 1 ? 1 : p;
    }
    mean = (double)na * (double)nb / 2;
    var = (double)na * (double)nb / 12 * ((n + 1) - tie_term(a, na, b, nb) / (n * (n - 1)));
    if (var <= 0)
        return 1;
    z = (fabs(u - mean) - 0.5) / sqrt(var);
    if (z < 0)
        z = 0;
    p = erfc(z / sqrt(2));
    return p > 1 ? 1 : p;
}

static double resampled_median(const double *x, size_t n, double *buf, uint64_t *seed)
{
    for (size_t i = 0; i < n; i++)
        buf[i] = x[gb_random_next(seed) % n];
    return gb_stats_median(buf, n);
}

/* The central level-interval of the bootstrap values v (sorted here). */
static void percentile_interval(double *v, unsigned n, double level, double *lo, double *hi)
{
    size_t ilo = (size_t)floor((1 - level) / 2 * (n - 1));
    size_t ihi = (size_t)ceil((1 + level) / 2 * (n - 1));

    qsort(v, n, sizeof *v, gb_stats_cmp_double);
    *lo = v[ilo];
    *hi = v[ihi < n ? ihi : n - 1];
}

void gb_bootstrap_change_ci(const double *a, size_t na, const double *b, size_t nb, double level,
                            unsigned iterations, double *lo, double *hi)
{
    double *changes = malloc(iterations * sizeof *changes);
    double *buf = malloc((na > nb ? na : nb) * sizeof *buf);
    uint64_t seed = 0x9E3779B97F4A7C15ULL;

    *lo = *hi = NAN;
    if (!changes || !buf || na == 0 || nb == 0 || iterations == 0) {
        free(changes);
        free(buf);
        return;
    }
    for (unsigned i = 0; i < iterations; i++) {
        double ma = resampled_median(a, na, buf, &seed);
        double mb = resampled_median(b, nb, buf, &seed);
        changes[i] = mb / ma - 1;
    }
    percentile_interval(changes, iterations, level, lo, hi);
    free(changes);
    free(buf);
}

const char *gb_change_name(gb_change c)
{
    static const char *const names[] = {"faster", "slower", "unchanged", "not significant"};

    return names[c];
}

gb_change gb_change_judge(double change, double p, double lo, double hi, double alpha,
                          double threshold)
{
    /* both the rank test and the interval of the medians must see the shift: a drift of
     * the machine that moves a few runs fools one of them more often than both */
    if (p < alpha && change > 0 && lo > 0)
        return GB_CHANGE_SLOWER;
    if (p < alpha && change < 0 && hi < 0)
        return GB_CHANGE_FASTER;
    if (lo >= -threshold && hi <= threshold)
        return GB_CHANGE_UNCHANGED;
    return GB_CHANGE_NOT_SIGNIFICANT;
}

int gb_held_share_regressed(double base, double now)
{
    return !isnan(base) && !isnan(now) && now - base >= GB_HELD_REGRESSION;
}

int gb_verdict_rank(const char *verdict)
{
    gb_verdict v;

    if (!verdict || gb_verdict_parse(verdict, &v) != 0)
        return -1;
    switch (v) {
    case GB_VERDICT_PARALLEL:
        return 0;
    case GB_VERDICT_PARTIAL:
        return 1;
    case GB_VERDICT_SERIAL:
        return 2;
    default:
        return -1;
    }
}

int gb_status_passed(const char *status)
{
    gb_status s;

    return status && gb_status_parse(status, &s) == 0 &&
           (s == GB_STATUS_OK || s == GB_STATUS_EXPECTED_CRASH);
}

/* Ranks 1..n of |d| (average ranks for ties) into rank; returns 1 when some tied. */
static int abs_ranks(const double *d, size_t n, double *rank, double *tie_sum)
{
    size_t *order = malloc(n * sizeof *order);
    int ties = 0;

    *tie_sum = 0;
    if (!order)
        return -1;
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    for (size_t i = 1; i < n; i++) /* insertion sort by |d|: n is a few dozen runs */
        for (size_t j = i; j > 0 && fabs(d[order[j - 1]]) > fabs(d[order[j]]); j--) {
            size_t t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    for (size_t i = 0; i < n;) {
        size_t j = i;

        while (j < n && fabs(d[order[j]]) == fabs(d[order[i]]))
            j++;
        for (size_t k = i; k < j; k++)
            rank[order[k]] = (double)(i + j + 1) / 2;
        if (j - i > 1) {
            ties = 1;
            *tie_sum += pow((double)(j - i), 3) - (double)(j - i);
        }
        i = j;
    }
    free(order);
    return ties;
}

/* P(W+ <= w) without ties: the number of subsets of {1..n} with each sum, over 2^n. */
static double signed_rank_cdf(size_t n, double w)
{
    size_t max = n * (n + 1) / 2;
    double *c = calloc(max + 1, sizeof *c), below = 0, total = 0;

    if (!c)
        return NAN;
    c[0] = 1;
    for (size_t k = 1; k <= n; k++)
        for (size_t s = max; s >= k; s--)
            c[s] += c[s - k];
    for (size_t s = 0; s <= max; s++) {
        total += c[s];
        if ((double)s <= w + 1e-9)
            below += c[s];
    }
    free(c);
    return below / total;
}

double gb_wilcoxon_signed_rank_p(const double *d, size_t n)
{
    double *nz = malloc((n + 1) * sizeof *nz), *rank = malloc((n + 1) * sizeof *rank);
    double w = 0, tie_sum, p;
    size_t m = 0;
    int ties;

    if (!nz || !rank) {
        free(nz);
        free(rank);
        return NAN;
    }
    for (size_t i = 0; i < n; i++)
        if (d[i] != 0 && !isnan(d[i]))
            nz[m++] = d[i];
    if (m == 0) {
        free(nz);
        free(rank);
        return 1;
    }
    ties = abs_ranks(nz, m, rank, &tie_sum);
    for (size_t i = 0; i < m; i++)
        if (nz[i] > 0)
            w += rank[i];
    if (!ties && m <= 50) {
        double mm = (double)m * (double)(m + 1) / 2;
        double lower = signed_rank_cdf(m, w < mm - w ? w : mm - w);

        p = 2 * lower;
    } else {
        double mean = (double)m * (double)(m + 1) / 4;
        double var = (double)m * (double)(m + 1) * (double)(2 * m + 1) / 24 - tie_sum / 48;
        double z = var > 0 ? (fabs(w - mean) - 0.5) / sqrt(var) : 0;

        p = z > 0 ? erfc(z / sqrt(2)) : 1;
    }
    free(nz);
    free(rank);
    return p > 1 ? 1 : p;
}

double gb_paired_change(const double *a, const double *b, size_t n)
{
    double *lr = malloc((n + 1) * sizeof *lr), m;

    if (!lr || n == 0) {
        free(lr);
        return NAN;
    }
    for (size_t k = 0; k < n; k++)
        lr[k] = log(b[k] / a[k]);
    m = gb_stats_median(lr, n);
    free(lr);
    return exp(m) - 1;
}

void gb_bootstrap_paired_change_ci(const double *a, const double *b, size_t n, double level,
                                   unsigned iterations, double *lo, double *hi)
{
    double *changes = malloc(iterations * sizeof *changes);
    double *lr = malloc((n + 1) * sizeof *lr), *rs = malloc((n + 1) * sizeof *rs);
    uint64_t seed = 0x9E3779B97F4A7C15ULL;

    *lo = *hi = NAN;
    if (!changes || !lr || !rs || n == 0 || iterations == 0) {
        free(changes);
        free(lr);
        free(rs);
        return;
    }
    for (size_t k = 0; k < n; k++)
        lr[k] = log(b[k] / a[k]);
    for (unsigned i = 0; i < iterations; i++) {
        for (size_t k = 0; k < n; k++)
            rs[k] = lr[gb_random_next(&seed) % n];
        changes[i] = exp(gb_stats_median(rs, n)) - 1;
    }
    percentile_interval(changes, iterations, level, lo, hi);
    free(changes);
    free(lr);
    free(rs);
}
