/* export_json.c - the JSON report: schema_version, metadata, and per scenario its
 * configuration, interpreter, summary, worker outcome and every run's raw measurements.
 * Layout documented in docs/report.md; figures that do not exist are null, never NaN. */
#include "export.h"
#include "output.h"

#include <math.h>
#include <string.h>

static json_t *num(double v)
{
    return isnan(v) || isinf(v) ? json_null() : json_real(v);
}

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *summary_json(const gb_summary *s)
{
    return json_pack("{s:o,s:o,s:o,s:o,s:o}", "mean", num(s->mean), "median", num(s->median),
                     "stddev", num(s->stddev), "min", num(s->min), "max", num(s->max));
}


static json_t *run_json(const gb_result *r, const gb_run *run)
{
    json_t *threads = json_array();

    for (size_t k = 0; k < run->nthreads; k++) {
        const gb_thread_times *t = &run->threads[k];
        char label[32];

        snprintf(label, sizeof label, "t%zu", k + 1);
        json_array_append_new(
            threads,
            json_pack("{s:s,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I}", "name",
                      r->scenario && k < r->scenario->nthreads ? r->scenario->threads[k].label
                                                               : label,
                      "start_ns", (json_int_t)t->start_ns, "started_ns",
                      (json_int_t)t->started_ns, "enter_ns", (json_int_t)t->enter_ns,
                      "done_ns", (json_int_t)t->done_ns, "return_ns", (json_int_t)t->return_ns,
                      "cpu_ns", (json_int_t)t->cpu_ns, "wait_start_ns",
                      (json_int_t)(t->enter_ns - t->start_ns), "wait_gil_ns",
                      (json_int_t)(t->return_ns - t->done_ns)));
    }
    return json_pack("{s:i,s:b,s:I,s:I,s:I,s:I,s:o,s:o,s:o,s:s,s:o}", "index", run->index,
                     "warmup", run->warmup, "wall_ns", (json_int_t)run->wall_ns, "user_ns",
                     (json_int_t)run->user_ns, "sys_ns", (json_int_t)run->sys_ns, "canary_ns",
                     (json_int_t)run->canary_ns, "parallelism",
                     num(run->parallelism), "overlap_share", num(run->overlap_share),
                     "serial_score", num(run->serial_score), "verdict",
                     gb_verdict_name(run->verdict), "threads", threads);
}

static json_t *result_json(const gb_result *r)
{
    const gb_scenario *s = r->scenario;
    json_t *runs = json_array(), *o;
    size_t warmup = 0;

    for (size_t j = 0; j < r->nruns; j++) {
        json_array_append_new(runs, run_json(r, &r->runs[j]));
        warmup += r->runs[j].warmup != 0;
    }
    o = json_pack("{s:s,s:s,s:s,s:s,s:o,s:O,s:O}", "name", s ? s->name : "?", "file",
                  s ? s->file : "?", "description", s ? s->description : "", "status",
                  gb_status_name(r->status), "message", str_or_null(r->message), "config",
                  s && s->config ? s->config : json_null(), "python",
                  r->python ? r->python : json_null());
    json_object_set_new(
        o, "summary",
        json_pack("{s:I,s:I,s:o,s:o,s:o,s:o,s:o,s:o,s:s,s:o,s:o}", "runs", (json_int_t)r->wall.n,
                  "warmup_runs", (json_int_t)warmup, "wall_s", summary_json(&r->wall), "user_s",
                  summary_json(&r->user), "sys_s", summary_json(&r->sys), "parallelism",
                  summary_json(&r->parallelism), "overlap_share",
                  summary_json(&r->overlap_share), "serial_score", num(r->serial_score),
                  "verdict", r->wall.n ? gb_verdict_name(r->verdict) : "none", "baseline",
                  str_or_null(s ? s->baseline : NULL), "baseline_ratio",
                  num(r->baseline_ratio)));
    json_object_set_new(json_object_get(o, "summary"), "wall_median_ci_s",
                        json_pack("[o,o]", num(r->median_lo), num(r->median_hi)));
    json_object_set_new(json_object_get(o, "summary"), "canary_ns_median",
                        num(r->canary_median));
    json_object_set_new(json_object_get(o, "summary"), "outliers",
                        json_integer((json_int_t)r->outliers));
    json_object_set_new(json_object_get(o, "summary"), "stopped_because",
                        str_or_null(r->stop_reason));
    json_object_set_new(
        o, "worker",
        json_pack("{s:o,s:o,s:o,s:o,s:o}", "exit_status",
                  r->exit_status >= 0 ? json_integer(r->exit_status) : json_null(), "signal",
                  r->term_signal ? json_integer(r->term_signal) : json_null(), "signal_name",
                  str_or_null(r->term_signal ? gb_signal_name(r->term_signal) : NULL), "stderr_tail",
                  str_or_null(r->stderr_tail), "elapsed_s", num(r->elapsed_s)));
    json_object_set_new(o, "runs", runs);
    return o;
}

json_t *gb_report_to_json(const gb_report *rep)
{
    json_t *scenarios = json_array();

    for (size_t i = 0; i < rep->nresults; i++)
        json_array_append_new(scenarios, result_json(&rep->results[i]));
    return json_pack("{s:i,s:O,s:o}", "schema_version", GB_SCHEMA_VERSION, "metadata",
                     rep->metadata ? rep->metadata : json_null(), "scenarios", scenarios);
}

int gb_export_json(const gb_report *rep, FILE *out, gb_error *err)
{
    json_t *doc = gb_report_to_json(rep);
    int rc;

    if (!doc) {
        gb_error_set(err, NULL, 0, 0, NULL, "cannot build the JSON report");
        return -1;
    }
    rc = json_dumpf(doc, out, JSON_INDENT(2) | JSON_REAL_PRECISION(10));
    json_decref(doc);
    if (rc != 0 || fputc('\n', out) == EOF) {
        gb_error_set(err, NULL, 0, 0, NULL, "write error");
        return -1;
    }
    return 0;
}
