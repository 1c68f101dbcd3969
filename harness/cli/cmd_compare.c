/* cmd_compare.c - `gilbench compare BASE.json NEW.json`: the CI gate. Reads two JSON
 * reports, matches scenarios by name (and measure: timed and counted results apart; counts of
 * different counters refused, compare/counters.c), judges each change (compare/judge.c) and
 * says, as a terminal table or as markdown for a pull request, whether anything regressed
 * or could not be judged on a busy machine. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/cli.h"
#include "util/text.h"
#include "cli/commands.h"
#include "compare/compare.h"
#include "compare/counters.h"
#include "compare/judge.h"
#include "report/report_read.h"
#include "util/units.h"

enum { OPT_THRESHOLD, OPT_COUNT_THRESHOLD, OPT_NO_WALL_GATE, OPT_ALPHA, OPT_MARKDOWN, OPT_HELP };

static const gb_option compare_options[] = {
    {"threshold", 0, "PCT", OPT_THRESHOLD, "slower by more than this is a regression (default 5)"},
    {"count-threshold", 0, "PCT", OPT_COUNT_THRESHOLD,
     "counted scenarios: this much more instructions is a regression (default 1)"},
    {"no-wall-gate", 0, NULL, OPT_NO_WALL_GATE,
     "a slower wall is shown, never a regression: counted scenarios gate the cost"},
    {"alpha", 0, "P", OPT_ALPHA, "significance level of the test (default 0.05)"},
    {"markdown", 'm', NULL, OPT_MARKDOWN, "print a markdown table, e.g. for a pull request"},
    {"help", 'h', NULL, OPT_HELP, "show this help"},
};
#define NCOMPARE_OPTIONS (sizeof compare_options / sizeof compare_options[0])

typedef struct compare_args {
    gb_judge_opts j; /* thresholds (fractions), alpha, paired */
    int markdown, help;
} compare_args;

static int compare_option(int id, const char *value, void *ctx, gb_error *err)
{
    compare_args *a = ctx;

    switch (id) {
    case OPT_THRESHOLD:
        if (gb_cli_double("threshold", value, 0, &a->j.threshold, err))
            return -1;
        a->j.threshold /= 100;
        return 0;
    case OPT_COUNT_THRESHOLD:
        if (gb_cli_double("count-threshold", value, 0, &a->j.count_threshold, err))
            return -1;
        a->j.count_threshold /= 100;
        return 0;
    case OPT_NO_WALL_GATE:
        a->j.no_wall_gate = 1;
        return 0;
    case OPT_ALPHA:
        if (gb_cli_double("alpha", value, 0, &a->j.alpha, err))
            return -1;
        if (a->j.alpha <= 0 || a->j.alpha >= 1) {
            gb_error_set(err, NULL, 0, 0, NULL, "option --alpha: expected 0 < P < 1, found %s",
                         value);
            return -1;
        }
        return 0;
    case OPT_MARKDOWN:
        a->markdown = 1;
        return 0;
    case OPT_HELP:
        a->help = 1;
        return 0;
    }
    return -1;
}

