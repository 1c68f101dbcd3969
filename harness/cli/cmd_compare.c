/* cmd_compare.c - `gilbench compare BASE.json NEW.json`: the CI gate. Reads two JSON
 * reports, matches scenarios by name, judges each change (compare.c) and says, as a
 * terminal table or as markdown for a pull request, whether anything regressed. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/cli.h"
#include "cli/commands.h"
#include "compare/compare.h"
#include "report/report_read.h"
#include "measure/stats.h"

#ifndef BOOTSTRAP_ITERATIONS /* the fuzz target (tests/fuzz) sets fewer, for speed */
#define BOOTSTRAP_ITERATIONS 4000
#endif

enum { OPT_THRESHOLD, OPT_ALPHA, OPT_MARKDOWN, OPT_HELP };

static const gb_option compare_options[] = {
    {"threshold", 0, "PCT", OPT_THRESHOLD, "slower by more than this is a regression (default 5)"},
    {"alpha", 0, "P", OPT_ALPHA, "significance level of the test (default 0.05)"},
    {"markdown", 'm', NULL, OPT_MARKDOWN, "print a markdown table, e.g. for a pull request"},
    {"help", 'h', NULL, OPT_HELP, "show this help"},
};
#define NCOMPARE_OPTIONS (sizeof compare_options / sizeof compare_options[0])

typedef struct compare_args {
    double threshold; /* fraction */
    double alpha;
    int markdown, help;
    int paired; /* the reports are two sides of one session: run k of each, side by side */
} compare_args;

