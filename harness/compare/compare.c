/* compare.c - the statistics behind `gilbench compare` (see compare.h): rank tests, the
 * paired change, the judgement of a change. Its bootstrap intervals are bootstrap.c's. */
#include "compare/compare.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "measure/stats.h"

/* A value to rank: of the pooled sample and from a or not (Mann-Whitney), or |d| and its
 * index (signed ranks). */
typedef struct pooled {
    double v;
    size_t index;
} pooled;

static int cmp_pooled(const void *x, const void *y)
{
    double a = ((const pooled *)x)->v, b = ((const pooled *)y)->v;

    return (a > b) - (a < b);
}

/* U of a (the number of pairs x in a, y in b with x > y, ties counting one half) from the
 * sum of a's ranks in the pooled sample, average ranks for ties, and the sum over tie groups
 * of t^3 - t for the variance: one sort, O(n log n), not na * nb comparisons (10^6 runs a
 * side would be 10^12). Returns -1 when out of memory. */
static int rank_sum_u(const double *a, size_t na, const double *b, size_t nb, double *u,
                      double *tie_sum)
{
    size_t n = na + nb;
    pooled *all = malloc(n * sizeof *all);
    double ranks_a = 0;

    *u = *tie_sum = 0;
    if (!all)
        return -1;
    for (size_t i = 0; i < na; i++)
        all[i] = (pooled){a[i], 1};
    for (size_t j = 0; j < nb; j++)
        all[na + j] = (pooled){b[j], 0};
    qsort(all, n, sizeof *all, cmp_pooled);
    for (size_t i = 0; i < n;) {
        size_t j = i, in_a = 0;

        while (j < n && all[j].v == all[i].v)
            in_a += all[j++].index;
        ranks_a += (double)in_a * (double)(i + 1 + j) / 2; /* ranks i+1 .. j, 1-based */
        *tie_sum += pow((double)(j - i), 3) - (double)(j - i);
        i = j;
    }
    free(all);
    *u = ranks_a - (double)na * (double)(na + 1) / 2;
    return 0;
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

double gb_mann_whitney_p(const double *a, size_t na, const double *b, size_t nb)
{
    double u, tie_sum, mean, var, z, p;
    double n = (double)(na + nb);

    if (na == 0 || nb == 0)
        return 1;
    if (rank_sum_u(a, na, b, nb, &u, &tie_sum) != 0)
        return NAN;
    /* the exact distribution assumes no tie anywhere in the pooled sample */
    if (tie_sum == 0 && na <= 50 && nb <= 50) {
        double lower = exact_cdf(na, nb, u);
        double upper = 1 - exact_cdf(na, nb, u - 1);

        p = 2 * fmin(lower, upper);
        return p > 1 ? 1 : p;
    }
    mean = (double)na * (double)nb / 2;
    var = (double)na * (double)nb / 12 * ((n + 1) - tie_sum / (n * (n - 1)));
    if (var <= 0)
        return 1;
    z = (fabs(u - mean) - 0.5) / sqrt(var);
    if (z < 0)
        z = 0;
    p = erfc(z / sqrt(2));
    return p > 1 ? 1 : p;
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

/* Ranks 1..n of |d| (average ranks for ties) into rank; returns 1 when some tied, -1 when
 * out of memory. One sort: O(n log n). */
static int abs_ranks(const double *d, size_t n, double *rank, double *tie_sum)
{
    pooled *by_abs = malloc(n * sizeof *by_abs);
    int ties = 0;

    *tie_sum = 0;
    if (!by_abs)
        return -1;
    for (size_t i = 0; i < n; i++)
        by_abs[i] = (pooled){fabs(d[i]), i};
    qsort(by_abs, n, sizeof *by_abs, cmp_pooled);
    for (size_t i = 0; i < n;) {
        size_t j = i;

        while (j < n && by_abs[j].v == by_abs[i].v)
            j++;
        for (size_t k = i; k < j; k++)
            rank[by_abs[k].index] = (double)(i + j + 1) / 2;
        if (j - i > 1) {
            ties = 1;
            *tie_sum += pow((double)(j - i), 3) - (double)(j - i);
        }
        i = j;
    }
    free(by_abs);
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
    if (ties < 0) {
        free(nz);
        free(rank);
        return NAN;
    }
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
