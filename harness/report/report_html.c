/* report_html.c - the HTML report (`gilbench report`, `gilbench run --html`): one file that
 * needs nothing else (inline CSS and SVG, no script, no font or image from the network).
 * A summary table and the run times of every scenario on top; the scaling charts of
 * sweeps; then per scenario its figures, verdict, the timeline of its run nearest the
 * median and a box-and-whisker plot of its runs. Light and dark colour schemes, and a
 * print style. The charts are report_html_charts.c's and report_html_scaling.c's. */
#include "report/export.h"
#include "report/report_html.h"

#include "measure/counts.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/units.h"

static const char css[] =
    ":root{color-scheme:light dark;--bg:#fff;--fg:#1d1f23;--muted:#5c636d;--border:#d3d7dd;"
    "--panel:#f6f7f9;--track:#eceef2;--grid:#e1e4e8;--work:#2f6fdf;--start:#c7701f;"
    "--start-bg:#fbe6cf;--gil:#c23b2e;--gil-bg:#f7d5d0;--blocked:#7b5ea7;--blocked-bg:#e6def2;"
    "--box:#dbe6fb;--ok:#1c7a3a;--fail:#b3261e;--warn:#8a5a00;--s0:#2f6fdf;--s1:#c7701f;"
    "--s2:#16867a;--s3:#c23b2e;--s4:#7b5ea7;--s5:#7d6414;--s6:#c2307a;--s7:#4d535c}\n"
    "@media (prefers-color-scheme:dark){:root{--bg:#15171b;--fg:#e4e6ea;--muted:#a2a8b2;"
    "--border:#383d46;--panel:#1d2026;--track:#252930;--grid:#30353d;--work:#5e9bff;"
    "--start:#f0a25a;--start-bg:#4a3320;--gil:#ff7266;--gil-bg:#4f2521;--blocked:#b59ce0;"
    "--blocked-bg:#362c49;--box:#23344f;--ok:#5fcb85;--fail:#ff7266;--warn:#f0c05a;"
    "--s0:#5e9bff;--s1:#f0a25a;--s2:#3fc2b1;--s3:#ff7266;--s4:#b59ce0;--s5:#d8b64a;"
    "--s6:#f06aa9;--s7:#b8bec8}}\n"
    "@media print{:root{color-scheme:light;--bg:#fff;--fg:#000;--muted:#444;--border:#999;"
    "--panel:#fff;--track:#f0f0f0;--grid:#ddd;--work:#2456b8;--start:#a85a12;"
    "--start-bg:#fbe6cf;--gil:#a82a1f;--gil-bg:#f7d5d0;--blocked:#5e4587;--blocked-bg:#e6def2;"
    "--box:#dbe6fb;--ok:#135c2a;--fail:#8f1d16;--warn:#6b4600;--s0:#2456b8;--s1:#a85a12;"
    "--s2:#0f6b61;--s3:#a82a1f;--s4:#5e4587;--s5:#5f4c0f;--s6:#99235f;--s7:#333}"
    "body{font-size:10pt;margin:0}main,header,footer{max-width:none;padding:0}"
    ".scenario,.sweep,figure,tr{break-inside:avoid}h2{break-after:avoid}"
    "a{color:inherit;text-decoration:none}details{display:none}"
    "*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0 auto;padding:0 1.2rem 2rem;max-width:980px;background:var(--bg);"
    "color:var(--fg);font:15px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',"
    "sans-serif;overflow-wrap:break-word}\n"
    ".scroll{overflow-x:auto;max-width:100%}.scroll:focus-visible{outline:2px solid var(--work);"
    "outline-offset:2px}\n"
    "h1{font-size:1.6rem;margin:1.2rem 0 .2rem}h2{font-size:1.25rem;margin:2rem 0 .4rem;"
    "padding-top:.6rem;border-top:1px solid var(--border)}h3{font-size:1.05rem;margin:1.2rem 0 "
    ".3rem}\n"
    "a{color:var(--work)}.meta,.note,.description{color:var(--muted)}.note{font-size:.9rem}\n"
    "table{border-collapse:collapse;width:100%;font-size:.92rem;margin:.4rem 0}"
    "th,td{padding:.3rem .4rem;border-bottom:1px solid var(--border);text-align:left;"
    "vertical-align:top}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-"
    "space:nowrap}"
    "thead th{border-bottom:2px solid var(--border)}\n"
    ".badge{display:inline-block;padding:0 .4rem;border-radius:.6rem;font-size:.78rem;"
    "font-weight:600;border:1px solid currentColor;vertical-align:middle}"
    ".badge.ok{color:var(--ok)}.badge.fail{color:var(--fail)}.badge.other{color:var(--muted)}\n"
    ".verdict{font-weight:600}.verdict-parallel{color:var(--ok)}.verdict-serial{color:var(--fail)}"
    ".verdict-partial{color:var(--warn)}\n"
    "dl.figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(210px,1fr));gap:.1rem"
    " 1.2rem;margin:.6rem 0}dl.figures div{padding:.25rem 0;border-bottom:1px dotted "
    "var(--border)}dt{font-size:.8rem;color:var(--muted)}dd{margin:0;"
    "font-variant-numeric:tabular-nums}\n"
    "figure{margin:.8rem 0}figcaption{font-size:.9rem;color:var(--muted);margin-bottom:.2rem}\n"
    ".chart{width:100%;min-width:720px;height:auto;display:block;"
    "font:12px system-ui,'DejaVu Sans',sans-serif}"
    ".chart text{fill:var(--fg)}.chart .axis line{stroke:var(--muted)}.chart .axis .grid{stroke:"
    "var(--grid)}.chart .unit{fill:var(--muted)}.defs{position:absolute;width:0;height:0}\n"
    ".track{fill:var(--track)}.st-work{fill:var(--work)}.st-start{fill:url(#gb-wait-start);"
    "stroke:var(--start)}.st-gil{fill:url(#gb-wait-gil);stroke:var(--gil)}"
    ".st-blocked{fill:url(#gb-blocked);stroke:var(--blocked)}"
    ".st-released{fill:var(--work);opacity:.45}.st-woken{fill:var(--start)}"
    ".st-elsewhere{fill:none;stroke:var(--muted);stroke-dasharray:3 2}"
    ".pat-start-bg{fill:var(--start-bg)}.pat-start{stroke:var(--start);stroke-width:2.4}"
    ".pat-gil-bg{fill:var(--gil-bg)}.pat-gil{stroke:var(--gil);stroke-width:1.4}"
    ".pat-blocked-bg{fill:var(--blocked-bg)}.pat-blocked{fill:var(--blocked)}\n"
    ".iqr{fill:var(--box);stroke:var(--work);stroke-width:1.2}.median{stroke:var(--fg);"
    "stroke-width:2.5}.whisker{stroke:var(--muted);stroke-width:1.2}.run{fill:var(--work);"
    "fill-opacity:.55}.outlier{fill:none;stroke:var(--gil);stroke-width:1.6}\n"
    ".ideal{stroke:var(--muted);stroke-width:1.5;stroke-dasharray:7 5}.cpus{stroke:var(--muted);"
    "stroke-width:1;stroke-dasharray:2 4}.series polyline{fill:none;stroke-width:2.5}"
    ".end-label{font-weight:600}.end-label.ideal-label,.end-label.cpus-label{fill:var(--muted);"
    "font-weight:400}\n"
    ".series.s0 polyline{stroke:var(--s0)}.s0.pt,.end-label.s0{fill:var(--s0)}"
    ".series.s1 polyline{stroke:var(--s1)}.s1.pt,.end-label.s1{fill:var(--s1)}"
    ".series.s2 polyline{stroke:var(--s2)}.s2.pt,.end-label.s2{fill:var(--s2)}"
    ".series.s3 polyline{stroke:var(--s3)}.s3.pt,.end-label.s3{fill:var(--s3)}"
    ".series.s4 polyline{stroke:var(--s4)}.s4.pt,.end-label.s4{fill:var(--s4)}"
    ".series.s5 polyline{stroke:var(--s5)}.s5.pt,.end-label.s5{fill:var(--s5)}"
    ".series.s6 polyline{stroke:var(--s6)}.s6.pt,.end-label.s6{fill:var(--s6)}"
    ".series.s7 polyline{stroke:var(--s7)}.s7.pt,.end-label.s7{fill:var(--s7)}\n"
    "ul.legend{list-style:none;display:flex;flex-wrap:wrap;gap:.2rem 1.2rem;padding:0;"
    "margin:.2rem 0 0 21%;font-size:.85rem}ul.legend svg{width:18px;height:12px;"
    "vertical-align:-1px;margin-right:.35rem}\n"
    ".message{padding:.4rem .7rem;border-left:4px solid var(--fail);background:var(--panel)}"
    ".message.ok{border-color:var(--ok)}pre{white-space:pre-wrap;font-size:.82rem;"
    "background:var(--panel);padding:.5rem .7rem;overflow-x:auto}\n"
    "ul.warnings{color:var(--warn);padding-left:1.2rem}footer{margin-top:2.5rem;font-size:.85rem;"
    "color:var(--muted)}footer dl{display:grid;grid-template-columns:max-content "
    "minmax(0,1fr);gap:.1rem"
    " 1rem}footer dt{font-size:.85rem}\n"
    /* last, to undo for paper the scroll boxes and the charts' least width above */
    "@media print{.scroll{overflow:visible}.chart{min-width:0}}\n";