static int compare_option(int id, const char *value, void *ctx, gb_error *err)
{
    compare_args *a = ctx;

    switch (id) {
    case OPT_THRESHOLD:
        if (gb_cli_double("threshold", value, 0, &a->threshold, err))
            return -1;
        a->threshold /= 100;
        return 0;
    case OPT_ALPHA:
        if (gb_cli_double("alpha", value, 0, &a->alpha, err))
            return -1;
        if (a->alpha <= 0 || a->alpha >= 1) {
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
           "GIL for 25 points more of its work than in the base, or a scenario that passed\n"
           "and now crashes, times out or fails with an error.\n"
           "\n"
           "Options:\n");
    gb_cli_print_options(stdout, compare_options, NCOMPARE_OPTIONS);
    printf("\nExit status: 0 no regression; 1 a regression; 2 bad usage or a file that is not a\n"
           "gilbench report. See docs/regression-gate.md.\n");
}

/* What one report measured of one scenario (a "side" is only --side's word). */
typedef struct measured {
    json_t *scenario; /* borrowed, NULL when absent */
    const char *status, *verdict;
    double *walls;
    size_t n;
    double median;
    double fast;   /* the lower quartile: the runs the machine disturbed least */
    double canary; /* median canary_ns: how fast the machine ran the fixed loop, or NAN */
} measured;

typedef struct row {
    const char *name;
    measured base, now;
    double change, lo, hi, p;
    gb_change judged;
    int comparable, paired;
    double speed;         /* canary time of new over base: > 1 when the machine ran slower */
    char regression[256]; /* "" when none */
} row;

static json_t *load_report(const char *path)
{
    gb_error err;
    json_t *doc = gb_report_json_load(path, &err);

    if (!doc)
        gb_error_print(&err, stderr);
    return doc;
}

static json_t *find_scenario(json_t *doc, const char *name)
{
    size_t i;
    json_t *s;

    json_array_foreach(json_object_get(doc, "scenarios"), i, s)
    {
        const char *n = json_string_value(json_object_get(s, "name"));
        if (n && strcmp(n, name) == 0)
            return s;
    }
    return NULL;
}

/* The new report's scenario crashed, timed out or raised: a regression whatever the times say. */
static int now_failed(const char *status)
{
    gb_status s;

    return status && gb_status_parse(status, &s) == 0 &&
           (s == GB_STATUS_CRASHED || s == GB_STATUS_TIMEOUT || s == GB_STATUS_ERROR);
}

static void fill_measured(measured *m, json_t *scenario)
{
    json_t *runs = json_object_get(scenario, "runs"), *r;
    double *canaries;
    size_t i, ncanaries = 0;

    memset(m, 0, sizeof *m);
    m->median = m->canary = NAN;
    m->scenario = scenario;
    if (!scenario)
        return;
    m->status = json_string_value(json_object_get(scenario, "status"));
    m->verdict =
        json_string_value(json_object_get(json_object_get(scenario, "summary"), "verdict"));
    m->walls = calloc(json_array_size(runs) + 1, sizeof *m->walls);
    canaries = calloc(json_array_size(runs) + 1, sizeof *canaries);
    json_array_foreach(runs, i, r)
    {
        if (!m->walls || !canaries || json_is_true(json_object_get(r, "warmup")))
            continue;
        m->walls[m->n++] = (double)json_integer_value(json_object_get(r, "wall_ns")) * 1e-9;
        if (json_integer_value(json_object_get(r, "canary_ns")) > 0)
            canaries[ncanaries++] = (double)json_integer_value(json_object_get(r, "canary_ns"));
    }
    m->canary = gb_stats_median(canaries, ncanaries);
    free(canaries);
    m->median = gb_stats_median(m->walls, m->n);
    m->fast = gb_stats_quantile(m->walls, m->n, 0.25);
}

/* The canary loop ran slower by nearly as much as the scenario did (80 %), and by more than
 * the threshold: the machine, not the code, is the likelier cause. It only ever excuses; it
 * never flags. (Half as much excused half of the real 10 % slowdowns: the canary is a
 * 0.3 ms loop and has noise of its own.) */
static int machine_was_slower(const row *w, double threshold)
{
    return w->speed - 1 > threshold && w->speed - 1 >= 0.8 * w->change;
}

/* The median held share of thread k of a scenario (summary.evidence), or NAN. */
static double held_share(json_t *scenario, size_t k)
{
    json_t *ev = json_object_get(json_object_get(scenario, "summary"), "evidence");
    json_t *t = json_array_get(json_object_get(ev, "threads"), k);
    json_t *v = json_object_get(json_object_get(t, "gil_held_share"), "median");

    return json_is_number(v) ? json_number_value(v) : NAN;
}

/* A thread that holds the GIL for much more of its work than in the base: "t1 held the GIL
 * 4 % -> 97 % of its work"; 0 when none. */
static int held_regression(const row *w, char *buf, size_t size)
{
    json_t *threads = json_object_get(
        json_object_get(json_object_get(w->now.scenario, "summary"), "evidence"), "threads");

    for (size_t k = 0; k < json_array_size(threads); k++) {
        double b = held_share(w->base.scenario, k), n = held_share(w->now.scenario, k);

        if (gb_held_share_regressed(b, n)) {
            const char *name =
                json_string_value(json_object_get(json_array_get(threads, k), "name"));

            snprintf(buf, size, "%s held the GIL %.0f %% -> %.0f %% of its work",
                     name ? name : "a thread", 100 * b, 100 * n);
            return 1;
        }
    }
    return 0;
}

static void judge(row *w, const compare_args *a)
{
    int rb = gb_verdict_rank(w->base.verdict), rn = gb_verdict_rank(w->now.verdict);

    w->regression[0] = '\0';
    w->comparable = w->base.n > 0 && w->now.n > 0;
    w->change = w->lo = w->hi = w->p = NAN;
    w->speed = 1;
    if (w->comparable && w->base.canary > 0 && w->now.canary > 0)
        w->speed = w->now.canary / w->base.canary;
    /* paired when the signed-rank test can reach alpha at all: its smallest p is 2 / 2^n
     * (n >= 6 pairs at alpha = 0.05); with fewer, the rank-sum test of the two samples can */
    w->paired = a->paired && w->comparable && w->base.n == w->now.n &&
                ldexp(1, 1 - (int)(w->base.n < 64 ? w->base.n : 64)) < a->alpha;
    if (w->paired) {
        double *d = malloc(w->base.n * sizeof *d);

        for (size_t k = 0; d && k < w->base.n; k++)
            d[k] = log(w->now.walls[k] / w->base.walls[k]);
        w->p = d ? gb_wilcoxon_signed_rank_p(d, w->base.n) : NAN;
        free(d);
        gb_bootstrap_paired_change_ci(w->base.walls, w->now.walls, w->base.n, 0.95,
                                      BOOTSTRAP_ITERATIONS, &w->lo, &w->hi);
    } else if (w->comparable) {
        w->p = gb_mann_whitney_p(w->base.walls, w->base.n, w->now.walls, w->now.n);
        gb_bootstrap_change_ci(w->base.walls, w->base.n, w->now.walls, w->now.n, 0.95,
                               BOOTSTRAP_ITERATIONS, &w->lo, &w->hi);
    }
    if (w->comparable) {
        w->change = w->paired ? gb_paired_change(w->base.walls, w->now.walls, w->base.n)
                              : w->now.median / w->base.median - 1;
        w->judged = gb_change_judge(w->change, w->p, w->lo, w->hi, a->alpha, a->threshold);
    }
    if (gb_status_passed(w->base.status) && now_failed(w->now.status))
        snprintf(w->regression, sizeof w->regression, "was %s, now %s", w->base.status,
                 w->now.status);
    else if (rb >= 0 && rn > rb)
        snprintf(w->regression, sizeof w->regression, "GIL verdict %s -> %s", w->base.verdict,
                 w->now.verdict);
    else if (w->base.scenario && w->now.scenario &&
             held_regression(w, w->regression, sizeof w->regression)) {
        /* the message is written: a thread holds the GIL where it did not */
    } else if (w->comparable && w->judged == GB_CHANGE_SLOWER && w->change > a->threshold &&
               (w->paired || w->now.fast / w->base.fast - 1 > a->threshold) &&
               !machine_was_slower(w, a->threshold))
        /* a real slowdown slows every run, the fastest ones too; a burst of a noisy
         * neighbour slows some of them. Paired runs need no such guard: a burst that hit
         * one run of a pair is one outlying ratio among n, which the median of the ratios
         * and the ranks of the signed-rank test already discount. */
        snprintf(w->regression, sizeof w->regression,
                 "%.1f %% slower (95 %% CI %+.1f %% .. %+.1f %%, p = %.3g), threshold %.1f %%",
                 w->change * 100, w->lo * 100, w->hi * 100, w->p, a->threshold * 100);
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

static const char *meta_str(json_t *doc, const char *a, const char *b)
{
    json_t *v = json_object_get(json_object_get(json_object_get(doc, "metadata"), a), b);

    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Both reports are sides of one `run --side` session (same start and interleave seed,
 * different labels): then run k of a scenario ran in round k on either side, and the runs
 * are compared pair by pair. */
static int one_session(json_t *base, json_t *now)
{
    json_t *mb = json_object_get(base, "metadata"), *mn = json_object_get(now, "metadata");
    const char *lb = json_string_value(json_object_get(json_object_get(mb, "side"), "label"));
    const char *ln = json_string_value(json_object_get(json_object_get(mn, "side"), "label"));
    json_t *ib = json_object_get(mb, "interleave"), *in = json_object_get(mn, "interleave");

    return lb && ln && strcmp(lb, ln) != 0 && ib && in && json_equal(ib, in) &&
           json_equal(json_object_get(mb, "start_time"), json_object_get(mn, "start_time"));
}

/* Say plainly what differs between the two reports' machines and builds. */
static int notes(FILE *out, json_t *base, json_t *now, int markdown, size_t npaired)
{
    const char *what[][3] = {{"cpu", "model", "CPU"},
                             {"python", "executable", "Python"},
                             {"gilbench", "version", "gilbench"},
                             {"gilbench", "build_type", "build type"}};
    json_int_t sv1 = json_integer_value(json_object_get(base, "schema_version"));
    json_int_t sv2 = json_integer_value(json_object_get(now, "schema_version"));
    const char *h1 =
        json_string_value(json_object_get(json_object_get(base, "metadata"), "hostname"));
    const char *h2 =
        json_string_value(json_object_get(json_object_get(now, "metadata"), "hostname"));
    const char *lead = markdown ? "> **Note:** " : "note: ";
    int n = 0;

    if (one_session(base, now)) {
        fprintf(out, "%sthe reports are the sides \"%s\" and \"%s\" of one session: ", lead,
                meta_str(base, "side", "label"), meta_str(now, "side", "label"));
        fprintf(out, npaired ? "runs are compared round by round (Wilcoxon signed-rank test, "
                               "paired bootstrap)\n"
                             : "too few runs to compare them round by round, compared as "
                               "samples\n");
        n++;
    }
    if (sv1 != sv2) {
        fprintf(out,
                "%sthe reports have different schema versions (%lld and %lld): only what "
                "both hold is compared\n",
                lead, (long long)sv1, (long long)sv2);
        n++;
    }
    if (h1 && h2 && strcmp(h1, h2) != 0) {
        fprintf(out,
                "%sthe reports come from different machines (%s and %s): timings may "
                "differ for that reason alone\n",
                lead, h1, h2);
        n++;
    }
    for (size_t i = 0; i < sizeof what / sizeof what[0]; i++) {
        const char *x = meta_str(base, what[i][0], what[i][1]);
        const char *y = meta_str(now, what[i][0], what[i][1]);

        if (x && y && strcmp(x, y) != 0) {
            fprintf(out, "%s%s differs: %s / %s\n", lead, what[i][2], x, y);
            n++;
        }
    }
    return n;
}

static void print_rows(FILE *out, row *rows, size_t n, int markdown)
{
    if (markdown) {
        fprintf(out, "| scenario | base | new | change | 95%% CI | p | verdict | GIL |\n"
                     "|---|---:|---:|---:|---|---:|---|---|\n");
    } else {
        fprintf(out, "  %-20s %11s %11s %9s %21s %7s  %-16s %s\n", "scenario", "base", "new",
                "change", "95% CI", "p", "verdict", "GIL");
    }
    for (size_t i = 0; i < n; i++) {
        row *w = &rows[i];
        char b[32], m[32], ch[32] = "-", ci[48] = "-", p[16] = "-", gil[64];
        const char *verdict = w->comparable ? gb_change_name(w->judged) : "-";

        fmt_seconds(b, sizeof b, w->base.median);
        fmt_seconds(m, sizeof m, w->now.median);
        if (w->comparable) {
            snprintf(ch, sizeof ch, "%+.1f %%", w->change * 100);
            snprintf(ci, sizeof ci, "[%+.1f %%, %+.1f %%]", w->lo * 100, w->hi * 100);
            snprintf(p, sizeof p, "%.3f", w->p);
        }
        if (!w->base.scenario)
            verdict = "new scenario";
        else if (!w->now.scenario)
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
                    w->regression[0] ? "**" : "", w->name, w->regression[0] ? "**" : "", b, m, ch,
                    ci, p, w->regression[0] ? "**REGRESSION**" : verdict, gil);
        else
            fprintf(out, "  %-20s %11s %11s %9s %21s %7s  %-16s %s\n", w->name, b, m, ch, ci, p,
                    w->regression[0] ? "REGRESSION" : verdict, gil);
    }
}

int gb_cmd_compare(int argc, char **argv)
{
    compare_args a = {.threshold = 0.05, .alpha = 0.05};
    char **files = calloc((size_t)argc + 1, sizeof *files);
    size_t nfiles = 0, nrows = 0, nreg = 0, npaired = 0;
    json_t *base = NULL, *now = NULL, *s;
    row *rows = NULL;
    gb_error err;
    int rc = GB_EXIT_USAGE;
    size_t i;

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
    base = load_report(files[0]);
    now = base ? load_report(files[1]) : NULL;
    if (!base || !now)
        goto done;
    a.paired = one_session(base, now);

    rows = calloc(json_array_size(json_object_get(base, "scenarios")) +
                      json_array_size(json_object_get(now, "scenarios")) + 1,
                  sizeof *rows);
    if (!rows)
        goto done;
    json_array_foreach(json_object_get(base, "scenarios"), i, s)
    {
        const char *name = json_string_value(json_object_get(s, "name"));

        if (!name)
            continue;
        rows[nrows].name = name;
        fill_measured(&rows[nrows].base, s);
        fill_measured(&rows[nrows].now, find_scenario(now, name));
        judge(&rows[nrows], &a);
        nreg += rows[nrows].regression[0] != '\0';
        nrows++;
    }
    json_array_foreach(json_object_get(now, "scenarios"), i, s)
    {
        const char *name = json_string_value(json_object_get(s, "name"));

        if (!name || find_scenario(base, name))
            continue;
        rows[nrows].name = name;
        fill_measured(&rows[nrows].base, NULL);
        fill_measured(&rows[nrows].now, s);
        judge(&rows[nrows], &a);
        nrows++;
    }

    if (a.markdown)
        printf("### gilbench: %s\n\n", nreg ? "regression" : "no regression");
    else
        printf("Comparing %s (base) with %s (new); threshold %.1f %%, alpha %.3g\n", files[0],
               files[1], a.threshold * 100, a.alpha);
    for (size_t k = 0; k < nrows; k++)
        npaired += rows[k].paired;
    if (notes(stdout, base, now, a.markdown, npaired) && a.markdown)
        printf("\n");
    print_rows(stdout, rows, nrows, a.markdown);
    printf("\n");
    for (size_t k = 0; k < nrows; k++) {
        if (!rows[k].regression[0])
            continue;
        printf(a.markdown ? "- **%s**: %s\n" : "REGRESSION %s: %s\n", rows[k].name,
               rows[k].regression);
    }
    for (size_t k = 0; k < nrows; k++)
        if (!rows[k].regression[0] && rows[k].comparable && rows[k].judged == GB_CHANGE_SLOWER &&
            machine_was_slower(&rows[k], a.threshold))
            printf(a.markdown ? "- %s: %.1f %% slower, but the machine ran the canary loop %.0f %% "
                                "slower too: not counted as a regression\n"
                              : "note: %s: %.1f %% slower, but the machine ran the canary loop "
                                "%.0f %% slower too: not counted as a regression\n",
                   rows[k].name, rows[k].change * 100, (rows[k].speed - 1) * 100);
    for (size_t k = 0; k < nrows; k++) {
        if (!rows[k].now.scenario)
            printf(a.markdown ? "- %s is in the base report only\n"
                              : "note: %s is in the base report only\n",
                   rows[k].name);
        else if (!rows[k].base.scenario)
            printf(a.markdown ? "- %s is in the new report only\n"
                              : "note: %s is in the new report only\n",
                   rows[k].name);
    }
    printf(a.markdown ? "\n%zu scenario%s compared, %zu regression%s.\n"
                      : "%zu scenario%s compared, %zu regression%s\n",
           nrows, nrows == 1 ? "" : "s", nreg, nreg == 1 ? "" : "s");
    rc = nreg ? GB_EXIT_FAILED : GB_EXIT_OK;

done:
    for (size_t k = 0; rows && k < nrows; k++) {
        free(rows[k].base.walls);
        free(rows[k].now.walls);
    }
    free(rows);
    json_decref(base);
    json_decref(now);
    free(files);
    return rc;
}
