/* report_html_charts.c - the charts of a scenario in the HTML report (see report_html.h):
 * the timeline of a run (a lane per thread: working, waiting to start, waiting for the GIL
 * back; the main thread blocked in start()) and the box-and-whisker plot of run times.
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

#define LANE_H 22
#define LANE_GAP 8
#define TOP 6
#define AXIS_H 26
#define X0 GB_HTML_LABELS
#define X1 (GB_HTML_WIDTH - GB_HTML_RIGHT)
#define LABEL_CHARS 28 /* what fits left of the plot at 12 px */
#define LABEL_TAIL 18  /* of a name cut in the middle: its end, where a sweep's parameters are */

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
static void time_axis(FILE *out, double lo, double hi, int y, int gridtop)
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

/* the last four: a thread's states from the evidence of the GIL (docs/report.md) */
enum { ST_START, ST_WORK, ST_GIL, ST_BLOCKED, ST_HELD, ST_RELEASED, ST_WAITING, ST_WOKEN };

static const char *const state_class[] = {"st-start", "st-work",     "st-gil", "st-blocked",
                                          "st-work",  "st-released", "st-gil", "st-woken"};
static const char *const state_text[] = {"waiting to start",
                                         "working",
                                         "waiting for the GIL back",
                                         "blocked in start()",
                                         "holds the GIL",
                                         "runs without the GIL (or sleeps)",
                                         "waits for the GIL",
                                         "GIL free, waits for a CPU"};

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
    static const int st_of[] = {ST_START, ST_HELD, ST_RELEASED, ST_WAITING, ST_WOKEN};
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
            state = ev->state <= GB_GIL_WOKEN ? st_of[ev->state] : ST_START;
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
    time_axis(out, 0, wall * 1e-9, TOP + (int)lanes * (LANE_H + LANE_GAP), TOP);
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
    int n = (evidence ? 5 : 3) + !!with_main;
    const int plain[] = {ST_WORK, ST_START, ST_GIL, ST_BLOCKED};
    const int gil[] = {ST_HELD, ST_RELEASED, ST_WAITING, ST_WOKEN, ST_START, ST_BLOCKED};
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

/* ---- the box-and-whisker plot --------------------------------------------------------- */

/* The measured wall times of r, sorted (caller frees); *n set. */
static double *measured_walls(const gb_result *r, size_t *n)
{
    double *v = calloc(r->nruns + 1, sizeof *v);

    *n = 0;
    for (size_t i = 0; v && i < r->nruns; i++)
        if (!r->runs[i].warmup)
            v[(*n)++] = (double)r->runs[i].wall_ns * 1e-9;
    if (v)
        qsort(v, *n, sizeof *v, gb_stats_cmp_double);
    return v;
}

