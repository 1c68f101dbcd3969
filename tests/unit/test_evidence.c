/* test_evidence.c - the verdict from evidence of the GIL (harness/evidence.c), on synthetic
 * runs: what the threads waited for decides, not when they ran; work too short to judge is
 * never serial, with the evidence or without; where the GIL was only sampled, the held
 * shares decide what they can and the timing the rest; no clock. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "measure/evidence.h"
#include "measure/stats.h"

#define MS 1000000LL

/* A thread that worked [enter, done] with cpu on a CPU, waited for the GIL `wait` in all
 * (`start` of it before the call), and for a CPU `delay`. */
static gb_thread_times thread(int64_t enter, int64_t done, int64_t cpu, int64_t wait, int64_t start,
                              int64_t delay)
{
    gb_thread_times t;

    memset(&t, 0, sizeof t);
    t.enter_ns = enter;
    t.done_ns = t.return_ns = done;
    t.cpu_ns = cpu;
    t.gil_wait_ns = wait;
    t.gil_wait_start_ns = start;
    t.gil_waits = wait > 0;
    t.gil_held_ns = 0;
    t.gil_held_cpu_ns = -1; /* not measured, unless a test says */
    t.run_delay_ns = delay;
    return t;
}

static gb_run two_threads(gb_thread_times a, gb_thread_times b, int64_t wall)
{
    gb_run run;

    memset(&run, 0, sizeof run);
    run.nthreads = 2;
    run.threads = calloc(2, sizeof *run.threads);
    run.threads[0] = a;
    run.threads[1] = b;
    run.wall_ns = run.user_ns = wall;
    run.evidence = GB_EVIDENCE_GIL | GB_EVIDENCE_CPU;
    return run;
}

static void test_second_thread_waiting_the_first_ones_work_is_serial(void **state)
{
    /* gil+gil: the second could not start until the first was done */
    gb_run run = two_threads(thread(0, 100 * MS, 100 * MS, 0, 0, 0),
                             thread(100 * MS, 200 * MS, 100 * MS, 100 * MS, 100 * MS, 0), 200 * MS);

    (void)state;
    gb_run_analyse(&run, 2);
    assert_int_equal(run.verdict, GB_VERDICT_SERIAL);
    assert_int_equal(run.basis, GB_BASIS_GIL);
    assert_true(fabs(run.gil_wait_ratio - 1) < 1e-9);
    free(run.threads);
}

static void test_a_busy_machine_that_kept_threads_apart_without_waits_is_parallel(void **state)
{
    /* one CPU for both (a busy neighbour): they ran one after the other, never waited for the
     * GIL; the timing alone says serial, the evidence says the GIL was not the cause */
    gb_run run = two_threads(thread(0, 100 * MS, 50 * MS, 0, 0, 50 * MS),
                             thread(0, 100 * MS, 50 * MS, 0, 0, 50 * MS), 100 * MS);

    (void)state;
    run.user_ns = 100 * MS;
    gb_run_analyse(&run, 2);
    assert_int_equal(run.verdict, GB_VERDICT_PARALLEL);
    assert_true(fabs(run.cpu_wait_share - 0.5) < 1e-9); /* "waited for a CPU 50 %" */
    free(run.threads);
}

static void test_waits_while_the_holder_waited_for_a_cpu_do_not_count(void **state)
{
    /* a brief hold stretched by the holder's preemption: the waiter's 20 ms are the CPU's */
    gb_run run = two_threads(thread(0, 100 * MS, 100 * MS, 0, 0, 0),
                             thread(0, 100 * MS, 80 * MS, 20 * MS, 20 * MS, 0), 100 * MS);

    (void)state;
    run.threads[1].gil_wait_holder_delay_ns = 19 * MS;
    gb_run_analyse(&run, 2);
    assert_int_equal(run.verdict, GB_VERDICT_PARALLEL);
    free(run.threads);
}

static void test_threads_taking_turns_are_serial(void **state)
{
    /* python-threads: each waited while the other held the GIL, half of the time */
    gb_run run = two_threads(thread(0, 200 * MS, 100 * MS, 100 * MS, 0, 0),
                             thread(0, 200 * MS, 100 * MS, 100 * MS, 0, 0), 200 * MS);

    (void)state;
    gb_run_analyse(&run, 2);
    assert_int_equal(run.verdict, GB_VERDICT_SERIAL);
    free(run.threads);
}

