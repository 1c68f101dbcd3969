/* test_output.c - what a person sees (harness/term/output.c), compared as exact text on results
 * filled by hand, as hyperfine tests its exporters: no clock, no terminal, no statistics
 * code (stats.c is not called: every summary, verdict and score is set here). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "term/output.h"
#include "util/signals.h"

#define MS 1000000LL

static const gb_output_opts ascii = {0, 20, 0};
static const gb_output_opts unicode = {0, 20, 1};

static gb_thread_spec fib_hold = {
    GB_THREAD_WORKLOAD, "t1", "fibonacci", GB_GIL_HOLD, NULL, NULL, NULL, NULL};
static gb_thread_spec fib_release = {
    GB_THREAD_WORKLOAD, "t2", "fibonacci", GB_GIL_RELEASE, NULL, NULL, NULL, NULL};

/* ---- helpers ------------------------------------------------------------------------- */

typedef struct capture {
    FILE *out;
    char *buf;
    size_t len;
} capture;

static FILE *capture_open(capture *c)
{
    memset(c, 0, sizeof *c);
    c->out = open_memstream(&c->buf, &c->len);
    assert_non_null(c->out);
    return c->out;
}

/* Close the stream and return what was written (owned by c). */
static const char *capture_text(capture *c)
{
    fclose(c->out);
    c->out = NULL;
    return c->buf;
}

static gb_summary summary(size_t n, double median, double stddev, double min, double max)
{
    gb_summary s = {n, median, median, stddev, min, max};
    return s;
}

static gb_scenario scenario(const char *name, gb_thread_spec *threads, size_t nthreads)
{
    gb_scenario s;

    memset(&s, 0, sizeof s);
    s.name = (char *)name;
    s.description = "";
    s.threads = threads;
    s.nthreads = nthreads;
    s.runs = 5;
    s.max_runs = 5;
    s.warmup = 1;
    s.timeout = 60;
    s.expect.ratio_min = s.expect.ratio_max = NAN;
    return s;
}

/* A result with no runs, only a status: what a crash, an error or a skip leaves. */
static gb_result status_result(const gb_scenario *s, gb_status st, const char *message)
{
    gb_result r;

    memset(&r, 0, sizeof r);
    r.scenario = s;
    r.status = st;
    r.baseline_ratio = NAN;
    r.serial_score = NAN;
    r.exit_status = -1;
    r.message = message ? strdup(message) : NULL;
    r.wall = r.user = r.sys = summary(0, NAN, NAN, NAN, NAN);
    return r;
}

/* gil+nogil, the serial case: t1 holds the GIL for 306 ms while t2 waits to start; t2
 * then works and waits 18 ms (about 3 %) for the GIL back at the end. */
static void add_serial_run(gb_result *r, int index, int warmup, int64_t wall_ms)
{
    gb_run run;

    memset(&run, 0, sizeof run);
    run.index = index;
    run.warmup = warmup;
    run.nthreads = 2;
    run.threads = calloc(2, sizeof *run.threads);
    assert_non_null(run.threads);
    run.threads[0] = (gb_thread_times){0, 0, 306 * MS, 306 * MS, 306 * MS, 0, .gil_wait_ns = 0};
    run.threads[1] = (gb_thread_times){
        0, 306 * MS, (wall_ms - 18) * MS, wall_ms * MS, (wall_ms - 324) * MS, 0, .gil_wait_ns = 0};
    run.wall_ns = wall_ms * MS;
    assert_int_equal(gb_result_add_run(r, &run), 0);
}

static gb_thread_spec serial_threads[2];

static void serial_result(gb_scenario *s, gb_result *r)
{
    const int64_t walls[] = {650, 607, 612, 618, 611, 614}; /* the first is the warmup */

    serial_threads[0] = fib_hold;
    serial_threads[1] = fib_release;
    *s = scenario("gil+nogil", serial_threads, 2);
    s->description = "the first thread holds the GIL";
    s->baseline = "gil";
    s->expect.verdict = GB_VERDICT_SERIAL;
    *r = status_result(s, GB_STATUS_OK, NULL);
    for (int i = 0; i < 6; i++)
        add_serial_run(r, i, i == 0, walls[i]);
    r->wall = summary(5, 0.6123, 0.0041, 0.6079, 0.6184);
    r->user = summary(5, 0.6102, 0, 0.6, 0.62);
    r->sys = summary(5, 0.0013, 0, 0.001, 0.002);
    r->parallelism = summary(5, 1.0, 0, 1, 1);
    r->overlap_share = summary(5, 0.0, 0, 0, 0);
    r->median_lo = 0.609;
    r->median_hi = 0.615;
    r->outliers = 1;
    r->stop_reason = strdup("precision");
    r->serial_score = 0.99;
    r->verdict = GB_VERDICT_SERIAL;
    r->baseline_ratio = 2.01;
}

