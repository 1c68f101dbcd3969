/* test_stats.c - statistics over runs, the analysis of a run (overlap, serial score,
 * verdict) and the checks of expectations (harness/measure/stats.c), on synthetic runs: no clock.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "measure/stats.h"

#define MS 1000000LL

static void test_summary_of_odd_and_even_counts(void **state)
{
    double odd[] = {3, 1, 2};
    double even[] = {4, 1, 3, 2};
    gb_summary s;

    (void)state;
    s = gb_stats_summarise(odd, 3);
    assert_true(s.median == 2 && s.mean == 2 && s.min == 1 && s.max == 3);
    assert_true(fabs(s.stddev - 1.0) < 1e-12); /* sample standard deviation */
    assert_true(odd[0] == 3 && odd[1] == 1);   /* the input is not sorted in place */
    s = gb_stats_summarise(even, 4);
    assert_true(s.median == 2.5);
    assert_int_equal(s.n, 4);
}

static void test_summary_of_zero_and_one_value(void **state)
{
    double one[] = {5};
    gb_summary s;

    (void)state;
    s = gb_stats_summarise(NULL, 0);
    assert_true(isnan(s.mean) && isnan(s.median) && isnan(s.stddev));
    s = gb_stats_summarise(one, 1);
    assert_true(s.median == 5 && s.stddev == 0);
}

/* A run of two threads working [a0, a1] and [b0, b1] ms with the given CPU ms. */
static gb_run two(double a0, double a1, double acpu, double b0, double b1, double bcpu)
{
    gb_run r;

    memset(&r, 0, sizeof r);
    r.nthreads = 2;
    r.threads = calloc(2, sizeof *r.threads);
    r.threads[0].enter_ns = (int64_t)(a0 * MS);
    r.threads[0].done_ns = (int64_t)(a1 * MS);
    r.threads[0].cpu_ns = (int64_t)(acpu * MS);
    r.threads[1].enter_ns = (int64_t)(b0 * MS);
    r.threads[1].done_ns = (int64_t)(b1 * MS);
    r.threads[1].cpu_ns = (int64_t)(bcpu * MS);
    r.wall_ns = (int64_t)(fmax(a1, b1) * MS);
    r.user_ns = (int64_t)((acpu + bcpu) * MS);
    return r;
}

static gb_verdict verdict_of(gb_run r, int ncpu)
{
    gb_run_analyse(&r, ncpu);
    free(r.threads);
    return r.verdict;
}

static void test_gil_gil_one_after_the_other_is_serial(void **state)
{
    (void)state;
    assert_int_equal(verdict_of(two(0, 300, 300, 300, 600, 300), 2), GB_VERDICT_SERIAL);
}

static void test_nogil_gil_at_once_is_parallel(void **state)
{
    gb_run r = two(0, 300, 300, 1, 301, 300);

    (void)state;
    gb_run_analyse(&r, 2);
    assert_int_equal(r.verdict, GB_VERDICT_PARALLEL);
    assert_true(r.parallelism > 1.9);
    assert_true(r.overlap_share > 0.98);
    free(r.threads);
}

static void test_interleaved_python_threads_overlap_in_time_but_are_serial(void **state)
{
    gb_run r = two(0, 600, 300, 0, 600, 300);

    (void)state;
    gb_run_analyse(&r, 2);
    assert_true(r.overlap_share > 0.99);            /* both "working" the whole time... */
    assert_int_equal(r.verdict, GB_VERDICT_SERIAL); /* ...but never at once */
    free(r.threads);
}

static void test_threads_slowed_by_the_host_are_still_parallel(void **state)
{
    (void)state;
    /* both at once, each with the CPU for 80 % of its interval (the host took the rest) */
    assert_int_equal(verdict_of(two(0, 370, 300, 50, 390, 280), 2), GB_VERDICT_PARALLEL);
}

