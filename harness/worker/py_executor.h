/* py_executor.h - running the threads of one scenario inside the embedded interpreter.
 *
 * The engine owns the threads and their clock reads; the worker (py_worker.c) owns the
 * interpreter and the protocol to the parent. Every function here is called with the
 * GIL held by the worker's main thread. */
#ifndef GB_PY_EXECUTOR_H
#define GB_PY_EXECUTOR_H

#include <Python.h>

#include "util/error.h"
#include "measure/result.h"
#include "scenario/scenario.h"
#include "run/perf_counter.h"
#include "worker/py_lookup.h"

typedef struct gb_executor gb_executor;

/* Resolve every thread's callable (import, attribute, compile) against module (the
 * gilbench module) and globals (where setup ran), and start the pool of the native
 * engine. Returns NULL with err naming the thread ("threads[1].call: ..."). */
gb_executor *gb_executor_new(const gb_scenario *s, PyObject *module, PyObject *globals,
                             gb_error *err);

/* One run: start the threads as the scenario says, wait for all, and fill run
 * (wall, user, sys and the four moments of every thread; run->threads is allocated).
 * Returns 0, or -1 with err when a thread raised ("t2: ValueError: ..."). */
int gb_executor_run(gb_executor *e, gb_run *run, gb_error *err);

/* Count from now on each thread's instructions between its enter and done: with perf NULL
 * under callgrind (--measure instructions), dumped after its call; else with perf_event_open's
 * event perf (--measure perf-instructions), in each run's threads (run->counted). */
void gb_executor_count(gb_executor *e, const gb_perf_event *perf);

/* Join and free everything; NULL is fine. */
void gb_executor_free(gb_executor *e);

#endif
