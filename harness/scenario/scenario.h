/* scenario.h - a scenario file, loaded, validated and resolved into a gb_scenario.
 *
 * scenario.c and its parts behind scenario_load.h (scenario_file.c, scenario_check.c,
 * scenario_vars.c, scenario_thread.c, scenario_sweep.c, scenario_proc.c,
 * scenario_config.c) own the file format (documented in docs/scenarios.md): reading the
 * JSON with jansson, checking every key and value, substituting "$var" references,
 * expanding sweeps, and reporting the first problem with file, line, column and JSON path.
 * scenario_set.c loads many files as one set; names.c spells the enums. They do not run
 * anything and know nothing of Python. */
#ifndef GB_SCENARIO_H
#define GB_SCENARIO_H

#include <jansson.h>
#include <stddef.h>

#include "util/error.h"

typedef enum { GB_GIL_HOLD, GB_GIL_RELEASE } gb_gil_mode;

typedef enum {
    GB_THREAD_WORKLOAD, /* a built-in workload of the gilbench module */
    GB_THREAD_CALL,     /* "module:function" with args and kwargs */
    GB_THREAD_PYTHON    /* Python statements, run with exec() */
} gb_thread_kind;

typedef enum { GB_START_SEQUENTIAL, GB_START_BARRIER } gb_start_mode;

typedef enum {
    GB_SCENARIO_THREADS, /* threads in the embedded interpreter (the default) */
    GB_SCENARIO_COMMAND  /* a whole command timed by hyperfine (procspec.h) */
} gb_scenario_kind;

struct gb_proc_spec;

typedef enum {
    GB_ENGINE_NATIVE,   /* a pool of C threads, same start semantics as threading.Thread */
    GB_ENGINE_THREADING /* Python's threading.Thread, literally the seed's code */
} gb_engine;

typedef enum {
    GB_VERDICT_NONE = 0, /* not computed / not expected */
    GB_VERDICT_SINGLE,   /* one thread: nothing to overlap */
    GB_VERDICT_PARALLEL,
    GB_VERDICT_PARTIAL,
    GB_VERDICT_SERIAL,
    GB_VERDICT_INCONCLUSIVE /* the evidence cannot decide (too little work to lose) */
} gb_verdict;
#define GB_NVERDICTS (GB_VERDICT_INCONCLUSIVE + 1)

/* What a run of a scenario measures: its time (timed runs), or the instructions of each
 * thread's work, counted under valgrind or by the CPU's counter (counted runs). */
typedef enum {
    GB_MEASURE_WALL = 0,          /* timed runs: walls, CPU times, the GIL's evidence */
    GB_MEASURE_INSTRUCTIONS,      /* counted under valgrind (callgrind) */
    GB_MEASURE_PERF_INSTRUCTIONS, /* counted by perf_event_open */
} gb_measure;
#define GB_NMEASURES (GB_MEASURE_PERF_INSTRUCTIONS + 1)
#define GB_MEASURE_BIT(m) (1u << (m))

typedef struct gb_thread_spec {
    gb_thread_kind kind;
    char *label;    /* "t1", "t2"... or the "name" given in the file */
    char *workload; /* WORKLOAD: "fibonacci", "spin", "sleep", "double_release" */
    gb_gil_mode gil;
    char *call;     /* CALL: "module:function" (function may be dotted) */
    char *python;   /* PYTHON: source of the statements */
    json_t *args;   /* array of positional arguments (owned; NULL, none, when read from a report) */
    json_t *kwargs; /* object of keyword arguments (owned; NULL, none, when read from a report) */
} gb_thread_spec;

typedef struct gb_expect {
    gb_verdict verdict; /* GB_VERDICT_NONE: not checked */
    int crash;          /* 1: the worker must crash (signal or abnormal exit) */
    double ratio_min;   /* bounds on median/baseline median; NAN = unset */
    double ratio_max;
    double held_max; /* gil_held_share.max: every thread's median share held; NAN = unset */
} gb_expect;

