/* gilbench_count.h - the window of a counted run (`gilbench run --measure instructions`).
 *
 * Under callgrind, instructions are counted only while the thread's collection is on. A
 * workload switches it on right after the clock read that opens its work and off right
 * before the one that closes it (so the window is the probe's: gilbench_probe.h), and only
 * when the harness asked for it on this thread (gb_probe_current.count). The switch is
 * callgrind's client request from <valgrind/callgrind.h>: a few instructions that do
 * nothing outside valgrind. A build without that header counts nothing (GB_HAVE_CALLGRIND
 * unset), and the driver refuses --measure instructions. */
#ifndef GILBENCH_COUNT_H
#define GILBENCH_COUNT_H

#include <stdint.h>

#include "gilbench_probe.h"

#ifdef GB_HAVE_CALLGRIND
#include <valgrind/callgrind.h>
#define GB_COUNT_TOGGLE() CALLGRIND_TOGGLE_COLLECT
#else
#define GB_COUNT_TOGGLE() ((void)0)
#endif

/* The clock read that opens a workload's work, then the window opens. */
static inline int64_t gb_probe_enter(void)
{
    int64_t t = gb_clock_ns();

    if (gb_probe_current.count)
        GB_COUNT_TOGGLE();
    return t;
}

/* The window closes, then the clock read that closes the work. */
static inline int64_t gb_probe_done(void)
{
    if (gb_probe_current.count)
        GB_COUNT_TOGGLE();
    return gb_clock_ns();
}

#endif
