/* test_export.c - the report formats on a fixed report (harness/report/export*.c, report_html*.c):
 * CSV quoting and exact text, the JSON layout read back and written in parts, the markdown table,
 * hyperfine's layout, the trace's processes and tracks, the HTML page's lanes and texts, and files
 * written whole or not at all. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/export.h"
#include "measure/stats.h"

static char *capture(int (*write)(const gb_report *, FILE *, gb_error *), const gb_report *rep)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    gb_error err;

    assert_non_null(f);
    assert_int_equal(write(rep, f, &err), 0);
    fclose(f);
    return buf;
}

static char *field(const char *s)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);

    gb_csv_field(f, s);
    fclose(f);
    return buf;
}

static void test_csv_quotes_only_what_needs_quoting(void **state)
{
    const char *cases[][2] = {
        {"plain", "plain"},
        {"a,b", "\"a,b\""},
        {"say \"hi\"", "\"say \"\"hi\"\"\""},
        {"two\nlines", "\"two\nlines\""},
        {"cr\r", "\"cr\r\""},
        {"", ""},
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = field(cases[i][0]);
        assert_string_equal(got, cases[i][1]);
        free(got);
    }
}

/* A report of two scenarios: "a,b" measured (1 warmup + 1 run, two threads), and
 * "boom" which crashed before any run. */
typedef struct fixture {
    gb_scenario sa, sb;
    gb_thread_spec threads[2];
    gb_report rep;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    gb_run run;

    f->threads[0].label = "t1";
    f->threads[1].label = "second";
    f->sa.name = "a,b";
    f->sa.file = "a.json";
    f->sa.description = "";
    f->sa.threads = f->threads;
    f->sa.nthreads = 2;
    f->sa.runs = 1;
    f->sa.warmup = 1;
    f->sa.expect.verdict = GB_VERDICT_SERIAL;
    f->sa.expect.ratio_min = f->sa.expect.ratio_max = NAN;
    f->sb = f->sa;
    f->sb.name = "boom";
    f->sb.file = "b.json";
    f->sb.nthreads = 1;
    f->sb.expect.verdict = GB_VERDICT_NONE;
    f->sb.expect.crash = 1;

    f->rep.metadata = json_pack("{s:s}", "hostname", "test");
    f->rep.nresults = 2;
    f->rep.results = calloc(2, sizeof *f->rep.results);
    f->rep.results[0].scenario = &f->sa;
    f->rep.results[1].scenario = &f->sb;
    for (int i = 0; i < 2; i++) {
        memset(&run, 0, sizeof run);
        run.index = i;
        run.warmup = i == 0;
        run.wall_ns = 600000000;
        run.user_ns = 599000000;
        run.sys_ns = 1000000;
        run.nthreads = 2;
        run.threads = calloc(2, sizeof *run.threads);
        run.threads[0] = (gb_thread_times){0,         1000,      300000000,       300001000,
                                           299000000, 300001500, .gil_wait_ns = 0};
        run.threads[1] = (gb_thread_times){300002000, 300003000, 600000000,       600000000,
                                           297000000, 300003500, .gil_wait_ns = 0};
        gb_run_analyse(&run, 2);
        gb_result_add_run(&f->rep.results[0], &run);
    }
    gb_result_summarise(&f->rep.results[0]);
    f->rep.results[0].baseline_ratio = NAN;
    f->rep.results[1].status = GB_STATUS_CRASHED;
    f->rep.results[1].term_signal = 6;
    f->rep.results[1].exit_status = -1;
    f->rep.results[1].message = strdup("killed by SIGABRT: Fatal Python error: x");
    f->rep.results[1].stderr_tail = strdup("Fatal Python error: x\nline \"2\"");
    f->rep.results[1].baseline_ratio = NAN;
    gb_result_summarise(&f->rep.results[1]);
    gb_results_check(f->rep.results, 2);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;

    gb_report_clear(&f->rep);
    free(f);
    return 0;
}

static void test_runs_csv_is_exact(void **state)
{
    fixture *f = *state;
    char *csv = capture(gb_export_csv_runs, &f->rep);

    assert_string_equal(
        csv, "scenario,run,warmup,wall_s,user_s,sys_s,parallelism,overlap_share,serial_score,"
             "verdict,threads,measure,instructions,cycles\r\n"
             "\"a,b\",1,1,0.600000000,0.599000000,0.001000000,1.000000000,0.000000000,"
             "1.000000000,serial,2,wall,,\r\n"
             "\"a,b\",2,0,0.600000000,0.599000000,0.001000000,1.000000000,0.000000000,"
             "1.000000000,serial,2,wall,,\r\n");
    free(csv);
}