typedef struct gb_scenario {
    char *file;        /* path as given */
    char *name;        /* unique name; defaults to the file's basename without ".json" */
    char *description; /* "" when absent */
    gb_scenario_kind kind;
    struct gb_proc_spec *command; /* COMMAND: what to run (owned); NULL otherwise */
    gb_thread_spec *threads;      /* THREADS: the threads; none for a COMMAND */
    size_t nthreads;
    gb_start_mode start;
    gb_engine engine;
    int runs;               /* measured runs, >= 1 (with a precision: the least) */
    int max_runs;           /* with a precision: the most measured runs; else == runs */
    double precision;       /* stop when the median's 95 % CI half-width / median is at
                               most this (fraction); NAN = a fixed number of runs */
    int warmup;             /* runs before measuring, >= 0 */
    double timeout;         /* seconds allowed for one run */
    char *setup;            /* Python code run once before measuring, or NULL */
    double switch_interval; /* seconds; NAN = interpreter default */
    char *baseline;         /* name of another scenario, or NULL */
    gb_expect expect;
    char **path; /* directories put first on sys.path in the worker (owned) */
    size_t npath;
    json_t *sweep;     /* {"base": NAME, "params": {...}} for a point of a sweep, else NULL */
    int sweep_index;   /* the point's place in the sweep's product, from 0; -1: no sweep */
    unsigned measures; /* GB_MEASURE_BIT()s: timed runs, then counted runs; 0 is timed only */
    json_t *vars;      /* the resolved variables, an object (owned; NULL when read from a report) */
    char *config;      /* the scenario as a report kept it, as compact JSON text (a jansson
                          tree of it takes ten times that: report_read.c), else NULL: see
                          gb_scenario_config() */
    json_t *source;    /* the file's text as read and validated (a JSON string shared by the
                          points of a sweep), handed to the worker; NULL when parsed from text */
} gb_scenario;

/* Values given on the command line that override the file. */
typedef struct gb_overrides {
    int runs;          /* -1 = keep */
    int warmup;        /* -1 = keep */
    double timeout;    /* < 0 = keep */
    int min_runs;      /* adaptive repetitions: -1 = off */
    int max_runs;      /* -1 = keep */
    double precision;  /* fraction; <= 0 = off */
    unsigned measures; /* GB_MEASURE_BIT()s (--measure); 0 = keep the file's */
    const char **vars; /* "name=value" strings: override "vars" of the file */
    size_t nvars;
} gb_overrides;

/* Defaults when the file is silent. */
#define GB_DEFAULT_RUNS 5
#define GB_DEFAULT_WARMUP 1
/* The most runs (and warmup runs) a scenario, --runs or --max-runs may ask for. */
#define GB_MAX_RUNS 100000
#define GB_DEFAULT_TIMEOUT 60.0

/* Set every override to "keep". */
void gb_overrides_init(gb_overrides *ov);

/* The most points a sweep may have (the product of its lists' lengths must be smaller). */
#define GB_MAX_SWEEP_POINTS 10000

/* A sweep parameter's value as text, as it appears in a point's name "base[k=v]": "4",
 * "0.005", "hold" (scenario_sweep.c). */
void gb_sweep_value_text(json_t *value, char *buf, size_t size);

/* Load, validate and resolve one scenario file. ov may be NULL. Returns a new scenario
 * (free with gb_scenario_free) or NULL with err filled. A file with a "sweep" gives its
 * first point; gb_scenario_load_all gives them all. */
gb_scenario *gb_scenario_load(const char *file, const gb_overrides *ov, gb_error *err) GB_MUST_USE;

/* Same, from a string; file is only used in messages. */
gb_scenario *gb_scenario_parse(const char *text, const char *file, const gb_overrides *ov,
                               gb_error *err) GB_MUST_USE;

/* Load every scenario of a file: one, or each point of its sweep, in the sweep's order.
 * point >= 0 keeps only that point (the worker's case). *out is a new array of new
 * scenarios (free each, then the array); *n their number. Returns 0 or -1 with err. */
