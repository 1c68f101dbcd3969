/* cmd_run.c - `gilbench run`: options, then load -> order -> run each scenario in a
 * worker -> check -> print -> export. It wires the modules together and maps the outcome
 * to an exit status; measuring, judging, printing and writing files are theirs. */
#include <errno.h>
#include <sched.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/cli.h"
#include "cli/commands.h"
#include "report/export.h"
#include "util/json_text.h"
#include "term/output.h"
#include "run/platform.h"
#include "term/progress.h"
#include "run/runner.h"
#include "run/sides.h"
#include "measure/stats.h"
#include "util/suggest.h"

enum {
    OPT_RUNS,
    OPT_WARMUP,
    OPT_TIMEOUT,
    OPT_SET,
    OPT_OUTPUT,
    OPT_JSON,
    OPT_CSV,
    OPT_CSV_SUMMARY,
    OPT_CSV_THREADS,
    OPT_NO_SAVE,
    OPT_COLOR,
    OPT_MIN_RUNS,
    OPT_MAX_RUNS,
    OPT_PRECISION,
    OPT_AFFINITY,
    OPT_INTERLEAVE,
    OPT_SEED,
    OPT_SIDE,
    OPT_DRIVER,
    OPT_HTML,
    OPT_EXPORT_TRACE,
    OPT_EXPORT_MARKDOWN,
    OPT_EXPORT_HYPERFINE,
    OPT_EXPORT_BENCHER,
    OPT_EXPORT_GITHUB_BENCHMARK,
    OPT_QUIET,
    OPT_HELP
};

static const gb_option run_options[] = {
    {"runs", 'r', "N", OPT_RUNS, "measured runs per scenario (default: the file's, else 5)"},
    {"warmup", 'w', "N", OPT_WARMUP,
     "runs before measuring, not counted (default: file's, else 1)"},
    {"timeout", 't', "SECONDS", OPT_TIMEOUT, "longest one run may take before it is killed"},
    {"set", 's', "NAME=VALUE", OPT_SET, "set a variable of the files (\"vars\"), e.g. n=1000000"},
    {"precision", 'p', "PCT", OPT_PRECISION,
     "run until the median's 95% CI is within +-PCT % (adaptive)"},
    {"min-runs", 0, "N", OPT_MIN_RUNS, "adaptive: at least N runs (default: --runs)"},
    {"max-runs", 0, "N", OPT_MAX_RUNS, "adaptive: at most N runs (default: 10 x min)"},
    {"affinity", 'a', "CPUS", OPT_AFFINITY, "pin the workers to CPUS, e.g. 0,1 or 0-3"},
    {"interleave", 'i', NULL, OPT_INTERLEAVE, "run the scenarios in shuffled rounds, a run each"},
    {"seed", 0, "N", OPT_SEED, "seed of the --interleave shuffle (default: from the clock)"},
    {"side", 0, "LABEL[:VARS]", OPT_SIDE,
     "run it all per side (2+, VARS: N=V,...), interleaved; a report each"},
    {"driver", 0, "LABEL=PATH", OPT_DRIVER,
     "run side LABEL's workers with another gilbench build, e.g. the base commit's"},
    {"output", 'o', "BASE", OPT_OUTPUT, "write BASE.json, BASE-runs.csv, BASE-summary.csv, ..."},
    {"json", 0, "FILE", OPT_JSON, "write the JSON report to FILE (- for standard output)"},
    {"csv", 0, "FILE", OPT_CSV, "write a CSV row per run to FILE"},
    {"csv-summary", 0, "FILE", OPT_CSV_SUMMARY, "write a CSV row per scenario to FILE"},
    {"csv-threads", 0, "FILE", OPT_CSV_THREADS, "write a CSV row per thread and run to FILE"},
    {"html", 0, "FILE", OPT_HTML, "write an HTML report with charts to FILE (docs/report.md)"},
    {"export-trace", 0, "FILE", OPT_EXPORT_TRACE,
     "write the timelines as a Chrome trace (Perfetto)"},
    {"export-markdown", 0, "FILE", OPT_EXPORT_MARKDOWN, "write a markdown table to FILE"},
    {"export-hyperfine", 0, "FILE", OPT_EXPORT_HYPERFINE,
     "write FILE as hyperfine's --export-json does"},
    {"export-bencher", 0, "FILE", OPT_EXPORT_BENCHER,
     "write FILE in the Bencher Metric Format (bencher run)"},
    {"export-github-benchmark", 0, "FILE", OPT_EXPORT_GITHUB_BENCHMARK,
     "write FILE for github-action-benchmark (customSmallerIsBetter)"},
    {"no-save", 0, NULL, OPT_NO_SAVE, "write no report file"},
    {"quiet", 'q', NULL, OPT_QUIET, "no progress display on standard error"},
    {"color", 0, "WHEN", OPT_COLOR, "auto, always or never (default auto; NO_COLOR is honoured)"},
    {"help", 'h', NULL, OPT_HELP, "show this help"},
};
#define NRUN_OPTIONS (sizeof run_options / sizeof run_options[0])

