/* report_html_charts.c - the charts of a scenario in the HTML report (see report_html.h):
 * the timeline of a run (a lane per thread: working, waiting to start, waiting for the GIL
 * back; the main thread blocked in start()) and the pieces every chart shares (text,
 * labels, scroll boxes, the time axis); the box plot is report_html_boxplot.c.
 * Inline SVG with classes the page's CSS colours; patterns tell the states apart without
 * colour (print, colour blindness). Only formats; measures nothing. */
#include "report/report_html.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "measure/stats.h"
#include "report/export.h"
#include "util/json_text.h"
#include "util/units.h"

#define LANE_H GB_HTML_LANE_H
#define LANE_GAP GB_HTML_LANE_GAP
#define TOP GB_HTML_TOP
#define AXIS_H GB_HTML_AXIS_H
#define X0 GB_HTML_LABELS
#define X1 (GB_HTML_WIDTH - GB_HTML_RIGHT)
#define LABEL_CHARS GB_HTML_LABEL_CHARS

void gb_html_text(FILE *out, const char *s)
{
    json_t *clean = gb_json_text(s ? s : "");
    const char *p = json_string_value(clean);

    for (; p && *p; p++) {
        switch (*p) {
        case '&':
            fputs("&amp;", out);
            break;
        case '<':
            fputs("&lt;", out);
            break;
        case '>':
            fputs("&gt;", out);
            break;
        case '"':
            fputs("&quot;", out);
            break;
        case '\'':
            fputs("&#39;", out);
            break;
        default:
            fputc(*p, out);
        }
    }
    json_decref(clean);
}

void gb_html_text_wrap(FILE *out, const char *s)
{
    const char *p = s ? s : "";

    while (*p) {
        size_t n = strcspn(p, "[,_");
        char *part = strndup(p, n + (p[n] != '\0'));

        gb_html_text(out, part);
        free(part);
        p += n;
        if (*p) {
            fputs("<wbr>", out);
            p++;
        }
    }
}

void gb_html_scroll_open(FILE *out, const char *label)
{
    fprintf(out, "<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-label=\"%s\">\n",
            label);
}

void gb_html_scroll_close(FILE *out)
{
    fputs("</div>\n", out);
}

void gb_html_label(FILE *out, const char *s, int max_chars)
{
    json_t *clean = gb_json_text(s ? s : "");
    const char *p = json_string_value(clean);
    size_t i = 0;
    int chars = 0;

    if (!p) {
        json_decref(clean);
        return;
    }
    while (p[i] && chars < max_chars) {
        i++;
        while (((unsigned char)p[i] & 0xC0) == 0x80)
            i++;
        chars++;
    }
    if (!p[i]) {
        gb_html_text(out, p);
    } else {
        char *cut = strndup(p, i > 0 ? i - 1 : 0);

        gb_html_text(out, cut);
        fputs("&hellip;<title>", out);
        gb_html_text(out, p);
        fputs("</title>", out);
        free(cut);
    }
    json_decref(clean);
}

void gb_html_section_id(char *buf, size_t size, size_t i)
{
    snprintf(buf, size, "scenario-%zu", i + 1);
}

void gb_html_chart_defs(FILE *out)
{
    fputs("<svg class=\"defs\" width=\"0\" height=\"0\" aria-hidden=\"true\" focusable=\"false\">"
          "<defs>\n"
          "<pattern id=\"gb-wait-start\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
          "patternTransform=\"rotate(45)\"><rect class=\"pat-start-bg\" width=\"6\" height=\"6\"/>"
          "<line class=\"pat-start\" x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\"/></pattern>\n"
          "<pattern id=\"gb-wait-gil\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
          "patternTransform=\"rotate(-45)\"><rect class=\"pat-gil-bg\" width=\"6\" height=\"6\"/>"
          "<line class=\"pat-gil\" x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\"/>"
          "<line class=\"pat-gil\" x1=\"3\" y1=\"0\" x2=\"3\" y2=\"6\"/></pattern>\n"
          "<pattern id=\"gb-blocked\" width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\">"
          "<rect class=\"pat-blocked-bg\" width=\"5\" height=\"5\"/>"
          "<circle class=\"pat-blocked\" cx=\"2.5\" cy=\"2.5\" r=\"1.3\"/></pattern>\n"
          "</defs></svg>\n",
          out);
}

