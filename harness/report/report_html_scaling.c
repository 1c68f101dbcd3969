/* report_html_scaling.c - the scaling chart of a sweep in the HTML report: the scenarios of
 * one sweep base that differ in a "threads" parameter (sweep.c tells which), a line
 * per combination of the other parameters (e.g. gil=hold, gil=release), speedup against
 * threads, the ideal line and the CPUs the machine had; and the same figures as a table.
 *
 * Speedup at n threads = (n / n0) x T(n0) / T(n), T the median wall time and n0 the
 * fewest threads of the line (normally 1): each thread of a threads sweep does the work
 * one thread did, so n threads that run at once do n times the work in the same time
 * (speedup n, the ideal), and n threads serialised by the GIL take n times as long
 * (speedup 1). Efficiency = speedup / (n / n0). */
#include "report/report_html.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "measure/sweep.h"
#include "util/units.h"

#define MAX_POINTS 64
#define MAX_SERIES 8
#define PLOT_X0 70
#define PLOT_X1 700
#define PLOT_Y0 20
#define PLOT_Y1 310
#define CHART_H 350

typedef struct point {
    double threads;
    double median; /* seconds */
    size_t result; /* index in the report */
} point;

typedef struct series {
    char key[256]; /* the other parameters: "gil=hold"; "" when there are none */
    point pts[MAX_POINTS];
    size_t n;
} series;

typedef struct chart {
    char base[256];
    series s[MAX_SERIES];
    size_t n;
} chart;

/* The parameters other than threads, as "k=v, k2=v2" in the object's order. */
static void other_params(json_t *params, char *buf, size_t size)
{
    const char *key;
    json_t *v;
    size_t len = 0;

    buf[0] = '\0';
    json_object_foreach(params, key, v)
    {
        char text[128];

        if (strcmp(key, "threads") == 0)
            continue;
        gb_sweep_value_text(v, text, sizeof text);
        len += (size_t)snprintf(buf + len, len < size ? size - len : 0, "%s%s=%s", len ? ", " : "",
                                key, text);
        if (len >= size)
            break;
    }
}

static int cmp_point(const void *a, const void *b)
{
    double x = ((const point *)a)->threads, y = ((const point *)b)->threads;

    return (x > y) - (x < y);
}

/* Add result i to the chart of its base (made when new); 0, or -1 when it has no place. */
static int place(chart *charts, size_t *ncharts, size_t max, const gb_report *rep, size_t i)
{
    const gb_result *r = &rep->results[i];
    char base[256], key[256];
    json_t *params, *threads;
    chart *c = NULL;
    series *s = NULL;

    if (!r->wall.n || gb_sweep_of(r, base, sizeof base, &params) != 0)
        return -1;
    threads = json_object_get(params, "threads");
    if (!json_is_number(threads) || json_number_value(threads) < 1) {
        json_decref(params);
        return -1;
    }
    other_params(params, key, sizeof key);
    for (size_t k = 0; k < *ncharts && !c; k++)
        if (strcmp(charts[k].base, base) == 0)
            c = &charts[k];
    if (!c && *ncharts < max) {
        c = &charts[(*ncharts)++];
        snprintf(c->base, sizeof c->base, "%s", base);
    }
    for (size_t k = 0; c && k < c->n && !s; k++)
        if (strcmp(c->s[k].key, key) == 0)
            s = &c->s[k];
    if (c && !s && c->n < MAX_SERIES) {
        s = &c->s[c->n++];
        snprintf(s->key, sizeof s->key, "%s", key);
    }
    if (s && s->n < MAX_POINTS)
        s->pts[s->n++] = (point){json_number_value(threads), r->wall.median, i};
    json_decref(params);
    return s ? 0 : -1;
}

static double speedup(const series *s, size_t k)
{
    const point *p0 = &s->pts[0], *p = &s->pts[k];

    return p->threads / p0->threads * p0->median / p->median;
}

static const char *const series_class[] = {"s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7"};

/* A label at the right end of the plot. */
typedef struct label {
    double y;
    const char *cls;
    const char *text;
} label;

static int cmp_label(const void *a, const void *b)
{
    double x = ((const label *)a)->y, y = ((const label *)b)->y;

    return (x > y) - (x < y);
}

/* A marker of series si at (x, y), with its tooltip. */
static void marker(FILE *out, size_t si, double x, double y, const char *tip)
{
    switch (si % 4) {
    case 0:
        fprintf(out, "<circle class=\"pt s%zu\" cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\">", si % 8, x, y);
        break;
    case 1:
        fprintf(out, "<rect class=\"pt s%zu\" x=\"%.1f\" y=\"%.1f\" width=\"8\" height=\"8\">",
                si % 8, x - 4, y - 4);
        break;
    case 2:
        fprintf(out, "<path class=\"pt s%zu\" d=\"M%.1f %.1fl5 9h-10z\">", si % 8, x, y - 5.5);
        break;
    default:
        fprintf(out, "<path class=\"pt s%zu\" d=\"M%.1f %.1fl5 5-5 5-5-5z\">", si % 8, x, y - 5);
        break;
    }
    fprintf(out, "<title>%s</title>", tip);
    fputs(si % 4 == 0 ? "</circle>" : si % 4 == 1 ? "</rect>" : "</path>", out);
}

