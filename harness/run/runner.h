/* runner.h - running scenarios, each in a worker process of its own.
 *
 * The runner re-executes gilbench as `gilbench __worker --result-fd 3 ... FILE`, reads
 * the worker's JSON lines as they come, enforces the per-run timeout, keeps the tail of
 * its stderr, and turns its end (exit, signal, timeout, Ctrl-C) into a gb_result.
 *
 * Protocol, one JSON object per line on the result descriptor:
 *   {"type":"python","info":{...}}          facts about the interpreter, once
 *   {"type":"run","index":0,"warmup":true,"wall_ns":..,"user_ns":..,"sys_ns":..,"canary_ns":..,
 *    "threads":[[start,enter,done,return,cpu,started],...]}   one per run, in ns
 *   {"type":"error","stage":"setup","message":"..."}  Python raised, or bad input
 *   {"type":"end"}                                    all runs done, interpreter finalised */
#ifndef GB_RUNNER_H
#define GB_RUNNER_H

#include <sched.h>

#include "util/error.h"
#include "term/progress.h"
#include "measure/result.h"
#include "scenario/scenario.h"

/* Exit status of a worker that reported an error (not a crash). */
#define GB_WORKER_EXIT_ERROR 3

typedef struct gb_runner_opts {
    const char *self;       /* path of the gilbench executable */
    const gb_overrides *ov; /* passed on to the worker */
    int ncpu;               /* CPUs the worker may use, for the analysis */
    gb_progress *progress;  /* the progress display, or NULL for none */
    const cpu_set_t *cpus;  /* pin the worker to these CPUs, or NULL */
    int foreign;            /* self is another build (--driver): the worker is given the
                               scenario's path, as every build's worker takes it, not the
                               validated text on a descriptor, which older builds refuse */
    gb_measure measure;     /* WALL: timed runs; else counted runs, the worker under
                               valgrind (counter.h), and the result says so (r->measure) */
} gb_runner_opts;

/* Install the Ctrl-C handler: the first Ctrl-C (or SIGTERM) stops the current scenario
 * and keeps what was measured; the runner then reports it as interrupted. A second one
 * exits at once with 130. SIGPIPE is ignored (a write to a closed pipe fails instead). */
void gb_runner_install_signals(void);

/* The same handlers, but a signal no longer cuts a write short (SA_RESTART): for the final
 * writes of the reports, which a Ctrl-C must not leave half done. A second one still exits. */
void gb_runner_signals_restart(void);

/* 1 once Ctrl-C (SIGINT) or SIGTERM has been received. */
int gb_runner_interrupted(void);

/* The signal that interrupted the run (SIGINT or SIGTERM), or 0. */
int gb_runner_interrupt_signal(void);

/* A worker kept running between runs (for --interleave). */
typedef struct gb_worker gb_worker;

/* Start a worker for s that fills r. interactive: it runs one run per gb_worker_step();
 * otherwise it runs them all by itself. NULL with err when it cannot be started. */
gb_worker *gb_worker_start(const gb_runner_opts *o, const gb_scenario *s, gb_result *r,
                           int interactive, gb_error *err);

/* Ask an interactive worker for its next run and wait for it. Returns 1 when it came, 0
 * when the worker has nothing more to give (all runs done, crashed, timed out, Ctrl-C). */
int gb_worker_step(gb_worker *k);

/* Let the worker end (closing its commands), wait for it, set r's status and summary,
 * and free k. */
int gb_worker_finish(gb_worker *k);

/* Run s, a scenario of threads, in a worker and fill r (r->scenario = s). Returns 0 when
 * the worker could be started and watched (whatever happened to it: see r->status), -1
 * with err otherwise. A scenario of any kind: gb_run_scenario (run_scenario.h). */
int gb_runner_run(const gb_runner_opts *o, const gb_scenario *s, gb_result *r,
                  gb_error *err) GB_MUST_USE;

/* The last max_lines lines of data[0..len) without the final newlines (new string), or
 * NULL when there are none. */
char *gb_runner_tail(const char *data, size_t len, size_t max_lines);

#endif