/* Characters (UTF-8) of s, and the byte where character i starts (the end past the last). */
static size_t chars_of(const char *s)
{
    size_t n = 0;

    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static size_t byte_of(const char *s, size_t i)
{
    size_t b = 0;

    for (; s[b] && i > 0; i--)
        do
            b++;
        while (((unsigned char)s[b] & 0xC0) == 0x80);
    return b;
}

/* Characters from..from+len of s into a new string, with an ellipsis where it was cut. */
static char *excerpt(const char *s, size_t from, size_t len)
{
    size_t n = chars_of(s), a = byte_of(s, from), b = byte_of(s, from + len);
    char *out = malloc(b - a + 8);

    if (out)
        snprintf(out, b - a + 8, "%s%.*s%s", from > 0 ? "\u2026" : "", (int)(b - a), s + a,
                 from + len < n ? "\u2026" : "");
    return out;
}

/* Characters a and b have in common at their start. */
static size_t common_start(const char *a, const char *b)
{
    size_t n = 0;

    for (; *a && *a == *b; a++, b++)
        n += ((unsigned char)*a & 0xC0) != 0x80;
    return n;
}

/* The labels of the rows of names[0..n-1], each a new string, all different: a name that
 * fits is itself; a longer one keeps its start and its end (where the parameters of a
 * sweep are: "nogil-sca…release,threads=4]"); where two still read the same, each shows
 * the part around where it differs from the others; and a label that still repeats one
 * before it gets its row number. */
static char **row_labels(const char *const *names, size_t n)
{
    char **labels = calloc(n + 1, sizeof *labels);

    for (size_t i = 0; labels && i < n; i++) {
        size_t len = chars_of(names[i]);

        if (len <= LABEL_CHARS)
            labels[i] = strdup(names[i]);
        else if ((labels[i] = excerpt(names[i], 0, LABEL_CHARS - 1 - LABEL_TAIL)) != NULL) {
            char *tail = excerpt(names[i], len - LABEL_TAIL, LABEL_TAIL);
            char *both = tail ? malloc(strlen(labels[i]) + strlen(tail)) : NULL;

            if (both) /* "start…" + "…end" -> "start…end" */
                sprintf(both, "%s%s", labels[i], tail + strlen("\u2026"));
            free(labels[i]);
            free(tail);
            labels[i] = both;
        }
    }
    for (size_t i = 0; labels && i < n; i++) {
        size_t differs = 0, len = chars_of(names[i]), from;
        int same = 0;

        for (size_t j = 0; j < n && labels[i]; j++)
            if (j != i && labels[j] && strcmp(labels[i], labels[j]) == 0) {
                size_t c = common_start(names[i], names[j]);

                same = 1;
                differs = c > differs ? c : differs;
            }
        if (!same || len <= LABEL_CHARS - 2)
            continue;
        from = differs > LABEL_CHARS / 2 ? differs - LABEL_CHARS / 2 : 0;
        if (from + LABEL_CHARS - 2 > len)
            from = len - (LABEL_CHARS - 2);
        free(labels[i]);
        labels[i] = excerpt(names[i], from, LABEL_CHARS - 2);
    }
    for (size_t i = 0; labels && i < n; i++)
        for (size_t j = 0; j < i && labels[i]; j++)
            if (labels[j] && strcmp(labels[i], labels[j]) == 0) {
                char *numbered = malloc(strlen(labels[i]) + 24);

                if (numbered)
                    sprintf(numbered, "%s #%zu", labels[i], i + 1);
                free(labels[i]);
                labels[i] = numbered;
                break;
            }
    return labels;
}

static const char *result_name(const gb_result *r)
{
    return r->scenario && r->scenario->name ? r->scenario->name : "?";
}

static void box_row(FILE *out, const gb_result *r, const char *label, int y, double lo, double hi,
                    gb_unit u)
{
    size_t n;
    double *v = measured_walls(r, &n), q1, q3, med, iqr, wlo, whi;
    const char *name = result_name(r);
    int mid = y + LANE_H / 2;
    char a[32], b[32], c[32];

#define XOF(t) (X0 + ((t)-lo) / (hi - lo) * (X1 - X0))
    if (!v || n == 0) {
        free(v);
        return;
    }
    q1 = gb_stats_quantile_sorted(v, n, 0.25);
    med = gb_stats_quantile_sorted(v, n, 0.5);
    q3 = gb_stats_quantile_sorted(v, n, 0.75);
    iqr = q3 - q1;
    wlo = v[0];
    whi = v[n - 1];
    for (size_t i = 0; i < n; i++) /* whiskers: the furthest runs within 1.5 IQR */
        if (v[i] >= q1 - 1.5 * iqr) {
            wlo = v[i];
            break;
        }
    for (size_t i = n; i-- > 0;)
        if (v[i] <= q3 + 1.5 * iqr) {
            whi = v[i];
            break;
        }
    fputs("<g class=\"box\">", out);
    fprintf(out, "<text class=\"label\" x=\"%d\" y=\"%d\" text-anchor=\"end\">", X0 - 8, mid + 4);
    gb_html_text(out, label ? label : name);
    if (label && strcmp(label, name) != 0) {
        fputs("<title>", out);
        gb_html_text(out, name);
        fputs("</title>", out);
    }
    fputs("</text>", out);
    fprintf(out,
            "<line class=\"whisker\" x1=\"%.2f\" y1=\"%d\" x2=\"%.2f\" y2=\"%d\"/>"
            "<line class=\"whisker\" x1=\"%.2f\" y1=\"%d\" x2=\"%.2f\" y2=\"%d\"/>"
            "<line class=\"whisker\" x1=\"%.2f\" y1=\"%d\" x2=\"%.2f\" y2=\"%d\"/>",
            XOF(wlo), mid, XOF(whi), mid, XOF(wlo), mid - 6, XOF(wlo), mid + 6, XOF(whi), mid - 6,
            XOF(whi), mid + 6);
    gb_format_time(a, sizeof a, q1, u);
    gb_format_time(b, sizeof b, med, u);
    gb_format_time(c, sizeof c, q3, u);
    fprintf(out, "<rect class=\"iqr\" x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"%d\"><title>",
            XOF(q1), y + 2, fmax(XOF(q3) - XOF(q1), 1.0), LANE_H - 4);
    gb_html_text(out, name);
    fprintf(out, ": quartiles %s and %s, median %s</title></rect>", a, c, b);
    fprintf(out, "<line class=\"median\" x1=\"%.2f\" y1=\"%d\" x2=\"%.2f\" y2=\"%d\"/>", XOF(med),
            y, XOF(med), y + LANE_H);
    for (size_t i = 0; i < n; i++) {
        int outlier = v[i] < wlo || v[i] > whi;

        gb_format_time(a, sizeof a, v[i], u);
        fprintf(out,
                "<circle class=\"%s\" cx=\"%.2f\" cy=\"%d\" r=\"%s\"><title>a run of %s</title>"
                "</circle>",
                outlier ? "outlier" : "run", XOF(v[i]), mid + (int)(i % 3) * 3 - 3,
                outlier ? "3.5" : "2.2", a);
    }
    fputs("</g>\n", out);
#undef XOF
    free(v);
}

void gb_html_boxplot(FILE *out, const gb_result *const *results, size_t n, int from_zero,
                     const char *id)
{
    double lo = INFINITY, hi = -INFINITY, pad;
    size_t rows = 0, row = 0;
    int y = TOP, height;
    gb_unit u;
    const char **names;
    char **labels;

    for (size_t i = 0; i < n; i++) {
        if (!results[i]->wall.n)
            continue;
        lo = fmin(lo, results[i]->wall.min);
        hi = fmax(hi, results[i]->wall.max);
        rows++;
    }
    if (!rows)
        return;
    names = calloc(rows, sizeof *names);
    for (size_t i = 0; names && i < n; i++)
        if (results[i]->wall.n)
            names[row++] = result_name(results[i]);
    labels = names ? row_labels(names, rows) : NULL;
    free(names);
    pad = (hi - lo) > 0 ? (hi - lo) * 0.08 : fmax(hi * 0.01, 1e-6);
    lo = from_zero ? 0 : fmax(0, lo - pad);
    hi += pad;
    u = gb_unit_for(hi, 1);
    height = TOP + (int)rows * (LANE_H + LANE_GAP) + AXIS_H;
    gb_html_scroll_open(out, "the run times");
    fprintf(out,
            "<svg class=\"chart boxplot\" viewBox=\"0 0 %d %d\" role=\"img\" "
            "aria-labelledby=\"%s-title %s-desc\">\n<title id=\"%s-title\">Run times</title>\n"
            "<desc id=\"%s-desc\">",
            GB_HTML_WIDTH, height, id, id, id, id);
    for (size_t i = 0; i < n; i++) {
        const gb_result *r = results[i];
        char med[32], mn[32], mx[32];

        if (!r->wall.n)
            continue;
        gb_format_time(med, sizeof med, r->wall.median, u);
        gb_format_time(mn, sizeof mn, r->wall.min, u);
        gb_format_time(mx, sizeof mx, r->wall.max, u);
        gb_html_text(out, result_name(r));
        fprintf(out, ": %zu run%s from %s to %s, median %s. ", r->wall.n, r->wall.n == 1 ? "" : "s",
                mn, mx, med);
    }
    fputs("</desc>\n", out);
    time_axis(out, lo, hi, TOP + (int)rows * (LANE_H + LANE_GAP), TOP);
    row = 0;
    for (size_t i = 0; i < n; i++) {
        if (!results[i]->wall.n)
            continue;
        box_row(out, results[i], labels ? labels[row] : NULL, y, lo, hi, u);
        y += LANE_H + LANE_GAP;
        row++;
    }
    fputs("</svg>\n", out);
    gb_html_scroll_close(out);
    for (size_t i = 0; labels && i < rows; i++)
        free(labels[i]);
    free(labels);
}
