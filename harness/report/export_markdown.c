/* export_markdown.c - the report as a markdown table for a README or a pull-request
 * comment: per scenario the median, spread, range, CPU use, verdict (and what was
 * expected), the ratio to its baseline and its status; the table of implementations when
 * sweeps over "module" ran (pivot.c); then why anything failed, the warnings, and
 * one line on the machine. GitHub-flavoured markdown; all text escaped. */
#include "measure/counts.h"
#include "report/export.h"

#include <math.h>
#include <string.h>

#include "measure/pivot.h"
#include "measure/scaling.h"
#include "util/units.h"

/* Text in a table cell: markdown's punctuation escaped, line breaks made spaces. */
static void md_text(FILE *out, const char *s)
{
    for (; s && *s; s++) {
        if (strchr("\\`*_[]<>|#~&", *s))
            fputc('\\', out);
        fputc(*s == '\n' || *s == '\r' ? ' ' : *s, out);
    }
}

static const char *expected(const gb_scenario *s)
{
    if (!s)
        return "-";
    if (s->expect.crash)
        return "crash";
    return s->expect.verdict ? gb_verdict_name(s->expect.verdict) : "-";
}

static void row(FILE *out, const gb_report *rep, const gb_scalings *scalings, size_t i, int scaling)
{
    const gb_result *r = &rep->results[i];
    const gb_scenario *s = r->scenario;
    gb_scaling sc;
    char med[32] = "-", sd[32] = "-", lo[32] = "-", hi[32] = "-";

    if (r->wall.n) {
        gb_unit u = gb_unit_for(r->wall.median, 1);

        gb_format_time(med, sizeof med, r->wall.median, u);
        gb_format_time(sd, sizeof sd, r->wall.stddev, u);
        gb_format_time_number(lo, sizeof lo, r->wall.min, u);
        gb_format_time(hi, sizeof hi, r->wall.max, u);
    }
    if (r->measure != GB_MEASURE_WALL && r->instructions.n) { /* a counted result: its cost */
        gb_format_count_short(med, sizeof med, r->instructions.median);
        snprintf(med + strlen(med), sizeof med - strlen(med), " instructions");
        snprintf(sd, sizeof sd, "spread %.2f %%", 100 * gb_counts_spread(&r->instructions));
    }
    fputs("| ", out);
    md_text(out, s && s->name ? s->name : "?");
    if (r->measure != GB_MEASURE_WALL)
        fprintf(out, " (%s)", gb_measure_name(r->measure));
    fprintf(out, " | %s | %s | ", med, sd);
    if (r->wall.n)
        fprintf(out, "%s … %s", lo, hi);
    else
        fputs("-", out);
    fprintf(out, " | %zu | ", r->wall.n ? r->wall.n : r->instructions.n);
    if (r->wall.n && isfinite(r->parallelism.median))
        fprintf(out, "%.2f", r->parallelism.median);
    else
        fputs("-", out);
    fprintf(out, " | %s | %s | ", r->wall.n ? gb_verdict_name(r->verdict) : "-", expected(s));
    if (isfinite(r->baseline_ratio) && s && s->baseline) {
        fprintf(out, "%.2f × ", r->baseline_ratio);
        md_text(out, s->baseline);
    } else {
        fputs("-", out);
    }
    if (scaling && gb_scaling_of(scalings, i, &sc) == 0)
        fprintf(out, " | %.2f × | %.0f %%", sc.speedup, 100 * sc.efficiency);
    else if (scaling)
        fputs(" | - | -", out);
    fprintf(out, " | %s%s%s |\n", gb_status_is_failure(r->status) ? "**" : "",
            gb_status_name(r->status), gb_status_is_failure(r->status) ? "**" : "");
}

/* Implementation x scenario: median and verdict, and the one-thread time over the C API's. */
static int implementations(FILE *out, const gb_report *rep)
{
    gb_pivot pv;
    int rc = gb_pivot_build(rep, GB_PIVOT_PARAM, GB_PIVOT_REFERENCE, &pv);

    if (rc != 1) {
        gb_pivot_clear(&pv);
        return rc;
    }
    fputs("\n| ", out);
    md_text(out, GB_PIVOT_PARAM);
    for (size_t j = 0; j < pv.ncols; j++) {
        fputs(" | ", out);
        md_text(out, pv.cols[j]);
    }
    if (pv.solo_col != GB_PIVOT_NONE) {
        fputs(" | ", out);
        md_text(out, pv.cols[pv.solo_col]);
        fputs(" vs ", out);
        md_text(out, pv.rows[pv.ref_row]);
    }
    fputs(" |\n|:---", out);
    for (size_t j = 0; j < pv.ncols + (pv.solo_col != GB_PIVOT_NONE); j++)
        fputs("|---:", out);
    fputs("|\n", out);
    for (size_t i = 0; i < pv.nrows; i++) {
        double ratio = gb_pivot_solo_ratio(&pv, i);

        fputs("| ", out);
        md_text(out, pv.rows[i]);
        for (size_t j = 0; j < pv.ncols; j++) {
            const gb_result *r = gb_pivot_cell(&pv, i, j);
            const char *word;
            char med[32];
            int failed;

            word = gb_pivot_cell_word(r, &failed);
            fputs(" | ", out);
            if (r && r->wall.n) {
                gb_format_time(med, sizeof med, r->wall.median, gb_unit_for(r->wall.median, 1));
                fprintf(out, "%s ", med);
            }
            fprintf(out, "%s%s%s", failed ? "**" : "", word, failed ? "**" : "");
        }
        if (pv.solo_col != GB_PIVOT_NONE && isfinite(ratio))
            fprintf(out, " | %.2f ×", ratio);
        else if (pv.solo_col != GB_PIVOT_NONE)
            fputs(" | -", out);
        fputs(" |\n", out);
    }
    gb_pivot_clear(&pv);
    return 0;
}

