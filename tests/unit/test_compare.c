/* test_compare.c - the statistics of `gilbench compare` (harness/compare/compare.c): exact and
 * approximate Mann-Whitney p-values, the bootstrap interval (of large samples too, against
 * resampling done here value by value), the judgement of a change. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>

#include "compare/compare.h"
#include "measure/stats.h"

static void test_exact_p_of_fully_separated_samples(void **state)
{
    double a3[] = {1, 2, 3}, b3[] = {4, 5, 6};
    double a5[] = {5, 1, 3, 2, 4}, b5[] = {6, 10, 8, 7, 9};

    (void)state;
    /* P(U = 0) = 1 / C(6,3) = 1/20, two-sided: 0.1 */
    assert_true(fabs(gb_mann_whitney_p(a3, 3, b3, 3) - 0.1) < 1e-12);
    /* 2 / C(10,5) = 2/252 */
    assert_true(fabs(gb_mann_whitney_p(a5, 5, b5, 5) - 2.0 / 252) < 1e-12);
    /* the test is symmetric */
    assert_true(fabs(gb_mann_whitney_p(b5, 5, a5, 5) - 2.0 / 252) < 1e-12);
}

static void test_identical_or_interleaved_samples_are_not_significant(void **state)
{
    double a[] = {1, 3, 5, 7, 9}, b[] = {2, 4, 6, 8, 10};
    double same[] = {3, 3, 3, 3};

    (void)state;
    assert_true(gb_mann_whitney_p(a, 5, b, 5) > 0.5);
    assert_true(gb_mann_whitney_p(same, 4, same, 4) == 1);
    assert_true(gb_mann_whitney_p(a, 0, b, 5) == 1);
}

static void test_ties_use_the_corrected_normal_approximation(void **state)
{
    double a[] = {1, 1, 2, 2, 3, 3, 4, 4}, b[] = {5, 5, 6, 6, 7, 7, 8, 8};
    double p = gb_mann_whitney_p(a, 8, b, 8);

    (void)state;
    /* U = 0, mean 32, variance with ties 64/12 * (17 - 48/240) = 89.6:
     * z = (32 - 0.5) / sqrt(89.6) = 3.33, p = 0.00087 (exact without ties: 0.00016) */
    assert_true(p > 0.0005 && p < 0.0015);
}

static void test_bootstrap_interval_brackets_the_change_and_repeats(void **state)
{
    double a[] = {100, 101, 99, 100, 102, 98, 100, 101, 99, 100};
    double b[] = {110, 111, 109, 110, 112, 108, 110, 111, 109, 110};
    double lo, hi, lo2, hi2;

    (void)state;
    gb_bootstrap_change_ci(a, 10, b, 10, 0.95, 2000, &lo, &hi);
    assert_true(lo <= 0.10 && hi >= 0.10);
    assert_true(lo > 0.05 && hi < 0.15);
    gb_bootstrap_change_ci(a, 10, b, 10, 0.95, 2000, &lo2, &hi2);
    assert_true(lo == lo2 && hi == hi2); /* a fixed seed: the same report, the same interval */
}

/* 0 .. 1, spread evenly and in no order (the golden ratio's multiples, mod 1). */
static double spread(int i)
{
    double x = i * 0.6180339887498949;

    return x - floor(x);
}

