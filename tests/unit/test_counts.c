/* test_counts.c - counted runs: callgrind's dumps read back (run/counter.c), the cache model
 * and the summary of a counted result (measure/counts.c), the words of --measure
 * (scenario/names.c) and counts as people read them (util/units.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "measure/counts.h"
#include "measure/stats.h"
#include "run/counter.h"
#include "util/units.h"

/* A thread's dump as callgrind 3.19 writes it with --cache-sim=yes and --dump-line=no. */
static const char dump_head[] = "# callgrind format\n"
                                "version: 1\n"
                                "creator: callgrind-3.19.0\n"
                                "pid: 4604\n"
                                "cmd:  ./gilbench __worker\n"
                                "part: 3\n"
                                "thread: 2\n"
                                "\n"
                                "desc: I1 cache: 65536 B, 64 B, 16-way associative\n"
                                "desc: Timerange: Basic block 0 - 1829632\n";

static char *dump(const char *trigger, const char *events, const char *summary)
{
    char *text = malloc(4096);

    snprintf(text, 4096,
             "%sdesc: Trigger: %s\n\npositions: instr\nevents: %s\nsummary: %s\n\nfn=(1) f\n"
             "0x10 %s\n\ntotals: %s\n",
             dump_head, trigger, events, summary, summary, summary);
    return text;
}

static void test_a_threads_dump_gives_its_run_thread_and_counts(void **state)
{
    char *text = dump("Client Request: gilbench run 3 thread 1",
                      "Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw", "5000018 1 7 2 0 1 2 0 1");
    int run = -1;
    size_t thread = 99;
    int64_t ins = 0, cyc = 0;

    (void)state;
    assert_int_equal(gb_counter_parse_dump(text, &run, &thread, &ins, &cyc), 1);
    assert_int_equal(run, 3);
    assert_int_equal(thread, 1);
    assert_int_equal(ins, 5000018);
    /* 5000026 accesses, 3 first-level misses, all 3 missing the last level too */
    assert_int_equal(cyc, (5000026 - 3) * GB_CYCLES_L1_HIT + 3 * GB_CYCLES_MEMORY);
    free(text);
}

static void test_trailing_zeros_left_out_by_callgrind_count_as_zero(void **state)
{
    char *text = dump("Client Request: gilbench run 0 thread 0",
                      "Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw", "1000 200 100 10 5");
    int run;
    size_t thread;
    int64_t ins, cyc;

    (void)state;
    assert_int_equal(gb_counter_parse_dump(text, &run, &thread, &ins, &cyc), 1);
    assert_int_equal(ins, 1000);
    /* 1300 accesses, 15 first-level misses, none to memory: 1285 + 5 * 15 */
    assert_int_equal(cyc, 1285 + 15 * GB_CYCLES_LL_HIT);
    free(text);
}

static void test_without_the_cache_simulation_only_instructions_are_known(void **state)
{
    char *text = dump("Client Request: gilbench run 2 thread 4", "Ir", "77");
    int run;
    size_t thread;
    int64_t ins, cyc;

    (void)state;
    assert_int_equal(gb_counter_parse_dump(text, &run, &thread, &ins, &cyc), 1);
    assert_int_equal(ins, 77);
    assert_int_equal(cyc, -1);
    free(text);
}

static void test_other_dumps_and_other_files_are_not_a_threads_count(void **state)
{
    char *at_exit = dump("Program termination", "Ir", "0");
    char *other = dump("Client Request: someone else's", "Ir", "12");
    int run;
    size_t thread;
    int64_t ins, cyc;

    (void)state;
    assert_int_equal(gb_counter_parse_dump(at_exit, &run, &thread, &ins, &cyc), 0);
    assert_int_equal(gb_counter_parse_dump(other, &run, &thread, &ins, &cyc), 0);
    assert_int_equal(gb_counter_parse_dump("events: Ir\nsummary: 3\n", &run, &thread, &ins, &cyc),
                     -1);
    free(at_exit);
    free(other);
}

static void test_the_cache_model_refuses_misses_that_do_not_add_up(void **state)
{
    (void)state;
    assert_int_equal(gb_counts_cycles(100, 0, 0), 100);
    assert_int_equal(gb_counts_cycles(100, 10, 4), 90 + 6 * 5 + 4 * 35);
    assert_int_equal(gb_counts_cycles(100, 4, 10), -1); /* more memory than L1 misses */
    assert_int_equal(gb_counts_cycles(10, 100, 0), -1); /* more misses than accesses */
}