static void test_sleeps_are_judged_by_their_length(void **state)
{
    (void)state;
    assert_int_equal(verdict_of(two(0, 300, 0, 0, 300, 0), 2), GB_VERDICT_PARALLEL);
    assert_int_equal(verdict_of(two(0, 300, 0, 300, 600, 0), 2), GB_VERDICT_SERIAL);
}

static void test_half_overlap_is_partial_and_its_share_is_measured(void **state)
{
    gb_run r = two(0, 300, 300, 150, 450, 300);

    (void)state;
    gb_run_analyse(&r, 2);
    assert_int_equal(r.verdict, GB_VERDICT_PARTIAL);
    assert_true(fabs(r.overlap_share - 150.0 / 450.0) < 1e-9);
    assert_true(fabs(r.serial_score - 0.5) < 1e-9);
    free(r.threads);
}

static void test_one_thread_or_one_cpu_has_nothing_to_overlap(void **state)
{
    gb_run r = two(0, 600, 300, 0, 600, 300);

    (void)state;
    /* on one CPU the ideal is the serial time: no verdict can be drawn */
    assert_int_equal(verdict_of(r, 1), GB_VERDICT_SINGLE);
    r = two(0, 300, 300, 0, 0, 0);
    r.nthreads = 1;
    gb_run_analyse(&r, 2);
    assert_int_equal(r.verdict, GB_VERDICT_SINGLE);
    assert_true(isnan(r.serial_score));
    free(r.threads);
}

static void test_thresholds_of_the_verdict(void **state)
{
    (void)state;
    assert_int_equal(gb_verdict_from_score(0.25, 2), GB_VERDICT_PARALLEL);
    assert_int_equal(gb_verdict_from_score(0.26, 2), GB_VERDICT_PARTIAL);
    assert_int_equal(gb_verdict_from_score(0.75, 2), GB_VERDICT_SERIAL);
    assert_int_equal(gb_verdict_from_score(NAN, 2), GB_VERDICT_SINGLE);
}

/* ---- summaries and expectations ---------------------------------------------------- */

static gb_scenario *scenario(const char *name, size_t nthreads)
{
    gb_scenario *s = calloc(1, sizeof *s);

    s->name = strdup(name);
    s->nthreads = nthreads;
    s->expect.ratio_min = s->expect.ratio_max = NAN;
    return s;
}

static void free_scenario(gb_scenario *s)
{
    free(s->name);
    free(s->baseline);
    free(s);
}

/* A result with measured runs of the given walls (ms), serial like gil+gil when serial. */
static void add_runs(gb_result *r, const double *walls, size_t n, int serial)
{
    for (size_t i = 0; i < n; i++) {
        double half = walls[i] / 2;
        gb_run run = r->scenario->nthreads == 2
                         ? (serial ? two(0, half, half, half, walls[i], half)
                                   : two(0, walls[i], walls[i], 0, walls[i], walls[i]))
                         : two(0, walls[i], walls[i], 0, 0, 0);

        if (r->scenario->nthreads == 1)
            run.nthreads = 1;
        run.index = (int)i;
        gb_run_analyse(&run, 2);
        assert_int_equal(gb_result_add_run(r, &run), 0);
    }
    gb_result_summarise(r);
}

static void test_warmup_runs_are_not_counted(void **state)
{
    gb_scenario *s = scenario("gil", 1);
    gb_result r;
    double walls[] = {900, 300, 310, 290};

    (void)state;
    memset(&r, 0, sizeof r);
    r.scenario = s;
    add_runs(&r, walls, 4, 0);
    r.runs[0].warmup = 1;
    gb_result_summarise(&r);
    assert_int_equal(r.wall.n, 3);
    assert_true(fabs(r.wall.median - 0.300) < 1e-9);
    assert_true(fabs(r.wall.max - 0.310) < 1e-9);
    assert_int_equal(r.verdict, GB_VERDICT_SINGLE);
    gb_result_clear(&r);
    free_scenario(s);
}