static void test_some_waiting_is_partial(void **state)
{
    gb_run run = two_threads(thread(0, 100 * MS, 100 * MS, 0, 0, 0),
                             thread(0, 145 * MS, 100 * MS, 45 * MS, 0, 0), 145 * MS);

    (void)state;
    gb_run_analyse(&run, 2);
    assert_int_equal(run.verdict, GB_VERDICT_PARTIAL);
    free(run.threads);
}

static void test_python_threads_that_seem_to_wait_less_on_a_busy_machine_are_serial(void **state)
{
    /* two pure-Python threads beside busy loops: each ran 50 ms and waited 150 ms for a
     * CPU, mostly while it held the GIL; the other's waits for the GIL then fell while the
     * holder waited for a CPU (left out as the machine's), so the waits alone say partial
     * (20 ms of 50 to lose); each held the GIL for most of the time it ran or wanted to */
    gb_run run = two_threads(thread(0, 260 * MS, 50 * MS, 60 * MS, 0, 150 * MS),
                             thread(5 * MS, 260 * MS, 50 * MS, 60 * MS, 0, 150 * MS), 260 * MS);

    (void)state;
    for (size_t i = 0; i < 2; i++) {
        run.threads[i].gil_wait_holder_delay_ns = 50 * MS;
        run.threads[i].gil_held_ns = 160 * MS;
    }
    gb_run_analyse(&run, 2);
    assert_true(run.gil_wait_ratio > GB_EVIDENCE_PARALLEL_MAX &&
                run.gil_wait_ratio < GB_EVIDENCE_SERIAL_MIN);
    assert_int_equal(run.verdict, GB_VERDICT_SERIAL);
    assert_int_equal(run.basis, GB_BASIS_GIL);
    /* the same waits by threads that held the GIL for less than most of their running (they
     * released it for the rest): partial, as the waits say */
    for (size_t i = 0; i < 2; i++)
        run.threads[i].gil_held_ns = 90 * MS;
    gb_run_analyse(&run, 2);
    assert_int_equal(run.verdict, GB_VERDICT_PARTIAL);
    free(run.threads);
}

static void test_python_threads_at_a_load_of_nine_are_serial_by_their_cpu_time_holding(void **state)
{
    /* python-threads beside busy loops and two builds (load 9, ci/test-busy): each thread ran
     * 130 ms and waited 300 ms for a CPU, much of it woken to take the GIL (free for it, no
     * CPU free), which holds no GIL: held 254 and 275 ms of 430, under the line of 0.6, and
     * the waits say partial. Every millisecond of CPU they had, they had holding the GIL. */
    gb_run run = two_threads(thread(0, 560 * MS, 130 * MS, 143 * MS, 0, 300 * MS),
                             thread(3 * MS, 560 * MS, 130 * MS, 130 * MS, 0, 300 * MS), 560 * MS);

    (void)state;
    run.threads[0].gil_held_ns = 254 * MS;
    run.threads[1].gil_held_ns = 250 * MS;
    for (size_t i = 0; i < 2; i++)
        run.threads[i].gil_wait_holder_delay_ns = 110 * MS;
    gb_run_analyse(&run, 2);
    assert_true(run.gil_wait_ratio > GB_EVIDENCE_PARALLEL_MAX &&
                run.gil_wait_ratio < GB_EVIDENCE_SERIAL_MIN);
    assert_int_equal(run.verdict, GB_VERDICT_PARTIAL); /* without their CPU time holding */
    for (size_t i = 0; i < 2; i++)
        run.threads[i].gil_held_cpu_ns = 129 * MS;
    gb_run_analyse(&run, 2);
    assert_int_equal(run.verdict, GB_VERDICT_SERIAL);
    assert_int_equal(run.basis, GB_BASIS_GIL);
    /* the same threads when the holder waited for a CPU through almost all of each wait:
     * the GIL's own waits seem to say parallel; their CPU time holding the GIL says serial */
    for (size_t i = 0; i < 2; i++)
        run.threads[i].gil_wait_holder_delay_ns = 128 * MS;
    gb_run_analyse(&run, 2);
    assert_true(run.gil_wait_ratio <= GB_EVIDENCE_PARALLEL_MAX);
    assert_int_equal(run.verdict, GB_VERDICT_SERIAL);
    for (size_t i = 0; i < 2; i++)
        run.threads[i].gil_wait_holder_delay_ns = 110 * MS;
    /* threads that held the GIL for 40 % of their CPU time released it for the rest: their
     * work could overlap, and partial is what the waits say */
    for (size_t i = 0; i < 2; i++)
        run.threads[i].gil_held_cpu_ns = 52 * MS;
    gb_run_analyse(&run, 2);
    assert_int_equal(run.verdict, GB_VERDICT_PARTIAL);
    free(run.threads);
}

