/* export_github_benchmark.c - the report as github-action-benchmark's custom format, for
 * its `tool: customSmallerIsBetter`: a JSON list of {"name", "unit", "value", "range",
 * "extra"}. One entry per scenario with measured runs: its median wall time in seconds,
 * "± sigma" as the range, and in the extra text its runs, confidence interval, verdict,
 * the evidence of the GIL where there is some, and status; then always one entry "failed
 * scenarios": how many did not end ok (a scenario name has no space, so it cannot be one), with
 * their names and why in the extra text. The action compares entries by name, and a rise from 0
 * failed is an alert; a scenario without runs has no time to give and is only there. A counted
 * result is an entry "NAME (instructions)": its median count, the unit "instructions".
 * docs/report.md says what a gate fed only this file misses. */
#include "report/export.h"
#include "util/json_text.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/units.h"

#define FAILED_ENTRY "failed scenarios"

static int failed(const gb_result *r)
{
    return r->status != GB_STATUS_OK && r->status != GB_STATUS_EXPECTED_CRASH;
}

static const char *name_of(const gb_result *r)
{
    return r->scenario && r->scenario->name ? r->scenario->name : "?";
}

/* The extra text of a scenario: a line a figure, as the action's own extractors write. */
static json_t *extra_of(const gb_result *r)
{
    char text[1024], lo[32], hi[32], gil[160] = "";
    gb_unit u = gb_unit_for(r->wall.median, 0);
    size_t warmup = r->nruns - r->wall.n;

    gb_format_time(lo, sizeof lo, r->median_lo, u);
    gb_format_time(hi, sizeof hi, r->median_hi, u);
    if (isfinite(r->gil_wait_ratio))
        snprintf(gil, sizeof gil, "GIL wait ratio: %.3f\nGIL held share (most of a thread): %.3f\n",
                 r->gil_wait_ratio, r->gil_held_share_max);
    snprintf(text, sizeof text,
             "median of %zu run%s (%zu warmup)\n95%% CI of the median: %s .. %s\nverdict: %s\n"
             "%sstatus: %s%s%s%s",
             r->wall.n, r->wall.n == 1 ? "" : "s", warmup, lo, hi, gb_verdict_name(r->verdict), gil,
             gb_status_name(r->status), r->message ? " (" : "", r->message ? r->message : "",
             r->message ? ")" : "");
    return gb_json_text(text);
}

static json_t *scenario_entry(const gb_result *r)
{
    char range[48];

    snprintf(range, sizeof range, "± %.9f", r->wall.n > 1 ? r->wall.stddev : 0.0);
    return json_pack("{s:o,s:s,s:f,s:s,s:o}", "name", gb_json_text(name_of(r)), "unit", "s",
                     "value", r->wall.median, "range", range, "extra", extra_of(r));
}

/* A counted result's entry: its median instructions, "± (max - min) / 2" as the range. */
static json_t *counted_entry(const gb_result *r)
{
    char name[512], range[48], extra[256];

    snprintf(name, sizeof name, "%s (%s)", name_of(r), gb_measure_name(r->measure));
    snprintf(range, sizeof range, "± %.1f", (r->instructions.max - r->instructions.min) / 2);
    snprintf(extra, sizeof extra,
             "median of %zu counted run%s (each thread's work under callgrind)\n"
             "estimated cycles: %.0f\nstatus: %s",
             r->instructions.n, r->instructions.n == 1 ? "" : "s", r->cycles.median,
             gb_status_name(r->status));
    return json_pack("{s:o,s:s,s:f,s:s,s:o}", "name", gb_json_text(name), "unit", "instructions",
                     "value", r->instructions.median, "range", range, "extra", gb_json_text(extra));
}

/* The entry of the failures: their count, and a line each "NAME: STATUS: why". */
static json_t *failed_entry(const gb_report *rep)
{
    size_t n = 0, len = 0, cap = 64;
    char *text = malloc(cap);
    json_t *o;

    if (!text)
        return NULL;
    text[0] = '\0';
    for (size_t i = 0; i < rep->nresults; i++) {
        const gb_result *r = &rep->results[i];
        size_t need;

        if (!failed(r))
            continue;
        need = strlen(name_of(r)) + strlen(gb_status_name(r->status)) +
               (r->message ? strlen(r->message) : 0) + 8;
        if (len + need >= cap) {
            char *more = realloc(text, (cap = 2 * (len + need)));

            if (!more) {
                free(text);
                return NULL;
            }
            text = more;
        }
        len += (size_t)snprintf(text + len, cap - len, "%s%s: %s%s%s", n++ ? "\n" : "", name_of(r),
                                gb_status_name(r->status), r->message ? ": " : "",
                                r->message ? r->message : "");
    }
    o = json_pack("{s:s,s:s,s:I,s:o}", "name", FAILED_ENTRY, "unit", "scenarios", "value",
                  (json_int_t)n, "extra", gb_json_text(n ? text : "none"));
    free(text);
    return o;
}

int gb_export_github_benchmark(const gb_report *rep, FILE *out, gb_error *err)
{
    json_t *list = json_array();

    for (size_t i = 0; list && i < rep->nresults; i++) {
        const gb_result *r = &rep->results[i];

        if (((r->wall.n && isfinite(r->wall.median) &&
              json_array_append_new(list, scenario_entry(r)) != 0)) ||
            (r->measure != GB_MEASURE_WALL && r->instructions.n &&
             json_array_append_new(list, counted_entry(r)) != 0)) {
            json_decref(list);
            list = NULL;
        }
    }
    if (list && json_array_append_new(list, failed_entry(rep)) != 0) {
        json_decref(list);
        list = NULL;
    }
    return gb_export_json_doc(list, out, 15, "benchmark list", err);
}