static void compare_help(void)
{
    printf("Usage: gilbench compare [options] BASE.json NEW.json\n"
           "\n"
           "Compare two reports of `gilbench run`, scenario by scenario (matched by name): the\n"
           "medians, the relative change with its 95%% confidence interval (bootstrap), a\n"
           "Mann-Whitney U test on the raw run times, and a verdict: faster, slower, unchanged\n"
           "or not significant. Two sides of one `run --side` session are compared run by run\n"
           "instead (Wilcoxon signed-rank test, paired bootstrap): round k of both, side by side.\n"
           "A regression is a scenario significantly slower by more than the threshold, a GIL\n"
           "verdict that got worse (parallel -> partial or serial), a thread that holds the\n"
           "GIL for 25 points more of its work than in the base, a scenario that passed\n"
           "and now crashes, times out or fails with an error, or a scenario of the base\n"
           "missing from the new report.\n"
           "\n"
           "Counted results (gilbench run --measure instructions or perf-instructions) are\n"
           "matched with counted ones and judged by their median count: more instructions by\n"
           "the count threshold or more (to 0.01 %%) is a regression; repeated counts agree,\n"
           "so no test is made. Counts of different counters (callgrind, perf_event_open, or\n"
           "two events of perf) are never compared: a scenario counted one way in one report\n"
           "and another way in the other is refused with one line (exit 2).\n"
           "A side whose threads waited for a CPU for 10 %% of their work or more (the run-queue\n"
           "delay), or whose canary loop ran as much slower, ran on a busy machine: compare\n"
           "says so, and a wall-clock regression or GIL verdict seen there is inconclusive,\n"
           "never a plain regression.\n"
           "\n"
           "The gate fails closed: both reports are read as `gilbench report` reads them\n"
           "(types and ranges checked, at most 1 GiB), and a report that is invalid, of a\n"
           "newer schema_version, or incomplete (no scenario, a scenario interrupted or\n"
           "not_run, ok without a measured run, a name twice) is refused with one line.\n"
           "\n"
           "Options:\n");
    gb_cli_print_options(stdout, compare_options, NCOMPARE_OPTIONS);
    printf("\nExit status: 0 no regression; 1 a regression; 2 bad usage or a file that is not a\n"
           "complete, valid gilbench report; 3 no regression, but a change that could not be\n"
           "trusted (inconclusive: a busy machine). See docs/regression-gate.md.\n");
}

/* One side: the report as the one reader read it, and its results sorted by name. */
typedef struct side {
    const char *path;
    gb_loaded_report lr;
    const gb_result **by_name; /* nresults, sorted by scenario name, then measure */
    int ncpu;                  /* metadata.cpu.usable, or 0 */
} side;

static int cmp_result_name(const void *a, const void *b)
{
    const gb_result *x = *(const gb_result *const *)a, *y = *(const gb_result *const *)b;
    int c = strcmp(x->scenario->name, y->scenario->name);

    return c ? c : (int)x->measure - (int)y->measure;
}

/* The measured runs of r, warmup excluded (a counted result's: those with their counts). */
static size_t measured_runs(const gb_result *r)
{
    size_t n = 0;

    for (size_t i = 0; i < r->nruns; i++)
        n += !r->runs[i].warmup && (r->measure == GB_MEASURE_WALL || r->runs[i].counted);
    return n;
}

/* The result of side s like r (its name and measure), or NULL: a binary search. */
static const gb_result *find_result(const side *s, const gb_result *r)
{
    const gb_result **hit =
        bsearch(&r, s->by_name, s->lr.rep.nresults, sizeof *s->by_name, cmp_result_name);

    return hit ? *hit : NULL;
}

/* Read one side through the report reader (types and ranges checked), then make sure it is
 * complete enough to judge: a gate fails closed. Returns 0, or -1 with err. */