static void test_waiting_to_return_after_the_work_is_not_serial(void **state)
{
    /* nogil+gil: the releasing thread, done first, waits for the holder to return */
    gb_run run = two_threads(thread(0, 100 * MS, 100 * MS, 20 * MS, 0, 0),
                             thread(0, 120 * MS, 120 * MS, 0, 0, 0), 120 * MS);

    (void)state;
    run.threads[0].gil_wait_return_ns = 20 * MS;
    run.threads[0].return_ns = 120 * MS;
    gb_run_analyse(&run, 2);
    assert_int_equal(run.verdict, GB_VERDICT_PARALLEL);
    free(run.threads);
}

static void test_too_little_work_is_inconclusive(void **state)
{
    /* two empty calls: nothing to lose, nothing waited */
    gb_run run =
        two_threads(thread(0, 10000, 10000, 0, 0, 0), thread(20000, 30000, 10000, 0, 0, 0), 30000);

    (void)state;
    gb_run_analyse(&run, 2);
    assert_int_equal(run.verdict, GB_VERDICT_INCONCLUSIVE);
    assert_int_equal(run.basis, GB_BASIS_TOO_SHORT);
    free(run.threads);
}

static void test_without_evidence_the_timing_judges(void **state)
{
    gb_run run = two_threads(thread(0, 100 * MS, 100 * MS, 0, 0, 0),
                             thread(100 * MS, 200 * MS, 100 * MS, 0, 0, 0), 200 * MS);

    (void)state;
    run.evidence = 0;
    gb_run_analyse(&run, 2);
    assert_int_equal(run.verdict, GB_VERDICT_SERIAL);
    assert_int_equal(run.basis, GB_BASIS_TIMING);
    assert_true(isnan(run.gil_wait_ratio) && isnan(run.cpu_wait_share));
    free(run.threads);
}

static void test_threads_blocked_on_each_other_outside_the_gil_keep_the_timing(void **state)
{
    /* both released the GIL; the second entered at once, then waited 300 ms on a lock the
     * first held: off the CPU, no GIL wait, no CPU wait; they waited for each other */
    gb_run run = two_threads(thread(0, 100 * MS, 100 * MS, 0, 0, 0),
                             thread(0, 400 * MS, 100 * MS, 0, 0, 0), 400 * MS);

    (void)state;
    gb_run_analyse(&run, 2);
    assert_int_equal(run.verdict, GB_VERDICT_SERIAL);
    assert_int_equal(run.basis, GB_BASIS_WAITS);
    free(run.threads);
}

static void test_held_share_is_the_share_of_the_work_with_the_gil(void **state)
{
    gb_run run = two_threads(thread(0, 100 * MS, 100 * MS, 0, 0, 0),
                             thread(0, 100 * MS, 100 * MS, 0, 0, 0), 100 * MS);

    (void)state;
    run.threads[0].gil_held_ns = 3 * MS;
    run.threads[1].gil_held_ns = 120 * MS; /* the call's ends lie outside [enter, done] */
    assert_true(fabs(gb_evidence_held_share(&run, 0) - 0.03) < 1e-9);
    assert_true(gb_evidence_held_share(&run, 1) == 1);
    run.evidence = 0;
    assert_true(isnan(gb_evidence_held_share(&run, 0)));
    free(run.threads);
}