double gb_html_tick_step(double max, int want)
{
    double raw, mag, steps[] = {1, 2, 2.5, 5, 10};

    if (!(max > 0) || want < 1)
        return 1;
    raw = max / want;
    mag = pow(10, floor(log10(raw)));
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        if (steps[i] * mag >= raw)
            return steps[i] * mag;
    return 10 * mag;
}

/* An axis of time under a chart: ticks from lo to hi (seconds) mapped onto X0..X1. */
void gb_html_time_axis(FILE *out, double lo, double hi, int y, int gridtop)
{
    gb_unit u = gb_unit_for(hi, 1);
    double step = gb_html_tick_step(hi - lo, 6), first = ceil(lo / step - 1e-9) * step;

    fprintf(out, "<g class=\"axis\"><line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", X0, y, X1, y);
    for (double t = first; t <= hi + step * 1e-6; t += step) {
        double x = X0 + (t - lo) / (hi - lo) * (X1 - X0);
        char num[32];

        snprintf(num, sizeof num, "%.6g", fabs(t) < step * 1e-6 ? 0 : t / u.scale);
        fprintf(out,
                "<line class=\"grid\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>"
                "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                x, gridtop, x, y + 4, x, y + 17, num);
    }
    fprintf(out, "<text class=\"unit\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text></g>\n",
            X0 - 22, y + 17, u.name);
}

/* ---- the timeline ------------------------------------------------------------------- */

/* the last five: a thread's states from the evidence of the GIL (docs/report.md) */
enum {
    ST_START,
    ST_WORK,
    ST_GIL,
    ST_BLOCKED,
    ST_HELD,
    ST_RELEASED,
    ST_WAITING,
    ST_WOKEN,
    ST_ELSEWHERE
};

static const char *const state_class[] = {"st-start",   "st-work",  "st-gil",
                                          "st-blocked", "st-work",  "st-released",
                                          "st-gil",     "st-woken", "st-elsewhere"};
static const char *const state_text[] = {"waiting to start",
                                         "working",
                                         "waiting for the GIL back",
                                         "blocked in start()",
                                         "holds the GIL",
                                         "runs without the GIL",
                                         "waits for the GIL",
                                         "GIL free, waits for a CPU",
                                         "blocked elsewhere (sleep, I/O, a lock)"};

int gb_html_main_lane(const gb_run *run)
{
    for (size_t k = 0; k < run->nthreads; k++)
        if (run->threads[k].started_ns - run->threads[k].start_ns > 0.02 * (double)run->wall_ns)
            return 1;
    return 0;
}

static void lane_label(const gb_result *r, size_t k, char *buf, size_t size)
{
    const gb_scenario *s = r->scenario;
    char what[160];

    if (s && k < s->nthreads) {
        gb_thread_describe(&s->threads[k], what, sizeof what);
        snprintf(buf, size, "%s %s", s->threads[k].label ? s->threads[k].label : "t", what);
    } else {
        snprintf(buf, size, "t%zu", k + 1);
    }
}

/* One span of a lane, with its tooltip; nothing when empty. Waits are drawn lower than
 * work, so that the states differ in shape too. */
static void lane_span(FILE *out, const char *who, int state, int64_t from, int64_t to, double wall,
                      int y, gb_unit u)
{
    double x, w;
    int inset = state == ST_WORK ? 0 : 4;
    char a[32], b[32], len[32];

    if (to <= from || wall <= 0)
        return;
    x = X0 + (double)from / wall * (X1 - X0);
    w = (double)(to - from) / wall * (X1 - X0);
    if (w < 1)
        w = 1; /* short, but there: it stays visible */
    gb_format_time_number(a, sizeof a, (double)from * 1e-9, u);
    gb_format_time(b, sizeof b, (double)to * 1e-9, u);
    gb_format_time(len, sizeof len, (double)(to - from) * 1e-9, u);
    fprintf(out, "<rect class=\"%s\" x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"%d\"><title>",
            state_class[state], x, y + inset, w, LANE_H - 2 * inset);
    gb_html_text(out, who);
    fprintf(out, ": %s from %s to %s (%s)</title></rect>", state_text[state], a, b, len);
}

/* Thread k's lane from the evidence of the GIL: each state until the next change, waiting
 * to start before the first; 0 when the run has none for it. */
static int lane_of_evidence(FILE *out, const gb_run *run, size_t k, const char *label, double wall,
                            int y, gb_unit u)
{
    static const int st_of[] = {ST_START, ST_HELD, ST_RELEASED, ST_WAITING, ST_WOKEN, ST_ELSEWHERE};
    const gb_thread_times *t = &run->threads[k];
    int64_t at = t->start_ns;
    int state = ST_START, drawn = 0;

    if (!(run->evidence & GB_EVIDENCE_GIL))
        return 0;
    for (size_t i = 0; i < run->ngil_events; i++)
        drawn |= run->gil_events[i].thread == k;
    if (!drawn)
        return 0;
    for (size_t i = 0; i <= run->ngil_events; i++) {
        const gb_gil_event *ev = i < run->ngil_events ? &run->gil_events[i] : NULL;
        int64_t to = ev ? ev->at_ns : t->return_ns;

        if (ev && ev->thread != k)
            continue;
        if (to > t->return_ns)
            to = t->return_ns;
        if (to > at) {
            lane_span(out, label, state, at, to, wall, y, u);
            at = to;
        }
        if (ev)
            state = ev->state < GB_GIL_NSTATES ? st_of[ev->state] : ST_START;
    }
    return 1;
}

static void lane_open(FILE *out, const char *label, int y)
{
    fputs("<g class=\"lane\">", out);
    fprintf(out, "<text class=\"label\" x=\"%d\" y=\"%d\" text-anchor=\"end\">", X0 - 8,
            y + LANE_H / 2 + 4);
    gb_html_label(out, label, LABEL_CHARS);
    fprintf(out, "</text><rect class=\"track\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>", X0,
            y, X1 - X0, LANE_H);
}

/* The text a screen reader gets for the chart: every lane's spans in words. */
static void timeline_desc(FILE *out, const gb_result *r, const gb_run *run, int main_lane,
                          gb_unit u)
{
    char w[32];

    gb_format_time(w, sizeof w, (double)run->wall_ns * 1e-9, u);
    fprintf(out, "Run of %s. ", w);
    for (size_t k = 0; main_lane && k < run->nthreads; k++) {
        const gb_thread_times *t = &run->threads[k];
        char a[32], b[32];

        if (t->started_ns <= t->start_ns)
            continue;
        gb_format_time(a, sizeof a, (double)t->start_ns * 1e-9, u);
        gb_format_time(b, sizeof b, (double)t->started_ns * 1e-9, u);
        fprintf(out, "main: blocked in start() of thread %zu from %s to %s. ", k + 1, a, b);
    }
    for (size_t k = 0; k < run->nthreads; k++) {
        const gb_thread_times *t = &run->threads[k];
        char label[256], ws[32], a[32], b[32], wg[32];

        lane_label(r, k, label, sizeof label);
        gb_format_time(ws, sizeof ws, (double)(t->enter_ns - t->start_ns) * 1e-9, u);
        gb_format_time(a, sizeof a, (double)t->enter_ns * 1e-9, u);
        gb_format_time(b, sizeof b, (double)t->done_ns * 1e-9, u);
        gb_format_time(wg, sizeof wg, (double)(t->return_ns - t->done_ns) * 1e-9, u);
        gb_html_text(out, label);
        fprintf(out, ": waited %s to start, worked from %s to %s, waited %s for the GIL back. ", ws,
                a, b, wg);
    }
}

void gb_html_timeline(FILE *out, const gb_result *r, const gb_run *run, const char *id)
{
    double wall = (double)run->wall_ns;
    int main_lane = gb_html_main_lane(run);
    size_t lanes = run->nthreads + (size_t)main_lane;
    int height = TOP + (int)lanes * (LANE_H + LANE_GAP) + AXIS_H;
    gb_unit u = gb_unit_for(wall * 1e-9, 1);
    int y = TOP;
    int64_t main_free = 0;

    if (wall <= 0 || !run->threads)
        return;
    gb_html_scroll_open(out, "the timeline");
    fprintf(out,
            "<svg class=\"chart timeline\" viewBox=\"0 0 %d %d\" role=\"img\" "
            "aria-labelledby=\"%s-title %s-desc\">\n<title id=\"%s-title\">Timeline of the "
            "threads of ",
            GB_HTML_WIDTH, height, id, id, id);
    gb_html_text(out, r->scenario && r->scenario->name ? r->scenario->name : "?");
    fprintf(out, "</title>\n<desc id=\"%s-desc\">", id);
    timeline_desc(out, r, run, main_lane, u);
    fputs("</desc>\n", out);
    gb_html_time_axis(out, 0, wall * 1e-9, TOP + (int)lanes * (LANE_H + LANE_GAP), TOP);
    if (main_lane) {
        lane_open(out, "main", y);
        for (size_t k = 0; k < run->nthreads; k++) {
            const gb_thread_times *t = &run->threads[k];
            char who[64];

            if (t->start_ns < main_free) /* overlapping start() calls: the first one shows */
                continue;
            snprintf(who, sizeof who, "main, starting thread %zu", k + 1);
            lane_span(out, who, ST_BLOCKED, t->start_ns, t->started_ns, wall, y, u);
            if (t->started_ns > main_free)
                main_free = t->started_ns;
        }
        fputs("</g>\n", out);
        y += LANE_H + LANE_GAP;
    }
    for (size_t k = 0; k < run->nthreads; k++, y += LANE_H + LANE_GAP) {
        const gb_thread_times *t = &run->threads[k];
        char label[256];

        lane_label(r, k, label, sizeof label);
        lane_open(out, label, y);
        if (!lane_of_evidence(out, run, k, label, wall, y, u)) {
            lane_span(out, label, ST_START, t->start_ns, t->enter_ns, wall, y, u);
            lane_span(out, label, ST_WORK, t->enter_ns, t->done_ns, wall, y, u);
            lane_span(out, label, ST_GIL, t->done_ns, t->return_ns, wall, y, u);
        }
        fputs("</g>\n", out);
    }
    fputs("</svg>\n", out);
    gb_html_scroll_close(out);
}

void gb_html_timeline_legend(FILE *out, int with_main)
{
    gb_html_timeline_legend_of(out, with_main, 0);
}

void gb_html_timeline_legend_of(FILE *out, int with_main, int evidence)
{
    int n = (evidence ? 6 : 3) + !!with_main;
    const int plain[] = {ST_WORK, ST_START, ST_GIL, ST_BLOCKED};
    const int gil[] = {ST_HELD,  ST_RELEASED, ST_ELSEWHERE, ST_WAITING,
                       ST_WOKEN, ST_START,    ST_BLOCKED};
    const int *order = evidence ? gil : plain;

    fputs("<ul class=\"legend\">", out);
    for (int i = 0; i < n; i++)
        fprintf(out,
                "<li><svg viewBox=\"0 0 18 12\" aria-hidden=\"true\"><rect class=\"%s\" "
                "width=\"18\" height=\"12\"/></svg>%s%s</li>",
                state_class[order[i]], order[i] == ST_BLOCKED ? "main " : "", state_text[order[i]]);
    fputs("</ul>\n", out);
}

void gb_html_timeline_table(FILE *out, const gb_result *r, const gb_run *run)
{
    gb_unit u = gb_unit_for((double)run->wall_ns * 1e-9, 1);

    fputs("<details><summary>The timeline in figures</summary>\n", out);
    gb_html_scroll_open(out, "the timeline in figures");
    fputs("<table class=\"figures-table\">"
          "<thead><tr><th scope=\"col\">thread</th><th scope=\"col\">waiting to start</th>"
          "<th scope=\"col\">working</th><th scope=\"col\">waiting for the GIL back</th>"
          "<th scope=\"col\">CPU time</th><th scope=\"col\">main blocked in start()</th>"
          "</tr></thead><tbody>\n",
          out);
    for (size_t k = 0; k < run->nthreads; k++) {
        const gb_thread_times *t = &run->threads[k];
        char label[256], a[32], b[32], c[32], d[32], e[32];

        lane_label(r, k, label, sizeof label);
        gb_format_time(a, sizeof a, (double)(t->enter_ns - t->start_ns) * 1e-9, u);
        gb_format_time(b, sizeof b, (double)(t->done_ns - t->enter_ns) * 1e-9, u);
        gb_format_time(c, sizeof c, (double)(t->return_ns - t->done_ns) * 1e-9, u);
        gb_format_time(d, sizeof d, (double)t->cpu_ns * 1e-9, u);
        gb_format_time(e, sizeof e, (double)(t->started_ns - t->start_ns) * 1e-9, u);
        fputs("<tr><th scope=\"row\">", out);
        gb_html_text(out, label);
        fprintf(out, "</th><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n", a, b, c,
                d, e);
    }
    fputs("</tbody></table>\n", out);
    gb_html_scroll_close(out);
    fputs("</details>\n", out);
}