/* A counted result of three runs (one warmup) of two threads. */
static void counted_result(gb_result *r, gb_scenario *s, gb_run *runs, gb_thread_times *t)
{
    static const int64_t ins[3][2] = {{900, 50}, {1000, 100}, {1002, 100}};

    memset(r, 0, sizeof *r);
    memset(s, 0, sizeof *s);
    s->name = "s";
    s->nthreads = 2;
    gb_result_start(r, s);
    r->measure = GB_MEASURE_INSTRUCTIONS;
    for (int i = 0; i < 3; i++) {
        memset(&runs[i], 0, sizeof runs[i]);
        runs[i].index = i;
        runs[i].warmup = i == 0;
        runs[i].counted = 1;
        runs[i].nthreads = 2;
        runs[i].threads = &t[2 * i];
        runs[i].wall_ns = 1000000 * (i + 1);
        for (int k = 0; k < 2; k++) {
            memset(&t[2 * i + k], 0, sizeof t[0]);
            t[2 * i + k].instructions = ins[i][k];
            t[2 * i + k].cycles = 2 * ins[i][k];
        }
    }
    r->runs = runs;
    r->nruns = 3;
}

static void test_a_counted_result_has_counts_and_neither_time_nor_verdict(void **state)
{
    gb_result r;
    gb_scenario s;
    gb_run runs[3];
    gb_thread_times t[6];

    (void)state;
    counted_result(&r, &s, runs, t);
    gb_result_summarise(&r);
    gb_counts_summarise(&r);
    assert_int_equal(r.instructions.n, 2); /* the warmup left out */
    assert_true(r.instructions.median == 1101);
    assert_true(r.instructions.min == 1100 && r.instructions.max == 1102);
    assert_true(fabs(gb_counts_spread(&r.instructions) - 2.0 / 1101) < 1e-12);
    assert_true(r.cycles.median == 2202);
    assert_int_equal(r.wall.n, 0);
    assert_true(isnan(r.wall.median));
    assert_int_equal(r.verdict, GB_VERDICT_NONE);
    assert_int_equal(runs[1].verdict, GB_VERDICT_NONE);
    assert_int_equal(gb_run_instructions(&runs[2]), 1102);
    runs[2].counted = 0;
    assert_int_equal(gb_run_instructions(&runs[2]), -1);
}

static void test_measures_are_one_word_or_a_list(void **state)
{
    unsigned bits = 0;
    gb_error err;

    (void)state;
    assert_int_equal(gb_measures_parse("instructions", &bits, "--measure", &err), 0);
    assert_int_equal(bits, GB_MEASURE_BIT(GB_MEASURE_INSTRUCTIONS));
    assert_int_equal(gb_measures_parse("wall,instructions", &bits, "--measure", &err), 0);
    assert_int_equal(bits,
                     GB_MEASURE_BIT(GB_MEASURE_WALL) | GB_MEASURE_BIT(GB_MEASURE_INSTRUCTIONS));
    assert_int_equal(gb_measures_parse("wall,instrucions", &bits, "--measure", &err), -1);
    assert_non_null(strstr(err.message, "did you mean \"instructions\""));
    assert_int_equal(gb_measures_parse("wall,", &bits, "--measure", &err), -1);
    assert_non_null(strstr(err.message, "\"\" is not a measure"));
}

static void test_counts_are_grouped_by_thousands(void **state)
{
    char buf[40];

    (void)state;
    gb_format_count(buf, sizeof buf, 25000888);
    assert_string_equal(buf, "25,000,888");
    gb_format_count(buf, sizeof buf, 999);
    assert_string_equal(buf, "999");
    gb_format_count(buf, sizeof buf, 1000);
    assert_string_equal(buf, "1,000");
    gb_format_count(buf, sizeof buf, NAN);
    assert_string_equal(buf, "-");
    gb_format_count_short(buf, sizeof buf, 25000888);
    assert_string_equal(buf, "25.00 M");
    gb_format_count_short(buf, sizeof buf, 250027);
    assert_string_equal(buf, "250.0 k");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_threads_dump_gives_its_run_thread_and_counts),
        cmocka_unit_test(test_trailing_zeros_left_out_by_callgrind_count_as_zero),
        cmocka_unit_test(test_without_the_cache_simulation_only_instructions_are_known),
        cmocka_unit_test(test_other_dumps_and_other_files_are_not_a_threads_count),
        cmocka_unit_test(test_the_cache_model_refuses_misses_that_do_not_add_up),
        cmocka_unit_test(test_a_counted_result_has_counts_and_neither_time_nor_verdict),
        cmocka_unit_test(test_measures_are_one_word_or_a_list),
        cmocka_unit_test(test_counts_are_grouped_by_thousands),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