static void test_expectations_compare_verdict_and_ratio_to_baseline(void **state)
{
    gb_scenario *base = scenario("gil", 1), *s = scenario("gil+gil", 2);
    gb_result results[2];
    double bw[] = {300, 300, 300}, sw[] = {600, 610, 590};

    (void)state;
    memset(results, 0, sizeof results);
    s->baseline = strdup("gil");
    s->expect.verdict = GB_VERDICT_PARALLEL; /* wrong on purpose */
    s->expect.ratio_max = 1.3;
    results[0].scenario = base;
    results[1].scenario = s;
    add_runs(&results[0], bw, 3, 0);
    add_runs(&results[1], sw, 3, 1);
    gb_results_check(results, 2);
    assert_true(fabs(results[1].baseline_ratio - 2.0) < 1e-9);
    assert_int_equal(results[0].status, GB_STATUS_OK);
    assert_int_equal(results[1].status, GB_STATUS_EXPECTATION_FAILED);
    assert_string_equal(results[1].message,
                        "expected verdict \"parallel\", measured \"serial\" (serial score 1.00, "
                        "median of 3 runs); ratio to baseline \"gil\" is 2.00, expected at most "
                        "1.30");
    assert_true(gb_status_is_failure(results[1].status));
    gb_result_clear(&results[0]);
    gb_result_clear(&results[1]);
    free_scenario(base);
    free_scenario(s);
}

static void test_expected_crash_passes_only_when_it_crashes(void **state)
{
    gb_scenario *s = scenario("double-release", 1);
    gb_result r;
    double w[] = {1};

    (void)state;
    s->expect.crash = 1;
    memset(&r, 0, sizeof r);
    r.scenario = s;
    r.status = GB_STATUS_CRASHED;
    gb_results_check(&r, 1);
    assert_int_equal(r.status, GB_STATUS_EXPECTED_CRASH);
    assert_false(gb_status_is_failure(r.status));
    gb_results_check(&r, 1); /* checking again changes nothing */
    assert_int_equal(r.status, GB_STATUS_EXPECTED_CRASH);

    r.status = GB_STATUS_OK;
    add_runs(&r, w, 1, 0);
    gb_results_check(&r, 1);
    assert_int_equal(r.status, GB_STATUS_EXPECTATION_FAILED);
    assert_string_equal(r.message, "expected a crash, but all 1 runs completed");
    gb_result_clear(&r);
    free_scenario(s);
}

static void test_ratio_is_unchecked_without_the_baseline_in_the_run(void **state)
{
    gb_scenario *s = scenario("nogil", 1);
    gb_result r;
    double w[] = {300};

    (void)state;
    s->baseline = strdup("gil");
    s->expect.ratio_max = 1.2;
    memset(&r, 0, sizeof r);
    r.scenario = s;
    add_runs(&r, w, 1, 0);
    gb_results_check(&r, 1);
    assert_int_equal(r.status, GB_STATUS_OK);
    assert_true(isnan(r.baseline_ratio));
    gb_result_clear(&r);
    free_scenario(s);
}

static void test_ratio_bounds_and_a_baseline_without_measurement(void **state)
{
    gb_scenario *base = scenario("gil", 1), *s = scenario("nogil", 1);
    gb_result results[2];
    double bw[] = {300, 300, 300}, sw[] = {150, 150, 150};

    (void)state;
    memset(results, 0, sizeof results);
    s->baseline = strdup("gil");
    s->expect.ratio_min = 0.8;
    s->expect.ratio_max = 1.2;
    results[0].scenario = base;
    results[1].scenario = s;
    add_runs(&results[0], bw, 3, 0);
    add_runs(&results[1], sw, 3, 0);
    gb_results_check(results, 2);
    assert_true(fabs(results[1].baseline_ratio - 0.5) < 1e-9);
    assert_int_equal(results[1].status, GB_STATUS_EXPECTATION_FAILED);
    assert_string_equal(results[1].message,
                        "ratio to baseline \"gil\" is 0.50, expected at least 0.80");

    /* the baseline crashed before any measured run: nothing to compare with */
    gb_result_clear(&results[0]);
    results[0].scenario = base;
    results[0].status = GB_STATUS_CRASHED;
    gb_result_summarise(&results[0]);
    results[1].status = GB_STATUS_OK;
    gb_results_check(results, 2);
    assert_int_equal(results[0].status, GB_STATUS_CRASHED);
    assert_true(isnan(results[1].baseline_ratio));
    assert_int_equal(results[1].status, GB_STATUS_EXPECTATION_FAILED);
    assert_string_equal(results[1].message, "baseline \"gil\" has no measurement to compare with");
    gb_result_clear(&results[0]);
    gb_result_clear(&results[1]);
    free_scenario(base);
    free_scenario(s);
}

