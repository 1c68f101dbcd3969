/* py_gil_record.c - one thread's evidence over one run: the differences of the GIL's
 * counters (py_gil_watch.c) between the moments the executor knows, the starting thread's
 * waits charged to the thread it could not start, the thread's wait for a CPU, its states
 * over time, or, where the GIL is sampled, the samples of its work (py_gil_sample.c). No
 * Python here: the counters are read, never the interpreter. */
#include "worker/py_gil_record.h"
#include "worker/py_gil_sample.h"

#include <stdlib.h>
#include <string.h>

int gb_gil_record_init(gb_gil_record *r)
{
    memset(r, 0, sizeof *r);
    r->marks = malloc(GB_GIL_LOG_MAX * sizeof *r->marks);
    return r->marks ? 0 : -1;
}

void gb_gil_record_free(gb_gil_record *r)
{
    if (r)
        free(r->marks);
}

void gb_gil_record_go(gb_gil_record *r)
{
    gb_gil_watch_read(&r->go);
    gb_gil_watch_log_reset();
}

void gb_gil_record_born(gb_gil_record *r)
{
    memset(&r->go, 0, sizeof r->go); /* its counters and marks began at 0 */
    gb_gil_watch_log_reset();
}

void gb_gil_record_call(gb_gil_record *r)
{
    r->delay0 = gb_thread_run_delay_ns();
    r->tstate = gb_gil_watch_tstate();
    gb_gil_watch_holding();
    gb_gil_watch_read(&r->call);
}

void gb_gil_record_return(gb_gil_record *r)
{
    const gb_gil_mark *m;

    gb_gil_watch_read(&r->end);
    m = gb_gil_watch_log(&r->nmarks);
    if (r->marks)
        memcpy(r->marks, m, r->nmarks * sizeof *m);
    else
        r->nmarks = 0;
    r->run_delay_ns = r->delay0 < 0 ? -1 : gb_thread_run_delay_ns() - r->delay0;
}

void gb_gil_record_started_by(gb_gil_record *r, gb_gil_starter *st, size_t index)
{
    gb_gil_counters now;
    int64_t delay = gb_thread_run_delay_ns();

    gb_gil_watch_read(&now);
    memset(&r->starter, 0, sizeof r->starter);
    r->starter_delay_ns = 0;
    if (index > 0) {
        r->starter.wait_ns = now.wait_ns - st->seen.wait_ns;
        r->starter.waits = now.waits - st->seen.waits;
        r->starter.holder_delay_ns = now.holder_delay_ns - st->seen.holder_delay_ns;
        if (delay >= 0 && st->delay_seen >= 0)
            r->starter_delay_ns = delay - st->delay_seen;
    }
    st->seen = now;
    st->delay_seen = delay;
}

void gb_gil_record_times(const gb_gil_record *r, int64_t done_abs, int64_t return_abs,
                         gb_thread_times *t)
{
    const gb_gil_counters *go = &r->go, *call = &r->call, *end = &r->end;

    t->gil_wait_ns = end->wait_ns - go->wait_ns + r->starter.wait_ns;
    t->gil_waits = end->waits - go->waits + r->starter.waits;
    t->gil_wait_start_ns = call->wait_ns - go->wait_ns + r->starter.wait_ns;
    /* the last episode, when it began after the work was done: waiting to return; for a
     * call timed around itself (no probe: done is its return), the last episode when the
     * GIL it ended with was taken just before the return: the call taking the GIL back to
     * return (Py_END_ALLOW_THREADS, pybind11's gil_scoped_release going out of scope), not
     * its work */
    int last = end->waits > call->waits;
    int to_return = last && done_abs >= return_abs && end->last_take_ns >= end->last_wait_at_ns &&
                    return_abs - end->last_take_ns <= GB_GIL_RETURN_NS;

    t->gil_wait_return_ns =
        last && (end->last_wait_at_ns >= done_abs || to_return) ? end->last_wait_ns : 0;
    t->gil_wait_holder_delay_ns =
        end->holder_delay_ns - go->holder_delay_ns + r->starter.holder_delay_ns;
    t->gil_held_ns = end->held_ns - call->held_ns;
    t->gil_held_cpu_ns = end->held_cpu_ns - call->held_cpu_ns;
    t->run_delay_ns = r->run_delay_ns;
    t->start_cpu_wait_ns = r->starter_delay_ns;
}

void gb_gil_record_events(const gb_gil_record *const *records, size_t n, int64_t t0, gb_run *run)
{
    size_t total = 0, k = 0;

    for (size_t i = 0; i < n; i++)
        total += records[i]->nmarks;
    run->gil_events = total ? malloc(total * sizeof *run->gil_events) : NULL;
    if (!run->gil_events)
        return;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < records[i]->nmarks; j++)
            run->gil_events[k++] = (gb_gil_event){records[i]->marks[j].at_ns - t0, (uint32_t)i,
                                                  (uint32_t)records[i]->marks[j].state};
    run->ngil_events = total;
}

void gb_gil_record_sampled(const gb_gil_record *r, int64_t enter_abs, int64_t done_abs,
                           gb_thread_times *t)
{
    gb_gil_sampler_count(r->tstate, enter_abs, done_abs, &t->gil_samples, &t->gil_held_samples);
}