static void test_a_scenario_is_judged_on_its_median_run(void **state)
{
    gb_scenario sc;
    gb_result r;
    gb_run serial =
        two_threads(thread(0, 100 * MS, 100 * MS, 0, 0, 0),
                    thread(100 * MS, 200 * MS, 100 * MS, 100 * MS, 100 * MS, 0), 200 * MS);

    (void)state;
    memset(&sc, 0, sizeof sc);
    memset(&r, 0, sizeof r);
    sc.nthreads = 2;
    r.scenario = &sc;
    for (int i = 0; i < 3; i++) {
        gb_run run = serial;

        run.threads = calloc(2, sizeof *run.threads);
        memcpy(run.threads, serial.threads, 2 * sizeof *run.threads);
        run.threads[0].gil_held_ns = 100 * MS;
        run.index = i;
        gb_run_analyse(&run, 2);
        gb_result_add_run(&r, &run);
    }
    gb_result_summarise(&r);
    assert_int_equal(r.verdict, GB_VERDICT_SERIAL);
    assert_int_equal(r.basis, GB_BASIS_GIL);
    assert_true(fabs(r.gil_held_share_max - 1) < 1e-9);
    assert_string_equal(gb_verdict_basis_name(r.basis), "gil");
    free(serial.threads);
    r.scenario = NULL;
    gb_result_clear(&r);
}

/* Two `empty` calls (~20 ns each, one after the other: they never overlap) are too short
 * to judge, with the evidence of the GIL and by the timing alone; never serial. A run, and a
 * scenario of such runs. */
static void test_two_empty_calls_are_never_serial(void **state)
{
    (void)state;
    for (unsigned evidence = 0; evidence <= (GB_EVIDENCE_GIL | GB_EVIDENCE_CPU);
         evidence += GB_EVIDENCE_GIL | GB_EVIDENCE_CPU) {
        gb_scenario sc;
        gb_result r;

        memset(&sc, 0, sizeof sc);
        memset(&r, 0, sizeof r);
        sc.nthreads = 2;
        r.scenario = &sc;
        for (int i = 0; i < 3; i++) {
            gb_run run = two_threads(thread(1000, 1020, 20, 0, 0, 0),
                                     thread(41000, 41020, 20, 0, 0, 0), 42000);

            run.evidence = evidence;
            run.index = i;
            gb_run_analyse(&run, 2);
            assert_int_equal(run.verdict, GB_VERDICT_INCONCLUSIVE);
            assert_int_equal(run.basis, GB_BASIS_TOO_SHORT);
            assert_true(run.serial_score == 1); /* the score alone would say serial */
            gb_result_add_run(&r, &run);
        }
        gb_result_summarise(&r);
        assert_int_equal(r.verdict, GB_VERDICT_INCONCLUSIVE);
        assert_int_equal(r.basis, GB_BASIS_TOO_SHORT);
        r.scenario = NULL;
        gb_result_clear(&r);
    }
}

/* 64 empty calls started one after the other wait for the GIL over 1 ms in all, to start:
 * the hand-overs, with no work to lose. Too short to judge, not serial. */
static void test_many_empty_calls_that_waited_to_start_are_not_serial(void **state)
{
    gb_run run = two_threads(thread(0, 20, 20, 0, 0, 0), thread(0, 20, 20, 0, 0, 0), 64000);

    (void)state;
    free(run.threads);
    run.nthreads = 64;
    run.threads = calloc(64, sizeof *run.threads);
    for (int64_t k = 0; k < 64; k++) /* each waited 50 us for the GIL before it could start */
        run.threads[k] = thread(k * 1000 + 50000, k * 1000 + 50020, 20, 50000, 50000, 0);
    gb_run_analyse(&run, 2);
    assert_int_equal(run.verdict, GB_VERDICT_INCONCLUSIVE);
    assert_int_equal(run.basis, GB_BASIS_TOO_SHORT);
    free(run.threads);
}

/* ---- sampled evidence (GB_EVIDENCE_SAMPLED): held shares, no waits ---------------- */

/* A thread that worked [enter, done] with cpu on a CPU and `delay` waiting for one, and held
 * the GIL in `held` of the `samples` samples of its work. */
