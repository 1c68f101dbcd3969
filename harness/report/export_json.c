/* export_json.c - the JSON report: schema_version, metadata, and per scenario its
 * configuration, interpreter, summary, worker outcome and every run's raw measurements.
 * Layout documented in docs/report.md; figures that do not exist are null, never NaN;
 * text that is not valid UTF-8 (a worker's stderr cut mid-character, a file name in
 * another encoding) is kept with U+FFFD in place of each bad byte, never dropped. Written
 * a run at a time (gb_json_put): never the whole report as one tree. */
#include "measure/counts.h"
#include "measure/evidence.h"
#include "report/export.h"
#include "util/json_text.h"
#include "util/signals.h"
#include "measure/scaling.h"
#include "measure/stats.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static json_t *num(double v)
{
    return isnan(v) || isinf(v) ? json_null() : json_real(v);
}

static json_t *summary_json(const gb_summary *s)
{
    return json_pack("{s:o,s:o,s:o,s:o,s:o}", "mean", num(s->mean), "median", num(s->median),
                     "stddev", num(s->stddev), "min", num(s->min), "max", num(s->max));
}

/* Append v (stolen) to the array a; 0, or -1 when v is NULL or there is no memory. */
static int append(json_t *a, json_t *v)
{
    return v && json_array_append_new(a, v) == 0 ? 0 : -1;
}

/* Set key of o to v (stolen); 0, or -1 when o or v is NULL or there is no memory. */
static int set(json_t *o, const char *key, json_t *v)
{
    if (!o) {
        json_decref(v);
        return -1;
    }
    return v && json_object_set_new(o, key, v) == 0 ? 0 : -1;
}

static json_t *ns_or_null(int known, int64_t v)
{
    return known ? json_integer((json_int_t)v) : json_null();
}

