/* py_count.h - one thread's count in a counted run, as the executor calls its work: the
 * counter opened for the thread (perf_event_open) or the probe told to count (callgrind),
 * the window around the call of a `call` or `python` thread, and the count once the call has
 * returned (callgrind: the thread's dump; perf: the difference of the window's two reads).
 * A built-in workload opens and closes its window itself, inside its probe
 * (ext/gilbench_count.h); which event perf counts is run/perf_counter.h's. */
#ifndef GB_PY_COUNT_H
#define GB_PY_COUNT_H

#include <stddef.h>
#include <stdint.h>

#include "gilbench_count.h"
#include "run/perf_counter.h"

typedef struct gb_count_window {
    int mode;         /* GB_COUNT_NONE, GB_COUNT_CALLGRIND or GB_COUNT_PERF */
    int around;       /* the harness counts around the call (else the workload, in its probe) */
    int fd;           /* GB_COUNT_PERF: the thread's counter, else -1 */
    int64_t open_at;  /* GB_COUNT_PERF, around: the counter when the window opened */
    int64_t close_at; /* ... and when it closed */
} gb_count_window;

/* Before a thread's call (mode GB_COUNT_NONE: nothing is counted): the counter opened for
 * the calling thread (ev, GB_COUNT_PERF), and the probe told whether the workload counts its
 * own work (workload: a built-in workload) or the harness counts around the call. 0, or -1
 * with error (one line) when the kernel refuses the counter. */
int gb_count_prepare(gb_count_window *w, int mode, const gb_perf_event *ev, int workload,
                     char *error, size_t size);

/* Right after the clock read that opens the call: the window opens when the harness counts
 * around the call. */
static inline void gb_count_open(gb_count_window *w)
{
    if (w->around)
        gb_count_edge(w->mode, w->fd, &w->open_at);
}

/* Right before the clock read that closes the call: the window closes. */
static inline void gb_count_close(gb_count_window *w)
{
    if (w->around)
        gb_count_edge(w->mode, w->fd, &w->close_at);
}

/* After the call: callgrind's dump of this thread, named GB_COUNT_DUMP_FORMAT (run, thread),
 * and 0 (the count is read from the dump); perf's count of the window, the counter closed.
 * -1 with error when perf's count cannot be had (a read failed); 0 when nothing counts. */
int64_t gb_count_finish(gb_count_window *w, int run, size_t thread, char *error, size_t size);

#endif
