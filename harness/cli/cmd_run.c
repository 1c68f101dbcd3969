/* cmd_run.c - `gilbench run`: options (run_options.c), then load -> order -> run each
 * scenario in a worker, or all of them interleaved -> check -> print -> write the reports
 * (run_reports.c). It wires the folders below together, prints their errors and maps the
 * outcome to an exit status; measuring, judging, printing and writing files are theirs. */
#include "cli/commands.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/run_args.h"
#include "measure/stats.h"
#include "run/counter.h"
#include "run/interleave.h"
#include "run/platform.h"
#include "run/run_scenario.h"
#include "term/output.h"
#include "util/signals.h"
#include "term/progress.h"
#include "util/json_text.h"

/* An error of `gilbench run`: one about a file as compilers print it, any other as
 * "gilbench run: MESSAGE". */
static void print_error(const gb_error *err, void *ctx)
{
    (void)ctx;
    if (err->file[0])
        gb_error_print(err, stderr);
    else
        fprintf(stderr, "gilbench run: %s\n", err->message);
}

/* An error about a scenario's worker, as compilers print it. */
static void print_located(const gb_error *err, void *ctx)
{
    (void)ctx;
    gb_error_print(err, stderr);
}

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

/* Warn of scenarios with more threads than CPUs; a sweep once, at its first point with the
 * most threads (a file's points found by name in one pass: a sweep has 10^4 of them). */
static void warn_threads(gb_scenario **list, size_t n, int ncpu, json_t *warnings)
{
    json_t *most = json_object(); /* file -> index of its point with the most threads (a file
                                     name need not be UTF-8: _nocheck) */

    for (size_t i = 0; most && i < n; i++) {
        json_t *at = list[i]->sweep ? json_object_get(most, list[i]->file) : NULL;

        if (list[i]->sweep &&
            (!at || list[(size_t)json_integer_value(at)]->nthreads < list[i]->nthreads))
            json_object_set_new_nocheck(most, list[i]->file, json_integer((json_int_t)i));
    }
    for (size_t i = 0; i < n; i++) {
        const gb_scenario *s = list[i];

        if ((int)s->nthreads <= ncpu ||
            (s->sweep && (size_t)json_integer_value(json_object_get(most, s->file)) != i))
            continue;
        warn(warnings, "%s has %s%zu threads but only %d CPU%s: parallel runs will look partial",
             s->sweep ? json_string_value(json_object_get(s->sweep, "base")) : s->name,
             s->sweep ? "up to " : "", s->nthreads, ncpu, ncpu == 1 ? "" : "s");
    }
    json_decref(most);
}

/* What scenario s measures: GB_MEASURE_BIT()s, its timed runs by default. */
static unsigned measures_of(const gb_scenario *s)
{
    return s->measures ? s->measures : GB_MEASURE_BIT(GB_MEASURE_WALL);
}

/* Counted runs asked for by a file (--measure is checked as it is parsed): can they be made
 * here, not interleaved, and by one counter (callgrind or perf, not both)? The counted
 * measure in *counted (WALL: none). Returns 0, or -1 after the one line on stderr. */
static int check_counted(const run_args *a, gb_scenario **list, size_t n, gb_measure *counted)
{
    gb_error err;

    *counted = GB_MEASURE_WALL;
    for (size_t i = 0; i < n; i++)
        for (int m = GB_MEASURE_INSTRUCTIONS; m < GB_NMEASURES; m++) {
            if (!(measures_of(list[i]) & GB_MEASURE_BIT(m)))
                continue;
            if (a->interleave) {
                fprintf(stderr,
                        "gilbench run: %s: counted runs (measure %s) cannot be interleaved "
                        "(--interleave, --side): counts need no shared minutes; run them on "
                        "their own\n",
                        list[i]->name, gb_measure_name((gb_measure)m));
                return -1;
            }
            if (gb_counter_check((gb_measure)m, &err) != 0) {
                fprintf(stderr, "%s: %s\n", list[i]->file, err.message);
                return -1;
            }
            if (*counted != GB_MEASURE_WALL && *counted != (gb_measure)m) {
                /* metadata.counter names the one counter of a report's counts */
                fprintf(stderr,
                        "gilbench run: %s: counted by callgrind (instructions) and by "
                        "perf_event_open (perf-instructions) in one run: a report's counts "
                        "come from one counter; run them apart\n",
                        list[i]->name);
                return -1;
            }
            *counted = (gb_measure)m;
        }
    return 0;
}

/* The path of this executable, for the workers (new string), or NULL. */
static char *self_path(void)
{
    char buf[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);

    if (n <= 0)
        return NULL;
    buf[n] = '\0';
    return strdup(buf);
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
    gb_results_check_one(rep->results, rep->nresults, (size_t)(r - rep->results));
    if (r->wall.n >= 3 && r->wall.stddev > 0.05 * r->wall.median)
        warn(warnings, "%s: wide spread, sigma is %.0f %% of the median%s", s->name,
             100 * r->wall.stddev / r->wall.median,
             r->outliers ? " (outliers among the runs)" : "");
    gb_output_result(out, r, oo);
    fflush(out);
}