/* ---- a scenario's block -------------------------------------------------------------- */

static void test_a_serial_result_in_ascii_shows_the_whole_block(void **state)
{
    gb_scenario s;
    gb_result r;
    capture c;

    (void)state;
    serial_result(&s, &r);
    gb_output_result(capture_open(&c), &r, &ascii);
    assert_string_equal(
        capture_text(&c),
        "  Time (median +- sd):   612.3 ms +- 4.1 ms    [User: 610.2 ms, System: 1.3 ms "
        "(medians)]\n"
        "  Range (min ... max):   607.9 ms ... 618.4 ms    5 runs, 1 warmup\n"
        "  Median 95% CI:         609.0 ms ... 615.0 ms   +-0.5 %   1 outlier   (precision "
        "reached)\n"
        "  Parallelism:           1.00 CPU/wall   overlap 0 %   serial score 0.99\n"
        "  Verdict:               serial   (expected serial)\n"
        "  Baseline:              2.01 x gil\n"
        "  Timeline (run 2, nearest the median, 612.0 ms):\n"
        "    t1 fibonacci hold    |##########          |\n"
        "    t2 fibonacci release |----------#########=|\n"
        "                          # working  - waiting to start  = waiting for the GIL back\n"
        "\n");
    free(c.buf);
    gb_result_clear(&r);
}

static void test_unicode_mode_draws_blocks_and_plus_minus(void **state)
{
    gb_scenario s;
    gb_result r;
    capture c;
    const char *text;

    (void)state;
    serial_result(&s, &r);
    gb_output_result(capture_open(&c), &r, &unicode);
    text = capture_text(&c);
    assert_non_null(strstr(text, "  Time (median ± σ):     612.3 ms ± 4.1 ms    [User: "));
    assert_non_null(strstr(text, "  Range (min … max):     607.9 ms … 618.4 ms    5 runs"));
    assert_non_null(strstr(text, "\n    t1 fibonacci hold    |██████████          |\n"
                                 "    t2 fibonacci release |░░░░░░░░░░█████████▒|\n"
                                 "                          █ working  ░ waiting to start"
                                 "  ▒ waiting for the GIL back\n"));
    free(c.buf);
    gb_result_clear(&r);
}

static void test_no_colour_codes_unless_asked(void **state)
{
    gb_output_opts coloured = ascii;
    gb_scenario s;
    gb_result r;
    capture c;

    (void)state;
    serial_result(&s, &r);
    gb_output_result(capture_open(&c), &r, &ascii);
    assert_null(strchr(capture_text(&c), '\033'));
    free(c.buf);
    coloured.color = 1;
    gb_output_result(capture_open(&c), &r, &coloured);
    assert_non_null(strstr(capture_text(&c), "\033[1m612.3 ms\033[0m"));
    free(c.buf);
    gb_output_scenario_header(capture_open(&c), &s, 2, 7, &ascii);
    assert_string_equal(capture_text(&c), "gil+nogil [2/7] the first thread holds the GIL\n");
    free(c.buf);
    gb_output_scenario_header(capture_open(&c), &s, 2, 7, &coloured);
    assert_string_equal(capture_text(&c), "\033[1mgil+nogil\033[0m [2/7] \033[2mthe first thread "
                                          "holds the GIL\033[0m\n");
    free(c.buf);
    gb_result_clear(&r);
}