/* The evidence of thread k of a run, set into o (docs/report.md); null where not measured. */
static json_t *with_evidence(json_t *o, const gb_run *run, size_t k)
{
    const gb_thread_times *t = &run->threads[k];
    int gil = (run->evidence & GB_EVIDENCE_GIL) != 0;
    int sampled = (run->evidence & GB_EVIDENCE_SAMPLED) != 0;

    if (set(o, "gil_wait_ns", ns_or_null(gil, t->gil_wait_ns)) ||
        set(o, "gil_wait_start_ns", ns_or_null(gil, t->gil_wait_start_ns)) ||
        set(o, "gil_wait_return_ns", ns_or_null(gil, t->gil_wait_return_ns)) ||
        set(o, "gil_waits", ns_or_null(gil, t->gil_waits)) ||
        set(o, "gil_wait_holder_delay_ns", ns_or_null(gil, t->gil_wait_holder_delay_ns)) ||
        set(o, "gil_held_ns", ns_or_null(gil, t->gil_held_ns)) ||
        set(o, "gil_held_cpu_ns", ns_or_null(gil && t->gil_held_cpu_ns >= 0, t->gil_held_cpu_ns)) ||
        set(o, "gil_held_share", num(gb_evidence_held_share(run, k))) ||
        set(o, "gil_samples", ns_or_null(sampled, t->gil_samples)) ||
        set(o, "gil_held_samples", ns_or_null(sampled, t->gil_held_samples)) ||
        set(o, "run_delay_ns",
            ns_or_null((run->evidence & GB_EVIDENCE_CPU) != 0, t->run_delay_ns)) ||
        set(o, "start_cpu_wait_ns",
            ns_or_null((run->evidence & GB_EVIDENCE_CPU) != 0, t->start_cpu_wait_ns))) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static const char *thread_name(const gb_result *r, size_t k, char *label, size_t size)
{
    snprintf(label, size, "t%zu", k + 1);
    if (r->scenario && k < r->scenario->nthreads && r->scenario->threads[k].label)
        return r->scenario->threads[k].label;
    return label;
}

static json_t *thread_json(const gb_result *r, const gb_run *run, size_t k)
{
    char label[32];
    const char *name = thread_name(r, k, label, sizeof label);
    const gb_thread_times *t = &run->threads[k];
    json_t *o;

    if (run->counted) {
        /* its cost; the times under valgrind as they were, without evidence of the GIL (the
         * threads ran one at a time: null) */
        gb_run times = {.threads = run->threads, .nthreads = run->nthreads};

        o = thread_json(r, &times, k);
        if (set(o, "instructions", json_integer((json_int_t)t->instructions)) ||
            set(o, "cycles", ns_or_null(t->cycles >= 0, t->cycles))) {
            json_decref(o);
            return NULL;
        }
        return o;
    }
    return with_evidence(
        json_pack("{s:o,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I}", "name", gb_json_text(name), "start_ns",
                  (json_int_t)t->start_ns, "started_ns", (json_int_t)t->started_ns, "enter_ns",
                  (json_int_t)t->enter_ns, "done_ns", (json_int_t)t->done_ns, "return_ns",
                  (json_int_t)t->return_ns, "cpu_ns", (json_int_t)t->cpu_ns, "wait_start_ns",
                  (json_int_t)(t->enter_ns - t->start_ns), "wait_gil_ns",
                  (json_int_t)(t->return_ns - t->done_ns)),
        run, k);
}

static json_t *run_json(const gb_result *r, const gb_run *run)
{
    json_t *threads = json_array();
    int gil = (run->evidence & GB_EVIDENCE_GIL) != 0;
    int sampled = (run->evidence & GB_EVIDENCE_SAMPLED) != 0;

    for (size_t k = 0; threads && k < run->nthreads; k++) {
        if (append(threads, thread_json(r, run, k)) != 0) {
            json_decref(threads);
            return NULL;
        }
    }
    if (!threads)
        return NULL;
    return json_pack(
        "{s:i,s:b,s:I,s:I,s:I,s:I,s:o,s:o,s:o,s:s,s:s,s:{s:b,s:b,s:b},s:o,s:o,s:o,s:o,s:o}",
        "index", run->index, "warmup", run->warmup, "wall_ns", (json_int_t)run->wall_ns, "user_ns",
        (json_int_t)run->user_ns, "sys_ns", (json_int_t)run->sys_ns, "canary_ns",
        (json_int_t)run->canary_ns, "parallelism", num(run->parallelism), "overlap_share",
        num(run->overlap_share), "serial_score", num(run->serial_score), "verdict",
        gb_verdict_name(run->verdict), "verdict_basis", gb_verdict_basis_name(run->basis),
        "evidence", "gil", gil, "cpu", (run->evidence & GB_EVIDENCE_CPU) != 0, "sampled", sampled,
        "gil_switches", ns_or_null(gil || sampled, run->gil_switches), "gil_wait_ratio",
        num(run->gil_wait_ratio), "cpu_wait_share", num(run->cpu_wait_share), "threads", threads,
        "gil_events", gb_run_events_json(run));
}

/* One thread's evidence over the measured runs: a summary of each quantity. */
static json_t *thread_summary_json(const gb_result *r, size_t k, double *v)
{
    static const char *const keys[] = {"gil_wait_s", "gil_waits", "gil_held_share", "run_delay_s"};
    char label[32];
    json_t *o = json_pack("{s:o}", "name", gb_json_text(thread_name(r, k, label, sizeof label)));

    for (int q = 0; q < 4; q++) {
        size_t n = 0;
        gb_summary s;

        for (size_t i = 0; i < r->nruns; i++) {
            const gb_run *run = &r->runs[i];
            const gb_thread_times *t = &run->threads[k];
            unsigned need = q == 3   ? GB_EVIDENCE_CPU
                            : q == 2 ? GB_EVIDENCE_GIL | GB_EVIDENCE_SAMPLED
                                     : GB_EVIDENCE_GIL;
            double x;

            if (run->warmup || k >= run->nthreads || !(run->evidence & need))
                continue;
            x = q == 0   ? (double)t->gil_wait_ns * 1e-9
                : q == 1 ? (double)t->gil_waits
                : q == 2 ? gb_evidence_held_share(run, k)
                         : (double)t->run_delay_ns * 1e-9;
            if (!isnan(x))
                v[n++] = x;
        }
        s = gb_stats_summarise(v, n);
        if (set(o, keys[q], summary_json(&s))) {
            json_decref(o);
            return NULL;
        }
    }
    return o;
}

/* The evidence of the GIL and of the CPUs over the measured runs (docs/report.md). */
static json_t *evidence_json(const gb_result *r)
{
    size_t nthreads = r->nruns ? r->runs[0].nthreads : 0, n = 0;
    double *v = calloc(r->nruns + 1, sizeof *v);
    json_t *threads = json_array(), *o = NULL;
    gb_summary sw;

    if (!v || !threads)
        goto out;
    for (size_t i = 0; i < r->nruns; i++)
        if (!r->runs[i].warmup && (r->runs[i].evidence & (GB_EVIDENCE_GIL | GB_EVIDENCE_SAMPLED)))
            v[n++] = (double)r->runs[i].gil_switches;
    sw = gb_stats_summarise(v, n);
    for (size_t k = 0; k < nthreads; k++)
        if (append(threads, thread_summary_json(r, k, v)) != 0)
            goto out;
    o = json_pack("{s:s,s:o,s:o,s:o,s:o,s:O}", "verdict_basis", gb_verdict_basis_name(r->basis),
                  "gil_wait_ratio", num(r->gil_wait_ratio), "cpu_wait_share",
                  num(r->cpu_wait_share), "gil_held_share_max", num(r->gil_held_share_max),
                  "gil_switches", summary_json(&sw), "threads", threads);
out:
    json_decref(threads);
    free(v);
    return o;
}

/* The counts of a counted result over its measured runs (docs/report.md). */
static json_t *counts_json(const gb_result *r)
{
    json_t *o = summary_json(&r->instructions), *c = summary_json(&r->cycles);

    if (set(c, "spread", num(gb_counts_spread(&r->cycles))) ||
        set(o, "spread", num(gb_counts_spread(&r->instructions))) || set(o, "cycles", c)) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *summary_of(const gb_result *r, size_t warmup)
{
    const gb_scenario *s = r->scenario;
    json_t *o = json_pack(
        "{s:I,s:I,s:o,s:o,s:o,s:o,s:o,s:o,s:s,s:o,s:o}", "runs",
        (json_int_t)(r->measure == GB_MEASURE_WALL ? r->wall.n : r->instructions.n), "warmup_runs",
        (json_int_t)warmup, "wall_s", summary_json(&r->wall), "user_s", summary_json(&r->user),
        "sys_s", summary_json(&r->sys), "parallelism", summary_json(&r->parallelism),
        "overlap_share", summary_json(&r->overlap_share), "serial_score", num(r->serial_score),
        "verdict", r->wall.n ? gb_verdict_name(r->verdict) : "none", "baseline",
        gb_json_text(s ? s->baseline : NULL), "baseline_ratio", num(r->baseline_ratio));

    if (set(o, "wall_median_ci_s", json_pack("[o,o]", num(r->median_lo), num(r->median_hi))) ||
        set(o, "canary_ns_median", num(r->canary_median)) ||
        set(o, "outliers", json_integer((json_int_t)r->outliers)) ||
        set(o, "stopped_because", gb_json_text(r->stop_reason)) ||
        set(o, "evidence", evidence_json(r)) ||
        (r->measure != GB_MEASURE_WALL && set(o, "instructions", counts_json(r)))) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *worker_json(const gb_result *r)
{
    return json_pack("{s:o,s:o,s:o,s:o,s:I,s:o}", "exit_status",
                     r->exit_status >= 0 ? json_integer(r->exit_status) : json_null(), "signal",
                     r->term_signal ? json_integer(r->term_signal) : json_null(), "signal_name",
                     gb_json_text(r->term_signal ? gb_signal_name(r->term_signal) : NULL),
                     "stderr_tail", gb_json_text(r->stderr_tail), "output_bytes",
                     (json_int_t)r->output_bytes, "elapsed_s", num(r->elapsed_s));
}

/* {"threads", "speedup", "efficiency", "against"} of a point of a threads sweep, else null. */
static json_t *scaling_json(const gb_report *rep, const gb_scalings *scalings, size_t i)
{
    gb_scaling sc;
    const gb_scenario *one;

    if (gb_scaling_of(scalings, i, &sc) != 0)
        return json_null();
    one = rep->results[sc.against].scenario;
    return json_pack("{s:f,s:f,s:f,s:o}", "threads", sc.threads, "speedup", sc.speedup,
                     "efficiency", sc.efficiency, "against",
                     gb_json_text(one && one->name ? one->name : "?"));
}

/* One scenario's object, or NULL (no memory): never a scenario silently left out. Without
 * its runs (with_runs 0), "runs" is an empty array in its place, for the writer to fill. */
static json_t *result_json(const gb_report *rep, const gb_scalings *scalings, size_t i,
                           int with_runs)
{
    const gb_result *r = &rep->results[i];
    const gb_scenario *s = r->scenario;
    json_t *runs = json_array(), *config, *o;
    size_t warmup = 0;

    for (size_t j = 0; runs && j < r->nruns; j++) {
        if (with_runs && append(runs, run_json(r, &r->runs[j])) != 0) {
            json_decref(runs);
            return NULL;
        }
        warmup += r->runs[j].warmup != 0;
    }
    config = s ? gb_scenario_config(s) : json_null();
    if (!runs || !config) {
        json_decref(runs);
        json_decref(config);
        return NULL;
    }
    o = json_pack("{s:o,s:o,s:o,s:s,s:o,s:o,s:O}", "name",
                  gb_json_text(s && s->name ? s->name : "?"), "file",
                  gb_json_text(s && s->file ? s->file : "?"), "description",
                  gb_json_text(s && s->description ? s->description : ""), "status",
                  gb_status_name(r->status), "message", gb_json_text(r->message), "config", config,
                  "python", r->python ? r->python : json_null());
    if ((r->measure != GB_MEASURE_WALL &&
         set(o, "measure", json_string(gb_measure_name(r->measure)))) ||
        set(o, "summary", summary_of(r, warmup)) || set(o, "worker", worker_json(r)) ||
        set(o, "runs", runs) || (r->sweep && set(o, "sweep", json_incref(r->sweep))) ||
        (r->sweep && set(o, "scaling", scaling_json(rep, scalings, i))) ||
        (r->process && set(o, "process", json_incref(r->process)))) {
        json_decref(o);
        return NULL;
    }
    return o;
}

json_t *gb_report_to_json(const gb_report *rep)
{
    json_t *scenarios = json_array();
    gb_scalings scalings;

    if (gb_scalings_init(&scalings, rep->results, rep->nresults) != 0) {
        json_decref(scenarios);
        return NULL;
    }
    for (size_t i = 0; scenarios && i < rep->nresults; i++) {
        if (append(scenarios, result_json(rep, &scalings, i, 1)) != 0) {
            json_decref(scenarios);
            scenarios = NULL;
        }
    }
    gb_scalings_free(&scalings);
    if (!scenarios)
        return NULL;
    return json_pack("{s:i,s:O,s:o}", "schema_version", GB_SCHEMA_VERSION, "metadata",
                     rep->metadata ? rep->metadata : json_null(), "scenarios", scenarios);
}

#define FLAGS (JSON_INDENT(2) | JSON_REAL_PRECISION(10))

/* Scenario i at depth 2 (inside "scenarios"), its runs one at a time. 0, or -1 with errno
 * (ENOMEM when a part could not be built). */
static int write_result(const gb_report *rep, const gb_scalings *scalings, size_t i, FILE *out)
{
    const gb_result *r = &rep->results[i];
    json_t *o = result_json(rep, scalings, i, 0), *v;
    const char *key;
    int first = 1, rc = 0;

    errno = ENOMEM;
    if (!o || fputc('{', out) == EOF)
        rc = -1;
    json_object_foreach(o, key, v)
    {
        if (rc != 0 || fprintf(out, "%s\n      \"%s\": ", first ? "" : ",", key) < 0) {
            rc = -1;
            break;
        }
        first = 0;
        if (strcmp(key, "runs") != 0) {
            rc = gb_json_put(out, json_incref(v), 3, FLAGS);
            continue;
        }
        for (size_t j = 0; rc == 0 && j < r->nruns; j++)
            if (fputs(j ? ",\n        " : "[\n        ", out) == EOF ||
                gb_json_put(out, run_json(r, &r->runs[j]), 4, FLAGS) != 0)
                rc = -1;
        if (rc == 0 && fputs(r->nruns ? "\n      ]" : "[]", out) == EOF)
            rc = -1;
    }
    json_decref(o);
    if (rc == 0 && fputs("\n    }", out) == EOF)
        rc = -1;
    return rc;
}

/* Written a scenario and a run at a time, byte for byte as json_dumpf(gb_report_to_json(rep),
 * FLAGS) would write it whole: a report of 10^6 runs is never a tree in memory. */
int gb_export_json(const gb_report *rep, FILE *out, gb_error *err)
{
    int rc = fprintf(out, "{\n  \"schema_version\": %d,\n  \"metadata\": ", GB_SCHEMA_VERSION) < 0;
    gb_scalings scalings;

    errno = 0;
    if (gb_scalings_init(&scalings, rep->results, rep->nresults) != 0) {
        gb_error_set(err, NULL, 0, 0, NULL, "cannot build the JSON report: out of memory");
        return -1;
    }
    rc = rc || gb_json_put(out, rep->metadata ? json_incref(rep->metadata) : json_null(), 1, FLAGS);
    rc = rc || fputs(",\n  \"scenarios\": ", out) == EOF;
    for (size_t i = 0; !rc && i < rep->nresults; i++)
        rc = fputs(i ? ",\n    " : "[\n    ", out) == EOF ||
             write_result(rep, &scalings, i, out) != 0;
    rc = rc || fputs(rep->nresults ? "\n  ]\n}\n" : "[]\n}\n", out) == EOF;
    gb_scalings_free(&scalings);
    if (rc) {
        gb_error_set(err, NULL, 0, 0, NULL,
                     errno == ENOMEM ? "cannot build the JSON report: out of memory"
                                     : "write error");
        return -1;
    }
    return 0;
}
