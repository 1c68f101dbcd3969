/* export_trace.c - the timelines in the Chrome Trace Event format (JSON object form), which
 * Perfetto (ui.perfetto.dev) and chrome://tracing open with zoom: one process per run of a
 * scenario ("gil+gil run 3"), one track per thread plus "main" (the starting thread), and
 * on each track its spans: waiting to start, working, waiting for the GIL back, and the
 * main thread blocked in start(). Times are microseconds from the start of each run, so
 * every run begins at 0, on a grid of 1/1024 us: such a number is exact in binary floating
 * point, so a reader's ts + dur of one span is exactly the ts of the span after it, and
 * spans that touch never overlap (a decimal 27.992 + 67.12 would). Written a run at a time.
 * Layout in docs/report.md. */
#include "report/export.h"
#include "util/json_text.h"

#include <math.h>
#include <stdlib.h>

#define MAIN_TID 1   /* the starting thread; the threads of the scenario follow from 2 */
#define GIL_TID 1000 /* + k: thread k's states from the evidence of the GIL, a track of its own */

/* Steps of the time grid in a microsecond: a power of two, so that every boundary is a
 * binary fraction that a double holds exactly (up to 2^53 steps, 99 days), and finer than a
 * nanosecond, so that spans of different nanoseconds stay different. */
#define GRID_PER_US 1024

/* ns on the grid, in grid steps, rounded to the nearest: ns x 1.024 written so that it
 * cannot overflow for any time up to GB_MAX_NS. */
static int64_t grid(int64_t ns)
{
    if (ns < 0)
        return -grid(-ns);
    return ns + (ns * (GRID_PER_US - 1000) + 500) / 1000;
}

/* Grid steps as microseconds: exact, and written with 17 digits, read back exactly. */
static double us(int64_t steps)
{
    return (double)steps / GRID_PER_US;
}

static int add(json_t *events, json_t *e)
{
    return e && json_array_append_new(events, e) == 0 ? 0 : -1;
}

/* Metadata events: the names and order of a process and its tracks. */
static int add_names(json_t *events, int pid, const gb_result *r, const gb_run *run,
                     size_t measured_index)
{
    const gb_scenario *s = r->scenario;
    char name[512];

    if (run->warmup)
        snprintf(name, sizeof name, "%s warmup %d", s && s->name ? s->name : "?", run->index + 1);
    else
        snprintf(name, sizeof name, "%s run %zu", s && s->name ? s->name : "?", measured_index);
    if (add(events, json_pack("{s:s,s:s,s:i,s:i,s:{s:o}}", "name", "process_name", "ph", "M", "pid",
                              pid, "tid", MAIN_TID, "args", "name", gb_json_text(name))) ||
        add(events, json_pack("{s:s,s:s,s:i,s:i,s:{s:i}}", "name", "process_sort_index", "ph", "M",
                              "pid", pid, "tid", MAIN_TID, "args", "sort_index", pid)) ||
        add(events, json_pack("{s:s,s:s,s:i,s:i,s:{s:s}}", "name", "thread_name", "ph", "M", "pid",
                              pid, "tid", MAIN_TID, "args", "name", "main")))
        return -1;
    for (size_t k = 0; k < run->nthreads; k++) {
        char what[160], label[256];

        if (s && k < s->nthreads) {
            gb_thread_describe(&s->threads[k], what, sizeof what);
            snprintf(label, sizeof label, "%s %s", s->threads[k].label ? s->threads[k].label : "t",
                     what);
        } else {
            snprintf(label, sizeof label, "t%zu", k + 1);
        }
        if (add(events,
                json_pack("{s:s,s:s,s:i,s:i,s:{s:o}}", "name", "thread_name", "ph", "M", "pid", pid,
                          "tid", (int)k + 2, "args", "name", gb_json_text(label))) ||
            add(events,
                json_pack("{s:s,s:s,s:i,s:i,s:{s:i}}", "name", "thread_sort_index", "ph", "M",
                          "pid", pid, "tid", (int)k + 2, "args", "sort_index", (int)k + 2)))
            return -1;
    }
    return 0;
}

/* A complete event ("X") from..to (ns) on a track; nothing for an empty span. args is
 * stolen. Both ends go to the grid first: a span's end is the next one's start, exactly. */
static int span(json_t *events, int pid, int tid, const char *name, const char *cat,
                const char *color, int64_t from, int64_t to, json_t *args)
{
    int64_t a = grid(from), b = grid(to);

    if (to <= from || b <= a) {
        json_decref(args);
        return 0;
    }
    return add(events, json_pack("{s:s,s:s,s:s,s:i,s:i,s:f,s:f,s:s,s:o}", "name", name, "cat", cat,
                                 "ph", "X", "pid", pid, "tid", tid, "ts", us(a), "dur", us(b - a),
                                 "cname", color, "args", args ? args : json_object()));
}

/* Thread k's states from the evidence of the GIL (docs/report.md) on a track of its own
 * below the thread's, each state until the next change (the last until the return). */