/* --interleave (and --side): the workers start at once, then the rounds (interleave.c);
 * then each scenario's block of output in order. Returns 0, or -1 after its line on stderr
 * when out of memory. */
static int run_interleaved(const run_args *a, const gb_runner_opts *ro, gb_scenario **order,
                           const size_t *side_of, size_t n, gb_report *rep, FILE *out,
                           const gb_output_opts *oo, json_t *warnings)
{
    uint64_t seed = a->seed_given ? a->seed : ((uint64_t)time(NULL) << 16) ^ (uint64_t)getpid();
    gb_interleave il;
    gb_error err;

    rep->nresults = n;
    if (gb_interleave_start(&il, ro, order, n, a->sides, a->side_ov, a->nsides, side_of, seed,
                            rep->results, print_located, NULL, &err) != 0) {
        print_error(&err, NULL);
        return -1;
    }
    json_object_set_new(rep->metadata, "interleave",
                        json_pack("{s:I,s:i}", "seed", (json_int_t)seed, "rounds", il.rounds));
    fprintf(stderr, "interleaving %zu scenarios over %d rounds (seed %llu)", n, il.rounds,
            (unsigned long long)seed);
    if (il.nbatches > 1)
        fprintf(stderr, ", at most %zu workers at a time: %zu batches", il.max_workers,
                il.nbatches);
    fprintf(stderr, "\n");
    gb_interleave_rounds(&il, ro->progress);
    for (size_t i = 0; i < n; i++) {
        gb_interleave_finish(&il, i);
        gb_output_scenario_header(out, order[i], i + 1, n, oo);
        after_scenario(rep, &rep->results[i], out, oo, warnings);
    }
    gb_interleave_free(&il);
    return 0;
}