/* Spreadsheets read 9.7853e-05 as text in some locales and show it unlike the times:
 * every number is written with fixed decimals, never an exponent; warmup is 0 or 1. */
static void test_csv_numbers_have_fixed_decimals_and_warmup_is_0_or_1(void **state)
{
    fixture *f = *state;
    gb_result *r = &f->rep.results[0];
    char *runs, *summary;

    r->runs[1].serial_score = 9.7853e-05;
    r->runs[1].parallelism = 12.5;
    r->serial_score = 9.7853e-05;
    r->parallelism.median = 1e-7;
    r->baseline_ratio = 2.5e-5;
    runs = capture(gb_export_csv_runs, &f->rep);
    summary = capture(gb_export_csv_summary, &f->rep);
    assert_non_null(strstr(runs, "\"a,b\",1,1,"));
    assert_non_null(strstr(runs, "\"a,b\",2,0,0.600000000,0.599000000,0.001000000,12.500000000,"
                                 "0.000000000,0.000097853,serial,2,wall,,\r\n"));
    assert_non_null(strstr(summary, ",0.000000100,0.000000000,0.000097853,,0.000025000,"));
    assert_null(strstr(runs, "e-"));
    assert_null(strstr(summary, "e-"));
    free(runs);
    free(summary);
}

static void test_threads_csv_has_a_row_per_thread_and_run_with_the_waits(void **state)
{
    fixture *f = *state;
    char *csv = capture(gb_export_csv_threads, &f->rep);
    const char *second = strstr(csv, "\"a,b\",2,0,second,");

    assert_non_null(second);
    assert_string_equal(strstr(csv, "\"a,b\",2,0,second,"),
                        "\"a,b\",2,0,second,0.300002000,0.300003500,0.300003000,0.600000000,"
                        "0.600000000,0.297000000,0.000001000,0.000000000,,,,,,\r\n");
    /* the evidence of the GIL, empty here (a run from before it), has its columns */
    assert_non_null(strstr(csv, "wait_gil_s,gil_wait_s,gil_waits,gil_held_share,run_delay_s,"
                                "instructions,cycles\r\n"));
    free(csv);
}

static void test_summary_csv_keeps_a_row_for_a_crashed_scenario(void **state)
{
    fixture *f = *state;
    char *csv = capture(gb_export_csv_summary, &f->rep);
    char *line2 = strstr(csv, "\r\n") + 2;
    char *line3 = strstr(line2, "\r\n") + 2;

    assert_string_equal(line3, "boom,b.json,expected_crash,,crash,0,,,,,,,,,,,,,,,0,,"
                               "killed by SIGABRT: Fatal Python error: x,wall,,,\r\n");
    assert_memory_equal(line2, "\"a,b\",a.json,ok,serial,serial,1,0.600000000,", 43);
    free(csv);
}

static void test_json_report_reads_back_with_nulls_for_missing_figures(void **state)
{
    fixture *f = *state;
    char *text = capture(gb_export_json, &f->rep);
    json_error_t jerr;
    json_t *doc = json_loads(text, 0, &jerr), *a, *b, *run0;

    assert_non_null(doc);
    assert_int_equal(json_integer_value(json_object_get(doc, "schema_version")), GB_SCHEMA_VERSION);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(doc, "metadata"), "hostname")), "test");
    a = json_array_get(json_object_get(doc, "scenarios"), 0);
    b = json_array_get(json_object_get(doc, "scenarios"), 1);
    assert_string_equal(json_string_value(json_object_get(a, "status")), "ok");
    assert_int_equal(json_array_size(json_object_get(a, "runs")), 2);
    run0 = json_array_get(json_object_get(a, "runs"), 0);
    assert_true(json_is_true(json_object_get(run0, "warmup")));
    assert_int_equal(json_integer_value(json_object_get(
                         json_array_get(json_object_get(run0, "threads"), 1), "wait_start_ns")),
                     1000);
    assert_true(json_is_null(json_object_get(json_object_get(a, "summary"), "baseline_ratio")));
    assert_string_equal(json_string_value(json_object_get(b, "status")), "expected_crash");
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(b, "worker"), "signal_name")), "SIGABRT");
    assert_true(json_is_null(
        json_object_get(json_object_get(json_object_get(b, "summary"), "wall_s"), "median")));
    json_decref(doc);
    free(text);
}