static gb_thread_times held_in(int64_t enter, int64_t done, int64_t cpu, int64_t delay,
                               int64_t held, int64_t samples)
{
    gb_thread_times t = thread(enter, done, cpu, 0, 0, delay);

    t.start_ns = enter;
    t.gil_held_samples = held;
    t.gil_samples = samples;
    return t;
}

static gb_run sampled_run(gb_thread_times a, gb_thread_times b, int64_t wall)
{
    gb_run run = two_threads(a, b, wall);

    run.evidence = GB_EVIDENCE_SAMPLED | GB_EVIDENCE_CPU;
    return run;
}

static void test_two_threads_holding_the_gil_are_serial_whatever_the_timing(void **state)
{
    /* gil+gil beside a busy loop: each held the GIL in every sample of its work */
    gb_run run = sampled_run(held_in(0, 100 * MS, 60 * MS, 40 * MS, 50, 50),
                             held_in(100 * MS, 200 * MS, 60 * MS, 40 * MS, 50, 50), 200 * MS);

    (void)state;
    gb_run_analyse(&run, 2);
    assert_int_equal(run.verdict, GB_VERDICT_SERIAL);
    assert_int_equal(run.basis, GB_BASIS_HELD);
    assert_true(gb_evidence_held_share(&run, 1) == 1);
    assert_true(isnan(run.gil_wait_ratio)); /* no waits: no wait ratio */
    free(run.threads);
}

static void test_python_threads_taking_turns_hold_all_they_run_and_are_serial(void **state)
{
    /* each held the GIL in half the samples, and ran only then */
    gb_run run = sampled_run(held_in(0, 200 * MS, 100 * MS, 0, 50, 100),
                             held_in(0, 200 * MS, 100 * MS, 0, 50, 100), 200 * MS);

    (void)state;
    gb_run_analyse(&run, 2);
    assert_int_equal(run.verdict, GB_VERDICT_SERIAL);
    assert_int_equal(run.basis, GB_BASIS_HELD);
    free(run.threads);
}

static void test_threads_that_released_the_gil_are_parallel_on_a_busy_machine(void **state)
{
    /* nogil+nogil on one free CPU: the timing says serial, the samples say neither held it */
    gb_run run = sampled_run(held_in(0, 100 * MS, 50 * MS, 50 * MS, 1, 50),
                             held_in(0, 100 * MS, 50 * MS, 50 * MS, 0, 50), 100 * MS);

    (void)state;
    run.user_ns = 100 * MS;
    gb_run_analyse(&run, 2);
    assert_int_equal(run.verdict, GB_VERDICT_PARALLEL);
    assert_int_equal(run.basis, GB_BASIS_HELD);
    free(run.threads);
}

static void
test_a_releasing_thread_beside_a_holder_is_parallel_when_their_work_overlapped(void **state)
{
    /* nogil+gil: they overlapped; gil+nogil: the second could not start until the first was
     * done (the starter's wait for the GIL, which sampling does not see): the timing judges */
    gb_run together = sampled_run(held_in(0, 100 * MS, 100 * MS, 0, 0, 50),
                                  held_in(1 * MS, 101 * MS, 100 * MS, 0, 50, 50), 101 * MS);
    gb_run apart = sampled_run(held_in(0, 100 * MS, 100 * MS, 0, 50, 50),
                               held_in(100 * MS, 200 * MS, 100 * MS, 0, 0, 50), 200 * MS);

    (void)state;
    together.user_ns = 200 * MS;
    gb_run_analyse(&together, 2);
    assert_int_equal(together.verdict, GB_VERDICT_PARALLEL);
    assert_int_equal(together.basis, GB_BASIS_HELD);
    gb_run_analyse(&apart, 2);
    assert_int_equal(apart.verdict, GB_VERDICT_SERIAL);
    assert_int_equal(apart.basis, GB_BASIS_TIMING);
    free(together.threads);
    free(apart.threads);
}