static void draw_chart(FILE *out, const gb_report *rep, const chart *c, size_t index)
{
    double xmax = 1, ymax = 1, xmin = INFINITY;
    json_t *usable = json_object_get(json_object_get(rep->metadata, "cpu"), "usable");
    double cpus = json_is_integer(usable) ? (double)json_integer_value(usable) : 0;
    double xstep, ystep;
    char id[32], cpu_text[32];
    label labels[MAX_SERIES + 2];
    size_t nlabels = 0;

    snprintf(id, sizeof id, "scaling-%zu", index + 1);
    for (size_t i = 0; i < c->n; i++)
        for (size_t k = 0; k < c->s[i].n; k++) {
            xmax = fmax(xmax, c->s[i].pts[k].threads);
            xmin = fmin(xmin, c->s[i].pts[0].threads);
            ymax = fmax(ymax, speedup(&c->s[i], k));
            ymax = fmax(ymax, c->s[i].pts[k].threads / c->s[i].pts[0].threads);
        }
    ymax *= 1.08;
    xstep = gb_html_tick_step(xmax, 8);
    if (xstep < 1)
        xstep = 1;
    ystep = gb_html_tick_step(ymax, 5);
#define PX(t) (PLOT_X0 + (t) / xmax * (PLOT_X1 - PLOT_X0))
#define PY(v) (PLOT_Y1 - (v) / ymax * (PLOT_Y1 - PLOT_Y0))
    fprintf(out, "<section class=\"sweep\" id=\"%s\" aria-labelledby=\"%s-h\">\n<h3 id=\"%s-h\">",
            id, id, id);
    gb_html_text(out, c->base);
    fputs(": speedup against threads</h3>\n", out);
    gb_html_scroll_open(out, "the scaling chart");
    fprintf(out,
            "<svg class=\"chart scaling\" viewBox=\"0 0 %d %d\" role=\"img\" "
            "aria-labelledby=\"%s-title %s-desc\">\n<title id=\"%s-title\">Scaling of ",
            GB_HTML_WIDTH, CHART_H, id, id, id);
    gb_html_text(out, c->base);
    fprintf(out,
            "</title>\n<desc id=\"%s-desc\">Speedup against the number of threads; the "
            "ideal is a speedup equal to the number of threads. ",
            id);
    for (size_t i = 0; i < c->n; i++) {
        gb_html_text(out, c->s[i].key[0] ? c->s[i].key : c->base);
        fputs(":", out);
        for (size_t k = 0; k < c->s[i].n; k++)
            fprintf(out, " %g threads %.2f%s", c->s[i].pts[k].threads, speedup(&c->s[i], k),
                    k + 1 < c->s[i].n ? "," : ".");
        fputs(" ", out);
    }
    fputs("</desc>\n<g class=\"axis\">", out);
    for (double v = 0; v <= ymax + 1e-9; v += ystep)
        fprintf(out,
                "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>"
                "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%g</text>",
                PLOT_X0, PY(v), PLOT_X1, PY(v), PLOT_X0 - 6, PY(v) + 4, v);
    for (double t = xstep; t <= xmax + 1e-9; t += xstep)
        fprintf(out,
                "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>"
                "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%g</text>",
                PX(t), PLOT_Y1, PX(t), PLOT_Y1 + 4, PX(t), PLOT_Y1 + 17, t);
    fprintf(out,
            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/><line x1=\"%d\" y1=\"%d\" x2=\"%d\" "
            "y2=\"%d\"/><text x=\"%d\" y=\"%d\" text-anchor=\"middle\">threads</text>"
            "<text x=\"16\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 16 %d)\">"
            "speedup</text></g>\n",
            PLOT_X0, PLOT_Y1, PLOT_X1, PLOT_Y1, PLOT_X0, PLOT_Y0, PLOT_X0, PLOT_Y1,
            (PLOT_X0 + PLOT_X1) / 2, PLOT_Y1 + 34, (PLOT_Y0 + PLOT_Y1) / 2,
            (PLOT_Y0 + PLOT_Y1) / 2);
    /* the ideal: speedup = threads / n0, from the fewest threads on */
    if (isfinite(xmin)) {
        fprintf(out, "<line class=\"ideal\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
                PX(xmin), PY(1), PX(xmax), PY(xmax / xmin));
        labels[nlabels++] = (label){PY(xmax / xmin) + 4, "ideal-label", "ideal"};
    }
    if (cpus >= 1 && cpus < ymax) {
        fprintf(out, "<line class=\"cpus\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>\n",
                PLOT_X0, PY(cpus), PLOT_X1, PY(cpus));
        snprintf(cpu_text, sizeof cpu_text, "%g CPU%s", cpus, cpus == 1 ? "" : "s");
        labels[nlabels++] = (label){PY(cpus) + 4, "cpus-label", cpu_text};
    }
    for (size_t i = 0; i < c->n; i++) {
        const series *s = &c->s[i];

        fprintf(out, "<g class=\"series s%zu\"><polyline points=\"", i % 8);
        for (size_t k = 0; k < s->n; k++)
            fprintf(out, "%s%.1f,%.1f", k ? " " : "", PX(s->pts[k].threads), PY(speedup(s, k)));
        fputs("\"/>", out);
        for (size_t k = 0; k < s->n; k++) {
            char tip[128];

            snprintf(tip, sizeof tip, "%g threads: speedup %.2f", s->pts[k].threads, speedup(s, k));
            marker(out, i, PX(s->pts[k].threads), PY(speedup(s, k)), tip);
        }
        fputs("</g>\n", out);
        labels[nlabels++] = (label){PY(speedup(s, s->n - 1)) + 4, series_class[i % 8],
                                    s->key[0] ? s->key : "measured"};
    }
    /* labels at the right end, moved apart where lines end close together */
    qsort(labels, nlabels, sizeof labels[0], cmp_label);
    for (size_t i = 1; i < nlabels; i++)
        if (labels[i].y < labels[i - 1].y + 14)
            labels[i].y = labels[i - 1].y + 14;
    for (size_t i = 0; i < nlabels; i++) {
        fprintf(out, "<text class=\"end-label %s\" x=\"%d\" y=\"%.1f\">", labels[i].cls,
                PLOT_X1 + 8, labels[i].y);
        gb_html_text(out, labels[i].text);
        fputs("</text>\n", out);
    }
    fputs("</svg>\n", out);
    gb_html_scroll_close(out);
#undef PX
#undef PY
}