/* The first line of a one-thread result whose median and sigma are given. */
static void check_time_line(double median, double sd, const gb_output_opts *o, const char *expected)
{
    gb_thread_spec t = fib_hold;
    gb_scenario s = scenario("one", &t, 1);
    gb_result r = status_result(&s, GB_STATUS_OK, NULL);
    capture c;
    const char *text;

    r.wall = summary(1, median, sd, median, median);
    r.user = summary(1, median, 0, median, median);
    r.sys = summary(1, 0, 0, 0, 0);
    r.verdict = GB_VERDICT_SINGLE;
    gb_output_result(capture_open(&c), &r, o);
    text = capture_text(&c);
    assert_memory_equal(text, expected, strlen(expected));
    assert_int_equal(text[strlen(expected)], '\n');
    free(c.buf);
    gb_result_clear(&r);
}

static void test_units_follow_the_median_like_hyperfine(void **state)
{
    (void)state;
    check_time_line(850e-6, 12e-6, &unicode,
                    "  Time (median ± σ):     850.0 µs ± 12.0 µs    [User: 850.0 µs, System: 0.0 "
                    "µs (medians)]");
    check_time_line(850e-6, 12e-6, &ascii,
                    "  Time (median +- sd):   850.0 us +- 12.0 us    [User: 850.0 us, System: 0.0 "
                    "us (medians)]");
    /* sigma stays in the median's unit even when it is smaller */
    check_time_line(
        0.0123, 0.0004, &ascii,
        "  Time (median +- sd):   12.3 ms +- 0.4 ms    [User: 12.3 ms, System: 0.0 ms (medians)]");
    check_time_line(1.5, 0.012, &ascii,
                    "  Time (median +- sd):   1.500 s +- 0.012 s    [User: 1.500 s, System: 0.000 "
                    "s (medians)]");
}

/* ---- the timeline -------------------------------------------------------------------- */

/* One thread that works from 0 to done_ns and waits for the GIL until return_ns, on a
 * wall of 1000 ns drawn in 20 cells of 50 ns; returns the bar between the '|'. */
static char *one_lane(int64_t done_ns, int64_t return_ns)
{
    gb_run run;
    capture c;
    const char *text, *bar;
    char *copy;

    memset(&run, 0, sizeof run);
    run.nthreads = 1;
    run.threads = calloc(1, sizeof *run.threads);
    assert_non_null(run.threads);
    run.threads[0] = (gb_thread_times){0, 0, done_ns, return_ns, done_ns, 0, .gil_wait_ns = 0};
    run.wall_ns = 1000;
    gb_output_timeline(capture_open(&c), &run, NULL, &ascii);
    text = capture_text(&c);
    bar = strchr(text, '|');
    assert_non_null(bar);
    copy = strndup(bar, strcspn(bar + 1, "\n") + 1);
    free(c.buf);
    free(run.threads);
    return copy;
}

static void test_a_3_percent_wait_still_gets_one_cell(void **state)
{
    char *bar;

    (void)state;
    /* 935..965: 15 ns in cell 18 (work has 35) and 15 ns in cell 19 (blank has 35), so it
     * wins no cell by itself; being 3 % of the wall, it is shown in the cell it starts in */
    bar = one_lane(935, 965);
    assert_string_equal(bar, "|##################= |");
    free(bar);
    /* 1 %: too short to be worth a cell */
    bar = one_lane(935, 945);
    assert_string_equal(bar, "|################### |");
    free(bar);
    /* a wait longer than half a cell wins its cells on its own */
    bar = one_lane(800, 1000);
    assert_string_equal(bar, "|################====|");
    free(bar);
}

static void test_with_the_evidence_a_lane_shows_holding_waiting_and_running_without(void **state)
{
    gb_gil_event events[] = {{0, 0, GB_GIL_HELD},      {250, 0, GB_GIL_RELEASED},
                             {350, 0, GB_GIL_BLOCKED}, {500, 0, GB_GIL_WAITING},
                             {700, 0, GB_GIL_WOKEN},   {750, 0, GB_GIL_HELD}};
    gb_run run;
    capture c;
    const char *text;

    (void)state;
    memset(&run, 0, sizeof run);
    run.nthreads = 1;
    run.threads = calloc(1, sizeof *run.threads);
    assert_non_null(run.threads);
    run.threads[0] = (gb_thread_times){0, 0, 1000, 1000, 1000, 0, .gil_wait_ns = 200};
    run.wall_ns = 1000;
    run.evidence = GB_EVIDENCE_GIL;
    run.gil_events = events;
    run.ngil_events = 6;
    gb_output_timeline(capture_open(&c), &run, NULL, &ascii);
    text = capture_text(&c);
    /* 20 cells of 50 ns: held 0-250, without 250-350, blocked elsewhere 350-500, waiting
     * 500-700, woken 700-750 */
    assert_non_null(strstr(text, "|#####oo___====.#####|"));
    assert_non_null(strstr(text, "# holds the GIL  o runs without it  _ blocked elsewhere (sleep, "
                                 "I/O)  = waits for the GIL"));
    free(c.buf);
    free(run.threads);
}