static const char *scenario_name(const gb_result *r)
{
    return r->scenario && r->scenario->name ? r->scenario->name : "?";
}

static const char *badge_class(gb_status s)
{
    if (gb_status_is_failure(s))
        return "fail";
    return s == GB_STATUS_OK || s == GB_STATUS_EXPECTED_CRASH ? "ok" : "other";
}

static const char *expected(const gb_scenario *s)
{
    if (!s)
        return NULL;
    if (s->expect.crash)
        return "crash";
    return s->expect.verdict ? gb_verdict_name(s->expect.verdict) : NULL;
}

static const char *meta(const json_t *m, const char *a, const char *b)
{
    json_t *v = b ? json_object_get(json_object_get(m, a), b) : json_object_get(m, a);

    return json_is_string(v) ? json_string_value(v) : NULL;
}

static void header(FILE *out, const gb_report *rep)
{
    const json_t *m = rep->metadata;
    const char *when = meta(m, "start_time", NULL), *host = meta(m, "hostname", NULL);
    const char *cpu = meta(m, "cpu", "model");
    const char *py = meta(json_object_get(m, "python"), "runtime", "version");

    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<meta name=\"color-scheme\" content=\"light dark\">\n"
          "<meta name=\"generator\" content=\"gilbench\">\n<title>gilbench report",
          out);
    if (when) {
        fputs(" of ", out);
        gb_html_text(out, when);
    }
    fprintf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", css);
    gb_html_chart_defs(out);
    fputs("<header>\n<h1>gilbench report</h1>\n<p class=\"meta\">", out);
    fprintf(out, "%zu scenario%s", rep->nresults, rep->nresults == 1 ? "" : "s");
    if (when) {
        fputs(" &middot; ", out);
        gb_html_text(out, when);
    }
    if (host) {
        fputs(" &middot; ", out);
        gb_html_text(out, host);
    }
    if (cpu) {
        fputs(" &middot; ", out);
        gb_html_text(out, cpu);
    }
    if (py) {
        fputs(" &middot; Python ", out);
        gb_html_text(out, py);
    }
    fputs("</p>\n</header>\n<main>\n", out);
}

