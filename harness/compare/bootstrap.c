/* bootstrap.c - the percentile bootstrap interval of a change of medians (compare.h), two
 * samples or paired, at a cost that grows with neither the runs nor the scenarios.
 *
 * A bootstrap resample of n values is n draws with replacement; its median is a function of
 * the sample sorted and of the order statistics of the draws' indices. So:
 *  - up to EXACT_MAX values a side, the distribution of a resample's median is computed
 *    exactly (binomial sums: its atoms and their probabilities), and the interval is its
 *    quantiles: what infinitely many resamples would give, with no seed and no noise;
 *  - a larger side is sorted once and each resample's median drawn from the order
 *    statistics (the k-th smallest of n uniform draws is Beta(k, n + 1 - k); the value drawn
 *    at u is sorted[floor(n u)]): the same distribution in O(1) a resample, with a fixed seed.
 * Resampling value by value cost 4000 x n draws a scenario: the most of `compare`. */
#include "compare/compare.h"

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "measure/stats.h"

#define EXACT_MAX 64

/* P(x) >= q, up to the rounding of a sum of probabilities. */
#define REACHES(x, q) ((x) >= (q)-1e-12)

/* ---- the exact distribution of a resample's median (n <= EXACT_MAX) ------------------- */

/* An atom of the distribution: a value and its probability. */
typedef struct atom {
    double v, p;
} atom;

typedef struct dist {
    atom *atoms; /* sorted by value, probabilities summed along */
    size_t n;
} dist;

static int cmp_atom(const void *x, const void *y)
{
    double a = ((const atom *)x)->v, b = ((const atom *)y)->v;

    return (a > b) - (a < b);
}

/* P(Bin(n, p) >= k), lf[i] = log(i!). */
static double binomial_tail(size_t n, double p, size_t k, const double *lf)
{
    double sum = 0;

    if (k == 0 || p >= 1)
        return k <= n ? 1 : 0;
    if (p <= 0)
        return 0;
    for (size_t j = k; j <= n; j++)
        sum += exp(lf[n] - lf[j] - lf[n - j] + (double)j * log(p) + (double)(n - j) * log1p(-p));
    return sum;
}

/* P(the k-th smallest of n draws has index <= i) = P(at least k draws <= i). */
static double order_cdf(size_t n, size_t k, ptrdiff_t i, const double *lf)
{
    return i < 0 ? 0 : binomial_tail(n, (double)(i + 1) / (double)n, k, lf);
}

/* The distribution of the median of a resample of sorted[0..n-1], 0 < n <= EXACT_MAX. The
 * median of an odd n is the draw k = (n + 1) / 2 in order; of an even n = 2m the mean of the
 * draws m and m + 1, at indices i <= j: for i < j, m draws at most i with the largest at i,
 * and m draws at least j with the least at j, so P = C(n, m) A_i B_j with A_i = ((i + 1)^m -
 * i^m) / n^m and B_j = ((n - j)^m - (n - 1 - j)^m) / n^m; for i = j the rest of the
 * probability that draw m is at i. Returns -1 when out of memory. */
static int median_dist(const double *sorted, size_t n, dist *d)
{
    double lf[EXACT_MAX + 1];
    size_t m = n / 2, na = n % 2 ? n : n * (n + 1) / 2;

    d->atoms = malloc(na * sizeof *d->atoms);
    d->n = 0;
    if (!d->atoms)
        return -1;
    lf[0] = 0;
    for (size_t i = 1; i <= n; i++)
        lf[i] = lf[i - 1] + log((double)i);
    if (n % 2) {
        size_t k = (n + 1) / 2;

        for (size_t i = 0; i < n; i++)
            d->atoms[d->n++] = (atom){sorted[i], order_cdf(n, k, (ptrdiff_t)i, lf) -
                                                     order_cdf(n, k, (ptrdiff_t)i - 1, lf)};
    } else {
        double c = exp(lf[n] - lf[m] - lf[n - m]), nm = pow((double)n, (double)m);

        for (size_t i = 0; i < n; i++) {
            double a = (pow((double)(i + 1), (double)m) - pow((double)i, (double)m)) / nm;
            double at_i = order_cdf(n, m, (ptrdiff_t)i, lf) - order_cdf(n, m, (ptrdiff_t)i - 1, lf);
            size_t self = d->n++;

            for (size_t j = i + 1; j < n; j++) {
                double b =
                    (pow((double)(n - j), (double)m) - pow((double)(n - 1 - j), (double)m)) / nm;
                double p = c * a * b;

                at_i -= p;
                d->atoms[d->n++] = (atom){(sorted[i] + sorted[j]) / 2, p};
            }
            d->atoms[self] = (atom){sorted[i], at_i > 0 ? at_i : 0};
        }
    }
    qsort(d->atoms, d->n, sizeof *d->atoms, cmp_atom);
    for (size_t i = 1; i < d->n; i++) /* the distribution function at each atom */
        d->atoms[i].p += d->atoms[i - 1].p;
    return 0;
}