typedef struct run_args {
    gb_overrides ov;
    const char **vars;
    const char *base;
    const char *paths[16]; /* per exporter index */
    int any_path;
    int no_save;
    int quiet;
    int color; /* -1 auto */
    int help;
    const char *affinity; /* as given, or NULL */
    cpu_set_t cpus;
    int interleave, seed_given;
    uint64_t seed;
    gb_side sides[GB_MAX_SIDES];
    gb_overrides side_ov[GB_MAX_SIDES]; /* the global overrides with the side's variables */
    size_t nsides;
    const char *drivers[GB_MAX_SIDES]; /* --driver LABEL=PATH as given, checked after parsing */
    size_t ndrivers;
} run_args;

/* A warning on stderr, kept in the report's metadata.warnings too. */
static void warn(json_t *list, const char *fmt, ...) GB_PRINTF(2, 3);

static void warn(json_t *list, const char *fmt, ...)
{
    char buf[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    fprintf(stderr, "warning: %s\n", buf);
    json_array_append_new(list, gb_json_text(buf));
}

/* "0,2-3" -> a CPU set of CPUs this machine has. Returns 0 or -1. */
static int gb_parse_cpus(const char *text, cpu_set_t *set)
{
    const char *p = text;
    long ncpu = sysconf(_SC_NPROCESSORS_CONF);

    CPU_ZERO(set);
    while (*p) {
        char *end;
        long a = strtol(p, &end, 10), b;

        if (end == p || a < 0 || a >= ncpu)
            return -1;
        b = a;
        if (*end == '-') {
            p = end + 1;
            b = strtol(p, &end, 10);
            if (end == p || b < a || b >= ncpu)
                return -1;
        }
        for (long c = a; c <= b; c++)
            CPU_SET((int)c, set);
        p = end;
        if (*p == ',')
            p++;
        else if (*p)
            return -1;
    }
    return CPU_COUNT(set) > 0 ? 0 : -1;
}

static int exporter_index(const char *name)
{
    for (size_t i = 0; i < gb_nexporters; i++)
        if (strcmp(gb_exporters[i].name, name) == 0)
            return (int)i;
    return -1;
}

static int set_path(run_args *a, const char *format, const char *value, gb_error *err)
{
    int i = exporter_index(format);

    if (i < 0 || i >= 16) {
        gb_error_set(err, NULL, 0, 0, NULL, "no %s report in this build", format);
        return -1;
    }
    if (a->paths[i]) {
        gb_error_set(err, NULL, 0, 0, NULL, "the %s report is given two files: %s and %s", format,
                     a->paths[i], value);
        return -1;
    }
    a->paths[i] = value;
    a->any_path = 1;
    return 0;
}

static int run_option(int id, const char *value, void *ctx, gb_error *err)
{
    run_args *a = ctx;
    long v;

    switch (id) {
    case OPT_RUNS:
        return gb_cli_count("runs", value, 1, 100000, &a->ov.runs, err);
    case OPT_WARMUP:
        return gb_cli_count("warmup", value, 0, 100000, &a->ov.warmup, err);
    case OPT_TIMEOUT:
        if (gb_cli_double("timeout", value, 0.001, &a->ov.timeout, err))
            return -1;
        return 0;
    case OPT_SET:
        if (!strchr(value, '=')) {
            gb_error_set(err, NULL, 0, 0, NULL, "option --set: expected NAME=VALUE, found \"%s\"",
                         value);
            return -1;
        }
        a->vars[a->ov.nvars++] = value;
        return 0;
    case OPT_OUTPUT:
        a->base = value;
        return 0;
    case OPT_JSON:
        return set_path(a, "json", value, err);
    case OPT_CSV:
        return set_path(a, "csv", value, err);
    case OPT_CSV_SUMMARY:
        return set_path(a, "csv-summary", value, err);
    case OPT_CSV_THREADS:
        return set_path(a, "csv-threads", value, err);
    case OPT_HTML:
        return set_path(a, "html", value, err);
    case OPT_EXPORT_TRACE:
        return set_path(a, "trace", value, err);
    case OPT_EXPORT_MARKDOWN:
        return set_path(a, "markdown", value, err);
    case OPT_EXPORT_HYPERFINE:
        return set_path(a, "hyperfine", value, err);
    case OPT_EXPORT_BENCHER:
        return set_path(a, "bencher", value, err);
    case OPT_EXPORT_GITHUB_BENCHMARK:
        return set_path(a, "github-benchmark", value, err);
    case OPT_NO_SAVE:
        a->no_save = 1;
        return 0;
    case OPT_QUIET:
        a->quiet = 1;
        return 0;
    case OPT_COLOR:
        if (strcmp(value, "auto") == 0)
            a->color = -1;
        else if (strcmp(value, "always") == 0)
            a->color = 1;
        else if (strcmp(value, "never") == 0)
            a->color = 0;
        else {
            gb_error_set(err, NULL, 0, 0, NULL,
                         "option --color: expected auto, always or never, found \"%s\"", value);
            return -1;
        }
        return 0;
    case OPT_MIN_RUNS:
        return gb_cli_count("min-runs", value, 1, 100000, &a->ov.min_runs, err);
    case OPT_MAX_RUNS:
        return gb_cli_count("max-runs", value, 1, 100000, &a->ov.max_runs, err);
    case OPT_PRECISION:
        if (gb_cli_double("precision", value, 0.001, &a->ov.precision, err))
            return -1;
        a->ov.precision /= 100;
        return 0;
    case OPT_AFFINITY:
        if (gb_parse_cpus(value, &a->cpus) != 0) {
            gb_error_set(err, NULL, 0, 0, NULL,
                         "option --affinity: expected CPU numbers such as 0,1 or 0-3 that this "
                         "machine has, found \"%s\"",
                         value);
            return -1;
        }
        a->affinity = value;
        return 0;
    case OPT_INTERLEAVE:
        a->interleave = 1;
        return 0;
    case OPT_SEED:
        if (gb_cli_int("seed", value, 0, 2147483647L, &v, err))
            return -1;
        a->seed = (uint64_t)v;
        a->seed_given = 1;
        return 0;
    case OPT_SIDE:
        if (a->nsides == GB_MAX_SIDES) {
            gb_error_set(err, NULL, 0, 0, NULL, "option --side: at most %d sides", GB_MAX_SIDES);
            return -1;
        }
        if (gb_side_parse(value, &a->sides[a->nsides], err) != 0)
            return -1;
        for (size_t i = 0; i < a->nsides; i++)
            if (strcmp(a->sides[i].label, a->sides[a->nsides].label) == 0) {
                gb_error_set(err, NULL, 0, 0, NULL,
                             "option --side: the label \"%s\" is given twice", a->sides[i].label);
                gb_side_clear(&a->sides[a->nsides]);
                return -1;
            }
        a->nsides++;
        return 0;
    case OPT_DRIVER:
        if (!strchr(value, '=') || *value == '=' || a->ndrivers == GB_MAX_SIDES) {
            gb_error_set(err, NULL, 0, 0, NULL,
                         "option --driver: expected LABEL=PATH of a side, "
                         "found \"%s\"",
                         value);
            return -1;
        }
        a->drivers[a->ndrivers++] = value;
        return 0;
    case OPT_HELP:
        a->help = 1;
        return 0;
    }
    return -1;
}

static void run_help(void)
{
    printf(
        "Usage: gilbench run [options] FILE...\n"
        "\n"
        "Run each scenario in a worker process of its own and report what the GIL did: the\n"
        "time (median +- sigma over the runs), user and system CPU, how much the threads\n"
        "overlapped, a verdict (parallel, partial, serial), a timeline of the threads and the\n"
        "ratio to each scenario's baseline. A crash, an abort or a hang is reported and the\n"
        "run goes on with the next scenario. Baselines run before the scenarios that name them.\n"
        "A scenario of \"kind\": \"command\" times a whole command with hyperfine instead (an\n"
        "argv, never through a shell unless it says \"shell\"): wall per run, exit codes, CPU\n"
        "means, in the same reports (docs/scenarios.md).\n"
        "\n"
        "Options:\n");
    gb_cli_print_options(stdout, run_options, NRUN_OPTIONS);
    printf(
        "\n"
        "Reports: without --output or a format option, the JSON and CSV reports are written\n"
        "to results/run-YYYYMMDD-HHMMSS{.json,-runs.csv,-summary.csv,-threads.csv}; -o BASE\n"
        "writes the same four at BASE; with format options, only those named. The views\n"
        "(--html, --export-*) are written only when named; `gilbench report` makes them later\n"
        "from the JSON. Files are written whole or not at all. With \"-\" as a file, the\n"
        "terminal output moves to standard error. See docs/report.md.\n"
        "\n"
        "Progress: on standard error when it is a terminal, never with --quiet or when the\n"
        "CI variable is set. Colours only on a terminal, never with NO_COLOR or --color never.\n"
        "\n"
        "Imports: the workers' interpreter ignores PYTHONPATH; it imports from the folders of\n"
        "GILBENCH_PYTHONPATH (colon-separated, first), then its own sys.path, then the\n"
        "build's module folder with the peers (docs/peers.md). After sweeps over \"module\",\n"
        "a table of implementations follows the summary.\n"
        "\n"
        "Exit status: 0 all scenarios ran and met their expectations; 1 a scenario failed\n"
        "(expectation, crash, timeout, Python error); 2 bad usage or bad input, nothing run;\n"
        "130 interrupted by Ctrl-C or SIGTERM, reports of what was measured written (a\n"
        "second Ctrl-C stops at once).\n"
        "\n"
        "Examples:\n"
        "  gilbench run scenarios/*.json\n"
        "  gilbench run -r 10 -w 2 scenarios/nogil+gil.json scenarios/gil.json\n"
        "  gilbench run --set n=50000000 --json - scenarios/gil+gil.json | jq "
        ".scenarios[0].summary\n"
        "  gilbench run --side base:n=100000000 --side new:n=110000000 -o ab scenarios/gil.json\n"
        "      (one session, a report per side: ab-base.json, ab-new.json, ...)\n"
        "  gilbench run --html report.html --export-trace trace.json scenarios/*.json\n"
        "  gilbench run scenarios/gil.json scenarios/process/*.json   (whole processes too)\n"
        "  gilbench run scenarios/peers/*.json    (C API, pybind11, PyO3, Cython side by side)\n");
}

/* Baselines first: a stable order in which every scenario comes after its baseline. */
static void order_by_baseline(gb_scenario **list, size_t n, gb_scenario **out)
{
    size_t nout = 0;
    char *placed = calloc(n, 1);

    if (!placed) {
        memcpy(out, list, n * sizeof *list);
        return;
    }
    while (nout < n) {
        size_t before = nout;

        for (size_t i = 0; i < n; i++) {
            int ready = 1;

            if (placed[i])
                continue;
            if (list[i]->baseline)
                for (size_t j = 0; j < n; j++)
                    if (!placed[j] && j != i && strcmp(list[j]->name, list[i]->baseline) == 0)
                        ready = 0;
            if (ready) {
                out[nout++] = list[i];
                placed[i] = 1;
            }
        }
        if (nout == before) /* a cycle: keep the given order for the rest */
            for (size_t i = 0; i < n; i++)
                if (!placed[i]) {
                    out[nout++] = list[i];
                    placed[i] = 1;
                }
    }
    free(placed);
}

/* Every --set must name a variable of at least one file: a typo is caught, not ignored. */
static int check_vars_used(const gb_overrides *ov, gb_scenario **list, size_t n, const char *option)
{
    for (size_t i = 0; i < ov->nvars; i++) {
        size_t len = strcspn(ov->vars[i], "=");
        char name[128];
        int used = 0;

        snprintf(name, sizeof name, "%.*s", (int)(len < 127 ? len : 127), ov->vars[i]);
        for (size_t j = 0; j < n && !used; j++)
            used = json_object_get(json_object_get(list[j]->config, "vars"), name) != NULL;
        if (!used) {
            const char *names[64];
            size_t nnames = 0;

            for (size_t j = 0; j < n; j++) {
                const char *key;
                json_t *v;

                json_object_foreach(json_object_get(list[j]->config, "vars"), key, v)
                {
                    int dup = 0;
                    for (size_t k = 0; k < nnames; k++)
                        dup |= strcmp(names[k], key) == 0;
                    if (!dup && nnames < 64)
                        names[nnames++] = key;
                }
            }
            {
                const char *hint = gb_suggest(name, names, nnames);

                if (hint)
                    fprintf(stderr,
                            "gilbench run: %s %s: no scenario has a variable \"%s\"; "
                            "did you mean \"%s\"?\n",
                            option, ov->vars[i], name, hint);
                else
                    fprintf(stderr, "gilbench run: %s %s: no scenario has a variable \"%s\"\n",
                            option, ov->vars[i], name);
            }
            return -1;
        }
    }
    return 0;
}

/* Options that contradict each other, each said in one line. Returns 0 or -1. */
static int check_conflicts(const run_args *a)
{
    for (size_t i = 0; i < gb_nexporters && i < 16; i++)
        for (size_t j = 0; j < i && a->paths[i]; j++)
            if (a->paths[j] &&
                (strcmp(a->paths[i], a->paths[j]) == 0 ||
                 (gb_export_is_stdout(a->paths[i]) && gb_export_is_stdout(a->paths[j])))) {
                if (gb_export_is_stdout(a->paths[i]))
                    fprintf(stderr,
                            "gilbench run: the %s and %s reports cannot both go to "
                            "standard output (-): give one of them a file\n",
                            gb_exporters[j].name, gb_exporters[i].name);
                else
                    fprintf(stderr,
                            "gilbench run: the %s and %s reports cannot both be "
                            "written to %s\n",
                            gb_exporters[j].name, gb_exporters[i].name, a->paths[i]);
                return -1;
            }
    if (a->seed_given && !a->interleave && !a->nsides) {
        fprintf(stderr, "gilbench run: --seed goes with --interleave (or --side): it seeds "
                        "their shuffle\n");
        return -1;
    }
    return 0;
}

/* Write every requested report of rep; with a side label, into names marked with it. */
static int write_reports(const run_args *a, const gb_report *rep, const char *label)
{
    char stamp[64], path[PATH_MAX], sided[PATH_MAX];
    time_t t = time(NULL);
    struct tm tm;
    int failed = 0;

    if (a->no_save)
        return 0;
    gmtime_r(&t, &tm);
    strftime(stamp, sizeof stamp, "results/run-%Y%m%d-%H%M%S", &tm);
    if (label)
        snprintf(stamp + strlen(stamp), sizeof stamp - strlen(stamp), "-%s", label);
    /* two runs in one second must not overwrite each other's reports: -2, -3... */
    for (int n = 2, len = (int)strlen(stamp); n < 1000; n++) {
        snprintf(path, sizeof path, "%s%s", stamp, gb_exporters[0].suffix);
        if (access(path, F_OK) != 0)
            break;
        snprintf(stamp + len, sizeof stamp - (size_t)len, "-%d", n);
    }
    for (size_t i = 0; i < gb_nexporters && i < 16; i++) {
        const char *target = a->paths[i];
        gb_error err;

        if (!target && !gb_exporters[i].on_request && (a->base || !a->any_path)) {
            if (a->base && label)
                snprintf(path, sizeof path, "%s-%s%s", a->base, label, gb_exporters[i].suffix);
            else
                snprintf(path, sizeof path, "%s%s", a->base ? a->base : stamp,
                         gb_exporters[i].suffix);
            target = path;
        } else if (target && label) {
            if (gb_side_path(target, label, sided, sizeof sided) != 0) {
                fprintf(stderr, "gilbench run: %s: file name too long\n", target);
                failed = 1;
                continue;
            }
            target = sided;
        }
        if (!target)
            continue;
        if (gb_export_to_path(&gb_exporters[i], rep, target, &err) != 0) {
            gb_error_print(&err, stderr);
            failed = 1;
        } else if (strcmp(target, "-") != 0) {
            fprintf(stderr, "wrote %s\n", target);
        }
    }
    return failed ? -1 : 0;
}

/* --driver LABEL=PATH: give the side its driver, an executable file. Returns 0 or -1 after
 * one line on stderr. */
static int attach_drivers(run_args *a)
{
    for (size_t i = 0; i < a->ndrivers; i++) {
        const char *eq = strchr(a->drivers[i], '=');
        size_t len = (size_t)(eq - a->drivers[i]);
        gb_side *sd = NULL;

        for (size_t k = 0; k < a->nsides; k++)
            if (strlen(a->sides[k].label) == len &&
                strncmp(a->sides[k].label, a->drivers[i], len) == 0)
                sd = &a->sides[k];
        if (!sd) {
            fprintf(stderr, "gilbench run: --driver %s: no --side is labelled \"%.*s\"\n",
                    a->drivers[i], (int)len, a->drivers[i]);
            return -1;
        }
        if (access(eq + 1, X_OK) != 0) {
            fprintf(stderr, "gilbench run: --driver %s: %s: %s\n", a->drivers[i], eq + 1,
                    strerror(errno));
            return -1;
        }
        sd->driver = eq + 1;
    }
    return 0;
}

/* --side: load the files once per side, with the global --set values and then the side's,
 * and tag the names with the side. side_of[i] is the side of loaded[i]. Returns the number of
 * failures (each has had its line). */
static size_t load_sides(run_args *a, char **files, size_t nfiles, gb_scenario ***loaded,
                         size_t *nloaded, size_t **side_of)
{
    size_t failed = 0;

    *nloaded = 0;
    for (size_t k = 0; k < a->nsides && !failed; k++) {
        const gb_side *sd = &a->sides[k];
        gb_overrides *ov = &a->side_ov[k], only = a->ov;
        const char **vars = calloc(a->ov.nvars + sd->nvars + 1, sizeof *vars);
        gb_scenario **got = NULL, **all;
        size_t ngot = 0, *sides;
        char option[64];

        if (!vars) {
            fprintf(stderr, "gilbench run: out of memory\n");
            failed++;
            break;
        }
        *ov = a->ov;
        ov->vars = vars; /* freed with the sides */
        ov->nvars = gb_side_vars(sd, a->ov.vars, a->ov.nvars, vars);
        failed += gb_load_all(files, nfiles, ov, &got, &ngot);
        all = realloc(*loaded, (*nloaded + ngot + 1) * sizeof *all);
        if (all)
            *loaded = all;
        sides = realloc(*side_of, (*nloaded + ngot + 1) * sizeof *sides);
        if (sides)
            *side_of = sides;
        if (!all || !sides) {
            fprintf(stderr, "gilbench run: out of memory\n");
            for (size_t i = 0; i < ngot; i++)
                gb_scenario_free(got[i]);
            free(got);
            failed++;
            break;
        }
        memcpy(*loaded + *nloaded, got, ngot * sizeof *got);
        free(got);
        only.vars = sd->vars;
        only.nvars = sd->nvars;
        snprintf(option, sizeof option, "--side %s:", sd->label);
        if (!failed && (check_vars_used(&only, *loaded + *nloaded, ngot, option) != 0 ||
                        (k == 0 && check_vars_used(&a->ov, *loaded, ngot, "--set") != 0)))
            failed++;
        for (size_t i = *nloaded; i < *nloaded + ngot; i++) {
            (*side_of)[i] = k;
            if (gb_side_tag((*loaded)[i], sd->label) != 0) {
                fprintf(stderr, "gilbench run: out of memory\n");
                failed++;
            }
        }
        *nloaded += ngot;
    }
    return failed;
}

/* --side: one report per side, holding that side's scenarios under the names the files gave
 * them, and the session's metadata plus which side it is. */
static int write_side_reports(const run_args *a, const gb_report *rep, gb_scenario **loaded,
                              size_t nloaded, const size_t *side_of)
{
    json_t *labels = json_array();
    int failed = 0;

    for (size_t k = 0; k < a->nsides; k++)
        json_array_append_new(labels, json_string(a->sides[k].label));
    for (size_t k = 0; k < a->nsides; k++) {
        const gb_side *sd = &a->sides[k];
        gb_report part = {.results = calloc(rep->nresults + 1, sizeof *part.results)};
        json_t *vars = json_object();

        if (!part.results) {
            fprintf(stderr, "gilbench run: out of memory\n");
            failed = 1;
            json_decref(vars);
            continue;
        }
        for (size_t i = 0; i < nloaded; i++)
            if (side_of[i] == k)
                gb_side_untag(loaded[i], sd->label);
        for (size_t i = 0; i < rep->nresults; i++)
            for (size_t j = 0; j < nloaded; j++)
                if (rep->results[i].scenario == loaded[j] && side_of[j] == k)
                    part.results[part.nresults++] = rep->results[i]; /* shallow: rep owns */
        for (size_t i = 0; i < sd->nvars; i++) {
            size_t len = strcspn(sd->vars[i], "=");
            char name[128];

            snprintf(name, sizeof name, "%.*s", (int)(len < 127 ? len : 127), sd->vars[i]);
            json_object_set_new(vars, name, json_string(sd->vars[i] + len + 1));
        }
        part.metadata = json_deep_copy(rep->metadata);
        json_object_set_new(part.metadata, "side",
                            json_pack("{s:s,s:o,s:O,s:o}", "label", sd->label, "vars", vars,
                                      "sides", labels, "driver", gb_json_text(sd->driver)));
        if (write_reports(a, &part, sd->label) != 0)
            failed = 1;
        json_decref(part.metadata);
        free(part.results);
    }
    json_decref(labels);
    return failed ? -1 : 0;
}

/* A sweep is warned of once, at its point with the most threads: 1 for the others. */
static int sweep_warned(gb_scenario **list, size_t n, size_t i)
{
    for (size_t j = 0; list[i]->sweep && j < n; j++)
        if (j != i && list[j]->sweep && strcmp(list[j]->file, list[i]->file) == 0 &&
            (list[j]->nthreads > list[i]->nthreads ||
             (list[j]->nthreads == list[i]->nthreads && j < i)))
            return 1;
    return 0;
}

static char *self_path(void)
{
    char buf[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);

    if (n <= 0)
        return NULL;
    buf[n] = '\0';
    return strdup(buf);
}

static void start_failed(gb_result *r, const gb_error *err)
{
    char line[1200];

    gb_error_print(err, stderr);
    gb_error_format(err, line, sizeof line);
    r->status = GB_STATUS_ERROR;
    free(r->message);
    r->message = strdup(line);
}

/* What follows each scenario: interpreter facts, checks, warnings, its block of output. */
static void after_scenario(gb_report *rep, gb_result *r, FILE *out, const gb_output_opts *oo,
                           json_t *warnings)
{
    const gb_scenario *s = r->scenario;

    if (r->python) { /* the interpreter's defaults: a scenario's own switch interval is its own */
        json_t *py = json_object_get(rep->metadata, "python");
        json_t *cur = json_object_get(py, "runtime");
        int own = !isnan(s->switch_interval);

        if (!cur || (!own && !json_object_get(cur, "switch_interval_s"))) {
            json_t *rt = json_deep_copy(r->python);

            if (own)
                json_object_del(rt, "switch_interval_s");
            json_object_set_new(py, "runtime", rt);
        }
    }
    gb_results_check(rep->results, rep->nresults);
    if (r->wall.n >= 3 && r->wall.stddev > 0.05 * r->wall.median)
        warn(warnings, "%s: wide spread, sigma is %.0f %% of the median%s", s->name,
             100 * r->wall.stddev / r->wall.median,
             r->outliers ? " (outliers among the runs)" : "");
    gb_output_result(out, r, oo);
    fflush(out);
}

/* --interleave: every worker started at once, then rounds of one run of each scenario, in
 * an order shuffled anew each round from a recorded seed, so that a slow minute of the
 * machine spreads over all scenarios instead of landing on one. With sides, the sides of a
 * scenario run back to back within the round (gb_sides_round_order). */
static void run_interleaved(const run_args *a, const gb_runner_opts *ro, gb_scenario **order,
                            const size_t *side_of, size_t n, gb_report *rep, FILE *out,
                            const gb_output_opts *oo, json_t *warnings)
{
    gb_runner_opts *ros = calloc(n, sizeof *ros); /* per scenario: a side has its own vars */
    gb_worker **workers = calloc(n, sizeof *workers);
    size_t *idx = calloc(n, sizeof *idx), *group = calloc(n, sizeof *group);
    int *left = calloc(n, sizeof *left);
    uint64_t seed = a->seed_given ? a->seed : ((uint64_t)time(NULL) << 16) ^ (uint64_t)getpid();
    uint64_t state = seed ? seed : 1;
    int rounds = 0;
    gb_error err;

    rep->nresults = n;
    if (!ros || !workers || !idx || !group || !left) {
        free(ros);
        free(workers);
        free(idx);
        free(group);
        free(left);
        return;
    }
    for (size_t i = 0; i < n; i++) { /* a side's slot joins the first slot of its file */
        group[i] = i;
        for (size_t j = 0; a->nsides && j < i; j++)
            if (gb_side_same_scenario(order[i]->name, a->sides[side_of[i]].label, order[j]->name,
                                      a->sides[side_of[j]].label)) {
                group[i] = group[j];
                break;
            }
    }
    for (size_t i = 0; i < n; i++) {
        rep->results[i].scenario = order[i];
        idx[i] = i;
        left[i] = order[i]->warmup + order[i]->runs;
        if (left[i] > rounds)
            rounds = left[i];
        ros[i] = *ro;
        ros[i].progress = NULL; /* the workers draw nothing: the rounds are the progress */
        if (a->nsides) {
            ros[i].ov = &a->side_ov[side_of[i]];
            if (a->sides[side_of[i]].driver)
                ros[i].self = a->sides[side_of[i]].driver;
        }
        workers[i] = gb_worker_start(&ros[i], order[i], &rep->results[i], 1, &err);
        if (!workers[i]) {
            start_failed(&rep->results[i], &err);
            left[i] = 0;
        }
    }
    json_object_set_new(rep->metadata, "interleave",
                        json_pack("{s:I,s:i}", "seed", (json_int_t)seed, "rounds", rounds));
    fprintf(stderr, "interleaving %zu scenarios over %d rounds (seed %llu)\n", n, rounds,
            (unsigned long long)seed);
    for (int round = 0; round < rounds && !gb_runner_interrupted(); round++) {
        gb_sides_round_order(idx, group, n, &state);
        for (size_t k = 0; k < n && !gb_runner_interrupted(); k++) {
            size_t i = idx[k];

            if (left[i] > 0 && gb_worker_step(workers[i]))
                left[i]--;
            else
                left[i] = 0;
        }
        gb_progress_round(ro->progress, n, round + 1, rounds);
    }
    gb_progress_clear(ro->progress);
    for (size_t i = 0; i < n; i++) {
        if (workers[i])
            gb_worker_finish(workers[i]);
        gb_output_scenario_header(out, order[i], i + 1, n, oo);
        after_scenario(rep, &rep->results[i], out, oo, warnings);
    }
    free(ros);
    free(workers);
    free(idx);
    free(group);
    free(left);
}

int gb_cmd_run(int argc, char **argv)
{
    run_args a;
    char **files = calloc((size_t)argc + 1, sizeof *files);
    size_t nfiles = 0, nloaded = 0, failed, *side_of = NULL, *order_side = NULL;
    gb_scenario **loaded = NULL, **order = NULL;
    gb_report rep;
    gb_runner_opts ro;
    gb_output_opts oo;
    gb_progress progress;
    gb_error err;
    json_t *warnings = NULL;
    FILE *out = stdout;
    int exit_code = GB_EXIT_OK;
    char *self = NULL;

    memset(&a, 0, sizeof a);
    memset(&rep, 0, sizeof rep);
    gb_overrides_init(&a.ov);
    a.vars = calloc((size_t)argc + 1, sizeof *a.vars);
    a.ov.vars = a.vars;
    a.color = -1;
    if (!files || !a.vars) {
        fprintf(stderr, "gilbench: out of memory\n");
        exit_code = GB_EXIT_USAGE;
        goto done;
    }
    if (gb_cli_parse(argc, argv, 2, run_options, NRUN_OPTIONS, run_option, &a, files, &nfiles,
                     &err) != 0) {
        gb_error_print(&err, stderr);
        exit_code = GB_EXIT_USAGE;
        goto done;
    }
    if (a.help) {
        run_help();
        goto done;
    }
    if (nfiles == 0) {
        fprintf(stderr, "gilbench run: no scenario file given (try: gilbench run "
                        "scenarios/*.json)\n");
        exit_code = GB_EXIT_USAGE;
        goto done;
    }
    if (a.nsides == 1) {
        fprintf(stderr,
                "gilbench run: --side %s: give at least two sides to compare, e.g. "
                "--side base:build=old --side new:build=new\n",
                a.sides[0].label);
        exit_code = GB_EXIT_USAGE;
        goto done;
    }
    for (size_t i = 0; a.nsides && i < 16; i++)
        if (a.paths[i] && gb_export_is_stdout(a.paths[i])) {
            fprintf(stderr, "gilbench run: --side writes a report per side: give file names, "
                            "not \"-\"\n");
            exit_code = GB_EXIT_USAGE;
            goto done;
        }
    if (attach_drivers(&a) != 0) {
        exit_code = GB_EXIT_USAGE;
        goto done;
    }
    if (a.nsides)
        a.interleave = 1; /* the point of sides: both see the same minutes of the machine */
    if (a.interleave && a.ov.precision > 0) {
        fprintf(stderr, "gilbench run: --%s and --precision cannot be used together\n",
                a.nsides ? "side" : "interleave");
        exit_code = GB_EXIT_USAGE;
        goto done;
    }
    if ((a.ov.min_runs > 0 || a.ov.max_runs > 0) && a.ov.precision <= 0) {
        fprintf(stderr, "gilbench run: --min-runs and --max-runs go with --precision PCT\n");
        exit_code = GB_EXIT_USAGE;
        goto done;
    }
    if (check_conflicts(&a) != 0) {
        exit_code = GB_EXIT_USAGE;
        goto done;
    }
    if (a.no_save && (a.any_path || a.base)) {
        fprintf(stderr, "gilbench run: --no-save cannot be used with --output or a format file\n");
        exit_code = GB_EXIT_USAGE;
        goto done;
    }

    if (a.nsides)
        failed = load_sides(&a, files, nfiles, &loaded, &nloaded, &side_of);
    else
        failed = gb_load_all(files, nfiles, &a.ov, &loaded, &nloaded);
    if (failed) { /* each bad file has had its one line; nothing runs */
        exit_code = GB_EXIT_USAGE;
        goto done;
    }
    if (!side_of)
        side_of = calloc(nloaded + 1, sizeof *side_of);
    order = calloc(nloaded + 1, sizeof *order);
    order_side = calloc(nloaded + 1, sizeof *order_side);
    rep.results = calloc(nloaded + 1, sizeof *rep.results);
    self = self_path();
    if (!order || !side_of || !order_side || !rep.results || !self) {
        fprintf(stderr, "gilbench: cannot start: %s\n", strerror(errno ? errno : ENOMEM));
        exit_code = GB_EXIT_USAGE;
        goto done;
    }
    if (!a.nsides && check_vars_used(&a.ov, loaded, nloaded, "--set") != 0) {
        exit_code = GB_EXIT_USAGE;
        goto done;
    }
    order_by_baseline(loaded, nloaded, order);
    for (size_t i = 0; i < nloaded; i++)
        for (size_t j = 0; j < nloaded; j++)
            if (order[i] == loaded[j])
                order_side[i] = side_of[j];

    /* a report on standard output has it to itself: the terminal output goes to stderr */
    for (size_t i = 0; i < gb_nexporters && i < 16; i++)
        if (a.paths[i] && gb_export_is_stdout(a.paths[i]))
            out = stderr;
    gb_output_opts_init(&oo, out);
    if (a.color >= 0)
        oo.color = a.color;

    rep.metadata = gb_platform_metadata(argc, argv);
    ro.self = self;
    ro.ov = &a.ov;
    ro.ncpu = a.affinity ? CPU_COUNT(&a.cpus) : gb_platform_usable_cpus();
    ro.cpus = a.affinity ? &a.cpus : NULL;
    gb_progress_init(&progress, stderr, a.quiet, a.color);
    ro.progress = &progress;
    warnings = json_array();
    json_object_set_new(rep.metadata, "warnings", warnings);
    json_object_set_new(rep.metadata, "affinity", gb_json_text(a.affinity));
    {
        double load =
            json_real_value(json_array_get(json_object_get(rep.metadata, "load_average"), 0));

        for (size_t i = 0; i < nloaded; i++)
            if ((int)order[i]->nthreads > ro.ncpu && !sweep_warned(order, nloaded, i))
                warn(warnings,
                     "%s has %s%zu threads but only %d CPU%s: parallel runs will look "
                     "partial",
                     order[i]->sweep ? json_string_value(json_object_get(order[i]->sweep, "base"))
                                     : order[i]->name,
                     order[i]->sweep ? "up to " : "", order[i]->nthreads, ro.ncpu,
                     ro.ncpu == 1 ? "" : "s");

        if (load > 0.5 * ro.ncpu)
            warn(warnings,
                 "the load average is %.2f on %d CPU%s: other work may disturb the "
                 "timings",
                 load, ro.ncpu, ro.ncpu == 1 ? "" : "s");
    }
    gb_runner_install_signals();

    if (a.interleave)
        run_interleaved(&a, &ro, order, order_side, nloaded, &rep, out, &oo, warnings);
    else
        for (size_t i = 0; i < nloaded; i++) {
            const gb_scenario *s = order[i];
            gb_result *r = &rep.results[i];

            rep.nresults = i + 1;
            r->scenario = s;
            r->baseline_ratio = NAN;
            if (gb_runner_interrupted()) {
                r->status = GB_STATUS_NOT_RUN;
                r->exit_status = -1;
                continue;
            }
            gb_output_scenario_header(out, s, i + 1, nloaded, &oo);
            fflush(out);
            gb_progress_scenario(&progress, s, i + 1, nloaded);
            if (gb_runner_run(&ro, s, r, &err) != 0)
                start_failed(r, &err);
            after_scenario(&rep, r, out, &oo, warnings);
        }
    gb_results_check(rep.results, rep.nresults);
    gb_output_summary(out, &rep, &oo);
    if (!a.nsides) /* sides hold the same names twice: their reports have the table */
        gb_output_pivot(out, &rep, &oo);
    fflush(out);

    for (size_t i = 0; i < rep.nresults; i++)
        if (gb_status_is_failure(rep.results[i].status))
            exit_code = GB_EXIT_FAILED;
    json_object_set_new(rep.metadata, "interrupted", json_boolean(gb_runner_interrupted()));
    json_object_set_new(rep.metadata, "interrupt_signal",
                        gb_json_text(gb_runner_interrupted()
                                         ? gb_signal_name(gb_runner_interrupt_signal())
                                         : NULL));
    if ((a.nsides ? write_side_reports(&a, &rep, loaded, nloaded, side_of)
                  : write_reports(&a, &rep, NULL)) != 0 &&
        exit_code == GB_EXIT_OK)
        exit_code = GB_EXIT_FAILED;
    if (gb_runner_interrupted()) {
        fprintf(stderr, a.no_save ? "gilbench: interrupted\n"
                                  : "gilbench: interrupted; the reports hold what was measured\n");
        exit_code = GB_EXIT_INTERRUPTED;
    }

done:
    gb_report_clear(&rep);
    for (size_t i = 0; i < nloaded; i++)
        gb_scenario_free(loaded[i]);
    free(loaded);
    free(order);
    free(side_of);
    free(order_side);
    for (size_t i = 0; i < a.nsides; i++) {
        gb_side_clear(&a.sides[i]);
        free((void *)a.side_ov[i].vars);
    }
    free(files);
    free(a.vars);
    free(self);
    return exit_code;
}