static void test_json_keeps_a_scenario_with_bad_utf8_or_no_scenario(void **state)
{
    fixture *f = *state;
    gb_result *r = &f->rep.results[1];
    char *text;
    json_t *doc, *b, *worker;
    json_error_t jerr;

    /* the worker's stderr tail cut inside a two-byte character, a stray byte; no scenario */
    free(r->stderr_tail);
    r->stderr_tail = strdup("caf\xc3\xa9 \xff end \xc3");
    r->scenario = NULL;
    text = capture(gb_export_json, &f->rep);
    doc = json_loads(text, 0, &jerr);
    assert_non_null(doc);
    assert_int_equal(json_array_size(json_object_get(doc, "scenarios")), 2);
    b = json_array_get(json_object_get(doc, "scenarios"), 1);
    assert_string_equal(json_string_value(json_object_get(b, "name")), "?");
    worker = json_object_get(b, "worker");
    assert_string_equal(json_string_value(json_object_get(worker, "stderr_tail")),
                        "caf\xc3\xa9 \xef\xbf\xbd end \xef\xbf\xbd");
    json_decref(doc);
    free(text);
}

/* The JSON report is written a run at a time: byte for byte the one document it used to be
 * dumped as, with runs, without runs, with a sweep after the runs, and with no scenario. */
static void test_json_written_in_parts_is_the_whole_document(void **state)
{
    fixture *f = *state;
    gb_report empty = {NULL, NULL, 0};
    const gb_report *reps[] = {&f->rep, &empty};

    f->rep.results[0].sweep = json_pack("{s:s,s:{s:i}}", "base", "a", "params", "k", 1);
    for (size_t i = 0; i < 2; i++) {
        char *parts = capture(gb_export_json, reps[i]), *whole = NULL;
        size_t len = 0;
        FILE *out = open_memstream(&whole, &len);
        json_t *doc = gb_report_to_json(reps[i]);

        assert_non_null(doc);
        assert_int_equal(json_dumpf(doc, out, JSON_INDENT(2) | JSON_REAL_PRECISION(10)), 0);
        fputc('\n', out);
        fclose(out);
        json_decref(doc);
        assert_string_equal(parts, whole);
        free(parts);
        free(whole);
    }
}

static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;

    while ((e = readdir(d)) != NULL)
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

static void test_files_are_written_whole_or_not_at_all(void **state)
{
    fixture *f = *state;
    char dir[] = "/tmp/gb-export-XXXXXX", path[256], blocked[256];
    gb_error err;
    FILE *fp;

    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/sub/dir/r.json", dir);
    assert_int_equal(gb_export_to_path(gb_exporter_find("json"), &f->rep, path, &err), 0);
    snprintf(path, sizeof path, "%s/sub/dir", dir);
    assert_int_equal(count_entries(path), 1); /* no temporary file left */

    /* a path under a regular file cannot be written: clear error, nothing left behind */
    snprintf(blocked, sizeof blocked, "%s/file", dir);
    fp = fopen(blocked, "w");
    fclose(fp);
    snprintf(path, sizeof path, "%s/file/r.csv", dir);
    assert_int_equal(gb_export_to_path(gb_exporter_find("csv"), &f->rep, path, &err), -1);
    assert_non_null(strstr(err.message, path));
    assert_int_equal(count_entries(dir), 2);

    snprintf(path, sizeof path, "rm -rf %s", dir);
    assert_int_equal(system(path), 0);
}

/* ---- the views: markdown, hyperfine, trace, HTML ------------------------------------- */

static void test_markdown_is_a_table_with_a_row_per_scenario(void **state)
{
    fixture *f = *state;
    char *text = capture(gb_export_markdown, &f->rep);

    assert_non_null(strstr(text, "| Scenario | Median | σ | Min … Max | Runs | CPU/wall | Verdict |"
                                 " Expected | vs baseline | Status |\n|:---|"));
    assert_non_null(strstr(text, "\n| a,b | 600.0 ms | 0.0 ms | 600.0 … 600.0 ms | 1 | 1.00 | "
                                 "serial | serial | - | ok |\n"));
    assert_non_null(
        strstr(text, "\n| boom | - | - | - | 0 | - | - | crash | - | expected_crash |\n"));
    assert_non_null(strstr(text, "2 scenarios: 2 ok, 0 failed."));
    /* the message is escaped: no raw markdown from a worker's text */
    assert_non_null(strstr(text, "- **boom** (expected_crash): killed by SIGABRT"));
    free(text);
}