static void test_timeline_of_nothing_prints_nothing(void **state)
{
    gb_run run;
    capture c;

    (void)state;
    memset(&run, 0, sizeof run);
    run.nthreads = 2; /* threads missing, wall zero: nothing to draw, and no crash */
    gb_output_timeline(capture_open(&c), &run, NULL, &ascii);
    assert_string_equal(capture_text(&c), "");
    free(c.buf);
}

/* ---- status lines -------------------------------------------------------------------- */

static void check_status(const gb_result *r, const gb_output_opts *o, const char *expected)
{
    capture c;

    gb_output_result(capture_open(&c), r, o);
    assert_string_equal(capture_text(&c), expected);
    free(c.buf);
}

static void test_a_crash_names_the_signal_and_shows_the_stderr_tail(void **state)
{
    gb_thread_spec t = {
        GB_THREAD_WORKLOAD, "t1", "double_release", GB_GIL_RELEASE, NULL, NULL, NULL, NULL};
    gb_scenario s = scenario("double-release", &t, 1);
    gb_result r = status_result(&s, GB_STATUS_CRASHED, NULL);

    (void)state;
    r.term_signal = SIGABRT;
    r.stderr_tail = strdup("line 1\nline 2\nFatal Python error: PyEval_SaveThread\nPython "
                           "runtime state: initialized\n\nCurrent thread 0x1 (most recent call "
                           "first):\n");
    check_status(&r, &ascii,
                 "  x crashed: killed by SIGABRT (exit status -, 0 of 6 runs completed)\n"
                 "    line 2\n"
                 "    Fatal Python error: PyEval_SaveThread\n"
                 "    Python runtime state: initialized\n"
                 "\n"
                 "    Current thread 0x1 (most recent call first):\n"
                 "\n");
    /* the runner's message is preferred when there is one */
    r.message = strdup("killed by SIGSEGV: Fatal Python error: Segmentation fault");
    free(r.stderr_tail);
    r.stderr_tail = NULL;
    check_status(&r, &unicode,
                 "  ✗ crashed: killed by SIGSEGV: Fatal Python error: Segmentation fault "
                 "(exit status -, 0 of 6 runs completed)\n\n");
    r.status = GB_STATUS_EXPECTED_CRASH;
    free(r.message);
    r.message = NULL;
    check_status(&r, &unicode, "  ✓ crashed as expected: killed by SIGABRT\n\n");
    gb_result_clear(&r);
}

static void test_other_statuses_say_one_line(void **state)
{
    gb_thread_spec t = fib_hold;
    gb_scenario s = scenario("x", &t, 1);
    gb_result r = status_result(&s, GB_STATUS_TIMEOUT, NULL);

    (void)state;
    s.timeout = 2.5;
    check_status(&r, &unicode, "  ✗ timed out after 2.5 s: worker killed\n\n");
    r.status = GB_STATUS_ERROR;
    r.message = strdup("ZeroDivisionError: division by zero");
    check_status(&r, &ascii, "  x error: ZeroDivisionError: division by zero\n\n");
    r.status = GB_STATUS_EXPECTATION_FAILED;
    check_status(&r, &unicode, "  ✗ expectation failed: ZeroDivisionError: division by zero\n\n");
    r.status = GB_STATUS_INTERRUPTED;
    free(r.message);
    r.message = NULL;
    check_status(&r, &ascii, "  interrupted after 0 runs\n\n");
    gb_result_clear(&r);
    assert_string_equal(gb_signal_name(SIGSEGV), "SIGSEGV");
    assert_null(gb_signal_name(0));
}

/* ---- the summary --------------------------------------------------------------------- */

