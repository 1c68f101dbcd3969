/* output_summary.c - the tables at the end of `gilbench run` on the terminal: the summary
 * (each scenario's median, spread, verdict, status, ratio to its baseline and scaling) and
 * the table of implementations when sweeps over "module" ran (pivot.c). See output.h. */
#include "term/output.h"

#include <math.h>
#include <string.h>

#include "measure/counts.h"
#include "measure/pivot.h"
#include "measure/scaling.h"
#include "term/ansi.h"
#include "util/text.h"
#include "util/units.h"

static const char *status_text(gb_status st)
{
    switch (st) {
    case GB_STATUS_OK:
        return "ok";
    case GB_STATUS_EXPECTATION_FAILED:
        return "FAILED: expectation";
    case GB_STATUS_EXPECTED_CRASH:
        return "crashed (expected)";
    case GB_STATUS_CRASHED:
        return "FAILED: crashed";
    case GB_STATUS_TIMEOUT:
        return "FAILED: timed out";
    case GB_STATUS_ERROR:
        return "FAILED: error";
    case GB_STATUS_INTERRUPTED:
        return "interrupted";
    case GB_STATUS_NOT_RUN:
        return "not run";
    }
    return "?";
}

/* "1.95 x  98 %": speedup and efficiency of a point of a threads sweep, or "-". */
static void scaling_text(const gb_scalings *scalings, size_t i, char *buf, size_t size)
{
    gb_scaling sc;

    if (gb_scaling_of(scalings, i, &sc) == 0)
        snprintf(buf, size, "%.2f x %3.0f %%", sc.speedup, 100 * sc.efficiency);
    else
        snprintf(buf, size, "-");
}

void gb_output_summary(FILE *out, const gb_report *rep, const gb_output_opts *o)
{
    size_t namew = 8, ratiow = 16, ok = 0, failed = 0, other = 0;
    int scaling = 0;
    gb_scalings scalings;

    (void)gb_scalings_init(&scalings, rep->results, rep->nresults); /* none: no column */
    for (size_t i = 0; i < rep->nresults; i++) {
        const gb_scenario *s = rep->results[i].scenario;
        gb_scaling sc;

        if (s && s->name && (size_t)gb_text_width(s->name) > namew)
            namew = (size_t)gb_text_width(s->name);
        if (s && s->baseline && isfinite(rep->results[i].baseline_ratio) &&
            (size_t)gb_text_width(s->baseline) + 8 > ratiow)
            ratiow = (size_t)gb_text_width(s->baseline) + 8; /* "10.02 x " */
        scaling |= gb_scaling_of(&scalings, i, &sc) == 0;
    }
    fprintf(out, "%sSummary%s\n", gb_ansi(o, BOLD), gb_ansi(o, RESET));
    fprintf(out, "  %-*s  %12s  %10s  %-9s  %-*s  ", (int)namew, "scenario", "median", "sigma",
            "verdict", (int)ratiow, "vs baseline");
    if (scaling)
        fprintf(out, "%-14s  ", "speedup  eff.");
    fprintf(out, "status\n");
    for (size_t i = 0; i < rep->nresults; i++) {
        const gb_result *r = &rep->results[i];
        const gb_scenario *s = r->scenario;
        char med[32] = "-", sd[32] = "-", ratio[300] = "-", sc[64];
        int bad = gb_status_is_failure(r->status);

        if (r->wall.n) {
            gb_unit u = gb_unit_for(r->wall.median, o->unicode);
            gb_format_time(med, sizeof med, r->wall.median, u);
            gb_format_time(sd, sizeof sd, r->wall.stddev, u);
        } else if (r->measure != GB_MEASURE_WALL && r->instructions.n) { /* its cost */
            gb_format_count_short(med, sizeof med, r->instructions.median);
            snprintf(med + strlen(med), sizeof med - strlen(med), " ins");
            snprintf(sd, sizeof sd, "%.2f %%", 100 * gb_counts_spread(&r->instructions));
        }
        if (isfinite(r->baseline_ratio) && s && s->baseline)
            snprintf(ratio, sizeof ratio, "%.2f x %s", r->baseline_ratio, s->baseline);
        fputs("  ", out);
        gb_text_pad(out, s && s->name ? s->name : "?", (int)namew, 0);
        fputs("  ", out);
        gb_text_pad(out, med, 12, 1);
        fputs("  ", out);
        gb_text_pad(out, sd, 10, 1);
        fprintf(out, "  %-9s  ",
                r->wall.n && r->verdict != GB_VERDICT_NONE ? gb_verdict_name(r->verdict)
                : s && s->kind == GB_SCENARIO_COMMAND      ? "process"
                : r->measure != GB_MEASURE_WALL            ? "counted"
                                                           : "-");
        gb_text_pad(out, ratio, (int)ratiow, 0);
        if (scaling) {
            scaling_text(&scalings, i, sc, sizeof sc);
            fputs("  ", out);
            gb_text_pad(out, sc, 14, 0);
        }
        fprintf(out, "  %s%s%s\n", bad ? gb_ansi(o, RED) : "", status_text(r->status),
                bad ? gb_ansi(o, RESET) : "");
        if (bad)
            failed++;
        else if (r->status == GB_STATUS_OK || r->status == GB_STATUS_EXPECTED_CRASH)
            ok++;
        else
            other++;
    }
    gb_scalings_free(&scalings);
    fprintf(out, "  %zu scenario%s: %zu ok, %zu failed", rep->nresults,
            rep->nresults == 1 ? "" : "s", ok, failed);
    if (other)
        fprintf(out, ", %zu not run", other);
    fputc('\n', out);
    if (scaling)
        fprintf(out, "  speedup = threads x T(1 thread) / T(threads): each thread does the same "
                     "work; eff. = speedup / threads\n");
}

