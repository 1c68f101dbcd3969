/* report_read.c - reading a JSON report back into a gb_report (see report_read.h).
 * It owns the checks of the layout export_json.c writes: the type of every key it uses,
 * with the position of a bad one, and the report read as one tree (gb_report_read_tree).
 * Statistics are derived again by stats.c from the raw runs; nothing is measured, nothing
 * is printed. Files are opened in report_read_file.c: a regular file is read a run at a
 * time first (report_read_stream.c); the whole tree is made only to say what is wrong. */
#include "report/report_read.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/json_locate.h"
#include "measure/counts.h"
#include "measure/evidence.h"
#include "measure/stats.h"
#include "report/report_read_parts.h"

static int bad(reader *rd, const char *path, const char *fmt, ...) GB_PRINTF(3, 4);

/* A JSON path below another: "scenarios[2].runs[0].wall_ns". */
static void subpath(char *buf, size_t size, const char *fmt, ...) GB_PRINTF(3, 4);

static void subpath(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, size, fmt, ap);
    va_end(ap);
}

/* Fill the error at path, located in the text. Returns -1. */
static int bad(reader *rd, const char *path, const char *fmt, ...)
{
    char msg[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return gb_error_at_path(rd->err, rd->file, rd->text, path, GB_LOCATE_VALUE, 0, msg);
}

/* ---- typed access, each failing with the path of the value ------------------------- */

static int get_int(reader *rd, json_t *o, const char *key, const char *path, int64_t *out)
{
    json_t *v = json_object_get(o, key);
    char p[256];

    subpath(p, sizeof p, "%s.%s", path, key);
    if (!json_is_integer(v))
        return bad(rd, p, "%s", v ? "expected an integer" : "missing (an integer)");
    *out = (int64_t)json_integer_value(v);
    return 0;
}

/* A time in nanoseconds: an integer from 0 to GB_MAX_NS. */
static int get_ns(reader *rd, json_t *o, const char *key, const char *path, int64_t *out)
{
    char p[256];

    if (get_int(rd, o, key, path, out) != 0)
        return -1;
    if (*out >= 0 && *out <= GB_MAX_NS)
        return 0;
    subpath(p, sizeof p, "%s.%s", path, key);
    return bad(rd, p, "expected a time in nanoseconds from 0 to %lld, found %lld",
               (long long)GB_MAX_NS, (long long)*out);
}

/* A number or null (NAN); absent is NAN too. */
static int get_number(reader *rd, json_t *o, const char *key, const char *path, double *out)
{
    json_t *v = json_object_get(o, key);
    char p[256];

    *out = NAN;
    if (!v || json_is_null(v))
        return 0;
    subpath(p, sizeof p, "%s.%s", path, key);
    if (!json_is_number(v))
        return bad(rd, p, "expected a number or null");
    *out = json_number_value(v);
    return 0;
}

/* A string or null (NULL, and *out untouched when absent); the copy is the caller's. */
static int get_text(reader *rd, json_t *o, const char *key, const char *path, char **out)
{
    json_t *v = json_object_get(o, key);
    char p[256];

    *out = NULL;
    if (!v || json_is_null(v))
        return 0;
    subpath(p, sizeof p, "%s.%s", path, key);
    if (!json_is_string(v))
        return bad(rd, p, "expected a string or null");
    *out = strdup(json_string_value(v));
    return *out ? 0 : bad(rd, p, "out of memory");
}

/* ---- the parts of a scenario ------------------------------------------------------- */

/* The evidence of thread k (docs/report.md), when the run has it: a time absent or null
 * leaves the run without that evidence, as in a report from before it. */
static int read_thread_evidence(reader *rd, json_t *t, const char *p, gb_run *run,
                                gb_thread_times *tt)
{
    static const char *const gil_keys[] = {
        "gil_wait_ns", "gil_wait_start_ns",        "gil_wait_return_ns",
        "gil_waits",   "gil_wait_holder_delay_ns", "gil_held_ns"};
    int64_t *gil_fields[] = {
        &tt->gil_wait_ns, &tt->gil_wait_start_ns,        &tt->gil_wait_return_ns,
        &tt->gil_waits,   &tt->gil_wait_holder_delay_ns, &tt->gil_held_ns};
    for (size_t i = 0; i < 6 && (run->evidence & GB_EVIDENCE_GIL); i++) {
        json_t *v = json_object_get(t, gil_keys[i]);

        if (!v || json_is_null(v))
            run->evidence &= ~GB_EVIDENCE_GIL;
        else if (get_ns(rd, t, gil_keys[i], p, gil_fields[i]))
            return -1;
    }
    tt->gil_held_cpu_ns = -1; /* absent from reports before it was measured */
    if (run->evidence & GB_EVIDENCE_GIL) {
        json_t *c = json_object_get(t, "gil_held_cpu_ns");

        if (c && !json_is_null(c) && get_ns(rd, t, "gil_held_cpu_ns", p, &tt->gil_held_cpu_ns))
            return -1;
    }
    if (run->evidence & GB_EVIDENCE_SAMPLED) {
        json_t *n = json_object_get(t, "gil_samples"), *h = json_object_get(t, "gil_held_samples");

        if (!n || json_is_null(n) || !h || json_is_null(h))
            run->evidence &= ~GB_EVIDENCE_SAMPLED;
        else if (get_ns(rd, t, "gil_samples", p, &tt->gil_samples) ||
                 get_ns(rd, t, "gil_held_samples", p, &tt->gil_held_samples))
            return -1;
        else if (tt->gil_held_samples > tt->gil_samples)
            return bad(rd, p, "gil_held_samples is more than gil_samples");
    }
    if (run->evidence & GB_EVIDENCE_CPU) {
        json_t *d = json_object_get(t, "run_delay_ns"),
               *s = json_object_get(t, "start_cpu_wait_ns");

        if (!d || json_is_null(d))
            run->evidence &= ~GB_EVIDENCE_CPU;
        else if (get_ns(rd, t, "run_delay_ns", p, &tt->run_delay_ns) ||
                 (s && !json_is_null(s) &&
                  get_ns(rd, t, "start_cpu_wait_ns", p, &tt->start_cpu_wait_ns)))
            return -1;
    }
    return 0;
}

static int read_threads_of_run(reader *rd, json_t *threads, const char *path, gb_run *run)
{
    size_t k;
    json_t *t;
    size_t counted = 0;

    run->nthreads = json_array_size(threads);
    run->threads = calloc(run->nthreads ? run->nthreads : 1, sizeof *run->threads);
    if (!run->threads)
        return bad(rd, path, "out of memory");
    json_array_foreach(threads, k, t)
    {
        gb_thread_times *tt = &run->threads[k];
        char p[256];

        subpath(p, sizeof p, "%s[%zu]", path, k);
        if (!json_is_object(t))
            return bad(rd, p, "expected an object (a thread's times)");
        if (get_ns(rd, t, "start_ns", p, &tt->start_ns) ||
            get_ns(rd, t, "enter_ns", p, &tt->enter_ns) ||
            get_ns(rd, t, "done_ns", p, &tt->done_ns) ||
            get_ns(rd, t, "return_ns", p, &tt->return_ns) ||
            get_ns(rd, t, "cpu_ns", p, &tt->cpu_ns))
            return -1;
        /* started_ns came later: a report without it had the thread started at once */
        tt->started_ns = tt->start_ns;
        if (json_object_get(t, "started_ns") && get_ns(rd, t, "started_ns", p, &tt->started_ns))
            return -1;
        if (read_thread_evidence(rd, t, p, run, tt) != 0)
            return -1;
        /* a counted run's (docs/report.md): instructions, and cycles or null */
        tt->cycles = -1;
        if (json_object_get(t, "instructions") &&
            (get_ns(rd, t, "instructions", p, &tt->instructions) ||
             (json_is_integer(json_object_get(t, "cycles")) &&
              get_ns(rd, t, "cycles", p, &tt->cycles))))
            return -1;
        counted += json_object_get(t, "instructions") != NULL;
    }
    run->counted = counted > 0 && counted == run->nthreads;
    return 0;
}

static int read_run(reader *rd, json_t *o, const char *path, gb_result *r)
{
    gb_run run;
    int64_t index = 0;
    json_t *threads = json_object_get(o, "threads"), *verdict = json_object_get(o, "verdict");
    char p[256];

    memset(&run, 0, sizeof run);
    if (!json_is_object(o))
        return bad(rd, path, "expected an object (a run)");
    if (get_int(rd, o, "index", path, &index) || get_ns(rd, o, "wall_ns", path, &run.wall_ns) ||
        get_ns(rd, o, "user_ns", path, &run.user_ns) ||
        get_ns(rd, o, "sys_ns", path, &run.sys_ns) ||
        get_number(rd, o, "parallelism", path, &run.parallelism) ||
        get_number(rd, o, "overlap_share", path, &run.overlap_share) ||
        get_number(rd, o, "serial_score", path, &run.serial_score))
        return -1;
    if (json_object_get(o, "canary_ns") && get_ns(rd, o, "canary_ns", path, &run.canary_ns))
        return -1;
    run.index = (int)index;
    run.warmup = json_is_true(json_object_get(o, "warmup"));
    {
        /* the evidence came later: a report without it is judged on the timing */
        json_t *ev = json_object_get(o, "evidence");

        run.evidence = (json_is_true(json_object_get(ev, "gil")) ? GB_EVIDENCE_GIL : 0u) |
                       (json_is_true(json_object_get(ev, "cpu")) ? GB_EVIDENCE_CPU : 0u);
        /* sampled (docs/report.md) only where the waits were not seen */
        if (!(run.evidence & GB_EVIDENCE_GIL) && json_is_true(json_object_get(ev, "sampled")))
            run.evidence |= GB_EVIDENCE_SAMPLED;
        if ((run.evidence & (GB_EVIDENCE_GIL | GB_EVIDENCE_SAMPLED)) &&
            get_ns(rd, o, "gil_switches", path, &run.gil_switches))
            return -1;
    }
    subpath(p, sizeof p, "%s.verdict", path);
    if (verdict && (!json_is_string(verdict) ||
                    gb_verdict_parse(json_string_value(verdict), &run.verdict) != 0))
        return bad(rd, p, "expected a verdict (none, single, parallel, partial, serial)");
    subpath(p, sizeof p, "%s.threads", path);
    if (!json_is_array(threads))
        return bad(rd, p, "expected an array (the threads' times)");
    if (read_threads_of_run(rd, threads, p, &run) != 0) {
        gb_run_free_threads(&run);
        return -1;
    }
    if (gb_run_read_events(&run, json_object_get(o, "gil_events")) != 0) {
        gb_run_free_threads(&run);
        subpath(p, sizeof p, "%s.gil_events", path);
        return bad(rd, p,
                   "expected [[thread, at_ns, \"held\"|\"released\"|\"waiting\"|\"woken\"], ...]");
    }
    {
        /* parallelism and overlap again from the raw times, exactly (the file rounds them
         * to 10 digits); the serial score depends on the CPUs the run had: kept as read */
        double score = run.serial_score;
        gb_verdict judged = run.verdict;

        gb_run_analyse(&run, 1);
        run.serial_score = score;
        run.verdict = judged;
    }
    if (gb_result_add_run(r, &run) != 0) {
        gb_run_free_threads(&run);
        return bad(rd, path, "out of memory");
    }
    return 0;
}

/* A thread of the scenario from its configuration (for labels and descriptions), named
 * after the runs' thread names when the configuration has none. */
static int read_thread_spec(json_t *cfg, json_t *run_thread, size_t k, gb_thread_spec *t)
{
    const char *name = json_string_value(json_object_get(cfg, "name"));
    char label[32];

    if (!name)
        name = json_string_value(json_object_get(run_thread, "name"));
    snprintf(label, sizeof label, "t%zu", k + 1);
    t->label = strdup(name ? name : label);
    if (json_is_string(json_object_get(cfg, "workload"))) {
        t->kind = GB_THREAD_WORKLOAD;
        t->workload = strdup(json_string_value(json_object_get(cfg, "workload")));
        t->gil = json_is_string(json_object_get(cfg, "gil")) &&
                         strcmp(json_string_value(json_object_get(cfg, "gil")),
                                gb_gil_mode_name(GB_GIL_RELEASE)) == 0
                     ? GB_GIL_RELEASE
                     : GB_GIL_HOLD;
    } else if (json_is_string(json_object_get(cfg, "call"))) {
        t->kind = GB_THREAD_CALL;
        t->call = strdup(json_string_value(json_object_get(cfg, "call")));
    } else {
        t->kind = GB_THREAD_PYTHON;
        t->python = strdup(json_is_string(json_object_get(cfg, "python"))
                               ? json_string_value(json_object_get(cfg, "python"))
                               : "");
    }
    return t->label ? 0 : -1; /* no args, kwargs: a report keeps them in its config only */
}

/* The scenario as far as the views need it: names, threads, baseline, expectation. */
static int read_scenario(reader *rd, json_t *o, const char *path, gb_scenario *s)
{
    json_t *cfg = json_object_get(o, "config"), *expect, *runs = json_object_get(o, "runs");
    json_t *first_threads = json_object_get(json_array_get(runs, 0), "threads");
    json_t *cfg_threads = json_object_get(cfg, "threads");
    json_t *verdict;
    size_t n;
    char p[256];

    subpath(p, sizeof p, "%s.name", path);
    if (!json_is_string(json_object_get(o, "name")))
        return bad(rd, p, "expected a string (the scenario's name)");
    s->name = strdup(json_string_value(json_object_get(o, "name")));
    if (get_text(rd, o, "file", path, &s->file) ||
        get_text(rd, o, "description", path, &s->description))
        return -1;
    if (!s->file)
        s->file = strdup("?");
    if (!s->description)
        s->description = strdup("");
    subpath(p, sizeof p, "%s.config", path);
    if (cfg && !json_is_null(cfg) && !json_is_object(cfg))
        return bad(rd, p, "expected an object or null");
    if (json_is_object(cfg) && !(s->config = json_dumps(cfg, JSON_COMPACT)))
        return bad(rd, path, "out of memory");
    if (get_text(rd, cfg, "baseline", p, &s->baseline))
        return -1;
    n = json_array_size(cfg_threads) > json_array_size(first_threads)
            ? json_array_size(cfg_threads)
            : json_array_size(first_threads);
    s->threads = calloc(n ? n : 1, sizeof *s->threads);
    if (!s->name || !s->file || !s->description || !s->threads)
        return bad(rd, path, "out of memory");
    for (size_t k = 0; k < n; k++, s->nthreads++)
        if (read_thread_spec(json_array_get(cfg_threads, k), json_array_get(first_threads, k), k,
                             &s->threads[k]) != 0)
            return bad(rd, path, "out of memory");
    s->runs = (int)json_integer_value(json_object_get(cfg, "runs"));
    s->max_runs = (int)json_integer_value(json_object_get(cfg, "max_runs"));
    s->warmup = (int)json_integer_value(json_object_get(cfg, "warmup"));
    s->timeout = json_number_value(json_object_get(cfg, "timeout"));
    if (s->max_runs < s->runs)
        s->max_runs = s->runs;
    s->precision = s->switch_interval = NAN;
    expect = json_object_get(cfg, "expect");
    s->expect.crash = json_is_true(json_object_get(expect, "crash"));
    s->expect.ratio_min = s->expect.ratio_max = NAN;
    s->expect.held_max =
        json_is_number(json_object_get(json_object_get(expect, "gil_held_share"), "max"))
            ? json_number_value(json_object_get(json_object_get(expect, "gil_held_share"), "max"))
            : NAN;
    verdict = json_object_get(expect, "verdict");
    if (json_is_string(verdict) &&
        gb_verdict_parse(json_string_value(verdict), &s->expect.verdict) != 0) {
        subpath(p, sizeof p, "%s.config.expect.verdict", path);
        return bad(rd, p, "unknown verdict \"%s\"", json_string_value(verdict));
    }
    return 0;
}

static int read_result(reader *rd, json_t *o, const char *path, gb_result *r, int with_runs)
{
    json_t *summary = json_object_get(o, "summary"), *worker = json_object_get(o, "worker");
    json_t *runs = json_object_get(o, "runs"), *status = json_object_get(o, "status"), *run;
    json_t *sweep = json_object_get(o, "sweep"), *measure = json_object_get(o, "measure");
    int64_t v = 0;
    size_t i;
    char p[256];

    subpath(p, sizeof p, "%s.status", path);
    if (!json_is_string(status) || gb_status_parse(json_string_value(status), &r->status) != 0)
        return bad(rd, p, "expected a status (ok, expectation_failed, crashed, ...)");
    subpath(p, sizeof p, "%s.measure", path);
    if (measure && (!json_is_string(measure) ||
                    gb_measure_parse(json_string_value(measure), &r->measure) != 0))
        return bad(rd, p, "expected a measure (instructions, perf-instructions)");
    if (get_text(rd, o, "message", path, &r->message))
        return -1;
    subpath(p, sizeof p, "%s.runs", path);
    if (!json_is_array(runs))
        return bad(rd, p, "expected an array (the runs)");
    /* read one at a time already when the report was walked (report_read_stream.c) */
    json_array_foreach(with_runs ? runs : NULL, i, run)
    {
        char rp[256];

        subpath(rp, sizeof rp, "%s.runs[%zu]", path, i);
        if (read_run(rd, run, rp, r) != 0)
            return -1;
    }
    subpath(p, sizeof p, "%s.summary", path);
    if (json_is_object(summary) &&
        (get_number(rd, summary, "baseline_ratio", p, &r->baseline_ratio) ||
         get_text(rd, summary, "stopped_because", p, &r->stop_reason)))
        return -1;
    subpath(p, sizeof p, "%s.worker", path);
    if (json_is_object(worker)) {
        if (json_is_integer(json_object_get(worker, "exit_status")) &&
            get_int(rd, worker, "exit_status", p, &v) == 0)
            r->exit_status = (int)v;
        if (json_is_integer(json_object_get(worker, "signal")) &&
            get_int(rd, worker, "signal", p, &v) == 0)
            r->term_signal = (int)v;
        if (get_text(rd, worker, "stderr_tail", p, &r->stderr_tail) ||
            get_number(rd, worker, "elapsed_s", p, &r->elapsed_s))
            return -1;
    }
    if (json_is_object(json_object_get(o, "python")))
        r->python = json_incref(json_object_get(o, "python"));
    subpath(p, sizeof p, "%s.sweep", path);
    if (sweep && !json_is_null(sweep)) {
        if (!json_is_object(sweep) || !json_is_string(json_object_get(sweep, "base")) ||
            !json_is_object(json_object_get(sweep, "params")))
            return bad(rd, p, "expected {\"base\": NAME, \"params\": {...}}");
        r->sweep = json_incref(sweep);
    }
    gb_result_fit_runs(r);
    gb_result_summarise(r);
    gb_counts_summarise(r);
    if (rd->lean && gb_evidence_keep_held_shares(r) != 0)
        return bad(rd, path, "out of memory");
    return 0;
}

void gb_loaded_report_clear(gb_loaded_report *lr)
{
    if (!lr)
        return;
    gb_report_clear(&lr->rep);
    for (size_t i = 0; i < lr->nscenarios; i++)
        gb_scenario_free(lr->scenarios[i]);
    free(lr->scenarios);
    memset(lr, 0, sizeof *lr);
}

int gb_report_read_tree(const char *text, const char *path, int lean, gb_loaded_report *out,
                        gb_error *err)
{
    reader rd = {text, path, err, lean};
    json_t *doc = gb_report_parse(text, path, err), *scenarios, *o;
    json_int_t version;
    size_t n, i;

    memset(out, 0, sizeof *out);
    if (!doc)
        return -1;
    version = json_integer_value(json_object_get(doc, "schema_version"));
    if (version > GB_REPORT_READ_SCHEMA || version < 1) {
        gb_error_set(err, path, 0, 0, "schema_version",
                     "schema_version %lld: this gilbench reads reports of schema_version 1 "
                     "(a newer gilbench wrote it?)",
                     (long long)version);
        json_decref(doc);
        return -1;
    }
    scenarios = json_object_get(doc, "scenarios");
    n = json_array_size(scenarios);
    out->rep.metadata = json_is_object(json_object_get(doc, "metadata"))
                            ? json_incref(json_object_get(doc, "metadata"))
                            : json_object();
    out->rep.results = calloc(n ? n : 1, sizeof *out->rep.results);
    out->scenarios = calloc(n ? n : 1, sizeof *out->scenarios);
    if (!out->rep.results || !out->scenarios || !out->rep.metadata) {
        gb_error_set(err, path, 0, 0, NULL, "out of memory");
        goto fail;
    }
    json_array_foreach(scenarios, i, o)
    {
        char p[64];
        gb_scenario *s = calloc(1, sizeof *s);

        subpath(p, sizeof p, "scenarios[%zu]", i);
        if (!s) {
            gb_error_set(err, path, 0, 0, NULL, "out of memory");
            goto fail;
        }
        out->scenarios[out->nscenarios++] = s;
        gb_result_start(&out->rep.results[i], s);
        out->rep.nresults = i + 1;
        if (!json_is_object(o)) {
            bad(&rd, p, "expected an object (a scenario)");
            goto fail;
        }
        if (read_scenario(&rd, o, p, s) != 0 ||
            read_result(&rd, o, p, &out->rep.results[i], 1) != 0)
            goto fail;
    }
    json_decref(doc);
    return 0;

fail:
    json_decref(doc);
    gb_loaded_report_clear(out);
    return -1;
}

int gb_report_read_text(const char *text, const char *path, gb_loaded_report *out, gb_error *err)
{
    return gb_report_read_tree(text, path, 0, out, err);
}

int gb_report_read_run(reader *rd, json_t *o, const char *path, gb_result *r)
{
    return read_run(rd, o, path, r);
}

int gb_report_read_scenario(reader *rd, json_t *o, const char *path, gb_scenario *s, gb_result *r)
{
    return read_scenario(rd, o, path, s) != 0 || read_result(rd, o, path, r, 0) != 0 ? -1 : 0;
}