static int side_load(side *s, const char *path, gb_error *err)
{
    const gb_report *rep;

    s->path = path;
    if (gb_report_read_compared(path, &s->lr, err) != 0)
        return -1;
    rep = &s->lr.rep;
    if (rep->nresults == 0) {
        gb_error_set(err, path, 0, 0, "scenarios",
                     "incomplete report: no scenario at all; compare complete reports only");
        return -1;
    }
    for (size_t i = 0; i < rep->nresults; i++) {
        const gb_result *r = &rep->results[i];
        char where[64];

        snprintf(where, sizeof where, "scenarios[%zu]", i);
        if (r->status == GB_STATUS_INTERRUPTED || r->status == GB_STATUS_NOT_RUN) {
            gb_error_set(err, path, 0, 0, where,
                         "incomplete report: scenario \"%s\" is %s (the run was interrupted); "
                         "compare complete reports only",
                         r->scenario->name, gb_status_name(r->status));
            return -1;
        }
        if ((r->status == GB_STATUS_OK || r->status == GB_STATUS_EXPECTATION_FAILED) &&
            measured_runs(r) == 0) {
            gb_error_set(err, path, 0, 0, where,
                         "incomplete report: scenario \"%s\" is %s but has no measured run",
                         r->scenario->name, gb_status_name(r->status));
            return -1;
        }
    }
    s->ncpu =
        (int)json_integer_value(json_object_get(json_object_get(rep->metadata, "cpu"), "usable"));
    s->by_name = malloc((rep->nresults ? rep->nresults : 1) * sizeof *s->by_name);
    if (!s->by_name) {
        gb_error_set(err, path, 0, 0, NULL, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < rep->nresults; i++)
        s->by_name[i] = &rep->results[i];
    qsort(s->by_name, rep->nresults, sizeof *s->by_name, cmp_result_name);
    for (size_t i = 1; i < rep->nresults; i++)
        if (cmp_result_name(&s->by_name[i - 1], &s->by_name[i]) == 0) {
            gb_error_set(err, path, 0, 0, "scenarios",
                         "scenario \"%s\" appears twice: a report names each scenario once "
                         "(once timed and once counted at most)",
                         s->by_name[i]->scenario->name);
            return -1;
        }
    return 0;
}

/* Counts of different counters are never compared (compare/counters.h): 0, or -1 with err. */
static int counters_comparable(const side *b, const side *n, gb_error *err)
{
    gb_counted_side cb = {b->path, b->lr.rep.metadata, b->by_name, b->lr.rep.nresults};
    gb_counted_side cn = {n->path, n->lr.rep.metadata, n->by_name, n->lr.rep.nresults};

    return gb_counters_comparable(&cb, &cn, err);
}

static void side_clear(side *s)
{
    gb_loaded_report_clear(&s->lr);
    free(s->by_name);
    s->by_name = NULL;
}

/* Text from a report made safe to print: control characters escaped (gb_text_safe) and,
 * for markdown, the characters markdown would read as formatting or as a table's cell
 * boundary escaped with a backslash. A new string (NULL without memory). */
static char *shown_text(const char *text, int markdown)
{
    size_t size = 4 * strlen(text ? text : "?") + 8;
    char *safe = malloc(size), *out;
    size_t n = 0;

    if (!safe || !markdown)
        return safe ? (char *)gb_text_safe(safe, size, text) : NULL;
    gb_text_safe(safe, size, text);
    out = malloc(2 * strlen(safe) + 1);
    for (const char *p = safe; out && *p; p++) {
        if (strchr("\\`*_[]<>|~&", *p))
            out[n++] = '\\';
        out[n++] = *p;
    }
    if (out)
        out[n] = '\0';
    free(safe);
    return out;
}

static void fmt_seconds(char *buf, size_t size, double s)
{
    if (isnan(s))
        snprintf(buf, size, "-");
    else if (s >= 1)
        snprintf(buf, size, "%.3f s", s);
    else if (s >= 1e-3)
        snprintf(buf, size, "%.1f ms", s * 1e3);
    else
        snprintf(buf, size, "%.1f us", s * 1e6);
}

static const char *meta_str(json_t *meta, const char *a, const char *b)
{
    json_t *v = json_object_get(json_object_get(meta, a), b);

    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Both reports are sides of one `run --side` session (same start and interleave seed,
 * different labels): then run k of a scenario ran in round k on either side, and the runs
 * are compared pair by pair. */
static int one_session(json_t *mb, json_t *mn)
{
    const char *lb = json_string_value(json_object_get(json_object_get(mb, "side"), "label"));
    const char *ln = json_string_value(json_object_get(json_object_get(mn, "side"), "label"));
    json_t *ib = json_object_get(mb, "interleave"), *in = json_object_get(mn, "interleave");

    return lb && ln && strcmp(lb, ln) != 0 && ib && in && json_equal(ib, in) &&
           json_equal(json_object_get(mb, "start_time"), json_object_get(mn, "start_time"));
}

/* Say plainly what differs between the two reports' machines and builds (their metadata).
 * Both have the one schema version the reader takes. */
static int notes(FILE *out, json_t *base, json_t *now, int markdown, size_t npaired)
{
    const char *what[][3] = {{"cpu", "model", "CPU"},
                             {"python", "executable", "Python"},
                             {"gilbench", "version", "gilbench"},
                             {"gilbench", "build_type", "build type"}};
    const char *h1 = json_string_value(json_object_get(base, "hostname"));
    const char *h2 = json_string_value(json_object_get(now, "hostname"));
    const char *lead = markdown ? "> **Note:** " : "note: ";
    char *x = NULL, *y = NULL; /* the two values as shown: text from the reports, made safe */
    int n = 0;

    if (one_session(base, now)) {
        x = shown_text(meta_str(base, "side", "label"), markdown);
        y = shown_text(meta_str(now, "side", "label"), markdown);
        fprintf(out, "%sthe reports are the sides \"%s\" and \"%s\" of one session: ", lead,
                x ? x : "?", y ? y : "?");
        fprintf(out, npaired ? "runs are compared round by round (Wilcoxon signed-rank test, "
                               "paired bootstrap)\n"
                             : "too few runs to compare them round by round, compared as "
                               "samples\n");
        n++;
    }
    if (h1 && h2 && strcmp(h1, h2) != 0) {
        free(x), free(y);
        x = shown_text(h1, markdown);
        y = shown_text(h2, markdown);
        fprintf(out,
                "%sthe reports come from different machines (%s and %s): timings may "
                "differ for that reason alone\n",
                lead, x ? x : "?", y ? y : "?");
        n++;
    }
    for (size_t i = 0; i < sizeof what / sizeof what[0]; i++) {
        const char *vx = meta_str(base, what[i][0], what[i][1]);
        const char *vy = meta_str(now, what[i][0], what[i][1]);

        if (vx && vy && strcmp(vx, vy) != 0) {
            free(x), free(y);
            x = shown_text(vx, markdown);
            y = shown_text(vy, markdown);
            fprintf(out, "%s%s differs: %s / %s\n", lead, what[i][2], x ? x : "?", y ? y : "?");
            n++;
        }
    }
    free(x);
    free(y);
    return n;
}

/* A counted result's median count in a cell: "25.00 M ins"; "-" when absent. */
static void count_cell(char *buf, size_t size, const gb_result *r)
{
    size_t len;

    gb_format_count_short(buf, size, r && r->instructions.n ? r->instructions.median : NAN);
    len = strlen(buf);
    if (buf[0] != '-')
        snprintf(buf + len, size - len, " ins");
}

static void print_rows(FILE *out, gb_compare_row *rows, size_t n, int markdown)
{
    if (markdown) {
        fprintf(out, "| scenario | base | new | change | 95%% CI | p | verdict | GIL |\n"
                     "|---|---:|---:|---:|---|---:|---|---|\n");
    } else {
        fprintf(out, "  %-20s %11s %11s %9s %21s %7s  %-16s %s\n", "scenario", "base", "new",
                "change", "95% CI", "p", "verdict", "GIL");
    }
    for (size_t i = 0; i < n; i++) {
        gb_compare_row *w = &rows[i];
        char b[32], m[32], ch[32] = "-", ci[48] = "-", p[16] = "-", gil[64];
        const char *verdict = w->comparable ? gb_change_name(w->judged) : "-";

        fmt_seconds(b, sizeof b, w->base.median);
        fmt_seconds(m, sizeof m, w->now.median);
        if (w->counted) { /* instructions: the medians, and the range between the runs */
            count_cell(b, sizeof b, w->base.result);
            count_cell(m, sizeof m, w->now.result);
            verdict = !w->comparable                  ? "-"
                      : w->judged == GB_CHANGE_SLOWER ? "more instructions"
                      : w->judged == GB_CHANGE_FASTER ? "fewer instructions"
                                                      : "unchanged";
        }
        if (w->comparable) {
            snprintf(ch, sizeof ch, w->counted ? "%+.2f %%" : "%+.1f %%", w->change * 100);
            snprintf(ci, sizeof ci, w->counted ? "[%+.2f %%, %+.2f %%]" : "[%+.1f %%, %+.1f %%]",
                     w->lo * 100, w->hi * 100);
            if (!w->counted)
                snprintf(p, sizeof p, "%.3f", w->p);
        }
        if (w->inconclusive[0])
            verdict = "inconclusive";
        if (!w->base.result)
            verdict = "new scenario";
        else if (!w->now.result)
            verdict = "missing in new";
        else if (!w->comparable)
            verdict = w->now.status ? w->now.status : "-";
        snprintf(gil, sizeof gil, "%s%s%s", w->base.verdict ? w->base.verdict : "-",
                 w->now.verdict && w->base.verdict && strcmp(w->base.verdict, w->now.verdict)
                     ? " -> "
                     : "",
                 w->now.verdict && w->base.verdict && strcmp(w->base.verdict, w->now.verdict)
                     ? w->now.verdict
                     : "");
        if (markdown)
            fprintf(out, "| %s%s%s | %s | %s | %s | %s | %s | %s | %s |\n",
                    w->regression[0] ? "**" : "", w->shown, w->regression[0] ? "**" : "", b, m, ch,
                    ci, p, w->regression[0] ? "**REGRESSION**" : verdict, gil);
        else
            fprintf(out, "  %-20s %11s %11s %9s %21s %7s  %-16s %s\n", w->shown, b, m, ch, ci, p,
                    w->regression[0] ? "REGRESSION" : verdict, gil);
    }
}

/* A row for base's result b and the new one n (either NULL when absent), judged. A counted
 * result is shown with its measure beside its name. Returns 0, or -1 without memory. */
static int add_row(gb_compare_row *w, const gb_result *b, const gb_result *n, const compare_args *a,
                   const side *sb, const side *sn)
{
    const gb_result *r = b ? b : n;
    char name[512];

    w->name = r->scenario->name;
    snprintf(name, sizeof name, "%s%s%s%s", r->scenario->name,
             r->measure != GB_MEASURE_WALL ? " [" : "",
             r->measure != GB_MEASURE_WALL ? gb_measure_name(r->measure) : "",
             r->measure != GB_MEASURE_WALL ? "]" : "");
    w->shown = shown_text(name, a->markdown);
    if (!w->shown || gb_measured_fill(&w->base, b, sb->ncpu) != 0 ||
        gb_measured_fill(&w->now, n, sn->ncpu) != 0)
        return -1;
    gb_compare_judge(w, &a->j);
    return 0;
}

/* Per scenario, the side that ran on a busy machine: its threads waited for a CPU, or the
 * canary loop ran slower on it by more than the threshold; unless what was made
 * inconclusive of it says so already. */
static void busy_notes(const gb_compare_row *rows, size_t n, const compare_args *a)
{
    const char *lead = a->markdown ? "- " : "note: ";

    for (size_t k = 0; k < n; k++) {
        const gb_compare_row *w = &rows[k];
        double slower = w->speed >= 1 ? w->speed - 1 : 1 / w->speed - 1;

        if (w->inconclusive[0] || w->counted)
            continue;
        for (int now = 0; now < 2; now++) {
            double busy = now ? w->now.busy : w->base.busy;

            if (!isnan(busy))
                printf("%s%s: the %s side ran on a busy machine (its threads waited for a CPU "
                       "%.0f %% of their work): its times say little\n",
                       lead, w->shown, now ? "new" : "base", 100 * busy);
        }
        if (w->comparable && slower > a->j.threshold)
            printf("%s%s: the machine ran the canary loop %.0f %% slower on the %s side: a busy "
                   "machine, or a slower one\n",
                   lead, w->shown, 100 * slower, w->speed >= 1 ? "new" : "base");
    }
}

int gb_cmd_compare(int argc, char **argv)
{
    compare_args a = {.j = {.threshold = 0.05, .alpha = 0.05, .count_threshold = 0.01}};
    char **files = calloc((size_t)argc + 1, sizeof *files);
    size_t nfiles = 0, nrows = 0, nreg = 0, nincon = 0, npaired = 0;
    side base = {0}, now = {0};
    gb_compare_row *rows = NULL;
    gb_error err;
    int rc = GB_EXIT_USAGE;

    if (!files)
        return GB_EXIT_USAGE;
    if (gb_cli_parse(argc, argv, 2, compare_options, NCOMPARE_OPTIONS, compare_option, &a, files,
                     &nfiles, &err) != 0) {
        gb_error_print(&err, stderr);
        goto done;
    }
    if (a.help) {
        compare_help();
        rc = GB_EXIT_OK;
        goto done;
    }
    if (nfiles != 2) {
        fprintf(stderr, "gilbench compare: expected two reports, BASE.json NEW.json (found %zu)\n",
                nfiles);
        goto done;
    }
    if (side_load(&base, files[0], &err) != 0 || side_load(&now, files[1], &err) != 0 ||
        counters_comparable(&base, &now, &err) != 0) {
        gb_error_print(&err, stderr);
        goto done;
    }
    a.j.paired = one_session(base.lr.rep.metadata, now.lr.rep.metadata);

    rows = calloc(base.lr.rep.nresults + now.lr.rep.nresults + 1, sizeof *rows);
    if (!rows) {
        fprintf(stderr, "gilbench compare: out of memory\n");
        goto done;
    }
    for (size_t i = 0; i < base.lr.rep.nresults; i++) {
        const gb_result *r = &base.lr.rep.results[i];

        if (add_row(&rows[nrows++], r, find_result(&now, r), &a, &base, &now) != 0)
            goto oom;
    }
    for (size_t i = 0; i < now.lr.rep.nresults; i++) {
        const gb_result *r = &now.lr.rep.results[i];

        if (!find_result(&base, r) && add_row(&rows[nrows++], NULL, r, &a, &base, &now) != 0)
            goto oom;
    }
    for (size_t k = 0; k < nrows; k++) {
        nreg += rows[k].regression[0] != '\0';
        nincon += rows[k].inconclusive[0] != '\0';
    }

    if (a.markdown)
        printf("### gilbench: %s\n\n", nreg     ? "regression"
                                       : nincon ? "inconclusive (a busy machine), no regression"
                                                : "no regression");
    else
        printf("Comparing %s (base) with %s (new); threshold %.1f %%, alpha %.3g, count "
               "threshold %.1f %%\n",
               files[0], files[1], a.j.threshold * 100, a.j.alpha, a.j.count_threshold * 100);
    for (size_t k = 0; k < nrows; k++)
        npaired += rows[k].paired;
    if (notes(stdout, base.lr.rep.metadata, now.lr.rep.metadata, a.markdown, npaired) && a.markdown)
        printf("\n");
    print_rows(stdout, rows, nrows, a.markdown);
    printf("\n");
    for (size_t k = 0; k < nrows; k++) {
        if (!rows[k].regression[0])
            continue;
        printf(a.markdown ? "- **%s**: %s\n" : "REGRESSION %s: %s\n", rows[k].shown,
               rows[k].regression);
    }
    for (size_t k = 0; k < nrows; k++)
        if (rows[k].inconclusive[0])
            printf(a.markdown ? "- %s: inconclusive: %s\n" : "INCONCLUSIVE %s: %s\n", rows[k].shown,
                   rows[k].inconclusive);
    busy_notes(rows, nrows, &a);
    for (size_t k = 0; k < nrows; k++) {
        if (!rows[k].now.result)
            printf(a.markdown ? "- %s is in the base report only\n"
                              : "note: %s is in the base report only\n",
                   rows[k].shown);
        else if (!rows[k].base.result)
            printf(a.markdown ? "- %s is in the new report only\n"
                              : "note: %s is in the new report only\n",
                   rows[k].shown);
    }
    printf(a.markdown ? "\n%zu scenario%s compared, %zu regression%s, %zu inconclusive.\n"
                      : "%zu scenario%s compared, %zu regression%s, %zu inconclusive\n",
           nrows, nrows == 1 ? "" : "s", nreg, nreg == 1 ? "" : "s", nincon);
    rc = nreg ? GB_EXIT_FAILED : nincon ? GB_EXIT_INCONCLUSIVE : GB_EXIT_OK;
    goto done;
oom:
    fprintf(stderr, "gilbench compare: out of memory\n");

done:
    for (size_t k = 0; rows && k < nrows; k++) {
        gb_measured_clear(&rows[k].base);
        gb_measured_clear(&rows[k].now);
        free(rows[k].shown);
    }
    free(rows);
    side_clear(&base);
    side_clear(&now);
    free(files);
    return rc;
}