/* One cell of the implementations table: "91.2 ms single". */
static void pivot_cell(FILE *out, const gb_result *r, int width, const gb_output_opts *o)
{
    char med[32] = "", cell[64];
    int failed;
    const char *word = gb_pivot_cell_word(r, &failed);

    if (r && r->wall.n)
        gb_format_time(med, sizeof med, r->wall.median, gb_unit_for(r->wall.median, o->unicode));
    snprintf(cell, sizeof cell, "%s%s%s", med, med[0] ? " " : "", word);
    fputs(failed ? gb_ansi(o, RED) : "", out);
    gb_text_pad(out, cell, width, 0);
    fputs(failed ? gb_ansi(o, RESET) : "", out);
}

void gb_output_pivot(FILE *out, const gb_report *rep, const gb_output_opts *o)
{
    gb_pivot pv;
    size_t roww = strlen(GB_PIVOT_PARAM);
    char ratio_head[160] = "";

    if (gb_pivot_build(rep, GB_PIVOT_PARAM, GB_PIVOT_REFERENCE, &pv) != 1) {
        gb_pivot_clear(&pv);
        return;
    }
    for (size_t i = 0; i < pv.nrows; i++)
        if ((size_t)gb_text_width(pv.rows[i]) > roww)
            roww = (size_t)gb_text_width(pv.rows[i]);
    if (pv.solo_col != GB_PIVOT_NONE)
        snprintf(ratio_head, sizeof ratio_head, "%s vs %s", pv.cols[pv.solo_col],
                 pv.rows[pv.ref_row]);
    fprintf(out, "\n%sImplementations%s (median, verdict)\n  ", gb_ansi(o, BOLD),
            gb_ansi(o, RESET));
    gb_text_pad(out, GB_PIVOT_PARAM, (int)roww, 0);
    for (size_t j = 0; j < pv.ncols; j++) {
        fputs("  ", out);
        gb_text_pad(out, pv.cols[j],
                    gb_text_width(pv.cols[j]) > 16 ? gb_text_width(pv.cols[j]) : 16, 0);
    }
    fprintf(out, "%s%s\n", ratio_head[0] ? "  " : "", ratio_head);
    for (size_t i = 0; i < pv.nrows; i++) {
        double ratio = gb_pivot_solo_ratio(&pv, i);

        fputs("  ", out);
        gb_text_pad(out, pv.rows[i], (int)roww, 0);
        for (size_t j = 0; j < pv.ncols; j++) {
            fputs("  ", out);
            pivot_cell(out, gb_pivot_cell(&pv, i, j),
                       gb_text_width(pv.cols[j]) > 16 ? gb_text_width(pv.cols[j]) : 16, o);
        }
        if (ratio_head[0] && isfinite(ratio))
            fprintf(out, "  %.2f x", ratio);
        else if (ratio_head[0])
            fputs("  -", out);
        fputc('\n', out);
    }
    gb_pivot_clear(&pv);
}