static const char *meta_text(const json_t *metadata, const char *a, const char *b)
{
    json_t *v = json_object_get(json_object_get(metadata, a), b);

    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* "gilbench 0.1.0 (Release), Python 3.11.2, AMD EPYC (2 CPUs), 2026-11-25T10:00:00Z" */
static void machine_line(FILE *out, const json_t *m)
{
    const char *version = meta_text(m, "gilbench", "version");
    const char *build = meta_text(m, "gilbench", "build_type");
    const char *python = meta_text(json_object_get(m, "python"), "runtime", "version");
    const char *cpu = meta_text(m, "cpu", "model");
    json_t *usable = json_object_get(json_object_get(m, "cpu"), "usable");
    const char *when = json_string_value(json_object_get(m, "start_time"));

    if (!python)
        python = meta_text(m, "python", "version_built_against");
    fputs("\n<sub>", out);
    fputs("gilbench ", out);
    md_text(out, version ? version : "?");
    if (build) {
        fputs(" (", out);
        md_text(out, build);
        fputc(')', out);
    }
    if (python) {
        fputs(", Python ", out);
        md_text(out, python);
    }
    if (cpu) {
        fputs(", ", out);
        md_text(out, cpu);
        if (json_is_integer(usable))
            fprintf(out, " (%lld CPUs)", (long long)json_integer_value(usable));
    }
    if (when) {
        fputs(", ", out);
        md_text(out, when);
    }
    fputs("</sub>\n", out);
}

int gb_export_markdown(const gb_report *rep, FILE *out, gb_error *err)
{
    size_t ok = 0, failed = 0, n;
    json_t *warnings = json_object_get(rep->metadata, "warnings"), *w;
    size_t i;
    int scaling = 0;
    gb_scaling sc;
    gb_scalings scalings;

    if (gb_scalings_init(&scalings, rep->results, rep->nresults) != 0) {
        gb_error_set(err, NULL, 0, 0, NULL, "out of memory");
        return -1;
    }
    for (i = 0; i < rep->nresults; i++)
        scaling |= gb_scaling_of(&scalings, i, &sc) == 0;
    fprintf(out,
            "| Scenario | Median | σ | Min … Max | Runs | CPU/wall | Verdict | Expected | vs "
            "baseline |%s Status |\n"
            "|:---|---:|---:|---:|---:|---:|:---|:---|:---|%s:---|\n",
            scaling ? " Speedup | Efficiency |" : "", scaling ? "---:|---:|" : "");
    for (i = 0; i < rep->nresults; i++) {
        row(out, rep, &scalings, i, scaling);
        if (gb_status_is_failure(rep->results[i].status))
            failed++;
        else if (rep->results[i].status == GB_STATUS_OK ||
                 rep->results[i].status == GB_STATUS_EXPECTED_CRASH)
            ok++;
    }
    gb_scalings_free(&scalings);
    fprintf(out, "\n%zu scenario%s: %zu ok, %zu failed.\n", rep->nresults,
            rep->nresults == 1 ? "" : "s", ok, failed);
    if (scaling)
        fputs("\nSpeedup = threads × T(1 thread) / T(threads), each thread doing the same work; "
              "efficiency = speedup / threads.\n",
              out);
    if (implementations(out, rep) != 0) {
        gb_error_set(err, NULL, 0, 0, NULL, "out of memory");
        return -1;
    }
    /* blocks apart by blank lines: the list, then each warning a paragraph of one quote,
     * so that no renderer (GitHub's, pandoc's) runs them into the paragraph before */
    for (i = 0, n = 0; i < rep->nresults; i++) {
        const gb_result *r = &rep->results[i];

        if (!r->message ||
            !(gb_status_is_failure(r->status) || r->status == GB_STATUS_EXPECTED_CRASH))
            continue;
        fputs(n++ ? "- **" : "\n- **", out);
        md_text(out, r->scenario && r->scenario->name ? r->scenario->name : "?");
        fprintf(out, "** (%s): ", gb_status_name(r->status));
        md_text(out, r->message);
        fputc('\n', out);
    }
    json_array_foreach(warnings, i, w)
    {
        fputs(i ? ">\n> warning: " : "\n> warning: ", out);
        md_text(out, json_string_value(w));
        fputc('\n', out);
    }
    machine_line(out, rep->metadata);
    if (ferror(out)) {
        gb_error_set(err, NULL, 0, 0, NULL, "write error");
        return -1;
    }
    return 0;
}