static void test_too_few_samples_leave_the_verdict_to_the_timing(void **state)
{
    gb_run run = sampled_run(held_in(0, 100 * MS, 100 * MS, 0, 2, 2),
                             held_in(100 * MS, 200 * MS, 100 * MS, 0, 50, 50), 200 * MS);

    (void)state;
    gb_run_analyse(&run, 2);
    assert_int_equal(run.basis, GB_BASIS_TIMING);
    assert_int_equal(run.verdict, GB_VERDICT_SERIAL); /* the timing's */
    assert_true(isnan(gb_evidence_held_share(&run, 0)));
    free(run.threads);
}

static void test_a_scenario_of_sampled_runs_is_judged_and_checked_on_its_shares(void **state)
{
    gb_scenario sc;
    gb_thread_spec threads[2];
    gb_result r;
    char why[160];

    (void)state;
    memset(&sc, 0, sizeof sc);
    memset(threads, 0, sizeof threads);
    memset(&r, 0, sizeof r);
    threads[0].label = "t1";
    threads[1].label = "t2";
    sc.threads = threads;
    sc.nthreads = 2;
    sc.expect.held_max = 0.05;
    r.scenario = &sc;
    for (int i = 0; i < 3; i++) {
        gb_run run = sampled_run(held_in(0, 100 * MS, 100 * MS, 0, 0, 50),
                                 held_in(1 * MS, 101 * MS, 100 * MS, 0, 50, 50), 101 * MS);

        run.index = i;
        run.user_ns = 200 * MS;
        gb_run_analyse(&run, 2);
        gb_result_add_run(&r, &run);
    }
    gb_result_summarise(&r);
    assert_int_equal(r.verdict, GB_VERDICT_PARALLEL);
    assert_int_equal(r.basis, GB_BASIS_HELD);
    assert_string_equal(gb_verdict_basis_name(r.basis), "held");
    assert_true(r.gil_held_share_max == 1);
    assert_true(gb_evidence_thread_held_share(&r, 0) == 0);
    /* "expect": {"gil_held_share": {"max": 0.05}}: t2 held it throughout */
    assert_int_equal(gb_evidence_check_held(&r, why, sizeof why), 1);
    assert_non_null(strstr(why, "t2 held the GIL for 100.0 %"));
    r.scenario = NULL;
    gb_result_clear(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_second_thread_waiting_the_first_ones_work_is_serial),
        cmocka_unit_test(test_a_busy_machine_that_kept_threads_apart_without_waits_is_parallel),
        cmocka_unit_test(test_waits_while_the_holder_waited_for_a_cpu_do_not_count),
        cmocka_unit_test(test_threads_taking_turns_are_serial),
        cmocka_unit_test(test_some_waiting_is_partial),
        cmocka_unit_test(test_python_threads_that_seem_to_wait_less_on_a_busy_machine_are_serial),
        cmocka_unit_test(
            test_python_threads_at_a_load_of_nine_are_serial_by_their_cpu_time_holding),
        cmocka_unit_test(test_waiting_to_return_after_the_work_is_not_serial),
        cmocka_unit_test(test_too_little_work_is_inconclusive),
        cmocka_unit_test(test_two_empty_calls_are_never_serial),
        cmocka_unit_test(test_many_empty_calls_that_waited_to_start_are_not_serial),
        cmocka_unit_test(test_without_evidence_the_timing_judges),
        cmocka_unit_test(test_threads_blocked_on_each_other_outside_the_gil_keep_the_timing),
        cmocka_unit_test(test_held_share_is_the_share_of_the_work_with_the_gil),
        cmocka_unit_test(test_a_scenario_is_judged_on_its_median_run),
        cmocka_unit_test(test_two_threads_holding_the_gil_are_serial_whatever_the_timing),
        cmocka_unit_test(test_python_threads_taking_turns_hold_all_they_run_and_are_serial),
        cmocka_unit_test(test_threads_that_released_the_gil_are_parallel_on_a_busy_machine),
        cmocka_unit_test(
            test_a_releasing_thread_beside_a_holder_is_parallel_when_their_work_overlapped),
        cmocka_unit_test(test_too_few_samples_leave_the_verdict_to_the_timing),
        cmocka_unit_test(test_a_scenario_of_sampled_runs_is_judged_and_checked_on_its_shares),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