static void test_summary_aligns_units_and_counts_failures(void **state)
{
    gb_thread_spec t = fib_hold;
    gb_scenario s[4] = {scenario("gil", &t, 1), scenario("gil+gil", &t, 1),
                        scenario("double-release", &t, 1), scenario("µ-short", &t, 1)};
    gb_report rep;
    gb_result r[4];
    capture c;

    (void)state;
    s[1].baseline = "gil";
    r[0] = status_result(&s[0], GB_STATUS_OK, NULL);
    r[0].wall = summary(5, 0.3036, 0.0039, 0.3, 0.31);
    r[0].verdict = GB_VERDICT_SINGLE;
    r[1] = status_result(&s[1], GB_STATUS_EXPECTATION_FAILED, "expected parallel, got serial");
    r[1].wall = summary(5, 1.2341, 0.0123, 1.2, 1.3);
    r[1].verdict = GB_VERDICT_SERIAL;
    r[1].baseline_ratio = 4.066;
    r[2] = status_result(&s[2], GB_STATUS_CRASHED, "killed by SIGABRT");
    r[3] = status_result(&s[3], GB_STATUS_EXPECTED_CRASH, NULL);
    r[3].wall = summary(3, 850e-6, 12e-6, 800e-6, 900e-6);
    r[3].verdict = GB_VERDICT_SINGLE;
    memset(&rep, 0, sizeof rep);
    rep.results = r;
    rep.nresults = 4;
    gb_output_summary(capture_open(&c), &rep, &unicode);
    assert_string_equal(capture_text(&c),
                        "Summary\n"
                        "  scenario              median       sigma  verdict    vs baseline"
                        "       status\n"
                        "  gil                 303.6 ms      3.9 ms  single     -          "
                        "       ok\n"
                        "  gil+gil              1.234 s     0.012 s  serial     4.07 x gil "
                        "       FAILED: expectation\n"
                        "  double-release             -           -  -          -          "
                        "       FAILED: crashed\n"
                        "  µ-short             850.0 µs     12.0 µs  single     -          "
                        "       crashed (expected)\n"
                        "  4 scenarios: 2 ok, 2 failed\n");
    free(c.buf);
    for (int i = 0; i < 4; i++)
        gb_result_clear(&r[i]);
}

/* ---- the environment ----------------------------------------------------------------- */

static int unicode_for(const char *lc_all, const char *lang)
{
    gb_output_opts o;
    FILE *f = tmpfile();

    assert_non_null(f);
    if (lc_all)
        setenv("LC_ALL", lc_all, 1);
    else
        unsetenv("LC_ALL");
    unsetenv("LC_CTYPE");
    setenv("LANG", lang, 1);
    memset(&o, 0xff, sizeof o);
    gb_output_opts_init(&o, f);
    fclose(f);
    assert_int_equal(o.color, 0); /* a file is not a terminal */
    assert_int_equal(o.width, 60);
    return o.unicode;
}

static void test_opts_follow_the_locale_and_the_terminal(void **state)
{
    (void)state;
    assert_int_equal(unicode_for(NULL, "en_US.UTF-8"), 1);
    assert_int_equal(unicode_for(NULL, "de_DE.utf8"), 1);
    assert_int_equal(unicode_for(NULL, "C"), 0);
    assert_int_equal(unicode_for("POSIX", "en_US.UTF-8"), 0); /* LC_ALL wins */
    assert_int_equal(unicode_for("C.UTF-8", "C"), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_serial_result_in_ascii_shows_the_whole_block),
        cmocka_unit_test(test_unicode_mode_draws_blocks_and_plus_minus),
        cmocka_unit_test(test_no_colour_codes_unless_asked),
        cmocka_unit_test(test_units_follow_the_median_like_hyperfine),
        cmocka_unit_test(test_a_3_percent_wait_still_gets_one_cell),
        cmocka_unit_test(test_with_the_evidence_a_lane_shows_holding_waiting_and_running_without),
        cmocka_unit_test(test_timeline_of_nothing_prints_nothing),
        cmocka_unit_test(test_a_crash_names_the_signal_and_shows_the_stderr_tail),
        cmocka_unit_test(test_other_statuses_say_one_line),
        cmocka_unit_test(test_summary_aligns_units_and_counts_failures),
        cmocka_unit_test(test_opts_follow_the_locale_and_the_terminal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
