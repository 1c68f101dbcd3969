/* test_judge.c - one scenario of `gilbench compare` judged (harness/compare/judge.c): counted
 * results by their median count against the count threshold, timed results on a busy
 * machine made inconclusive, never a plain regression. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "compare/judge.h"

static const gb_judge_opts opts = {.threshold = 0.05, .alpha = 0.05, .count_threshold = 0.01};

/* A result of ten measured runs of s: wall ms each (timed), or instructions (counted). */
static void result(gb_result *r, gb_scenario *s, gb_run *runs, gb_thread_times *t,
                   gb_measure measure, double each, double cpu_wait)
{
    memset(r, 0, sizeof *r);
    gb_result_start(r, s);
    r->measure = measure;
    r->status = GB_STATUS_OK;
    r->verdict = GB_VERDICT_SINGLE;
    r->canary_median = NAN;
    r->cpu_wait_share = cpu_wait;
    for (int i = 0; i < 10; i++) {
        memset(&runs[i], 0, sizeof runs[i]);
        memset(&t[i], 0, sizeof t[i]);
        runs[i].index = i;
        runs[i].nthreads = 1;
        runs[i].threads = &t[i];
        runs[i].counted = measure != GB_MEASURE_WALL;
        runs[i].wall_ns = (int64_t)(each * 1e6) + (i % 3) * 1000; /* a little noise */
        t[i].instructions = (int64_t)each;
    }
    r->runs = runs;
    r->nruns = 10;
    r->instructions.n = measure != GB_MEASURE_WALL ? 10 : 0;
    r->instructions.median = r->instructions.min = r->instructions.max = each;
}

typedef struct pair {
    gb_scenario s;
    gb_result b, n;
    gb_run rb[10], rn[10];
    gb_thread_times tb[10], tn[10];
    gb_compare_row w;
} pair;

static void judge(pair *p, gb_measure m, double base, double now, double busy_now)
{
    memset(&p->s, 0, sizeof p->s);
    p->s.name = "fib";
    p->s.nthreads = 1;
    result(&p->b, &p->s, p->rb, p->tb, m, base, NAN);
    result(&p->n, &p->s, p->rn, p->tn, m, now, busy_now);
    memset(&p->w, 0, sizeof p->w);
    assert_int_equal(gb_measured_fill(&p->w.base, &p->b, 2), 0);
    assert_int_equal(gb_measured_fill(&p->w.now, &p->n, 2), 0);
    gb_compare_judge(&p->w, &opts);
    gb_measured_clear(&p->w.base);
    gb_measured_clear(&p->w.now);
}

static void test_a_count_one_percent_and_more_heavier_is_a_regression(void **state)
{
    pair p;

    (void)state;
    judge(&p, GB_MEASURE_INSTRUCTIONS, 25000000, 25300000, NAN); /* +1.2 % */
    assert_true(p.w.counted);
    assert_int_equal(p.w.judged, GB_CHANGE_SLOWER);
    assert_non_null(strstr(p.w.regression, "1.20 % more instructions (25,000,000 -> 25,300,000"));
    assert_string_equal(p.w.inconclusive, "");
}

static void test_a_count_within_the_threshold_is_unchanged_and_fewer_is_no_regression(void **state)
{
    pair p;

    (void)state;
    judge(&p, GB_MEASURE_INSTRUCTIONS, 25000000, 25200000, NAN); /* +0.8 % */
    assert_int_equal(p.w.judged, GB_CHANGE_UNCHANGED);
    assert_string_equal(p.w.regression, "");
    judge(&p, GB_MEASURE_INSTRUCTIONS, 25000000, 20000000, NAN);
    assert_int_equal(p.w.judged, GB_CHANGE_FASTER);
    assert_string_equal(p.w.regression, "");
}

static void test_a_count_is_judged_whatever_the_machine_did(void **state)
{
    pair p;

    (void)state;
    judge(&p, GB_MEASURE_INSTRUCTIONS, 1000000, 1020000, 0.6);
    assert_non_null(strstr(p.w.regression, "more instructions"));
    assert_string_equal(p.w.inconclusive, "");
}

static void test_a_slower_wall_on_a_busy_machine_is_inconclusive(void **state)
{
    pair p;

    (void)state;
    judge(&p, GB_MEASURE_WALL, 100, 190, 0.45); /* +90 %, threads waited 45 % for a CPU */
    assert_string_equal(p.w.regression, "");
    assert_non_null(strstr(p.w.inconclusive, "90.0 % slower"));
    assert_non_null(strstr(p.w.inconclusive, "the new side ran on a busy machine"));
    judge(&p, GB_MEASURE_WALL, 100, 190, NAN); /* the same on a quiet machine */
    assert_non_null(strstr(p.w.regression, "90.0 % slower"));
    assert_string_equal(p.w.inconclusive, "");
}

static void test_a_slowdown_a_busy_machine_cannot_make_is_a_regression(void **state)
{
    pair p;

    (void)state;
    /* test_sides beside one busy loop: 20 x slower, the threads waiting for a CPU 30 % of
     * their work, which can make 43 % (86 % with the margin): the code's */
    judge(&p, GB_MEASURE_WALL, 100, 2000, 0.30);
    assert_non_null(strstr(p.w.regression, "1900.0 % slower"));
    assert_string_equal(p.w.inconclusive, "");
    judge(&p, GB_MEASURE_WALL, 100, 170, 0.30); /* +70 %: within what the machine can make */
    assert_string_equal(p.w.regression, "");
    assert_non_null(strstr(p.w.inconclusive, "the new side ran on a busy machine"));
}

static void test_more_threads_than_cpus_wait_for_cpus_of_their_own(void **state)
{
    pair p;
    gb_measured m;

    (void)state;
    judge(&p, GB_MEASURE_WALL, 100, 100, 0.45);
    p.s.nthreads = 4; /* four threads on two CPUs: their waits are their own */
    assert_int_equal(gb_measured_fill(&m, &p.n, 2), 0);
    assert_true(isnan(m.busy));
    gb_measured_clear(&m);
    assert_int_equal(gb_measured_fill(&m, &p.n, 8), 0);
    assert_true(m.busy == 0.45);
    gb_measured_clear(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_count_one_percent_and_more_heavier_is_a_regression),
        cmocka_unit_test(test_a_count_within_the_threshold_is_unchanged_and_fewer_is_no_regression),
        cmocka_unit_test(test_a_count_is_judged_whatever_the_machine_did),
        cmocka_unit_test(test_a_slower_wall_on_a_busy_machine_is_inconclusive),
        cmocka_unit_test(test_a_slowdown_a_busy_machine_cannot_make_is_a_regression),
        cmocka_unit_test(test_more_threads_than_cpus_wait_for_cpus_of_their_own),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