static void summary_table(FILE *out, const gb_report *rep)
{
    size_t ok = 0, failed = 0;

    fputs("<section id=\"summary\" aria-labelledby=\"summary-h\">\n<h2 id=\"summary-h\">"
          "Summary</h2>\n",
          out);
    gb_html_scroll_open(out, "the summary table");
    fputs("<table><thead><tr><th scope=\"col\">scenario</th>"
          "<th scope=\"col\" class=\"num\">median</th><th scope=\"col\" class=\"num\">"
          "&sigma;</th><th scope=\"col\" class=\"num\">runs</th><th scope=\"col\" "
          "class=\"num\">CPU/wall</th><th scope=\"col\">verdict</th><th scope=\"col\">"
          "expected</th><th scope=\"col\">vs baseline</th><th scope=\"col\">status</th>"
          "</tr></thead>\n<tbody>\n",
          out);
    for (size_t i = 0; i < rep->nresults; i++) {
        const gb_result *r = &rep->results[i];
        const gb_scenario *s = r->scenario;
        char id[32], med[32] = "-", sd[32] = "-", par[32] = "-";

        gb_html_section_id(id, sizeof id, i);
        if (r->wall.n) {
            gb_unit u = gb_unit_for(r->wall.median, 1);

            gb_format_time(med, sizeof med, r->wall.median, u);
            gb_format_time(sd, sizeof sd, r->wall.stddev, u);
            if (isfinite(r->parallelism.median))
                snprintf(par, sizeof par, "%.2f", r->parallelism.median);
        }
        fprintf(out, "<tr><th scope=\"row\"><a href=\"#%s\">", id);
        gb_html_text_wrap(out, scenario_name(r));
        fprintf(out,
                "</a></th><td class=\"num\">%s</td><td class=\"num\">%s</td>"
                "<td class=\"num\">%zu</td><td class=\"num\">%s</td>"
                "<td><span class=\"verdict verdict-%s\">%s</span></td><td>%s</td><td>",
                med, sd, r->wall.n, par, gb_verdict_name(r->verdict),
                r->wall.n ? gb_verdict_name(r->verdict) : "-", expected(s) ? expected(s) : "-");
        if (isfinite(r->baseline_ratio) && s && s->baseline) {
            fprintf(out, "%.2f&nbsp;&times; ", r->baseline_ratio);
            gb_html_text_wrap(out, s->baseline);
        } else {
            fputs("-", out);
        }
        fprintf(out, "</td><td><span class=\"badge %s\">", badge_class(r->status));
        gb_html_text_wrap(out, gb_status_name(r->status));
        fputs("</span></td></tr>\n", out);
        if (gb_status_is_failure(r->status))
            failed++;
        else if (r->status == GB_STATUS_OK || r->status == GB_STATUS_EXPECTED_CRASH)
            ok++;
    }
    fputs("</tbody></table>\n", out);
    gb_html_scroll_close(out);
    fprintf(out, "<p>%zu scenario%s: %zu ok, %zu failed.</p>\n", rep->nresults,
            rep->nresults == 1 ? "" : "s", ok, failed);
}