static void test_large_samples_rank_as_counting_every_pair(void **state)
{
    /* 400 values a side, on a grid of 50: many ties within and across the sides */
    enum { N = 400 };
    double a[N], b[N], u = 0, mean = N * (double)N / 2, tie_sum = 0, pooled[2 * N], var, z;

    (void)state;
    for (int i = 0; i < N; i++) {
        a[i] = floor(50 * spread(i));
        b[i] = floor(50 * spread(i + 7 * N)) + 5; /* a little larger */
        pooled[i] = a[i];
        pooled[N + i] = b[i];
    }
    for (int i = 0; i < N; i++) /* the definition: every pair, ties one half */
        for (int j = 0; j < N; j++)
            u += a[i] > b[j] ? 1 : a[i] == b[j] ? 0.5 : 0;
    qsort(pooled, 2 * N, sizeof *pooled, gb_stats_cmp_double);
    for (int i = 0; i < 2 * N;) {
        int j = i;

        while (j < 2 * N && pooled[j] == pooled[i])
            j++;
        tie_sum += pow(j - i, 3) - (j - i);
        i = j;
    }
    var = N * (double)N / 12 * ((2 * N + 1) - tie_sum / (2.0 * N * (2 * N - 1)));
    z = (fabs(u - mean) - 0.5) / sqrt(var);
    assert_true(z > 2); /* the shift is seen: the figure below is not the trivial p = 1 */
    assert_true(fabs(gb_mann_whitney_p(a, N, b, N) - erfc(z / sqrt(2))) < 1e-12);
    assert_true(fabs(gb_mann_whitney_p(b, N, a, N) - erfc(z / sqrt(2))) < 1e-12);
}

/* The interval of median(b) / median(a) - 1 by resampling value by value, as the bootstrap
 * is defined: the reference for the order statistics compare.c draws large samples from. */
static void resampled_interval(const double *a, size_t na, const double *b, size_t nb,
                               unsigned iterations, double *lo, double *hi)
{
    double *c = malloc(iterations * sizeof *c), *buf = malloc((na + nb) * sizeof *buf);
    uint64_t seed = 12345;

    assert_non_null(c);
    assert_non_null(buf);
    for (unsigned i = 0; i < iterations; i++) {
        double ma, mb;

        for (size_t k = 0; k < na; k++)
            buf[k] = a[gb_random_next(&seed) % na];
        ma = gb_stats_median_inplace(buf, na);
        for (size_t k = 0; k < nb; k++)
            buf[k] = b[gb_random_next(&seed) % nb];
        mb = gb_stats_median_inplace(buf, nb);
        c[i] = mb / ma - 1;
    }
    qsort(c, iterations, sizeof *c, gb_stats_cmp_double);
    *lo = c[(size_t)floor(0.025 * (iterations - 1))];
    *hi = c[(size_t)ceil(0.975 * (iterations - 1))];
    free(c);
    free(buf);
}

static void test_bootstrap_of_large_samples_matches_resampling(void **state)
{
    /* an odd and an even size, both above the size resampled value by value */
    enum { NA = 301, NB = 200, ITER = 20000 };
    double a[NA], b[NB], lo, hi, rlo, rhi, width;

    (void)state;
    for (int i = 0; i < NA; i++)
        a[i] = 100 + 10 * spread(i);
    for (int i = 0; i < NB; i++)
        b[i] = 1.05 * (100 + 10 * spread(i + 1000));
    gb_bootstrap_change_ci(a, NA, b, NB, 0.95, ITER, &lo, &hi);
    resampled_interval(a, NA, b, NB, ITER, &rlo, &rhi);
    width = rhi - rlo;
    assert_true(width > 0.01); /* a real interval, not a point */
    /* the same distribution: the ends agree within what 20000 draws can tell (a few %) */
    assert_true(fabs(lo - rlo) < 0.06 * width);
    assert_true(fabs(hi - rhi) < 0.06 * width);
    assert_true(lo < 0.05 && hi > 0.05);
}

