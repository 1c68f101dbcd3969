/* test_report_read.c - a JSON report read back into the in-memory report
 * (harness/report/report_read.c, report_read_stream.c, report_read_file.c): what export_json
 * wrote comes back the same, from text and from a file walked a run at a time, the statistics
 * are derived again, sweeps are recognised, a bad report says where, once, and a report read
 * for a comparison keeps what compare reads and no more. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/export.h"
#include "report/report_read.h"
#include "measure/evidence.h"
#include "measure/sweep.h"
#include "measure/stats.h"

/* A report of one two-thread scenario with a warmup and two runs, as the runner fills it. */
static void make_report(gb_report *rep, gb_scenario *s, gb_thread_spec *threads)
{
    memset(rep, 0, sizeof *rep);
    memset(s, 0, sizeof *s);
    memset(threads, 0, 2 * sizeof *threads);
    threads[0] =
        (gb_thread_spec){GB_THREAD_WORKLOAD, "t1", "spin", GB_GIL_RELEASE, NULL, NULL, NULL, NULL};
    threads[1] =
        (gb_thread_spec){GB_THREAD_CALL, "worker", NULL, GB_GIL_HOLD, "m:f", NULL, NULL, NULL};
    s->name = "pair";
    s->file = "pair.json";
    s->description = "two";
    s->threads = threads;
    s->nthreads = 2;
    s->baseline = "one";
    s->expect.verdict = GB_VERDICT_PARALLEL;
    s->expect.ratio_min = s->expect.ratio_max = NAN;
    s->config =
        strdup("{\"name\": \"pair\", \"threads\": [{\"name\": \"t1\", \"workload\": "
               "\"spin\", \"gil\": \"release\"}, {\"name\": \"worker\", \"call\": \"m:f\"}], "
               "\"baseline\": \"one\", \"runs\": 2, \"warmup\": 1, \"expect\": "
               "{\"verdict\": \"parallel\", \"crash\": false}}");
    rep->metadata = json_pack("{s:s}", "hostname", "h");
    rep->results = calloc(1, sizeof *rep->results);
    rep->nresults = 1;
    rep->results[0].scenario = s;
    for (int i = 0; i < 3; i++) {
        gb_run run;

        memset(&run, 0, sizeof run);
        run.index = i;
        run.warmup = i == 0;
        run.wall_ns = 100000000 + i * 1000;
        run.user_ns = 190000000;
        run.sys_ns = 1000;
        run.canary_ns = 300000;
        run.nthreads = 2;
        run.threads = calloc(2, sizeof *run.threads);
        run.threads[0] =
            (gb_thread_times){0, 10, 99000000, 99000100, 98000000, 20, .gil_wait_ns = 0};
        run.threads[1] =
            (gb_thread_times){30, 40, 100000000, 100000000, 99000000, 50, .gil_wait_ns = 0};
        gb_run_analyse(&run, 2);
        gb_result_add_run(&rep->results[0], &run);
    }
    gb_result_summarise(&rep->results[0]);
    rep->results[0].baseline_ratio = 1.25;
    rep->results[0].exit_status = 0;
    rep->results[0].stop_reason = strdup("runs");
    rep->results[0].stderr_tail = strdup("tail");
}

static char *to_text(int (*write)(const gb_report *, FILE *, gb_error *), const gb_report *rep)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    gb_error err;

    assert_int_equal(write(rep, f, &err), 0);
    fclose(f);
    return buf;
}