static int add_gil_states(json_t *events, int pid, const gb_run *run, size_t k)
{
    static const char *const names[] = {"",
                                        "holds the GIL",
                                        "runs without the GIL",
                                        "waits for the GIL",
                                        "GIL free, waits for a CPU",
                                        "blocked elsewhere (sleep, I/O, a lock)"};
    static const char *const colors[] = {
        "",         "thread_state_running",  "good",
        "terrible", "thread_state_runnable", "thread_state_sleeping"};
    const gb_gil_event *prev = NULL;
    int tid = GIL_TID + (int)k + 2, named = 0;

    for (size_t i = 0; i <= run->ngil_events; i++) {
        const gb_gil_event *ev = i < run->ngil_events ? &run->gil_events[i] : NULL;

        if (ev && ev->thread != k)
            continue;
        if (!named && ev) {
            char label[32];

            snprintf(label, sizeof label, "t%zu GIL", k + 1);
            if (add(events, json_pack("{s:s,s:s,s:i,s:i,s:{s:s}}", "name", "thread_name", "ph", "M",
                                      "pid", pid, "tid", tid, "args", "name", label)) ||
                add(events,
                    json_pack("{s:s,s:s,s:i,s:i,s:{s:i}}", "name", "thread_sort_index", "ph", "M",
                              "pid", pid, "tid", tid, "args", "sort_index", tid)))
                return -1;
            named = 1;
        }
        if (prev && prev->state >= GB_GIL_HELD && prev->state < GB_GIL_NSTATES &&
            span(events, pid, tid, names[prev->state], "gil", colors[prev->state], prev->at_ns,
                 ev ? ev->at_ns : run->threads[k].return_ns, NULL))
            return -1;
        prev = ev;
    }
    return 0;
}

static int add_run(json_t *events, int pid, const gb_run *run)
{
    char name[64];
    int64_t main_free = 0; /* the main track is free from here on */

    snprintf(name, sizeof name, "run: %s", gb_verdict_name(run->verdict));
    if (span(events, pid, MAIN_TID, name, "run", "generic_work", 0, run->wall_ns,
             json_pack("{s:I,s:I,s:I,s:o}", "wall_ns", (json_int_t)run->wall_ns, "user_ns",
                       (json_int_t)run->user_ns, "sys_ns", (json_int_t)run->sys_ns, "serial_score",
                       isfinite(run->serial_score) ? json_real(run->serial_score) : json_null())))
        return -1;
    for (size_t k = 0; k < run->nthreads; k++) {
        const gb_thread_times *t = &run->threads[k];
        int tid = (int)k + 2;
        char blocked[64];
        /* a track's spans must nest: a start() that overlaps the one before is left out */
        int64_t started = t->started_ns < run->wall_ns ? t->started_ns : run->wall_ns;
        int shown = t->start_ns >= main_free;

        snprintf(blocked, sizeof blocked, "blocked in start() of thread %zu", k + 1);
        if (shown && started > t->start_ns)
            main_free = started;
        if ((shown &&
             span(events, pid, MAIN_TID, blocked, "gil", "terrible", t->start_ns, started, NULL)) ||
            span(events, pid, tid, "waiting to start", "gil", "bad", t->start_ns, t->enter_ns,
                 NULL) ||
            span(events, pid, tid, "working", "work", "good", t->enter_ns, t->done_ns,
                 json_pack("{s:I}", "cpu_ns", (json_int_t)t->cpu_ns)) ||
            span(events, pid, tid, "waiting for the GIL back", "gil", "terrible", t->done_ns,
                 t->return_ns, NULL) ||
            ((run->evidence & GB_EVIDENCE_GIL) && add_gil_states(events, pid, run, k)))
            return -1;
    }
    return 0;
}

/* Written a run at a time, byte for byte as the one document {"traceEvents": [...],
 * "displayTimeUnit": "ms", "otherData": {...}} compact: never every event in memory. */
int gb_export_trace(const gb_report *rep, FILE *out, gb_error *err)
{
    int pid = 0, rc = fputs("{\"traceEvents\":[", out) == EOF, nomem = 0;
    size_t written = 0;

    for (size_t i = 0; !rc && i < rep->nresults; i++) {
        const gb_result *r = &rep->results[i];
        size_t measured = 0;

        /* a counted result's times are valgrind's, not the code's: no timeline */
        for (size_t j = 0; !rc && r->measure == GB_MEASURE_WALL && j < r->nruns; j++) {
            const gb_run *run = &r->runs[j];
            json_t *events = json_array(), *e;
            size_t k;

            measured += !run->warmup;
            if (!events || add_names(events, ++pid, r, run, measured) || add_run(events, pid, run))
                rc = nomem = 1;
            json_array_foreach(events, k, e)
            {
                if (rc || (written++ && fputc(',', out) == EOF) ||
                    gb_json_put(out, json_incref(e), 0, JSON_COMPACT | JSON_REAL_PRECISION(17)))
                    rc = 1;
            }
            json_decref(events);
        }
    }
    if (rc || fprintf(out,
                      "],\"displayTimeUnit\":\"ms\",\"otherData\":{\"generator\":\"gilbench\","
                      "\"schema_version\":%d}}\n",
                      GB_SCHEMA_VERSION) < 0) {
        gb_error_set(err, NULL, 0, 0, NULL,
                     nomem ? "cannot build the trace: out of memory" : "write error");
        return -1;
    }
    return 0;
}
