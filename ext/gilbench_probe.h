/* gilbench_probe.h - the two clock reads a workload makes for the harness.
 *
 * A workload of the gilbench module reads the monotonic clock once when its work has
 * begun (after releasing the GIL when asked to) and once when the work is done (before
 * taking the GIL back), and leaves both in a thread-local probe. The harness clears the
 * probe before a call and reads it after; code that never touches the probe (any other
 * callable) is timed by the harness around the call instead. Nothing else runs between
 * the two reads but the work; in a counted run, the work is what is counted between them
 * (gilbench_count.h). */
#ifndef GILBENCH_PROBE_H
#define GILBENCH_PROBE_H

#include <stdint.h>
#include <time.h>

typedef struct gb_probe {
    int64_t enter_ns; /* CLOCK_MONOTONIC when the work began */
    int64_t done_ns;  /* CLOCK_MONOTONIC when the work ended */
    int recorded;     /* 1 once both are set */
    /* set by the harness: count the work's instructions (gilbench_count.h) */
    int count;           /* GB_COUNT_NONE, GB_COUNT_CALLGRIND or GB_COUNT_PERF */
    int count_fd;        /* GB_COUNT_PERF: the thread's perf_event_open counter */
    int64_t count_enter; /* GB_COUNT_PERF: the counter read when the work began, or -1 */
    int64_t count_done;  /* GB_COUNT_PERF: the counter read when the work ended, or -1 */
} gb_probe;

/* One probe per thread; defined in gilbench_module.c. */
extern _Thread_local gb_probe gb_probe_current;

/* The monotonic clock in nanoseconds. */
static inline int64_t gb_clock_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* CPU time of the calling thread in nanoseconds. */
static inline int64_t gb_thread_cpu_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* The init function of the module, for PyImport_AppendInittab("gilbench", ...). */
#ifdef Py_PYTHON_H
PyMODINIT_FUNC PyInit_gilbench(void);
#endif

/* Build facts compiled into the module (set by CMake). */
#ifndef GB_BUILD_TYPE
#define GB_BUILD_TYPE "unknown"
#endif
#ifndef GB_C_FLAGS
#define GB_C_FLAGS "unknown"
#endif
#ifndef GB_COMPILER
#define GB_COMPILER "unknown"
#endif
#ifndef GB_VERSION
#define GB_VERSION "0.1.0"
#endif

#endif