static void test_exact_bootstrap_of_small_samples_matches_resampling(void **state)
{
    /* 9 and 10 runs, with a tie: the interval from the exact distribution of the medians of
     * the resamples, against 200000 resamples drawn value by value */
    double a[9] = {100, 103, 99, 101, 100, 104, 98, 102, 97};
    double b[10] = {108, 104, 111, 107, 103, 109, 106, 112, 105, 107};
    double lo, hi, rlo, rhi, width, plo, phi;

    (void)state;
    gb_bootstrap_change_ci(a, 9, b, 10, 0.95, 4000, &lo, &hi);
    resampled_interval(a, 9, b, 10, 200000, &rlo, &rhi);
    width = rhi - rlo;
    assert_true(width > 0.01);
    assert_true(fabs(lo - rlo) < 0.03 * width);
    assert_true(fabs(hi - rhi) < 0.03 * width);
    /* A/A: the same runs on both sides, an interval around no change */
    gb_bootstrap_change_ci(b, 10, b, 10, 0.95, 4000, &lo, &hi);
    assert_true(lo < 0 && hi > 0 && fabs(lo + hi) < 0.01);
    /* paired, one ratio an outlier: the interval of the median ratio, exact */
    for (int i = 0; i < 9; i++)
        b[i] = a[i] * (1.05 + 0.001 * i);
    b[4] = a[4] * 2;
    gb_bootstrap_paired_change_ci(a, b, 9, 0.95, 4000, &plo, &phi);
    assert_true(plo >= 0.05 - 1e-12 && plo < 0.0535 && phi > 0.0535 && phi <= 1 + 1e-12);
}

static void test_signed_rank_exact_p(void **state)
{
    const double up[] = {0.1, 0.2, 0.3, 0.4, 0.5};
    const double one_down[] = {-0.1, 0.2, 0.3, 0.4, 0.5};
    const double with_zeros[] = {0, 0.1, 0, 0.2, 0.3, 0.4, 0.5};
    double down[5];

    (void)state;
    /* all five positive: W+ = 15, the one arrangement of 32 at the top: p = 2/32 */
    assert_true(fabs(gb_wilcoxon_signed_rank_p(up, 5) - (2.0 / 32)) <= 1e-12);
    /* the smallest negative: W+ = 14, P(W+ >= 14) = 2/32: p = 4/32 */
    assert_true(fabs(gb_wilcoxon_signed_rank_p(one_down, 5) - (4.0 / 32)) <= 1e-12);
    /* zeros are dropped */
    assert_true(fabs(gb_wilcoxon_signed_rank_p(with_zeros, 7) - (2.0 / 32)) <= 1e-12);
    for (size_t i = 0; i < 5; i++)
        down[i] = -up[i];
    assert_true(fabs(gb_wilcoxon_signed_rank_p(down, 5) - (2.0 / 32)) <= 1e-12);
    assert_true(fabs(gb_wilcoxon_signed_rank_p(with_zeros, 0) - (1)) <= 0);
    assert_true(fabs(gb_wilcoxon_signed_rank_p((const double[]){0, 0}, 2) - (1)) <= 0);
}

static void test_signed_rank_normal_approximation(void **state)
{
    double d[60], tied[10] = {1, 1, 1, 1, 1, -1, -1, -1, -1, -1};

    (void)state;
    for (int i = 0; i < 60; i++)
        d[i] = 1 + i; /* more than 50: the normal approximation */
    assert_true(gb_wilcoxon_signed_rank_p(d, 60) < 1e-9);
    for (int i = 0; i < 60; i++)
        d[i] = (i % 2 ? -1 : 1) * (1 + i);
    assert_true(gb_wilcoxon_signed_rank_p(d, 60) > 0.5);
    /* all |d| tied, half each way: no evidence at all */
    assert_true(fabs(gb_wilcoxon_signed_rank_p(tied, 10) - (1)) <= 1e-12);
}

static void test_paired_bootstrap_sees_through_shared_noise(void **state)
{
    /* each pair shares a machine state that varies 16-fold; new is 10 % slower in every one */
    double a[10], b[10], lo, hi, ulo, uhi;

    (void)state;
    for (int i = 0; i < 10; i++) {
        a[i] = 1.0 + (double)((i * 7) % 16);
        b[i] = a[i] * 1.10;
    }
    gb_bootstrap_paired_change_ci(a, b, 10, 0.95, 2000, &lo, &hi);
    assert_true(fabs(lo - (0.10)) <= 1e-9);
    assert_true(fabs(hi - (0.10)) <= 1e-9);
    gb_bootstrap_change_ci(a, 10, b, 10, 0.95, 2000, &ulo, &uhi);
    assert_true(ulo < 0 && uhi > 0.3); /* unpaired, the same runs say almost nothing */
}