int gb_cmd_run(int argc, char **argv)
{
    run_args a;
    char **files = calloc((size_t)argc + 1, sizeof *files);
    size_t nfiles = 0, nloaded = 0, failed, *side_of = NULL, *order_side = NULL, njobs = 0;
    gb_scenario **loaded = NULL, **order = NULL;
    gb_report rep;
    gb_runner_opts ro;
    gb_output_opts oo;
    gb_progress progress;
    gb_error err;
    json_t *warnings = NULL;
    FILE *out = stdout;
    int exit_code = GB_EXIT_OK, cut = 0;
    char *self = NULL;
    gb_measure counted = GB_MEASURE_WALL;

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
    if (run_parse(&a, argc, argv, files, &nfiles, &err) != 0) {
        gb_error_print(&err, stderr);
        exit_code = GB_EXIT_USAGE;
        goto done;
    }
    if (a.help) {
        run_help();
        goto done;
    }
    if (run_check_args(&a, nfiles, &err) != 0 || run_check_outputs(&a, files, nfiles, &err) != 0) {
        print_error(&err, NULL);
        exit_code = GB_EXIT_USAGE;
        goto done;
    }

    if (a.nsides)
        failed = gb_sides_load(a.sides, a.nsides, &a.ov, a.side_ov, files, nfiles, print_error,
                               NULL, &loaded, &nloaded, &side_of);
    else
        failed = gb_scenarios_load(files, nfiles, &a.ov, print_error, NULL, &loaded, &nloaded);
    if (failed) { /* each bad file has had its one line; nothing runs */
        exit_code = GB_EXIT_USAGE;
        goto done;
    }
    if (check_counted(&a, loaded, nloaded, &counted) != 0) {
        exit_code = GB_EXIT_USAGE;
        goto done;
    }
    for (size_t i = 0; i < nloaded; i++) /* a result per scenario and measure */
        for (int m = 0; m < GB_NMEASURES; m++)
            njobs += (measures_of(loaded[i]) & GB_MEASURE_BIT(m)) != 0;
    if (!side_of)
        side_of = calloc(nloaded + 1, sizeof *side_of);
    order = calloc(nloaded + 1, sizeof *order);
    order_side = calloc(nloaded + 1, sizeof *order_side);
    rep.results = calloc(njobs + 1, sizeof *rep.results);
    self = self_path();
    if (!order || !side_of || !order_side || !rep.results || !self) {
        fprintf(stderr, "gilbench: cannot start: %s\n", strerror(errno ? errno : ENOMEM));
        exit_code = GB_EXIT_USAGE;
        goto done;
    }
    if (!a.nsides && gb_overrides_check_used(&a.ov, loaded, nloaded, "--set", &err) != 0) {
        print_error(&err, NULL);
        exit_code = GB_EXIT_USAGE;
        goto done;
    }
    gb_scenarios_order_by_baseline(loaded, nloaded, order_side); /* indices, for a moment */
    for (size_t i = 0; i < nloaded; i++) {
        order[i] = loaded[order_side[i]];
        order_side[i] = side_of[order_side[i]];
    }

    /* a report on standard output has it to itself: the terminal output goes to stderr */
    for (size_t i = 0; i < gb_nexporters; i++)
        if (a.paths[i] && gb_export_is_stdout(a.paths[i]))
            out = stderr;
    gb_output_opts_init(&oo, out);
    if (a.color >= 0)
        oo.color = a.color;

    rep.metadata = gb_platform_metadata(argc, argv);
    memset(&ro, 0, sizeof ro); /* every field: a new one is 0 unless set here */
    ro.self = self;
    ro.ov = &a.ov;
    ro.ncpu = a.affinity ? CPU_COUNT(&a.cpus) : gb_platform_usable_cpus();
    ro.cpus = a.affinity ? &a.cpus : NULL;
    gb_progress_init(&progress, stderr, a.quiet, a.color);
    ro.progress = &progress;
    warnings = json_array();
    json_object_set_new(rep.metadata, "warnings", warnings);
    json_object_set_new(rep.metadata, "affinity", gb_json_text(a.affinity));
    if (counted != GB_MEASURE_WALL) {
        json_t *counter = gb_counter_metadata(counted);
        json_t *note = json_object_get(counter, "note"); /* perf's test switch */

        json_object_set_new(rep.metadata, "counter", counter);
        if (json_is_string(note))
            warn(warnings, "%s", json_string_value(note));
    }
    {
        double load =
            json_real_value(json_array_get(json_object_get(rep.metadata, "load_average"), 0));

        warn_threads(order, nloaded, ro.ncpu, warnings);

        if (load > 0.5 * ro.ncpu)
            warn(warnings,
                 "the load average is %.2f on %d CPU%s: other work may disturb the "
                 "timings",
                 load, ro.ncpu, ro.ncpu == 1 ? "" : "s");
    }
    gb_runner_install_signals();

    if (a.interleave) {
        if (run_interleaved(&a, &ro, order, order_side, nloaded, &rep, out, &oo, warnings) != 0) {
            exit_code = GB_EXIT_FAILED;
            goto done;
        }
    } else
        for (size_t i = 0, j = 0; i < nloaded; i++)
            for (int m = 0; m < GB_NMEASURES; m++) { /* its timed runs, then its counted */
                const gb_scenario *s = order[i];
                gb_result *r = &rep.results[j];

                if (!(measures_of(s) & GB_MEASURE_BIT(m)))
                    continue;
                rep.nresults = ++j;
                gb_result_start(r, s);
                r->measure = ro.measure = (gb_measure)m;
                if (gb_runner_interrupted()) {
                    r->status = GB_STATUS_NOT_RUN;
                    continue;
                }
                gb_output_scenario_header(out, s, i + 1, nloaded, &oo);
                fflush(out);
                gb_progress_scenario(&progress, s, i + 1, nloaded);
                if (gb_run_scenario(&ro, s, r, &err) != 0) {
                    gb_error_print(&err, stderr);
                    gb_result_set_error(r, &err);
                }
                after_scenario(&rep, r, out, &oo, warnings);
            }
    gb_results_check(rep.results, rep.nresults);
    gb_output_summary(out, &rep, &oo);
    if (!a.nsides) /* sides hold the same names twice: their reports have the table */
        gb_output_pivot(out, &rep, &oo);
    fflush(out);

    /* the reports are incomplete when a scenario was cut short or never ran; a Ctrl-C that
     * came after the last scenario (during the summary or the writes) does not make them so */
    gb_runner_signals_restart();
    for (size_t i = 0; i < rep.nresults; i++) {
        if (gb_status_is_failure(rep.results[i].status))
            exit_code = GB_EXIT_FAILED;
        if (rep.results[i].status == GB_STATUS_INTERRUPTED ||
            rep.results[i].status == GB_STATUS_NOT_RUN)
            cut = 1;
    }
    json_object_set_new(rep.metadata, "interrupted", json_boolean(cut));
    json_object_set_new(rep.metadata, "interrupt_signal",
                        gb_json_text(cut && gb_runner_interrupted()
                                         ? gb_signal_name(gb_runner_interrupt_signal())
                                         : NULL));
    if (run_write_reports(&a, &rep, loaded, nloaded, side_of) != 0 && exit_code == GB_EXIT_OK)
        exit_code = GB_EXIT_FAILED;
    if (cut) {
        fprintf(stderr, a.no_save ? "gilbench: interrupted\n"
                                  : "gilbench: interrupted; the reports hold what was measured\n");
        exit_code = GB_EXIT_INTERRUPTED;
    } else if (gb_runner_interrupted()) {
        fprintf(stderr, "gilbench: %s came after the last scenario: the reports are complete\n",
                gb_signal_name(gb_runner_interrupt_signal()));
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