static void warnings(FILE *out, const gb_report *rep)
{
    json_t *list = json_object_get(rep->metadata, "warnings"), *w;
    size_t i;

    if (!json_array_size(list))
        return;
    fputs("<ul class=\"warnings\" aria-label=\"warnings\">\n", out);
    json_array_foreach(list, i, w)
    {
        fputs("<li>warning: ", out);
        gb_html_text(out, json_string_value(w));
        fputs("</li>\n", out);
    }
    fputs("</ul>\n", out);
}

/* Every scenario's runs on one axis from 0, under the table. */
static void all_runs(FILE *out, const gb_report *rep)
{
    const gb_result **list = calloc(rep->nresults + 1, sizeof *list);
    size_t n = 0;

    if (!list)
        return;
    for (size_t i = 0; i < rep->nresults; i++)
        if (rep->results[i].wall.n)
            list[n++] = &rep->results[i];
    if (n) {
        fputs("<figure>\n<figcaption>Run times of every scenario (measured runs; box: quartiles, "
              "line: median, whiskers: 1.5 &times; the interquartile range)</figcaption>\n",
              out);
        gb_html_boxplot(out, list, n, 1, "runs-all");
        fputs("</figure>\n", out);
    }
    fputs("</section>\n", out);
    free(list);
}

static void figure(FILE *out, const char *name, const char *fmt, ...) GB_PRINTF(3, 4);

/* One <div><dt>name</dt><dd>value</dd></div> of the figures list. */
static void figure(FILE *out, const char *name, const char *fmt, ...)
{
    va_list ap;

    fprintf(out, "<div><dt>%s</dt><dd>", name);
    va_start(ap, fmt);
    vfprintf(out, fmt, ap);
    va_end(ap);
    fputs("</dd></div>\n", out);
}

