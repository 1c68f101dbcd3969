/* export_bencher.c - the report in the Bencher Metric Format (BMF), what `bencher run
 * --adapter json --file FILE` takes: a JSON object of benchmark name (the scenario's) ->
 * measure (a slug) -> {"value", "lower_value", "upper_value"}. A measure per row of the
 * table below: the wall time (Bencher's own "latency", in ns: the median and its 95 %
 * confidence interval); "failed", 1 unless the scenario ended ok or crashed as expected,
 * so that a scenario with no run keeps its benchmark and a threshold on "failed" sees it;
 * and where the runs have the evidence of the GIL, its figures (median, min .. max).
 * Layout, limits and what a gate fed only this file misses: docs/report.md. */
#include "report/export.h"
#include "util/json_text.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "measure/stats.h"

/* Bencher refuses a benchmark name longer than this (bytes): longer names are cut. */
#define BMF_MAX_NAME 1024

/* One measure: its slug, and its figures for r (1), or nothing for r (0). */
typedef struct bmf_measure {
    const char *slug;
    int (*of)(const gb_result *r, double *value, double *lower, double *upper);
} bmf_measure;

static int latency_of(const gb_result *r, double *value, double *lower, double *upper)
{
    if (!r->wall.n || !isfinite(r->wall.median))
        return 0;
    *value = r->wall.median * 1e9;
    *lower = r->median_lo * 1e9;
    *upper = r->median_hi * 1e9;
    return 1;
}

static int failed_of(const gb_result *r, double *value, double *lower, double *upper)
{
    *value = r->status == GB_STATUS_OK || r->status == GB_STATUS_EXPECTED_CRASH ? 0 : 1;
    *lower = *upper = NAN;
    return 1;
}

/* A figure of r's measured runs that have the evidence of the GIL: the median, and the
 * least and the most as bounds; 0 when no run has it. */
static int over_gil_runs(const gb_result *r, double (*of)(const gb_run *), double *value,
                         double *lower, double *upper)
{
    double *v = calloc(r->nruns + 1, sizeof *v);
    size_t n = 0;
    gb_summary s;

    if (!v)
        return 0;
    for (size_t i = 0; i < r->nruns; i++)
        if (!r->runs[i].warmup && (r->runs[i].evidence & (GB_EVIDENCE_GIL | GB_EVIDENCE_SAMPLED)) &&
            isfinite(of(&r->runs[i])))
            v[n++] = of(&r->runs[i]);
    s = gb_stats_summarise(v, n);
    free(v);
    *value = s.median;
    *lower = s.min;
    *upper = s.max;
    return n > 0;
}

static double run_wait_ratio(const gb_run *run)
{
    return run->gil_wait_ratio;
}

static double run_switches(const gb_run *run)
{
    return (double)run->gil_switches;
}

/* Waits for the GIL over the time a serial run would lose (docs/report.md): 0 parallel. */
static int gil_wait_ratio_of(const gb_result *r, double *value, double *lower, double *upper)
{
    return over_gil_runs(r, run_wait_ratio, value, lower, upper);
}

/* Times the GIL changed hands in a run. */
static int gil_switches_of(const gb_result *r, double *value, double *lower, double *upper)
{
    return over_gil_runs(r, run_switches, value, lower, upper);
}

/* The largest share of its work a thread held the GIL (the threads' medians). */
static int gil_held_share_of(const gb_result *r, double *value, double *lower, double *upper)
{
    *value = r->gil_held_share_max;
    *lower = *upper = NAN;
    return r->wall.n && isfinite(*value);
}

/* A counted result's median instructions (the slug of Bencher's callgrind measures), with the
 * least and the most of its runs. */
static int instructions_of(const gb_result *r, double *value, double *lower, double *upper)
{
    *value = r->instructions.median;
    *lower = r->instructions.min;
    *upper = r->instructions.max;
    return r->measure != GB_MEASURE_WALL && r->instructions.n > 0;
}

/* The same of the estimated cycles (measure/counts.h: the cache model). */
static int cycles_of(const gb_result *r, double *value, double *lower, double *upper)
{
    *value = r->cycles.median;
    *lower = r->cycles.min;
    *upper = r->cycles.max;
    return r->measure != GB_MEASURE_WALL && r->cycles.n > 0;
}

static const bmf_measure measures[] = {
    {"latency", latency_of},
    {"instructions", instructions_of},
    {"estimated-cycles", cycles_of},
    {"failed", failed_of},
    {"gil-wait-ratio", gil_wait_ratio_of},
    {"gil-held-share", gil_held_share_of},
    {"gil-switches", gil_switches_of},
};

/* {"value": v[, "lower_value": lo][, "upper_value": hi]}: a bound only when it is a
 * number on the right side of the value (Bencher reads lower <= value <= upper). */
static json_t *metric(double value, double lower, double upper)
{
    json_t *o = json_pack("{s:f}", "value", value);

    if (o && isfinite(lower) && lower <= value)
        json_object_set_new(o, "lower_value", json_real(lower));
    if (o && isfinite(upper) && upper >= value)
        json_object_set_new(o, "upper_value", json_real(upper));
    return o;
}

/* The scenario's name as a benchmark name: valid UTF-8 (gb_json_text), cut at a character
 * boundary to what Bencher takes. */
static json_t *benchmark_name(const gb_result *r)
{
    json_t *name = gb_json_text(r->scenario && r->scenario->name ? r->scenario->name : "?");
    const char *s = json_string_value(name);
    size_t n = s ? strlen(s) : 0;

    if (n <= BMF_MAX_NAME)
        return name;
    n = BMF_MAX_NAME;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    json_string_setn(name, s, n);
    return name;
}

int gb_export_bencher(const gb_report *rep, FILE *out, gb_error *err)
{
    json_t *doc = json_object();

    for (size_t i = 0; doc && i < rep->nresults; i++) {
        const gb_result *r = &rep->results[i];
        json_t *name = benchmark_name(r), *bench = json_object();

        for (size_t m = 0; bench && m < sizeof measures / sizeof measures[0]; m++) {
            double value, lower, upper;

            if (measures[m].of(r, &value, &lower, &upper) &&
                json_object_set_new(bench, measures[m].slug, metric(value, lower, upper)) != 0) {
                json_decref(bench);
                bench = NULL;
            }
        }
        /* a scenario timed and counted is one benchmark: its counts join its latency, and
         * it failed when either failed */
        if (name && bench && json_object_get(doc, json_string_value(name))) {
            json_t *prev = json_object_get(doc, json_string_value(name));
            json_t *was = json_object_get(prev, "failed");

            if (json_number_value(json_object_get(was, "value")) >
                json_number_value(json_object_get(json_object_get(bench, "failed"), "value")))
                json_object_set(bench, "failed", was);
            json_object_update_missing(bench, prev);
        }
        if (!name || !bench || json_object_set_new(doc, json_string_value(name), bench) != 0) {
            json_decref(doc);
            doc = NULL;
        }
        json_decref(name);
    }
    return gb_export_json_doc(doc, out, 15, "Bencher report", err);
}