/* P(change <= t) for change = vb / va - 1, va from a and vb from b, independent; a's values
 * positive. One pass over both: a larger va admits more of b. */
static double change_cdf(const dist *a, const dist *b, double t)
{
    double g = 0, before = 0;
    size_t s = 0;

    for (size_t r = 0; r < a->n; r++) {
        double pr = a->atoms[r].p - before;

        before = a->atoms[r].p;
        while (s < b->n && b->atoms[s].v / a->atoms[r].v - 1 <= t)
            s++;
        g += pr * (s ? b->atoms[s - 1].p : 0);
    }
    return g;
}

/* The least change t with P(change <= t) >= q: bisection down to adjacent doubles, then the
 * least change of an atom pair above the lower end (the step is there). */
static double change_quantile(const dist *a, const dist *b, double q)
{
    double lo = b->atoms[0].v / a->atoms[a->n - 1].v - 1,
           hi = b->atoms[b->n - 1].v / a->atoms[0].v - 1;
    double best = INFINITY;
    size_t s = 0;

    lo = nextafter(lo, -INFINITY);             /* P(change <= lo) = 0 < q <= P(change <= hi) = 1 */
    while (hi - lo > 1e-14 * (1 + fabs(hi))) { /* ~50 steps; closer atoms are one change */
        double mid = lo + (hi - lo) / 2;

        if (REACHES(change_cdf(a, b, mid), q))
            hi = mid;
        else
            lo = mid;
    }
    for (size_t r = 0; r < a->n; r++) { /* a larger va: the first vb / va - 1 > lo moves up */
        while (s < b->n && b->atoms[s].v / a->atoms[r].v - 1 <= lo)
            s++;
        if (s < b->n && b->atoms[s].v / a->atoms[r].v - 1 < best)
            best = b->atoms[s].v / a->atoms[r].v - 1;
    }
    return best < INFINITY ? best : hi;
}

/* The least value v of d with P(<= v) >= q. */
static double dist_quantile(const dist *d, double q)
{
    for (size_t i = 0; i < d->n; i++)
        if (REACHES(d->atoms[i].p, q))
            return d->atoms[i].v;
    return d->atoms[d->n - 1].v;
}

/* ---- drawn resamples (a side of more than EXACT_MAX values) ---------------------------- */

/* Uniform in (0, 1), never 0 or 1. */
static double uniform01(uint64_t *seed)
{
    return ((double)(gb_random_next(seed) >> 11) + 0.5) * 0x1p-53;
}

/* Standard normal (Box-Muller). */
static double normal01(uint64_t *seed)
{
    double r = sqrt(-2 * log(uniform01(seed)));

    return r * cos(6.283185307179586 * uniform01(seed));
}

/* Gamma(alpha, 1) for alpha >= 1 (Marsaglia and Tsang, 2000). */
static double gamma_draw(double alpha, uint64_t *seed)
{
    double d = alpha - 1.0 / 3, c = 1 / sqrt(9 * d);

    for (;;) {
        double z = normal01(seed), v = 1 + c * z;

        if (v <= 0)
            continue;
        v = v * v * v;
        if (log(uniform01(seed)) < 0.5 * z * z + d - d * v + d * log(v))
            return d * v;
    }
}

/* The index drawn at the uniform u: floor(n u), within 0 .. n-1. */
static size_t drawn_at(double u, size_t n)
{
    size_t i = (size_t)(u * (double)n);

    return i < n ? i : n - 1;
}

/* The median of a resample of sorted[0..n-1], n > 1, from its order statistics: the draw in
 * the middle (odd n), or the lower middle one k = n/2 and the least of the n - k draws above
 * it (even n), which lies (1 - v) Beta(1, n - k) above it. */
static double drawn_median(const double *sorted, size_t n, uint64_t *seed)
{
    size_t k = (n + 1) / 2;
    double x = gamma_draw((double)k, seed), y = gamma_draw((double)(n + 1 - k), seed);
    double v = x / (x + y), w;

    if (n % 2)
        return sorted[drawn_at(v, n)];
    w = v + (1 - v) * -expm1(log(uniform01(seed)) / (double)(n - k));
    return (sorted[drawn_at(v, n)] + sorted[drawn_at(w, n)]) / 2;
}