/* text written to a new temporary file at path (a mkstemp template) */
static void write_file(char *path, const char *text)
{
    int fd = mkstemp(path);
    FILE *f;

    assert_true(fd >= 0);
    f = fdopen(fd, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_what_export_json_wrote_comes_back_the_same(void **state)
{
    gb_report rep;
    gb_scenario s;
    gb_thread_spec threads[2];
    gb_loaded_report lr;
    gb_error err;
    char *text, *again;
    const gb_result *r;

    (void)state;
    make_report(&rep, &s, threads);
    text = to_text(gb_export_json, &rep);
    assert_int_equal(gb_report_read_text(text, "r.json", &lr, &err), 0);
    assert_int_equal(lr.rep.nresults, 1);
    r = &lr.rep.results[0];
    assert_string_equal(r->scenario->name, "pair");
    assert_string_equal(r->scenario->baseline, "one");
    assert_int_equal(r->scenario->nthreads, 2);
    assert_string_equal(r->scenario->threads[1].label, "worker");
    assert_int_equal(r->scenario->threads[1].kind, GB_THREAD_CALL);
    assert_int_equal(r->scenario->threads[0].gil, GB_GIL_RELEASE);
    assert_int_equal(r->scenario->expect.verdict, GB_VERDICT_PARALLEL);
    assert_int_equal(r->nruns, 3);
    assert_int_equal(r->runs[2].threads[1].started_ns, 50);
    assert_int_equal(r->wall.n, 2);
    assert_float_equal(r->wall.median, rep.results[0].wall.median, 1e-15);
    assert_float_equal(r->baseline_ratio, 1.25, 1e-12);
    assert_int_equal(r->verdict, rep.results[0].verdict);
    assert_string_equal(r->stderr_tail, "tail");
    /* and written again, it is the same report */
    again = to_text(gb_export_json, &lr.rep);
    assert_string_equal(again, text);
    free(again);
    free(text);
    gb_loaded_report_clear(&lr);
    gb_loaded_report_clear(&lr); /* twice is fine */
    free(s.config);
    gb_report_clear(&rep);
}

/* The evidence of the GIL in every run of make_report's: thread 2 waited and held it. */
static void add_evidence(gb_report *rep)
{
    for (size_t i = 0; i < rep->results[0].nruns; i++) {
        gb_run *x = &rep->results[0].runs[i];

        x->evidence = GB_EVIDENCE_GIL | GB_EVIDENCE_CPU;
        x->gil_switches = 7;
        x->threads[1].gil_wait_ns = 60000000;
        x->threads[1].gil_wait_start_ns = 60000000;
        x->threads[1].gil_waits = 1;
        x->threads[1].gil_held_ns = 40000000;
        x->threads[0].run_delay_ns = 1000;
        x->threads[1].start_cpu_wait_ns = 2000;
        x->gil_events = calloc(2, sizeof *x->gil_events);
        x->gil_events[0] = (gb_gil_event){10, 0, GB_GIL_RELEASED};
        x->gil_events[1] = (gb_gil_event){40, 1, GB_GIL_HELD};
        x->ngil_events = 2;
        gb_run_analyse(x, 2);
    }
    gb_result_summarise(&rep->results[0]);
}

static void test_the_evidence_of_the_gil_comes_back_the_same(void **state)
{
    gb_report rep;
    gb_scenario s;
    gb_thread_spec threads[2];
    gb_loaded_report lr;
    gb_error err;
    char *text, *again;
    const gb_run *run;

    (void)state;
    make_report(&rep, &s, threads);
    add_evidence(&rep);
    assert_int_equal(rep.results[0].basis, GB_BASIS_GIL);
    text = to_text(gb_export_json, &rep);
    assert_int_equal(gb_report_read_text(text, "r.json", &lr, &err), 0);
    run = &lr.rep.results[0].runs[2];
    assert_int_equal(run->evidence, GB_EVIDENCE_GIL | GB_EVIDENCE_CPU);
    assert_int_equal(run->gil_switches, 7);
    assert_int_equal(run->threads[1].gil_wait_ns, 60000000);
    assert_int_equal(run->threads[1].start_cpu_wait_ns, 2000);
    assert_int_equal(run->ngil_events, 2);
    assert_int_equal(run->gil_events[1].state, GB_GIL_HELD);
    assert_int_equal(lr.rep.results[0].verdict, rep.results[0].verdict);
    assert_int_equal(lr.rep.results[0].basis, GB_BASIS_GIL);
    again = to_text(gb_export_json, &lr.rep);
    assert_string_equal(again, text);
    free(again);
    free(text);
    gb_loaded_report_clear(&lr);
    free(s.config);
    gb_report_clear(&rep);
}

static void test_a_sweep_is_known_by_its_object_or_its_name(void **state)
{
    gb_result r;
    gb_scenario s;
    json_t *params;
    char base[64];

    (void)state;
    memset(&r, 0, sizeof r);
    memset(&s, 0, sizeof s);
    r.scenario = &s;
    s.name = "nogil-scaling[gil=hold,threads=4]";
    assert_int_equal(gb_sweep_of(&r, base, sizeof base, &params), 0);
    assert_string_equal(base, "nogil-scaling");
    assert_int_equal(json_integer_value(json_object_get(params, "threads")), 4);
    assert_string_equal(json_string_value(json_object_get(params, "gil")), "hold");
    json_decref(params);
    s.name = "convoy[interval=0.005]";
    assert_int_equal(gb_sweep_of(&r, base, sizeof base, &params), 0);
    assert_float_equal(json_real_value(json_object_get(params, "interval")), 0.005, 1e-15);
    json_decref(params);
    s.name = "gil+gil";
    assert_int_equal(gb_sweep_of(&r, base, sizeof base, &params), -1);
    assert_null(params);
    s.name = "odd[nokey]";
    assert_int_equal(gb_sweep_of(&r, base, sizeof base, &params), -1);
    r.sweep = json_pack("{s:s,s:{s:i}}", "base", "b", "params", "threads", 2);
    assert_int_equal(gb_sweep_of(&r, base, sizeof base, &params), 0); /* the object wins */
    assert_string_equal(base, "b");
    json_decref(params);
    json_decref(r.sweep);
}

static void expect_error(const char *text, const char *want)
{
    gb_loaded_report lr;
    gb_error err;
    char line[2048];

    assert_int_equal(gb_report_read_text(text, "r.json", &lr, &err), -1);
    gb_error_format(&err, line, sizeof line);
    if (strcmp(line, want) != 0)
        fail_msg("got \"%s\", expected \"%s\"", line, want);
    assert_int_equal(lr.rep.nresults, 0);
}

static void test_a_bad_report_says_where_once(void **state)
{
    (void)state;
    expect_error("[1, 2", "r.json:1:5: error: invalid JSON: ']' expected near end of file");
    expect_error("{\"a\": 1}",
                 "r.json: error: not a gilbench report (no schema_version or scenarios)");
    expect_error("{\"schema_version\": 2, \"scenarios\": []}",
                 "r.json: error: schema_version: schema_version 2: this gilbench reads reports "
                 "of schema_version 1 (a newer gilbench wrote it?)");
    expect_error("{\"schema_version\": 1, \"scenarios\": [\n  {\"name\": 3}]}",
                 "r.json:2:12: error: scenarios[0].name: expected a string (the scenario's name)");
    expect_error(
        "{\"schema_version\": 1, \"scenarios\": [{\"name\": \"x\", \"status\": \"fine\"}]}",
        "r.json:1:61: error: scenarios[0].status: expected a status (ok, "
        "expectation_failed, crashed, ...)");
    expect_error("{\"schema_version\": 1, \"scenarios\": [{\"name\": \"x\", \"status\": \"ok\",\n"
                 " \"runs\": [{\"index\": 0, \"wall_ns\": 1, \"user_ns\": 1, \"sys_ns\": 1,\n"
                 " \"threads\": [{\"start_ns\": 0, \"enter_ns\": 0, \"done_ns\": 1.5}]}]}]}",
                 "r.json:3:56: error: scenarios[0].runs[0].threads[0].done_ns: expected an "
                 "integer");
}

/* Found by fuzzing (tests/fuzz): times at the ends of int64 overflowed the differences the
 * JSON and HTML views make of them. */
static void test_a_time_out_of_range_is_refused_with_its_path(void **state)
{
    (void)state;
    expect_error("{\"schema_version\": 1, \"scenarios\": [{\"name\": \"x\", \"status\": \"ok\",\n"
                 " \"runs\": [{\"index\": 0, \"wall_ns\": 1, \"user_ns\": 1, \"sys_ns\": 1,\n"
                 " \"threads\": [{\"start_ns\": 9223372036854775807, \"enter_ns\": 0}]}]}]}",
                 "r.json:3:27: error: scenarios[0].runs[0].threads[0].start_ns: expected a time "
                 "in nanoseconds from 0 to 9007199254740992, found 9223372036854775807");
    expect_error("{\"schema_version\": 1, \"scenarios\": [{\"name\": \"x\", \"status\": \"ok\",\n"
                 " \"runs\": [{\"index\": 0, \"wall_ns\": -1}]}]}",
                 "r.json:2:35: error: scenarios[0].runs[0].wall_ns: expected a time in "
                 "nanoseconds from 0 to 9007199254740992, found -1");
}

/* A report in a file is walked a run at a time (report_read_stream.c): the same report as
 * the whole tree reads; and one the walk does not take (the keys in another order, a key
 * twice) is still read, by the tree. */
static void test_a_report_file_walked_a_run_at_a_time_reads_the_same(void **state)
{
    gb_report rep;
    gb_scenario s;
    gb_thread_spec threads[2];
    gb_loaded_report lr;
    gb_error err;
    char *text, *again, path[] = "/tmp/gilbench-test-walk-XXXXXX";
    const char *reordered = "{\"scenarios\": [], \"schema_version\": 1, \"metadata\": {}}";
    FILE *f;

    (void)state;
    make_report(&rep, &s, threads);
    text = to_text(gb_export_json, &rep);
    write_file(path, text);
    assert_int_equal(gb_report_read(path, &lr, &err), 0);
    assert_int_equal(lr.rep.nresults, 1);
    assert_int_equal(lr.rep.results[0].nruns, 3);
    assert_string_equal(lr.rep.results[0].scenario->threads[1].label, "worker");
    again = to_text(gb_export_json, &lr.rep);
    assert_string_equal(again, text);
    free(again);
    gb_loaded_report_clear(&lr);
    f = fopen(path, "w");
    fputs(reordered, f);
    fclose(f);
    assert_int_equal(gb_report_read(path, &lr, &err), 0);
    assert_int_equal(lr.rep.nresults, 0);
    gb_loaded_report_clear(&lr);
    /* a run cut short: the tree says where */
    f = fopen(path, "w");
    fwrite(text, 1, strlen(text) / 2, f);
    fclose(f);
    assert_int_equal(gb_report_read(path, &lr, &err), -1);
    assert_true(err.line > 0);
    unlink(path);
    free(text);
    free(s.config);
    gb_report_clear(&rep);
}

static void test_a_report_read_for_a_comparison_keeps_walls_and_held_shares_only(void **state)
{
    gb_report rep;
    gb_scenario s;
    gb_thread_spec threads[2];
    gb_loaded_report full, lean;
    gb_error err;
    char *text, *texts[2], walked[] = "/tmp/gilbench-test-lean-XXXXXX";
    char tree[] = "/tmp/gilbench-test-lean-XXXXXX";
    json_t *doc, *reordered;

    (void)state;
    make_report(&rep, &s, threads);
    add_evidence(&rep);
    texts[0] = text = to_text(gb_export_json, &rep);
    /* "scenarios" before "schema_version": the walk leaves it to the whole tree */
    doc = json_loads(text, 0, NULL);
    reordered = json_pack("{s:O,s:O,s:O}", "scenarios", json_object_get(doc, "scenarios"),
                          "schema_version", json_object_get(doc, "schema_version"), "metadata",
                          json_object_get(doc, "metadata"));
    texts[1] = json_dumps(reordered, 0);
    json_decref(reordered);
    json_decref(doc);
    write_file(walked, texts[0]);
    write_file(tree, texts[1]);
    for (int k = 0; k < 2; k++) {
        const char *path = k ? tree : walked;
        const gb_result *f, *l;

        assert_int_equal(gb_report_read(path, &full, &err), 0);
        assert_int_equal(gb_report_read_compared(path, &lean, &err), 0);
        f = &full.rep.results[0];
        l = &lean.rep.results[0];
        assert_int_equal(l->nruns, 3);
        assert_int_equal(l->runs_cap, l->nruns); /* no room kept to grow */
        assert_int_equal(f->runs_cap, f->nruns);
        for (size_t i = 0; i < l->nruns; i++) {
            assert_int_equal(l->runs[i].wall_ns, f->runs[i].wall_ns);
            assert_int_equal(l->runs[i].warmup, f->runs[i].warmup);
            assert_int_equal(l->runs[i].counted, f->runs[i].counted);
            assert_int_equal(l->runs[i].nthreads, 0);
            assert_null(l->runs[i].threads);
            assert_null(l->runs[i].gil_events);
            assert_int_equal(f->runs[i].nthreads, 2);
        }
        assert_null(f->held_shares);
        assert_int_equal(l->nheld_shares, 2);
        /* thread 2 held the GIL 40 of its 99.99996 ms of work */
        assert_float_equal(gb_evidence_thread_held_share(l, 1), 0.4, 1e-3);
        for (size_t t = 0; t < 3; t++) {
            double a = gb_evidence_thread_held_share(f, t), b = gb_evidence_thread_held_share(l, t);

            assert_true(isnan(a) ? isnan(b) : a == b);
        }
        assert_int_equal(l->verdict, f->verdict);
        assert_int_equal(l->basis, GB_BASIS_GIL);
        assert_float_equal(l->wall.median, f->wall.median, 0);
        assert_float_equal(l->cpu_wait_share, f->cpu_wait_share, 0);
        gb_loaded_report_clear(&full);
        gb_loaded_report_clear(&lean);
    }
    unlink(walked);
    unlink(tree);
    free(texts[1]);
    free(text);
    free(s.config);
    gb_report_clear(&rep);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_what_export_json_wrote_comes_back_the_same),
        cmocka_unit_test(test_a_report_file_walked_a_run_at_a_time_reads_the_same),
        cmocka_unit_test(test_the_evidence_of_the_gil_comes_back_the_same),
        cmocka_unit_test(test_a_sweep_is_known_by_its_object_or_its_name),
        cmocka_unit_test(test_a_bad_report_says_where_once),
        cmocka_unit_test(test_a_time_out_of_range_is_refused_with_its_path),
        cmocka_unit_test(test_a_report_read_for_a_comparison_keeps_walls_and_held_shares_only),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
