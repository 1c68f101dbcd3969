/* perf_counter.h - counting with the kernel's perf_event_open (`--measure perf-instructions`):
 * which event counts (the CPU's instructions retired, or, for tests on a machine without the
 * hardware counter, the software task clock that GILBENCH_PERF_EVENT chooses), why the kernel
 * refuses one, and opening it for the calling thread. The window each thread counts and the
 * reads are the worker's (worker/py_executor.c, ext/gilbench_count.h); the command line of a
 * counted worker and the report's metadata are counter.c's. */
#ifndef GB_PERF_COUNTER_H
#define GB_PERF_COUNTER_H

#include <stdint.h>

#include "util/error.h"

/* The test switch: GILBENCH_PERF_EVENT=task-clock counts the thread's CPU time in
 * nanoseconds instead of its instructions (docs/cli.md). Unset, or "instructions": the
 * CPU's instruction counter. */
#define GB_PERF_EVENT_ENV "GILBENCH_PERF_EVENT"

typedef struct gb_perf_event {
    const char *name;   /* the word of GILBENCH_PERF_EVENT and of the worker's --count-perf */
    uint32_t type;      /* perf_event_attr.type: PERF_TYPE_HARDWARE, PERF_TYPE_SOFTWARE */
    uint64_t config;    /* perf_event_attr.config: PERF_COUNT_HW_INSTRUCTIONS ... */
    const char *kernel; /* the two as the kernel's headers spell them */
    const char *unit;   /* what one count is: "instructions", "nanoseconds" */
    int test_only;      /* 1 when its counts are not instructions (a test switch) */
} gb_perf_event;

/* The event of that name, or NULL. */
const gb_perf_event *gb_perf_event_find(const char *name);

/* The event counted runs use: the CPU's instructions, unless GILBENCH_PERF_EVENT names
 * another. NULL with err (one line naming the events) when it names none. */
const gb_perf_event *gb_perf_event_chosen(gb_error *err) GB_MUST_USE;

/* ev opened for the calling thread on any CPU, its user space only (the kernel and the
 * hypervisor excluded), pinned, counting from now: a descriptor (close-on-exec), or -1 with
 * errno. Read it as ext/gilbench_count.h's gb_count_read() does. */
int gb_perf_open(const gb_perf_event *ev);

/* Whether the kernel opens ev for this process: 0, or the errno of its refusal. */
int gb_perf_refusal(const gb_perf_event *ev);

/* What the kernel's refusal e means, in a few words ("no hardware counter here: a virtual
 * machine?"), for the one line of the error. */
const char *gb_perf_refusal_text(int e);

#endif
