/* py_gil_record.h - one thread's evidence of the GIL and the CPU over one run, taken from
 * py_gil_watch's counters at the moments the executor knows (py_gil_record.c). */
#ifndef GB_PY_GIL_RECORD_H
#define GB_PY_GIL_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "worker/py_gil_watch.h"
#include "measure/result.h"

typedef struct gb_gil_record {
    gb_gil_counters go, call, end; /* asked to start, the call began, it returned */
    gb_gil_counters starter;       /* the starting thread's waits charged to this thread */
    int64_t starter_delay_ns;      /* the starting thread's waits for a CPU charged to it */
    int64_t delay0, run_delay_ns;  /* waits for a CPU: at the call, over the call (-1) */
    gb_gil_mark *marks;            /* its states over the run (GB_GIL_LOG_MAX, owned) */
    size_t nmarks;
    uintptr_t tstate; /* its thread state: the GIL's holder when it holds it (sampled) */
} gb_gil_record;

/* The starting thread's view, to charge its waits to the thread it starts next. */
typedef struct gb_gil_starter {
    gb_gil_counters seen;
    int64_t delay_seen; /* -1: unknown */
} gb_gil_starter;

/* Allocate the record's room for marks; 0 or -1. gb_gil_record_free(NULL) is fine. */
int gb_gil_record_init(gb_gil_record *r);
void gb_gil_record_free(gb_gil_record *r);

/* By the thread itself: it was asked to start (its marks begin here); a new thread
 * (threading engine) starts from zero instead: gb_gil_record_born. */
void gb_gil_record_go(gb_gil_record *r);
void gb_gil_record_born(gb_gil_record *r);
/* By the thread itself, GIL held: the call begins; the call returned. */
void gb_gil_record_call(gb_gil_record *r);
void gb_gil_record_return(gb_gil_record *r);

/* By the starting thread, before it starts thread `index` of a sequential start (0 first):
 * its waits since the previous start are charged to r. */
void gb_gil_record_started_by(gb_gil_record *r, gb_gil_starter *st, size_t index);

/* The evidence of the run into t (done_abs: when its work ended, return_abs: when the call
 * returned, CLOCK_MONOTONIC; equal for a call timed around itself). A wait that ended with
 * a take of the GIL at most GB_GIL_RETURN_NS before such a return was to return. */
#define GB_GIL_RETURN_NS 100000
void gb_gil_record_times(const gb_gil_record *r, int64_t done_abs, int64_t return_abs,
                         gb_thread_times *t);

/* The sampled evidence of the run into t: the samples of py_gil_sample.c in its work
 * [enter_abs, done_abs] (CLOCK_MONOTONIC), and in how many of them it held the GIL. */
void gb_gil_record_sampled(const gb_gil_record *r, int64_t enter_abs, int64_t done_abs,
                           gb_thread_times *t);

/* Every thread's marks into run->gil_events, times from t0 (none when out of memory). */
void gb_gil_record_events(const gb_gil_record *const *records, size_t n, int64_t t0, gb_run *run);

#endif
