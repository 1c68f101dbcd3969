/* py_gil_watch.h - direct evidence of the GIL and of the CPU, per thread (py_gil_watch.c).
 *
 * Who waited for the GIL and how long, who held it, how often it changed hands, and how
 * long each thread waited for a CPU. Only the executable links this (it reads CPython's
 * internal GIL state). */
#ifndef GB_PY_GIL_WATCH_H
#define GB_PY_GIL_WATCH_H

#include <stddef.h>
#include <stdint.h>

/* What one thread has seen since it was born: cumulative, never reset. Take a copy before
 * and after, and subtract. Times are CLOCK_MONOTONIC nanoseconds. */
typedef struct gb_gil_counters {
    int64_t wait_ns;         /* blocked while another thread held the GIL */
    int64_t waits;           /* wait episodes: one per time the GIL was wanted and busy */
    int64_t held_ns;         /* held the GIL (from gb_gil_watch_holding() on) */
    int64_t held_cpu_ns;     /* of held_ns, the thread's time on a CPU (its CPU time) */
    int64_t holder_delay_ns; /* of wait_ns: the holder was waiting for a CPU meanwhile */
    int64_t last_wait_at_ns; /* when the last episode began (0: none yet) */
    int64_t last_wait_ns;    /* how long it lasted */
    int64_t last_take_ns;    /* when it last took the GIL (0: not yet) */
} gb_gil_counters;

/* The rate at which py_gil_sample.c reads the GIL's holder where its waits cannot be seen
 * (docs/report.md: what it costs); the method's words then begin with GB_GIL_SAMPLED. */
#define GB_GIL_SAMPLE_HZ 250
#define GB_GIL_STR_(x) #x
#define GB_GIL_STR(x) GB_GIL_STR_(x)
#define GB_GIL_SAMPLED "sampled (" GB_GIL_STR(GB_GIL_SAMPLE_HZ) " Hz)"

/* After Py_Initialize, GIL held: find the GIL and check that its waits are seen. Returns
 * 1 when the evidence is measured (counted, or sampled where the waits cannot be seen), 0
 * when it cannot be (gb_gil_watch_method() says why). */
int gb_gil_watch_start(void);

/* Stop watching (before Py_FinalizeEx: from 3.12 the GIL is freed with its interpreter). */
void gb_gil_watch_stop(void);

/* How the GIL is observed, for the report: "interposed" (waits and holds seen exactly),
 * "sampled (250 Hz): ..." with the reason (the waits cannot be seen, or
 * GILBENCH_GIL_WATCH=sample), "none: ..." with the reason (free-threaded build, an unknown
 * interpreter, turned off). Never NULL. */
const char *gb_gil_watch_method(void);

/* 1 when the GIL's holder is sampled (py_gil_sample.c) instead of its calls counted. */
int gb_gil_watch_sampled(void);

/* The GIL's holder now (its thread state), 0 when the GIL is free or not found. Relaxed
 * loads: any thread, with or without the GIL, no Python. */
uintptr_t gb_gil_watch_holder(void);

/* The calling thread's thread state, as gb_gil_watch_holder() names it. GIL held. */
uintptr_t gb_gil_watch_tstate(void);

/* Which internals were read: "_PyRuntime.ceval.gil (3.8-3.11)", "interp->ceval.gil (3.12+)"
 * or "none". */
const char *gb_gil_watch_path(void);

/* The calling thread's counters so far, an interval still open (held now) included. */
void gb_gil_watch_read(gb_gil_counters *out);

/* The calling thread holds the GIL now (it runs Python): count the time it holds it from
 * here, in case it took it before the watch began (when its calls are counted). */
void gb_gil_watch_holding(void);

/* One change of the calling thread's state (a gb_gil_state), CLOCK_MONOTONIC ns. */
typedef struct gb_gil_mark {
    int64_t at_ns;
    int state;
} gb_gil_mark;

/* The calling thread's changes since the last gb_gil_watch_log_reset() (at most
 * GB_GIL_LOG_MAX: later ones are dropped). */
#define GB_GIL_LOG_MAX 512
void gb_gil_watch_log_reset(void);
const gb_gil_mark *gb_gil_watch_log(size_t *n);

/* The calling thread is about to block elsewhere (begins = 1: a sleep, a read, a lock;
 * py_gil_blocked.c) or is back (begins = 0, with what the first call returned): while it
 * does not hold the GIL and a run is being logged, its state is GB_GIL_BLOCKED. Returns 1
 * when the call was marked. */
int gb_gil_watch_blocking(int begins, int marked);

/* How many times the GIL changed hands since the start, or -1 when unknown. GIL held. */
int64_t gb_gil_switches(void);

/* The calling thread's time waiting for a CPU (runnable, not running) so far, from
 * /proc/thread-self/schedstat; -1 when the kernel does not say, or nothing is watched
 * (GILBENCH_GIL_WATCH=off, no GIL). */
int64_t gb_thread_run_delay_ns(void);

#endif
