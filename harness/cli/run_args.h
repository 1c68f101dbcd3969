/* run_args.h - what `gilbench run` was asked, shared by the files of the subcommand:
 * cmd_run.c (the flow), run_options.c (the options, their checks and --help) and
 * run_reports.c (the report files). Nothing outside cli/ sees it. */
#ifndef GB_RUN_ARGS_H
#define GB_RUN_ARGS_H

#include <sched.h>
#include <stdint.h>

#include "measure/result.h"
#include "report/export.h"
#include "run/sides.h"
#include "util/cli.h"

typedef struct run_args {
    gb_overrides ov;
    const char **vars;
    const char *base;
    const char *paths[GB_NEXPORTERS]; /* per exporter index */
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

/* Parse argv into a (zeroed but for what gb_cmd_run set). Returns 0 or -1 with err. */
int run_parse(run_args *a, int argc, char **argv, char **files, size_t *nfiles,
              gb_error *err) GB_MUST_USE;

/* Options that contradict each other or need another, and --driver's sides (found after
 * parsing). Returns 0, or -1 with err: one line, without "gilbench run: ". */
int run_check_args(run_args *a, size_t nfiles, gb_error *err) GB_MUST_USE;

/* `gilbench run --help`. */
void run_help(void);

/* Write every requested report of rep (all sides in one, or one per side). Each failure
 * has had its line on stderr. Returns 0 or -1. */
int run_write_reports(const run_args *a, const gb_report *rep, gb_scenario **loaded, size_t nloaded,
                      const size_t *side_of);

#endif