int gb_scenario_load_all(const char *file, const gb_overrides *ov, int point, gb_scenario ***out,
                         size_t *n, gb_error *err) GB_MUST_USE;

/* Same, from a string. */
int gb_scenario_parse_all(const char *text, const char *file, const gb_overrides *ov, int point,
                          gb_scenario ***out, size_t *n, gb_error *err) GB_MUST_USE;

/* Free s and everything it owns; NULL is fine. */
void gb_scenario_free(gb_scenario *s);

/* The "config" object a report keeps for s (docs/report.md): every resolved value, the
 * threads, the command, the expectations. A new reference, built on each call (a sweep of
 * 10^4 points builds none until a report is written), or NULL when out of memory.
 * scenario_config.c */
json_t *gb_scenario_config(const gb_scenario *s) GB_MUST_USE;

/* In the config a report kept (s->config; none: nothing to do), key set to the string value:
 * 0, or -1 (no memory; s->config left as it was). scenario_config.c */
int gb_scenario_config_set(gb_scenario *s, const char *key, const char *value) GB_MUST_USE;

/* Check the names across the scenarios of one run (scenario_set.c): duplicate names, a
 * "baseline" that names neither one of them nor a file NAME.json beside its file, and
 * baselines in a cycle. Returns 0 or -1 with err. */
int gb_scenarios_check_set(gb_scenario *const *list, size_t n, gb_error *err) GB_MUST_USE;

/* Load every scenario of files[0..nfiles-1] (a file with a sweep gives one per point) into a
 * new array *out[0..*nout-1] (the caller frees the scenarios and the array), then check them
 * as one set. Each failure, a file's or the set's, goes to on_error, and loading goes on
 * with the next file. Returns the number of failures (scenario_set.c). */
size_t gb_scenarios_load(char **files, size_t nfiles, const gb_overrides *ov, gb_error_fn on_error,
                         void *ctx, gb_scenario ***out, size_t *nout);

/* The indices of list[0..n-1] into out[0..n-1] in the order they run: each after its
 * baseline when that is in the list, otherwise as given (scenario_set.c). */
void gb_scenarios_order_by_baseline(gb_scenario *const *list, size_t n, size_t *out);

/* Every variable that ov sets (--set, a side's NAME=VALUE) must be a variable ("vars") of
 * at least one of list's scenarios: a typo is caught, not ignored. Returns 0, or -1 with
 * err, which names option ("--set") and suggests the nearest variable (scenario_vars.c). */
int gb_overrides_check_used(const gb_overrides *ov, gb_scenario *const *list, size_t n,
                            const char *option, gb_error *err) GB_MUST_USE;

/* The words of the enums in files and reports, indexed by the enum (names.c): the only
 * place they are spelled. */
extern const char *const gb_verdict_names[GB_NVERDICTS];
extern const char *const gb_gil_mode_names[2];
extern const char *const gb_start_mode_names[2];
extern const char *const gb_engine_names[2];
extern const char *const gb_measure_names[GB_NMEASURES];

const char *gb_verdict_name(gb_verdict v);            /* "parallel"... ; "none" for NONE */
int gb_verdict_parse(const char *s, gb_verdict *out); /* 0 or -1 */
const char *gb_gil_mode_name(gb_gil_mode g);          /* "hold" / "release" */
const char *gb_start_mode_name(gb_start_mode m);
const char *gb_engine_name(gb_engine e);
const char *gb_measure_name(gb_measure m);            /* "wall", "instructions"... */
int gb_measure_parse(const char *s, gb_measure *out); /* 0 or -1 */

/* "wall,instructions" or "instructions" into GB_MEASURE_BIT()s: 0, or -1 with err naming
 * the word that is not a measure (with a hint). what names the source ("--measure"). */
int gb_measures_parse(const char *list, unsigned *out, const char *what, gb_error *err);

/* "fibonacci hold", "module:function", "python": what a thread of a scenario runs. */
void gb_thread_describe(const gb_thread_spec *t, char *buf, size_t size);

#endif