/* The chart's numbers: a row per point. */
static void draw_table(FILE *out, const gb_report *rep, const chart *c)
{
    gb_html_scroll_open(out, "the scaling table");
    fputs("<table class=\"figures-table\"><thead><tr>", out);
    if (c->n > 1 || c->s[0].key[0])
        fputs("<th scope=\"col\">parameters</th>", out);
    fputs("<th scope=\"col\">threads</th><th scope=\"col\">scenario</th><th scope=\"col\">"
          "median</th><th scope=\"col\">speedup</th><th scope=\"col\">efficiency</th>"
          "<th scope=\"col\">verdict</th></tr></thead><tbody>\n",
          out);
    for (size_t i = 0; i < c->n; i++)
        for (size_t k = 0; k < c->s[i].n; k++) {
            const point *p = &c->s[i].pts[k];
            const gb_result *r = &rep->results[p->result];
            char med[32], sid[32];
            double sp = speedup(&c->s[i], k);

            gb_html_section_id(sid, sizeof sid, p->result);
            gb_format_time(med, sizeof med, p->median, gb_unit_for(p->median, 1));
            fputs("<tr>", out);
            if (c->n > 1 || c->s[0].key[0]) {
                fputs("<td>", out);
                gb_html_text(out, c->s[i].key);
                fputs("</td>", out);
            }
            fprintf(out, "<td>%g</td><td><a href=\"#%s\">", p->threads, sid);
            gb_html_text_wrap(out, r->scenario && r->scenario->name ? r->scenario->name : "?");
            fprintf(out, "</a></td><td>%s</td><td>%.2f</td><td>%.0f %%</td><td>%s</td></tr>\n", med,
                    sp, 100 * sp / (p->threads / c->s[i].pts[0].threads),
                    gb_verdict_name(r->verdict));
        }
    fputs("</tbody></table>\n", out);
    gb_html_scroll_close(out);
}

size_t gb_html_scaling(FILE *out, const gb_report *rep)
{
    chart *charts = calloc(8, sizeof *charts);
    size_t ncharts = 0, drawn = 0;

    if (!charts)
        return 0;
    for (size_t i = 0; i < rep->nresults; i++)
        place(charts, &ncharts, 8, rep, i);
    for (size_t k = 0; k < ncharts; k++) {
        chart *c = &charts[k];
        size_t most = 0;

        for (size_t i = 0; i < c->n; i++) {
            qsort(c->s[i].pts, c->s[i].n, sizeof c->s[i].pts[0], cmp_point);
            if (c->s[i].n > most)
                most = c->s[i].n;
        }
        if (most < 2) /* one thread count: nothing scales */
            continue;
        if (!drawn)
            fputs("<section class=\"sweeps\" aria-labelledby=\"sweeps-h\">\n<h2 id=\"sweeps-h\">"
                  "Scaling</h2>\n<p class=\"note\">Speedup at n threads = (n / n<sub>0</sub>) "
                  "&times; T(n<sub>0</sub>) / T(n), with T the median time and n<sub>0</sub> the "
                  "fewest threads measured (normally 1): each thread does the work one thread "
                  "did, so threads that run at once reach the ideal line and threads serialised "
                  "by the GIL stay at 1.</p>\n",
                  out);
        draw_chart(out, rep, c, drawn);
        draw_table(out, rep, c);
        fputs("</section>\n", out);
        drawn++;
    }
    if (drawn)
        fputs("</section>\n", out);
    free(charts);
    return drawn;
}