/* The fixture with "boom" crashed, not as expected, through write, parsed. */
static json_t *with_a_crash(fixture *f, int (*write)(const gb_report *, FILE *, gb_error *))
{
    json_error_t jerr;
    char *text;
    json_t *doc;

    f->rep.results[1].status = GB_STATUS_CRASHED;
    text = capture(write, &f->rep);
    doc = json_loads(text, 0, &jerr);
    free(text);
    assert_non_null(doc);
    return doc;
}

/* A scenario with no run keeps its benchmark, with "failed" and no latency. */
static void test_bencher_has_every_scenario_and_its_failed_status(void **state)
{
    json_t *doc = with_a_crash(*state, gb_export_bencher), *lat;

    assert_int_equal(json_object_size(doc), 2);
    lat = json_object_get(json_object_get(doc, "a,b"), "latency");
    assert_true(fabs(json_number_value(json_object_get(lat, "value")) - 6e8) < 1);
    assert_true(json_number_value(json_object_get(lat, "lower_value")) <=
                json_number_value(json_object_get(lat, "value")));
    assert_true(json_number_value(json_object_get(
                    json_object_get(json_object_get(doc, "a,b"), "failed"), "value")) == 0);
    assert_int_equal(json_object_size(json_object_get(doc, "boom")), 1);
    assert_true(json_number_value(json_object_get(
                    json_object_get(json_object_get(doc, "boom"), "failed"), "value")) == 1);
    json_decref(doc);
}

/* The measured scenario in seconds, and always an entry that counts and names failures. */
static void test_github_benchmark_counts_and_names_the_failed_scenarios(void **state)
{
    json_t *doc = with_a_crash(*state, gb_export_github_benchmark), *last;

    assert_int_equal(json_array_size(doc), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(doc, 0), "name")), "a,b");
    assert_string_equal(json_string_value(json_object_get(json_array_get(doc, 0), "unit")), "s");
    assert_true(fabs(json_number_value(json_object_get(json_array_get(doc, 0), "value")) - 0.6) <
                1e-9);
    last = json_array_get(doc, 1);
    assert_string_equal(json_string_value(json_object_get(last, "name")), "failed scenarios");
    assert_int_equal(json_integer_value(json_object_get(last, "value")), 1);
    assert_non_null(strstr(json_string_value(json_object_get(last, "extra")), "boom: crashed"));
    json_decref(doc);
}

static void test_hyperfine_has_its_keys_in_seconds_and_skips_what_never_ran(void **state)
{
    fixture *f = *state;
    char *text = capture(gb_export_hyperfine, &f->rep);
    json_error_t jerr;
    json_t *doc = json_loads(text, 0, &jerr), *results, *r;
    const char *keys[] = {"command", "mean", "stddev", "median", "user",
                          "system",  "min",  "max",    "times",  "exit_codes"};

    assert_non_null(doc);
    assert_int_equal(json_object_size(doc), 1);
    results = json_object_get(doc, "results");
    assert_int_equal(json_array_size(results), 1); /* "boom" has no run */
    r = json_array_get(results, 0);
    assert_int_equal(json_object_size(r), 10);
    for (size_t i = 0; i < 10; i++)
        assert_non_null(json_object_get(r, keys[i]));
    assert_string_equal(json_string_value(json_object_get(r, "command")), "a,b");
    assert_float_equal(json_real_value(json_object_get(r, "median")), 0.6, 1e-12);
    assert_float_equal(json_real_value(json_object_get(r, "user")), 0.599, 1e-12);
    assert_true(json_is_null(json_object_get(r, "stddev"))); /* one run, as hyperfine */
    assert_int_equal(json_array_size(json_object_get(r, "times")), 1);
    assert_int_equal(json_integer_value(json_array_get(json_object_get(r, "exit_codes"), 0)), 0);
    assert_null(json_object_get(r, "parameters"));
    json_decref(doc);
    free(text);
}

static void test_hyperfine_parameters_come_from_the_sweep(void **state)
{
    fixture *f = *state;
    char *text;
    json_t *doc, *params;
    json_error_t jerr;

    f->rep.results[0].sweep =
        json_pack("{s:s,s:{s:i,s:s}}", "base", "scaling", "params", "threads", 4, "gil", "hold");
    text = capture(gb_export_hyperfine, &f->rep);
    doc = json_loads(text, 0, &jerr);
    params = json_object_get(json_array_get(json_object_get(doc, "results"), 0), "parameters");
    assert_string_equal(json_string_value(json_object_get(params, "threads")), "4");
    assert_string_equal(json_string_value(json_object_get(params, "gil")), "hold");
    json_decref(doc);
    free(text);
}

