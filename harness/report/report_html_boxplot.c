/* report_html_boxplot.c - the box-and-whisker plot of run times in the HTML report (see
 * report_html.h): a row per scenario, labels that stay distinct when names share a long
 * start (a sweep's points), the full name in each label's tooltip. Only formats. */
#include "report/report_html.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "measure/stats.h"
#include "util/units.h"

#define LABEL_TAIL 18 /* of a name cut in the middle: its end, where a sweep's parameters are */

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

/* A label with its name and row, to find the labels that repeat by sorting, not by
 * comparing every pair (a report of 10^5 scenarios). */
typedef struct keyed {
    const char *label, *name;
    size_t i;
} keyed;

static int by_label_name(const void *x, const void *y)
{
    const keyed *a = x, *b = y;
    int c = strcmp(a->label, b->label);

    if (c == 0)
        c = strcmp(a->name, b->name);
    return c ? c : (a->i > b->i) - (a->i < b->i);
}

static int by_label_row(const void *x, const void *y)
{
    const keyed *a = x, *b = y;
    int c = strcmp(a->label, b->label);

    return c ? c : (a->i > b->i) - (a->i < b->i);
}

/* The rows labels[0..n-1] that read alike: each long one shows the part around where its
 * name differs from the others of its label (sorted by name, the longest common start with
 * another is with a neighbour); then a label that still repeats one above it gets its row
 * number. A label NULL (no memory) stays out. Returns 0, or -1 when out of memory. */
static int distinguish(const char *const *names, char **labels, size_t n)
{
    keyed *k = malloc((n + 1) * sizeof *k);
    size_t m = 0;

    if (!k)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (labels[i])
            k[m++] = (keyed){labels[i], names[i], i};
    qsort(k, m, sizeof *k, by_label_name);
    for (size_t g = 0, end; g < m; g = end) {
        for (end = g + 1; end < m && strcmp(k[end].label, k[g].label) == 0;)
            end++;
        for (size_t a = g; end - g > 1 && a < end; a++) {
            size_t i = k[a].i, len = chars_of(names[i]), from, differs = 0, c;

            if (a > g && (c = common_start(names[i], k[a - 1].name)) > differs)
                differs = c;
            if (a + 1 < end && (c = common_start(names[i], k[a + 1].name)) > differs)
                differs = c;
            if (len <= GB_HTML_LABEL_CHARS - 2)
                continue;
            from = differs > GB_HTML_LABEL_CHARS / 2 ? differs - GB_HTML_LABEL_CHARS / 2 : 0;
            if (from + GB_HTML_LABEL_CHARS - 2 > len)
                from = len - (GB_HTML_LABEL_CHARS - 2);
            labels[i] = excerpt(names[i], from, GB_HTML_LABEL_CHARS - 2); /* k[a] keeps the old */
        }
        for (size_t a = g; a < end; a++) /* the old labels of the group, now replaced */
            if (labels[k[a].i] != k[a].label)
                free((char *)k[a].label);
    }
    m = 0;
    for (size_t i = 0; i < n; i++)
        if (labels[i])
            k[m++] = (keyed){labels[i], names[i], i};
    qsort(k, m, sizeof *k, by_label_row);
    for (size_t a = 1; a < m; a++)
        if (strcmp(k[a].label, k[a - 1].label) == 0) {
            size_t i = k[a].i;
            char *numbered = malloc(strlen(labels[i]) + 24);

            if (numbered)
                sprintf(numbered, "%s #%zu", labels[i], i + 1);
            free(labels[i]);
            labels[i] = numbered; /* k[a].label is still the group's, for the next compare */
            k[a].label = k[a - 1].label;
        }
    free(k);
    return 0;
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

        if (len <= GB_HTML_LABEL_CHARS)
            labels[i] = strdup(names[i]);
        else if ((labels[i] = excerpt(names[i], 0, GB_HTML_LABEL_CHARS - 1 - LABEL_TAIL)) != NULL) {
            char *tail = excerpt(names[i], len - LABEL_TAIL, LABEL_TAIL);
            char *both = tail ? malloc(strlen(labels[i]) + strlen(tail)) : NULL;

            if (both) /* "start…" + "…end" -> "start…end" */
                sprintf(both, "%s%s", labels[i], tail + strlen("\u2026"));
            free(labels[i]);
            free(tail);
            labels[i] = both;
        }
    }
    if (labels && distinguish(names, labels, n) != 0) {
        for (size_t i = 0; i < n; i++)
            free(labels[i]);
        free(labels);
        labels = NULL;
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
    int mid = y + GB_HTML_LANE_H / 2;
    char a[32], b[32], c[32];

#define XOF(t)                                                                                     \
    (GB_HTML_LABELS + ((t)-lo) / (hi - lo) * ((GB_HTML_WIDTH - GB_HTML_RIGHT) - GB_HTML_LABELS))
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
    fprintf(out, "<text class=\"label\" x=\"%d\" y=\"%d\" text-anchor=\"end\">", GB_HTML_LABELS - 8,
            mid + 4);
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
            XOF(q1), y + 2, fmax(XOF(q3) - XOF(q1), 1.0), GB_HTML_LANE_H - 4);
    gb_html_text(out, name);
    fprintf(out, ": quartiles %s and %s, median %s</title></rect>", a, c, b);
    fprintf(out, "<line class=\"median\" x1=\"%.2f\" y1=\"%d\" x2=\"%.2f\" y2=\"%d\"/>", XOF(med),
            y, XOF(med), y + GB_HTML_LANE_H);
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
    int y = GB_HTML_TOP, height;
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
    height = GB_HTML_TOP + (int)rows * (GB_HTML_LANE_H + GB_HTML_LANE_GAP) + GB_HTML_AXIS_H;
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
    gb_html_time_axis(out, lo, hi, GB_HTML_TOP + (int)rows * (GB_HTML_LANE_H + GB_HTML_LANE_GAP),
                      GB_HTML_TOP);
    row = 0;
    for (size_t i = 0; i < n; i++) {
        if (!results[i]->wall.n)
            continue;
        box_row(out, results[i], labels ? labels[row] : NULL, y, lo, hi, u);
        y += GB_HTML_LANE_H + GB_HTML_LANE_GAP;
        row++;
    }
    fputs("</svg>\n", out);
    gb_html_scroll_close(out);
    for (size_t i = 0; labels && i < rows; i++)
        free(labels[i]);
    free(labels);
}
