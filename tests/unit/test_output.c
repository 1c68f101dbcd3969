/* test_output.c - what a person sees (harness/output.c), compared as exact text on fixed
 * results, as hyperfine tests its exporters: no clock, no terminal, no environment. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"
#include "stats.h"

#define MS 1000000LL

static const gb_output_opts ascii = {0, 20, 0};
static const gb_output_opts unicode = {0, 20, 1};

typedef struct fixture {
    gb_thread_spec threads[2];
    gb_scenario s, base;
    gb_result r[2];
    gb_report rep;
} fixture;

/* gil+nogil as the seed saw it: t1 holds the GIL for 300 ms, so the main thread is
 * blocked in t1.start() and can only start t2 when t1 is done. */
static gb_run gil_nogil_run(int index, int64_t wall_ms)
{
    gb_run run;

    memset(&run, 0, sizeof run);
    run.index = index;
    run.nthreads = 2;
    run.threads = calloc(2, sizeof *run.threads);
    run.threads[0] = (gb_thread_times){0, 0, 300 * MS, 300 * MS, 300 * MS, 300 * MS};
    run.threads[1] = (gb_thread_times){300 * MS, 300 * MS, wall_ms * MS, wall_ms * MS,
                                       (wall_ms - 300) * MS, 300 * MS};
    run.wall_ns = wall_ms * MS;
    run.user_ns = wall_ms * MS;
    gb_run_analyse(&run, 2);
    return run;
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    int64_t walls[] = {600, 610, 590};

    f->threads[0] = (gb_thread_spec){GB_THREAD_WORKLOAD, "t1", "fibonacci", GB_GIL_HOLD,
                                     NULL, NULL, NULL, NULL};
    f->threads[1] = (gb_thread_spec){GB_THREAD_WORKLOAD, "t2", "fibonacci", GB_GIL_RELEASE,
                                     NULL, NULL, NULL, NULL};
    f->s.name = "gil+nogil";
    f->s.description = "the first thread holds the GIL";
    f->s.threads = f->threads;
    f->s.nthreads = 2;
    f->s.runs = 3;
    f->s.baseline = "gil";
    f->s.expect.verdict = GB_VERDICT_SERIAL;
    f->base.name = "double-release";
    f->base.description = "";
    f->base.threads = f->threads;
    f->base.nthreads = 1;
    f->base.runs = 1;
    for (int i = 0; i < 3; i++) {
        gb_run run = gil_nogil_run(i, walls[i]);
        gb_result_add_run(&f->r[0], &run);
    }
    f->r[0].scenario = &f->s;
    gb_result_summarise(&f->r[0]);
    f->r[0].baseline_ratio = 2.0;
    f->r[1].scenario = &f->base;
    f->r[1].status = GB_STATUS_CRASHED;
    f->r[1].term_signal = 6;
    f->r[1].baseline_ratio = NAN;
    f->r[1].message = strdup("killed by SIGABRT: Fatal Python error: PyEval_SaveThread");
    f->r[1].stderr_tail = strdup("Fatal Python error: PyEval_SaveThread\nPython runtime state: "
                                 "initialized\n\nCurrent thread 0x1 (most recent call first):");
    f->rep.results = f->r;
    f->rep.nresults = 2;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;

    gb_result_clear(&f->r[0]);
    gb_result_clear(&f->r[1]);
    free(f);
    return 0;
}

static char *render(void (*fn)(FILE *, const gb_result *, const gb_output_opts *),
                    const gb_result *r, const gb_output_opts *o)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);

    fn(out, r, o);
    fclose(out);
    return buf;
}

static void test_a_serial_result_in_ascii(void **state)
{
    fixture *f = *state;
    char *text = render(gb_output_result, &f->r[0], &ascii);

    assert_string_equal(text,
                        "  Time (median +- sd):   600.0 ms +- 10.0 ms    [User: 600.0 ms, System: 0.0 ms]\n"
                        "  Range (min ... max):   590.0 ms ... 610.0 ms    3 runs\n"
                        "  Median 95% CI:         590.0 ms ... 610.0 ms   +-1.7 %\n"
                        "  Parallelism:           1.00 CPU/wall   overlap 0 %   serial score 1.00\n"
                        "  Verdict:               serial   (expected serial)\n"
                        "  Baseline:              2.00 x gil\n"
                        "  Timeline (run 1, nearest the median, 600.0 ms):\n"
                        "    main                 |++++++++++          |\n"
                        "    t1 fibonacci hold    |##########          |\n"
                        "    t2 fibonacci release |          ##########|\n"
                        "                          # working  - waiting to start  = waiting for the "
                        "GIL back  + main blocked in start()\n"
                        "\n");
    free(text);
}

static void test_timeline_in_unicode_uses_blocks(void **state)
{
    fixture *f = *state;
    char *text = render(gb_output_result, &f->r[0], &unicode);

    assert_non_null(strstr(text, "    t1 fibonacci hold    |██████████          |\n"));
    assert_non_null(strstr(text, "    main                 |▓▓▓▓▓▓▓▓▓▓          |\n"));
    assert_non_null(strstr(text, "Time (median ± σ):"));
    free(text);
}

static void test_a_short_wait_still_gets_a_cell(void **state)
{
    gb_run run;
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);

    (void)state;
    memset(&run, 0, sizeof run);
    run.nthreads = 1;
    run.threads = calloc(1, sizeof *run.threads);
    /* 3 % of the wall waiting for the GIL back: less than half of a 5 % cell */
    run.threads[0] = (gb_thread_times){0, 0, 970, 1000, 970, 0};
    run.wall_ns = 1000;
    gb_output_timeline(out, &run, NULL, &ascii);
    fclose(out);
    assert_non_null(strstr(buf, "|###################=|"));
    free(buf);
    free(run.threads);
}

static void test_crash_shows_signal_and_stderr_tail(void **state)
{
    fixture *f = *state;
    char *text = render(gb_output_result, &f->r[1], &ascii);

    assert_string_equal(text, "  x crashed: killed by SIGABRT: Fatal Python error: "
                              "PyEval_SaveThread (0 of 1 runs completed)\n"
                              "    Fatal Python error: PyEval_SaveThread\n"
                              "    Python runtime state: initialized\n"
                              "    \n"
                              "    Current thread 0x1 (most recent call first):\n"
                              "\n");
    free(text);
}

static void test_summary_table_aligns_units_and_counts_failures(void **state)
{
    fixture *f = *state;
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);

    gb_output_summary(out, &f->rep, &unicode);
    fclose(out);
    assert_string_equal(buf, "Summary\n"
                             "  scenario              median       sigma  verdict    vs baseline"
                             "       status\n"
                             "  gil+nogil           600.0 ms     10.0 ms  serial     2.00 x gil"
                             "        ok\n"
                             "  double-release             -           -  -          -          "
                             "       FAILED: crashed\n"
                             "  2 scenarios: 1 ok, 1 failed\n");
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_a_serial_result_in_ascii, setup, teardown),
        cmocka_unit_test_setup_teardown(test_timeline_in_unicode_uses_blocks, setup, teardown),
        cmocka_unit_test(test_a_short_wait_still_gets_a_cell),
        cmocka_unit_test_setup_teardown(test_crash_shows_signal_and_stderr_tail, setup, teardown),
        cmocka_unit_test_setup_teardown(test_summary_table_aligns_units_and_counts_failures,
                                        setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