static void test_trace_has_a_process_per_run_and_a_track_per_thread(void **state)
{
    fixture *f = *state;
    char *text = capture(gb_export_trace, &f->rep);
    json_error_t jerr;
    json_t *doc = json_loads(text, 0, &jerr), *ev, *e;
    size_t i, processes = 0, threads = 0, working = 0, blocked = 0;

    assert_non_null(doc);
    ev = json_object_get(doc, "traceEvents");
    json_array_foreach(ev, i, e)
    {
        const char *name = json_string_value(json_object_get(e, "name"));
        const char *ph = json_string_value(json_object_get(e, "ph"));

        processes += strcmp(ph, "M") == 0 && strcmp(name, "process_name") == 0;
        threads += strcmp(ph, "M") == 0 && strcmp(name, "thread_name") == 0;
        if (strcmp(ph, "X") == 0 && strcmp(name, "working") == 0) {
            working++;
            if (json_integer_value(json_object_get(e, "tid")) == 2) /* t1: 1 us .. 300 ms */
                assert_float_equal(json_real_value(json_object_get(e, "dur")), 299999.0, 1e-6);
        }
        blocked += strncmp(name, "blocked in start()", 18) == 0;
    }
    assert_int_equal(processes, 2);   /* warmup and measured run of "a,b"; "boom" ran none */
    assert_int_equal(threads, 2 * 3); /* main, t1, second */
    assert_int_equal(working, 4);
    assert_int_equal(blocked, 4);
    assert_string_equal(json_string_value(json_object_get(doc, "displayTimeUnit")), "ms");
    json_decref(doc);
    free(text);
}

static size_t occurrences(const char *text, const char *what)
{
    size_t n = 0;

    for (const char *p = text; (p = strstr(p, what)) != NULL; p += strlen(what))
        n++;
    return n;
}

static void test_html_is_one_page_with_a_lane_per_thread_and_text_for_each_chart(void **state)
{
    fixture *f = *state;
    char *text;

    f->sa.description = "<script>alert(1)</script> & co";
    text = capture(gb_export_html, &f->rep);
    assert_non_null(strstr(text, "<!DOCTYPE html>"));
    assert_non_null(strstr(text, "</html>\n"));
    assert_null(strstr(text, "<script"));
    assert_non_null(strstr(text, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"));
    assert_null(strstr(text, "http"));
    /* "a,b": main (blocked in start() of "second" for 300 ms) + two threads */
    assert_int_equal(occurrences(text, "<g class=\"lane\">"), 3);
    assert_int_equal(occurrences(text, "<svg class=\"chart timeline\""), 1);
    assert_int_equal(occurrences(text, "<svg class=\"chart boxplot\""), 2); /* all + "a,b" */
    assert_int_equal(occurrences(text, "role=\"img\""), occurrences(text, "<desc id="));
    assert_non_null(strstr(text, "t1 workload: working from 0.0 to 300.0 ms (300.0 ms)"));
    assert_non_null(strstr(text, "@media (prefers-color-scheme:dark)"));
    assert_non_null(strstr(text, "@media print"));
    assert_non_null(strstr(text, "<span class=\"badge ok\">expected_<wbr>crash</span>"));
    assert_null(strstr(text, "class=\"chart scaling\"")); /* no sweep here */
    /* the CSV and the hyperfine layout have means: the page says which these are */
    assert_non_null(strstr(text, "<dt>User / system CPU (medians)</dt>"));
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_quotes_only_what_needs_quoting),
        cmocka_unit_test_setup_teardown(test_runs_csv_is_exact, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv_numbers_have_fixed_decimals_and_warmup_is_0_or_1,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_threads_csv_has_a_row_per_thread_and_run_with_the_waits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_summary_csv_keeps_a_row_for_a_crashed_scenario, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_json_report_reads_back_with_nulls_for_missing_figures,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_json_keeps_a_scenario_with_bad_utf8_or_no_scenario,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_json_written_in_parts_is_the_whole_document, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_markdown_is_a_table_with_a_row_per_scenario, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_bencher_has_every_scenario_and_its_failed_status,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_github_benchmark_counts_and_names_the_failed_scenarios,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_hyperfine_has_its_keys_in_seconds_and_skips_what_never_ran, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hyperfine_parameters_come_from_the_sweep, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_trace_has_a_process_per_run_and_a_track_per_thread,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_html_is_one_page_with_a_lane_per_thread_and_text_for_each_chart, setup, teardown),
        cmocka_unit_test_setup_teardown(test_files_are_written_whole_or_not_at_all, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
