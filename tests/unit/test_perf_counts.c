/* test_perf_counts.c - counted runs by perf_event_open: the events and the test switch
 * GILBENCH_PERF_EVENT (run/perf_counter.c), the counts a worker sends with its runs
 * (run/counter.c), and compare's refusal of counts of different counters
 * (compare/counters.c). The hardware counter itself is not opened here. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "compare/counters.h"
#include "run/counter.h"
#include "run/perf_counter.h"

static void test_the_instruction_counter_unless_the_test_switch_names_another(void **state)
{
    gb_error err;
    const gb_perf_event *ev;

    (void)state;
    unsetenv(GB_PERF_EVENT_ENV);
    ev = gb_perf_event_chosen(&err);
    assert_non_null(ev);
    assert_string_equal(ev->name, "instructions");
    assert_string_equal(ev->unit, "instructions");
    assert_int_equal(ev->test_only, 0);
    setenv(GB_PERF_EVENT_ENV, "task-clock", 1);
    ev = gb_perf_event_chosen(&err);
    assert_non_null(ev);
    assert_string_equal(ev->unit, "nanoseconds");
    assert_int_equal(ev->test_only, 1);
    setenv(GB_PERF_EVENT_ENV, "cycles", 1);
    assert_null(gb_perf_event_chosen(&err));
    assert_non_null(strstr(err.message, "GILBENCH_PERF_EVENT: \"cycles\" is not an event"));
    unsetenv(GB_PERF_EVENT_ENV);
}

static void test_a_refusal_is_explained_in_a_few_words(void **state)
{
    (void)state;
    assert_string_equal(gb_perf_refusal_text(ENOENT), "no such counter here: a virtual machine?");
    assert_non_null(strstr(gb_perf_refusal_text(EACCES), "perf_event_paranoid"));
}

static void test_counts_on_a_run_line_are_taken_from_a_perf_worker_only(void **state)
{
    char **argv = calloc(4, sizeof *argv);
    gb_error err;
    gb_counter *c;
    gb_thread_times threads[2];
    gb_run run = {.threads = threads, .nthreads = 2};
    json_t *ok = json_pack("{s:[i,i]}", "counts", 100, 250);
    json_t *short_ = json_pack("{s:[i]}", "counts", 100);
    json_t *negative = json_pack("{s:[i,i]}", "counts", 100, -1);
    json_t *none = json_object();

    (void)state;
    memset(threads, 0, sizeof threads);
    assert_string_equal(gb_counter_run_problem(NULL, ok, 2), "counts that were not asked for");
    assert_null(gb_counter_run_problem(NULL, none, 2));
    argv[0] = "gilbench";
    argv[1] = "__worker";
    argv[2] = "x.json";
    setenv(GB_PERF_EVENT_ENV, "task-clock", 1);
    c = gb_counter_start(GB_MEASURE_PERF_INSTRUCTIONS, &argv, &err);
    unsetenv(GB_PERF_EVENT_ENV);
    if (!c) { /* a kernel that opens not even the software task clock */
        free(argv);
        json_decref(ok);
        json_decref(short_);
        json_decref(negative);
        json_decref(none);
        skip();
    }
    assert_string_equal(argv[2], "--count-perf");
    assert_string_equal(argv[3], "task-clock");
    assert_string_equal(argv[4], "x.json");
    assert_null(argv[5]);
    assert_null(gb_counter_run_problem(c, ok, 2));
    assert_string_equal(gb_counter_run_problem(c, short_, 2), "not a count for each thread");
    assert_string_equal(gb_counter_run_problem(c, negative, 2), "a count out of range");
    gb_counter_read_run(c, ok, &run);
    assert_int_equal(run.counted, 1);
    assert_int_equal(threads[0].instructions, 100);
    assert_int_equal(threads[1].instructions, 250);
    assert_int_equal(threads[1].cycles, -1);
    gb_counter_free(c);
    free(argv);
    json_decref(ok);
    json_decref(short_);
    json_decref(negative);
    json_decref(none);
}

/* compare's view of one report: results sorted by name, then measure */
static gb_counted_side side_of(const char *path, json_t *meta, const gb_result *const *by_name,
                               size_t n)
{
    gb_counted_side s = {path, meta, by_name, n};

    return s;
}

static void test_compare_refuses_counts_of_different_counters(void **state)
{
    gb_scenario fib = {.name = "fib"}, gil = {.name = "gil"};
    gb_result wall = {.scenario = &fib, .measure = GB_MEASURE_WALL};
    gb_result cg = {.scenario = &fib, .measure = GB_MEASURE_INSTRUCTIONS};
    gb_result perf = {.scenario = &fib, .measure = GB_MEASURE_PERF_INSTRUCTIONS};
    gb_result other = {.scenario = &gil, .measure = GB_MEASURE_INSTRUCTIONS};
    const gb_result *base_cg[] = {&wall, &cg}, *now_perf[] = {&wall, &perf};
    const gb_result *only_other[] = {&other}, *only_wall[] = {&wall};
    json_t *m_cg = json_pack("{s:{s:s}}", "counter", "tool", "callgrind");
    json_t *m_hw = json_pack("{s:{s:s}}", "counter", "event", "instructions");
    json_t *m_clock = json_pack("{s:{s:s}}", "counter", "event", "task-clock");
    gb_counted_side b, n;
    gb_error err;

    (void)state;
    b = side_of("base.json", m_cg, base_cg, 2);
    n = side_of("new.json", m_hw, now_perf, 2);
    assert_int_equal(gb_counters_comparable(&b, &n, &err), -1);
    assert_string_equal(err.message,
                        "scenario \"fib\" was counted by callgrind (instructions) in base.json "
                        "and by perf_event_open, event instructions (perf-instructions) in "
                        "new.json: counts of different counters are not the same measure and "
                        "are never compared; count both reports the same way");
    b = side_of("base.json", m_clock, now_perf, 2);
    assert_int_equal(gb_counters_comparable(&b, &n, &err), -1);
    assert_non_null(strstr(err.message, "event task-clock (perf-instructions) in base.json"));
    b = side_of("base.json", m_hw, now_perf, 2);
    assert_int_equal(gb_counters_comparable(&b, &n, &err), 0);
    b = side_of("base.json", m_cg, base_cg, 2);
    assert_int_equal(gb_counters_comparable(&b, &b, &err), 0);
    /* other names, or a scenario timed only on one side: nothing to refuse */
    b = side_of("base.json", m_cg, only_other, 1);
    assert_int_equal(gb_counters_comparable(&b, &n, &err), 0);
    b = side_of("base.json", m_cg, only_wall, 1);
    assert_int_equal(gb_counters_comparable(&b, &n, &err), 0);
    json_decref(m_cg);
    json_decref(m_hw);
    json_decref(m_clock);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_instruction_counter_unless_the_test_switch_names_another),
        cmocka_unit_test(test_a_refusal_is_explained_in_a_few_words),
        cmocka_unit_test(test_counts_on_a_run_line_are_taken_from_a_perf_worker_only),
        cmocka_unit_test(test_compare_refuses_counts_of_different_counters),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