static void figures(FILE *out, const gb_result *r)
{
    const gb_scenario *s = r->scenario;
    gb_unit u = gb_unit_for(r->wall.median, 1);
    char a[32], b[32], c[32];
    size_t warmup = r->nruns - r->wall.n;

    fputs("<dl class=\"figures\">\n", out);
    gb_format_time(a, sizeof a, r->wall.median, u);
    gb_format_time(b, sizeof b, r->wall.stddev, u);
    figure(out, "Time (median &plusmn; &sigma;)", "<strong>%s</strong> &plusmn; %s", a, b);
    gb_format_time(a, sizeof a, r->wall.min, u);
    gb_format_time(b, sizeof b, r->wall.max, u);
    figure(out, "Range (min &hellip; max)", "%s &hellip; %s", a, b);
    figure(out, "Runs", "%zu measured, %zu warmup%s", r->wall.n, warmup,
           r->stop_reason && strcmp(r->stop_reason, "precision") == 0  ? " (precision reached)"
           : r->stop_reason && strcmp(r->stop_reason, "max_runs") == 0 ? " (stopped at the most)"
                                                                       : "");
    if (r->wall.n >= 2) {
        gb_format_time(a, sizeof a, r->median_lo, u);
        gb_format_time(b, sizeof b, r->median_hi, u);
        figure(out, "Median 95&nbsp;% CI", "%s &hellip; %s", a, b);
    }
    gb_format_time(a, sizeof a, r->user.median, u);
    gb_format_time(b, sizeof b, r->sys.median, u);
    figure(out, "User / system CPU (medians)", "%s / %s", a, b);
    if (s && s->nthreads > 1) {
        figure(out, "Parallelism", "%.2f CPU/wall", r->parallelism.median);
        figure(out, "Overlap of the threads", "%.0f&nbsp;%% of the time",
               r->overlap_share.median * 100);
        if (isfinite(r->serial_score))
            figure(out, "Serial score", "%.2f (0 parallel &hellip; 1 serial)", r->serial_score);
    }
    if (isfinite(r->baseline_ratio) && s && s->baseline) {
        snprintf(c, sizeof c, "%.2f", r->baseline_ratio);
        fprintf(out, "<div><dt>Baseline</dt><dd>%s &times; ", c);
        gb_html_text_wrap(out, s->baseline);
        fputs("</dd></div>\n", out);
    }
    if (r->outliers)
        figure(out, "Outliers", "%zu run%s", r->outliers, r->outliers == 1 ? "" : "s");
    fputs("</dl>\n", out);
}

static void status_block(FILE *out, const gb_result *r)
{
    if (r->status == GB_STATUS_OK)
        return;
    fprintf(out, "<p class=\"message%s\"><strong>%s</strong>",
            r->status == GB_STATUS_EXPECTED_CRASH ? " ok" : "", gb_status_name(r->status));
    if (r->message) {
        fputs(": ", out);
        gb_html_text(out, r->message);
    }
    fputs("</p>\n", out);
    if (r->stderr_tail && *r->stderr_tail &&
        (r->status == GB_STATUS_CRASHED || r->status == GB_STATUS_EXPECTED_CRASH ||
         r->status == GB_STATUS_ERROR || r->status == GB_STATUS_TIMEOUT)) {
        fputs("<pre aria-label=\"the last lines of the worker's standard error\">", out);
        gb_html_text(out, r->stderr_tail);
        fputs("</pre>\n", out);
    }
}

static void section(FILE *out, const gb_report *rep, size_t i)
{
    const gb_result *r = &rep->results[i];
    const gb_scenario *s = r->scenario;
    const gb_run *mr = gb_result_median_run(r);
    char id[32], chart_id[48];

    gb_html_section_id(id, sizeof id, i);
    fprintf(out,
            "<section class=\"scenario\" id=\"%s\" aria-labelledby=\"%s-h\">\n<h2 id=\"%s-h\">", id,
            id, id);
    gb_html_text_wrap(out, scenario_name(r));
    fprintf(out, " <span class=\"badge %s\">", badge_class(r->status));
    gb_html_text_wrap(out, gb_status_name(r->status));
    fputs("</span></h2>\n", out);
    if (s && s->description && *s->description) {
        fputs("<p class=\"description\">", out);
        gb_html_text(out, s->description);
        fputs("</p>\n", out);
    }
    if (r->wall.n) {
        fprintf(out, "<p>Verdict: <span class=\"verdict verdict-%s\">%s</span>",
                gb_verdict_name(r->verdict), gb_verdict_name(r->verdict));
        if (expected(s) && !s->expect.crash)
            fprintf(out, " (expected %s)", expected(s));
        fputs("</p>\n", out);
        figures(out, r);
    }
    if (r->measure != GB_MEASURE_WALL && r->instructions.n) { /* a counted result: its cost */
        char ins[40], cyc[40];

        gb_format_count(ins, sizeof ins, r->instructions.median);
        gb_format_count(cyc, sizeof cyc, r->cycles.median);
        fprintf(out,
                "<p>Counted (%s): %s instructions, spread %.2f %%; %s estimated cycles (medians "
                "of %zu runs; each thread's work only, no time, no GIL verdict)</p>\n",
                gb_measure_name(r->measure), ins, 100 * gb_counts_spread(&r->instructions), cyc,
                r->instructions.n);
    }
    status_block(out, r);
    if (mr && mr->nthreads > 0) {
        gb_unit u = gb_unit_for((double)mr->wall_ns * 1e-9, 1);
        char w[32];

        gb_format_time(w, sizeof w, (double)mr->wall_ns * 1e-9, u);
        snprintf(chart_id, sizeof chart_id, "%s-timeline", id);
        fprintf(out,
                "<figure>\n<figcaption>Timeline of run %d, the one nearest the median (%s): "
                "who worked when, and who waited</figcaption>\n",
                mr->index + 1 - (int)(r->nruns - r->wall.n), w);
        gb_html_timeline(out, r, mr, chart_id);
        gb_html_timeline_legend_of(out, gb_html_main_lane(mr),
                                   (mr->evidence & GB_EVIDENCE_GIL) && mr->ngil_events);
        fputs("</figure>\n", out);
        gb_html_timeline_table(out, r, mr);
    }
    if (r->wall.n) {
        const gb_result *one[1] = {r};

        snprintf(chart_id, sizeof chart_id, "%s-runs", id);
        fprintf(out, "<figure>\n<figcaption>Run times (%zu measured run%s)</figcaption>\n",
                r->wall.n, r->wall.n == 1 ? "" : "s");
        gb_html_boxplot(out, one, 1, 0, chart_id);
        fputs("</figure>\n", out);
    }
    fputs("</section>\n", out);
}