/* One side: its values sorted, and its exact distribution when it is small. */
typedef struct side {
    double *sorted;
    size_t n;
    dist exact; /* .atoms NULL: drawn */
} side;

static int side_init(side *s, const double *x, size_t n)
{
    s->n = n;
    s->exact.atoms = NULL;
    s->sorted = malloc(n * sizeof *s->sorted);
    if (!s->sorted)
        return -1;
    memcpy(s->sorted, x, n * sizeof *x);
    qsort(s->sorted, n, sizeof *s->sorted, gb_stats_cmp_double);
    return n <= EXACT_MAX ? median_dist(s->sorted, n, &s->exact) : 0;
}

static void side_free(side *s)
{
    free(s->sorted);
    free(s->exact.atoms);
}

/* A resample's median: drawn from the order statistics, or from the exact distribution. */
static double side_draw(const side *s, uint64_t *seed)
{
    double u;
    size_t lo = 0, hi;

    if (!s->exact.atoms)
        return drawn_median(s->sorted, s->n, seed);
    u = uniform01(seed);
    hi = s->exact.n - 1;
    while (lo < hi) { /* the first atom whose distribution function reaches u */
        size_t mid = lo + (hi - lo) / 2;

        if (s->exact.atoms[mid].p >= u)
            hi = mid;
        else
            lo = mid + 1;
    }
    return s->exact.atoms[lo].v;
}

/* The central level-interval of the bootstrap values v (rearranged here): two selections,
 * the values a sort would put at those places. */
static void percentile_interval(double *v, unsigned n, double level, double *lo, double *hi)
{
    size_t ilo = (size_t)floor((1 - level) / 2 * (n - 1));
    size_t ihi = (size_t)ceil((1 + level) / 2 * (n - 1));

    if (ihi >= n)
        ihi = n - 1;
    gb_stats_select(v, n, ihi);
    *hi = v[ihi];
    if (ilo < ihi)
        gb_stats_select(v, ihi, ilo); /* v[0..ihi) holds the ihi smallest */
    *lo = v[ilo];
}

/* ---- the intervals ------------------------------------------------------------------- */

void gb_bootstrap_change_ci(const double *a, size_t na, const double *b, size_t nb, double level,
                            unsigned iterations, double *lo, double *hi)
{
    side sa = {NULL, 0, {NULL, 0}}, sb = {NULL, 0, {NULL, 0}};
    double *changes = NULL;
    uint64_t seed = 0x9E3779B97F4A7C15ULL;

    *lo = *hi = NAN;
    if (na == 0 || nb == 0 || iterations == 0 || side_init(&sa, a, na) != 0 ||
        side_init(&sb, b, nb) != 0)
        goto done;
    if (sa.exact.atoms && sb.exact.atoms && sa.sorted[0] > 0 && sb.sorted[0] > 0) {
        *lo = change_quantile(&sa.exact, &sb.exact, (1 - level) / 2);
        *hi = change_quantile(&sa.exact, &sb.exact, (1 + level) / 2);
        goto done;
    }
    changes = malloc(iterations * sizeof *changes);
    if (!changes)
        goto done;
    for (unsigned i = 0; i < iterations; i++) {
        double ma = side_draw(&sa, &seed);

        changes[i] = side_draw(&sb, &seed) / ma - 1;
    }
    percentile_interval(changes, iterations, level, lo, hi);
done:
    side_free(&sa);
    side_free(&sb);
    free(changes);
}

void gb_bootstrap_paired_change_ci(const double *a, const double *b, size_t n, double level,
                                   unsigned iterations, double *lo, double *hi)
{
    side s = {NULL, 0, {NULL, 0}};
    double *lr = malloc((n + 1) * sizeof *lr), *changes = NULL;
    uint64_t seed = 0x9E3779B97F4A7C15ULL;

    *lo = *hi = NAN;
    if (!lr || n == 0 || iterations == 0)
        goto done;
    for (size_t k = 0; k < n; k++)
        lr[k] = log(b[k] / a[k]);
    if (side_init(&s, lr, n) != 0)
        goto done;
    if (s.exact.atoms) { /* exp(median) - 1 is monotone: its quantiles are the median's */
        *lo = exp(dist_quantile(&s.exact, (1 - level) / 2)) - 1;
        *hi = exp(dist_quantile(&s.exact, (1 + level) / 2)) - 1;
        goto done;
    }
    changes = malloc(iterations * sizeof *changes);
    if (!changes)
        goto done;
    for (unsigned i = 0; i < iterations; i++)
        changes[i] = exp(side_draw(&s, &seed)) - 1;
    percentile_interval(changes, iterations, level, lo, hi);
done:
    side_free(&s);
    free(lr);
    free(changes);
}
