/* gilbench_count.h - the window of a counted run (`gilbench run --measure instructions` or
 * `--measure perf-instructions`).
 *
 * A thread's instructions are counted only inside its window. A workload opens it right
 * after the clock read that opens its work and closes it right before the one that closes it
 * (so the window is the probe's: gilbench_probe.h), and only when the harness asked for it on
 * this thread (gb_probe_current.count). Two ways to count:
 *  - callgrind (GB_COUNT_CALLGRIND): the window switches callgrind's collection on and off,
 *    with the client request of <valgrind/callgrind.h>: a few instructions that do nothing
 *    outside valgrind. A build without that header counts nothing (GB_HAVE_CALLGRIND unset),
 *    and the driver refuses --measure instructions.
 *  - perf_event_open (GB_COUNT_PERF): the thread's own counter, opened by the harness
 *    (gb_probe_current.count_fd), is read when the window opens and when it closes; the count
 *    is the difference of the two reads (-1 for a read that failed). */
#ifndef GILBENCH_COUNT_H
#define GILBENCH_COUNT_H

#include <stdint.h>
#include <unistd.h>

#include "gilbench_probe.h"

#ifdef GB_HAVE_CALLGRIND
#include <valgrind/callgrind.h>
#define GB_COUNT_TOGGLE() CALLGRIND_TOGGLE_COLLECT
#else
#define GB_COUNT_TOGGLE() ((void)0)
#endif

/* How a thread counts (gb_probe.count). */
#define GB_COUNT_NONE 0
#define GB_COUNT_CALLGRIND 1 /* under callgrind: collection switched on and off */
#define GB_COUNT_PERF 2      /* a perf_event_open counter read at both ends */

/* The value of a perf_event_open counter (one event, no read_format), or -1 when the read
 * fails: a pinned event the CPU could not keep on reads as end of file. */
static inline int64_t gb_count_read(int fd)
{
    uint64_t v;

    if (read(fd, &v, sizeof v) != (ssize_t)sizeof v || v > INT64_MAX)
        return -1;
    return (int64_t)v;
}

/* One end of a window counted by mode: callgrind's collection switched, or counter fd read
 * into *at. The window opens and closes the same way. */
static inline void gb_count_edge(int mode, int fd, int64_t *at)
{
    if (mode == GB_COUNT_PERF)
        *at = gb_count_read(fd);
    else if (mode == GB_COUNT_CALLGRIND)
        GB_COUNT_TOGGLE();
}

/* The clock read that opens a workload's work, then the window opens. */
static inline int64_t gb_probe_enter(void)
{
    int64_t t = gb_clock_ns();

    if (gb_probe_current.count)
        gb_count_edge(gb_probe_current.count, gb_probe_current.count_fd,
                      &gb_probe_current.count_enter);
    return t;
}

/* The window closes, then the clock read that closes the work. */
static inline int64_t gb_probe_done(void)
{
    if (gb_probe_current.count)
        gb_count_edge(gb_probe_current.count, gb_probe_current.count_fd,
                      &gb_probe_current.count_done);
    return gb_clock_ns();
}

#endif