static void test_failures_other_than_an_expected_crash_keep_their_status(void **state)
{
    gb_scenario *s = scenario("hang", 2);
    gb_result r;
    const gb_status kept[] = {GB_STATUS_TIMEOUT, GB_STATUS_ERROR, GB_STATUS_INTERRUPTED,
                              GB_STATUS_CRASHED};

    (void)state;
    s->expect.verdict = GB_VERDICT_PARALLEL;
    for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++) {
        memset(&r, 0, sizeof r);
        r.scenario = s;
        r.status = kept[i];
        gb_result_summarise(&r);
        gb_results_check(&r, 1);
        assert_int_equal(r.status, kept[i]);
        assert_null(r.message);
        assert_true(gb_status_is_failure(r.status));
    }
    /* expecting a crash, a timeout is still a timeout */
    s->expect.crash = 1;
    r.status = GB_STATUS_TIMEOUT;
    gb_results_check(&r, 1);
    assert_int_equal(r.status, GB_STATUS_TIMEOUT);
    assert_string_equal(gb_status_name(GB_STATUS_NOT_RUN), "not_run");
    assert_false(gb_status_is_failure(GB_STATUS_NOT_RUN));
    free_scenario(s);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

static void test_median_by_selection_is_the_sorted_median(void **state)
{
    uint64_t seed = 12345;

    (void)state;
    for (size_t n = 1; n < 200; n++) {
        double v[200], sorted[200], want;

        for (size_t i = 0; i < n; i++) {
            seed = seed * 6364136223846793005u + 1442695040888963407u;
            v[i] = (double)((seed >> 33) % (n / 3 + 2)); /* many ties */
        }
        memcpy(sorted, v, n * sizeof *v);
        qsort(sorted, n, sizeof *sorted, cmp_double);
        want = n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        assert_true(gb_stats_median(v, n) == want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_summary_of_odd_and_even_counts),
        cmocka_unit_test(test_median_by_selection_is_the_sorted_median),
        cmocka_unit_test(test_summary_of_zero_and_one_value),
        cmocka_unit_test(test_gil_gil_one_after_the_other_is_serial),
        cmocka_unit_test(test_nogil_gil_at_once_is_parallel),
        cmocka_unit_test(test_interleaved_python_threads_overlap_in_time_but_are_serial),
        cmocka_unit_test(test_threads_slowed_by_the_host_are_still_parallel),
        cmocka_unit_test(test_sleeps_are_judged_by_their_length),
        cmocka_unit_test(test_half_overlap_is_partial_and_its_share_is_measured),
        cmocka_unit_test(test_one_thread_or_one_cpu_has_nothing_to_overlap),
        cmocka_unit_test(test_thresholds_of_the_verdict),
        cmocka_unit_test(test_warmup_runs_are_not_counted),
        cmocka_unit_test(test_expectations_compare_verdict_and_ratio_to_baseline),
        cmocka_unit_test(test_expected_crash_passes_only_when_it_crashes),
        cmocka_unit_test(test_ratio_is_unchecked_without_the_baseline_in_the_run),
        cmocka_unit_test(test_ratio_bounds_and_a_baseline_without_measurement),
        cmocka_unit_test(test_failures_other_than_an_expected_crash_keep_their_status),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
