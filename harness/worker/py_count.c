/* py_count.c - a thread's count around its call (see py_count.h): the counter opened and
 * closed, the probe told, callgrind's dump named, perf's two reads made one count. */
#include "worker/py_count.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "run/counter.h"

int gb_count_prepare(gb_count_window *w, int mode, const gb_perf_event *ev, int workload,
                     char *error, size_t size)
{
    memset(w, 0, sizeof *w);
    w->mode = mode;
    w->around = mode != GB_COUNT_NONE && !workload;
    w->fd = -1;
    w->open_at = w->close_at = -1;
    gb_probe_current.count = w->around ? GB_COUNT_NONE : mode;
    gb_probe_current.count_enter = gb_probe_current.count_done = -1;
    gb_probe_current.count_fd = -1;
    if (mode != GB_COUNT_PERF)
        return 0;
    w->fd = ev ? gb_perf_open(ev) : -1;
    if (w->fd < 0) {
        int e = ev ? errno : EINVAL;

        snprintf(error, size, "perf_event_open refused the %s counter in a thread (%s: %s)",
                 ev ? ev->name : "unknown", strerror(e), gb_perf_refusal_text(e));
        gb_probe_current.count = GB_COUNT_NONE;
        return -1;
    }
    gb_probe_current.count_fd = w->fd;
    return 0;
}

int64_t gb_count_finish(gb_count_window *w, int run, size_t thread, char *error, size_t size)
{
    int64_t at0 = w->around ? w->open_at : gb_probe_current.count_enter;
    int64_t at1 = w->around ? w->close_at : gb_probe_current.count_done;

    gb_probe_current.count = GB_COUNT_NONE;
    gb_probe_current.count_fd = -1;
#ifdef GB_HAVE_CALLGRIND
    if (w->mode == GB_COUNT_CALLGRIND) { /* this thread's count alone, named after the run */
        char name[64];

        snprintf(name, sizeof name, GB_COUNT_DUMP_FORMAT, run, thread);
        CALLGRIND_DUMP_STATS_AT(name);
    }
#else
    (void)run;
    (void)thread;
#endif
    if (w->mode != GB_COUNT_PERF)
        return 0;
    close(w->fd);
    w->fd = -1;
    if (at0 < 0 || at1 < at0) {
        snprintf(error, size,
                 "perf_event_open's counter %s (the work never opened its window, or a read "
                 "of the counter failed)",
                 at0 < 0 || at1 < 0 ? "was not read at both ends" : "went backwards");
        return -1;
    }
    return at1 - at0;
}
