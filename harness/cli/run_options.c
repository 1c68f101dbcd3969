/* run_options.c - the options of `gilbench run`: the table, what each one sets, the checks
 * of options against each other (one line each, returned as a gb_error) and --help. */
#include "cli/run_args.h"

#include <string.h>

#include "run/counter.h"
#include "run/platform.h"

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
    OPT_MEASURE,
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
    {"measure", 0, "WHAT", OPT_MEASURE,
     "wall (timed), instructions (counted under valgrind), perf-instructions (counted by "
     "perf_event_open), or a list: wall,instructions"},
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

#define NRUN_OPTIONS (sizeof run_options / sizeof run_options[0])

static int set_path(run_args *a, const char *format, const char *value, gb_error *err)
{
    const gb_exporter *ex = gb_exporter_find(format);
    size_t i = ex ? (size_t)(ex - gb_exporters) : 0;

    if (!ex) {
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
        return gb_cli_count("runs", value, 1, GB_MAX_RUNS, &a->ov.runs, err);
    case OPT_WARMUP:
        return gb_cli_count("warmup", value, 0, GB_MAX_RUNS, &a->ov.warmup, err);
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
        return gb_cli_count("min-runs", value, 1, GB_MAX_RUNS, &a->ov.min_runs, err);
    case OPT_MAX_RUNS:
        return gb_cli_count("max-runs", value, 1, GB_MAX_RUNS, &a->ov.max_runs, err);
    case OPT_PRECISION:
        if (gb_cli_double("precision", value, 0.001, &a->ov.precision, err))
            return -1;
        a->ov.precision /= 100;
        return 0;
    case OPT_AFFINITY:
        if (gb_platform_parse_cpus(value, &a->cpus) != 0) {
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
    case OPT_MEASURE:
        if (gb_measures_parse(value, &a->ov.measures, "option --measure", err) != 0)
            return -1;
        for (int m = 0; m < GB_NMEASURES; m++)
            if ((a->ov.measures & GB_MEASURE_BIT(m)) && gb_counter_check((gb_measure)m, err) != 0)
                return -1;
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

void run_help(void)
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
        "With --measure instructions (or \"measure\": \"instructions\" in a file) a scenario's\n"
        "runs are counted instead: its worker runs under valgrind (callgrind) and each thread's\n"
        "instructions between its enter and done are its cost, with cycles estimated by a\n"
        "cache model; counted runs give no time and no GIL verdict, and are a result of their\n"
        "own, after the timed one with --measure wall,instructions (docs/regression-gate.md).\n"
        "--measure perf-instructions counts each thread's work with the CPU's own counter\n"
        "(perf_event_open), without valgrind, where the kernel offers it (docs/cli.md).\n"
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
        "(expectation, crash, timeout, Python error); 2 bad usage or bad input, nothing run\n"
        "(--measure perf-instructions where the kernel refuses the counter, too);\n"
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
        "  gilbench run scenarios/peers/*.json    (C API, pybind11, PyO3, Cython side by side)\n"
        "  gilbench run scenarios/counted/*.json  (instructions under valgrind: a CI gate noise\n"
        "      cannot move)\n");
}

int run_parse(run_args *a, int argc, char **argv, char **files, size_t *nfiles, gb_error *err)
{
    return gb_cli_parse(argc, argv, 2, run_options, NRUN_OPTIONS, run_option, a, files, nfiles,
                        err);
}

int run_check_args(run_args *a, size_t nfiles, gb_error *err)
{
    if (nfiles == 0) {
        gb_error_set(err, NULL, 0, 0, NULL,
                     "no scenario file given (try: gilbench run scenarios/*.json)");
        return -1;
    }
    if (a->nsides == 1) {
        gb_error_set(err, NULL, 0, 0, NULL,
                     "--side %s: give at least two sides to compare, e.g. "
                     "--side base:build=old --side new:build=new",
                     a->sides[0].label);
        return -1;
    }
    for (size_t i = 0; a->nsides && i < gb_nexporters; i++)
        if (a->paths[i] && gb_export_is_stdout(a->paths[i])) {
            gb_error_set(err, NULL, 0, 0, NULL,
                         "--side writes a report per side: give file names, not \"-\"");
            return -1;
        }
    if (gb_sides_attach_drivers(a->sides, a->nsides, a->drivers, a->ndrivers, err) != 0)
        return -1;
    if (a->nsides)
        a->interleave = 1; /* the point of sides: both see the same minutes of the machine */
    if (a->interleave && a->ov.precision > 0) {
        gb_error_set(err, NULL, 0, 0, NULL, "--%s and --precision cannot be used together",
                     a->nsides ? "side" : "interleave");
        return -1;
    }
    if ((a->ov.min_runs > 0 || a->ov.max_runs > 0) && a->ov.precision <= 0) {
        gb_error_set(err, NULL, 0, 0, NULL, "--min-runs and --max-runs go with --precision PCT");
        return -1;
    }
    for (size_t i = 0; i < gb_nexporters; i++)
        for (size_t j = 0; j < i && a->paths[i]; j++)
            if (a->paths[j] &&
                (strcmp(a->paths[i], a->paths[j]) == 0 ||
                 (gb_export_is_stdout(a->paths[i]) && gb_export_is_stdout(a->paths[j])))) {
                if (gb_export_is_stdout(a->paths[i]))
                    gb_error_set(err, NULL, 0, 0, NULL,
                                 "the %s and %s reports cannot both go to standard output (-): "
                                 "give one of them a file",
                                 gb_exporters[j].name, gb_exporters[i].name);
                else
                    gb_error_set(err, NULL, 0, 0, NULL,
                                 "the %s and %s reports cannot both be written to %s",
                                 gb_exporters[j].name, gb_exporters[i].name, a->paths[i]);
                return -1;
            }
    if (a->seed_given && !a->interleave && !a->nsides) {
        gb_error_set(err, NULL, 0, 0, NULL,
                     "--seed goes with --interleave (or --side): it seeds their shuffle");
        return -1;
    }
    if (a->no_save && (a->any_path || a->base)) {
        gb_error_set(err, NULL, 0, 0, NULL,
                     "--no-save cannot be used with --output or a format file");
        return -1;
    }
    return 0;
}