static void test_the_paired_change_is_the_median_ratio(void **state)
{
    /* 10 % slower in every pair but one, which a burst hit on the new side only */
    double a[7] = {10, 20, 40, 10, 20, 40, 10}, b[7];

    (void)state;
    for (int i = 0; i < 7; i++)
        b[i] = a[i] * 1.10;
    b[3] = a[3] * 3;
    assert_true(fabs(gb_paired_change(a, b, 7) - 0.10) <= 1e-9);
    assert_true(fabs(gb_paired_change(b, a, 7) - (1 / 1.10 - 1)) <= 1e-9);
    assert_true(isnan(gb_paired_change(a, b, 0)));
}

static void test_judging_a_change(void **state)
{
    (void)state;
    assert_int_equal(gb_change_judge(0.10, 0.001, 0.08, 0.12, 0.05, 0.05), GB_CHANGE_SLOWER);
    assert_int_equal(gb_change_judge(-0.10, 0.001, -0.12, -0.08, 0.05, 0.05), GB_CHANGE_FASTER);
    assert_int_equal(gb_change_judge(0.01, 0.4, -0.02, 0.03, 0.05, 0.05), GB_CHANGE_UNCHANGED);
    assert_int_equal(gb_change_judge(0.01, 0.4, -0.09, 0.12, 0.05, 0.05),
                     GB_CHANGE_NOT_SIGNIFICANT);
    /* the test alone is not enough: the interval of the medians must exclude no change */
    assert_int_equal(gb_change_judge(0.077, 0.029, -0.009, 0.252, 0.05, 0.05),
                     GB_CHANGE_NOT_SIGNIFICANT);
    assert_string_equal(gb_change_name(GB_CHANGE_NOT_SIGNIFICANT), "not significant");
}

static void test_verdict_ranks_and_passing_statuses(void **state)
{
    (void)state;
    assert_true(gb_verdict_rank("parallel") < gb_verdict_rank("partial"));
    assert_true(gb_verdict_rank("partial") < gb_verdict_rank("serial"));
    assert_int_equal(gb_verdict_rank("single"), -1);
    assert_true(gb_status_passed("expected_crash"));
    assert_false(gb_status_passed("crashed"));
}

static void test_a_thread_holding_the_gil_much_more_is_a_regression(void **state)
{
    (void)state;
    assert_true(gb_held_share_regressed(0.02, 0.97));
    assert_true(gb_held_share_regressed(0.05, 0.30));
    assert_false(gb_held_share_regressed(0.50, 0.60)); /* a little more: noise, not a regression */
    assert_false(gb_held_share_regressed(0.97, 0.02)); /* holding less is better */
    assert_false(gb_held_share_regressed(NAN, 0.97));  /* a base without the evidence */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exact_p_of_fully_separated_samples),
        cmocka_unit_test(test_identical_or_interleaved_samples_are_not_significant),
        cmocka_unit_test(test_ties_use_the_corrected_normal_approximation),
        cmocka_unit_test(test_bootstrap_interval_brackets_the_change_and_repeats),
        cmocka_unit_test(test_large_samples_rank_as_counting_every_pair),
        cmocka_unit_test(test_bootstrap_of_large_samples_matches_resampling),
        cmocka_unit_test(test_exact_bootstrap_of_small_samples_matches_resampling),
        cmocka_unit_test(test_signed_rank_exact_p),
        cmocka_unit_test(test_signed_rank_normal_approximation),
        cmocka_unit_test(test_paired_bootstrap_sees_through_shared_noise),
        cmocka_unit_test(test_the_paired_change_is_the_median_ratio),
        cmocka_unit_test(test_judging_a_change),
        cmocka_unit_test(test_verdict_ranks_and_passing_statuses),
        cmocka_unit_test(test_a_thread_holding_the_gil_much_more_is_a_regression),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