/* The machine and the build, at the bottom. */
static void footer(FILE *out, const gb_report *rep)
{
    const json_t *m = rep->metadata;
    const char *rows[][3] = {
        {"gilbench", "gilbench", "version"},
        {"build type", "gilbench", "build_type"},
        {"compiler", "gilbench", "compiler"},
        {"Python built against", "python", "executable"},
        {"CPU", "cpu", "model"},
        {"operating system", "os", "sysname"},
        {"kernel", "os", "release"},
        {"host", "hostname", NULL},
        {"started", "start_time", NULL},
    };
    json_t *runtime = json_object_get(json_object_get(m, "python"), "runtime");
    json_t *cmd = json_object_get(m, "command_line"), *arg;
    json_t *usable = json_object_get(json_object_get(m, "cpu"), "usable");
    size_t i;

    fputs("</main>\n<footer>\n<h2>Machine and build</h2>\n<dl>\n", out);
    for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const char *v = meta(m, rows[i][1], rows[i][2]);

        if (!v)
            continue;
        fprintf(out, "<dt>%s</dt><dd>", rows[i][0]);
        gb_html_text(out, v);
        fputs("</dd>\n", out);
    }
    if (json_is_integer(usable))
        fprintf(out, "<dt>CPUs usable</dt><dd>%lld</dd>\n", (long long)json_integer_value(usable));
    if (json_is_string(json_object_get(runtime, "full_version"))) {
        fputs("<dt>Python that ran</dt><dd>", out);
        gb_html_text(out, json_string_value(json_object_get(runtime, "full_version")));
        fputs("</dd>\n", out);
    }
    if (json_array_size(cmd)) {
        fputs("<dt>command line</dt><dd><code>", out);
        json_array_foreach(cmd, i, arg)
        {
            if (i)
                fputc(' ', out);
            gb_html_text(out, json_string_value(arg));
        }
        fputs("</code></dd>\n", out);
    }
    fputs("</dl>\n<p>Made by gilbench; the figures are explained in docs/report.md.</p>\n"
          "</footer>\n</body>\n</html>\n",
          out);
}

int gb_export_html(const gb_report *rep, FILE *out, gb_error *err)
{
    header(out, rep);
    if (gb_html_pivot(out, rep) != 0) { /* the condensed view first, when there is one */
        gb_error_set(err, NULL, 0, 0, NULL, "out of memory");
        return -1;
    }
    summary_table(out, rep);
    warnings(out, rep);
    all_runs(out, rep);
    gb_html_scaling(out, rep);
    for (size_t i = 0; i < rep->nresults; i++)
        section(out, rep, i);
    footer(out, rep);
    if (ferror(out)) {
        gb_error_set(err, NULL, 0, 0, NULL, "write error");
        return -1;
    }
    return 0;
}
