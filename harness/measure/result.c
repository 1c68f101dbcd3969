/* result.c - ownership of runs, results and reports, and the names of statuses.
 * What the numbers mean is stats.c's; how they are written is the exporters'. */
#include "measure/result.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

int gb_result_add_run(gb_result *r, gb_run *run)
{
    if (r->nruns == r->runs_cap) {
        size_t cap = r->runs_cap ? 2 * r->runs_cap : 16;
        gb_run *runs = realloc(r->runs, cap * sizeof *runs);

        if (!runs)
            return -1;
        r->runs = runs;
        r->runs_cap = cap;
    }
    r->runs[r->nruns++] = *run;
    run->threads = NULL;
    run->gil_events = NULL;
    run->ngil_events = 0;
    return 0;
}

void gb_result_fit_runs(gb_result *r)
{
    gb_run *runs;

    if (r->nruns == 0 || r->nruns == r->runs_cap)
        return;
    runs = realloc(r->runs, r->nruns * sizeof *runs);
    if (runs) { /* else the larger array is kept: nothing is lost */
        r->runs = runs;
        r->runs_cap = r->nruns;
    }
}

/* The order of a thread's times on the worker's pipe. */
static const size_t thread_fields[] = {
    offsetof(gb_thread_times, start_ns),
    offsetof(gb_thread_times, enter_ns),
    offsetof(gb_thread_times, done_ns),
    offsetof(gb_thread_times, return_ns),
    offsetof(gb_thread_times, cpu_ns),
    offsetof(gb_thread_times, started_ns),
    offsetof(gb_thread_times, gil_wait_ns),
    offsetof(gb_thread_times, gil_wait_start_ns),
    offsetof(gb_thread_times, gil_wait_return_ns),
    offsetof(gb_thread_times, gil_waits),
    offsetof(gb_thread_times, gil_held_ns),
    offsetof(gb_thread_times, run_delay_ns),
    offsetof(gb_thread_times, gil_wait_holder_delay_ns),
    offsetof(gb_thread_times, start_cpu_wait_ns),
    offsetof(gb_thread_times, gil_held_cpu_ns),
    offsetof(gb_thread_times, gil_samples),
    offsetof(gb_thread_times, gil_held_samples),
};
#define NTHREAD_FIELDS (sizeof thread_fields / sizeof thread_fields[0])
_Static_assert(NTHREAD_FIELDS == GB_RUN_THREAD_FIELDS, "result.h says how many times a thread has");

json_t *gb_run_threads_json(const gb_run *run)
{
    json_t *a = json_array();

    for (size_t i = 0; a && i < run->nthreads; i++) {
        json_t *t = json_array();
        const char *base = (const char *)&run->threads[i];

        for (size_t f = 0; t && f < NTHREAD_FIELDS; f++) {
            int64_t v;

            memcpy(&v, base + thread_fields[f], sizeof v);
            if (json_array_append_new(t, json_integer((json_int_t)v)) != 0) {
                json_decref(t);
                t = NULL;
            }
        }
        if (!t || json_array_append_new(a, t) != 0) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

int gb_run_read_threads(gb_run *run, json_t *v)
{
    size_t i;
    json_t *t;

    run->nthreads = json_array_size(v);
    run->threads = calloc(run->nthreads ? run->nthreads : 1, sizeof *run->threads);
    if (!run->threads)
        return -1;
    json_array_foreach(v, i, t)
    {
        char *base = (char *)&run->threads[i];

        for (size_t f = 0; f < NTHREAD_FIELDS; f++) {
            json_t *x = json_array_get(t, f);
            int64_t n = json_is_integer(x) ? (int64_t)json_integer_value(x) : 0;

            memcpy(base + thread_fields[f], &n, sizeof n);
        }
    }
    return 0;
}

static const char *const gil_state_names[] = {NULL,      "held",  "released",
                                              "waiting", "woken", "blocked"};

const char *gb_gil_state_name(int state)
{
    return state >= GB_GIL_HELD && state < GB_GIL_NSTATES ? gil_state_names[state] : NULL;
}

json_t *gb_run_events_json(const gb_run *run)
{
    json_t *a = json_array();

    for (size_t i = 0; a && i < run->ngil_events; i++) {
        const gb_gil_event *ev = &run->gil_events[i];
        const char *name = gb_gil_state_name((int)ev->state);

        if (!name || json_array_append_new(a, json_pack("[i,I,s]", (int)ev->thread,
                                                        (json_int_t)ev->at_ns, name)) != 0) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

int gb_run_read_events(gb_run *run, json_t *v)
{
    size_t i, n = json_array_size(v);
    json_t *e;

    free(run->gil_events);
    run->gil_events = NULL;
    run->ngil_events = 0;
    if (!json_is_array(v) || n == 0)
        return json_is_array(v) || !v ? 0 : -1;
    if (!(run->gil_events = calloc(n, sizeof *run->gil_events)))
        return -1;
    json_array_foreach(v, i, e)
    {
        json_t *k = json_array_get(e, 0), *at = json_array_get(e, 1);
        const char *name = json_string_value(json_array_get(e, 2));
        int state = 0;

        for (int s = GB_GIL_HELD; name && s < GB_GIL_NSTATES; s++)
            if (strcmp(name, gil_state_names[s]) == 0)
                state = s;
        if (!json_is_integer(k) || json_integer_value(k) < 0 ||
            (size_t)json_integer_value(k) >= run->nthreads || !json_is_integer(at) ||
            json_integer_value(at) < -GB_MAX_NS || json_integer_value(at) > GB_MAX_NS || !state) {
            free(run->gil_events);
            run->gil_events = NULL;
            return -1;
        }
        run->gil_events[i] = (gb_gil_event){json_integer_value(at), (uint32_t)json_integer_value(k),
                                            (uint32_t)state};
    }
    run->ngil_events = n;
    return 0;
}

void gb_run_free_threads(gb_run *run)
{
    free(run->threads);
    free(run->gil_events);
    run->threads = NULL;
    run->gil_events = NULL;
    run->ngil_events = 0;
}

void gb_result_start(gb_result *r, const gb_scenario *s)
{
    r->scenario = s;
    r->baseline_ratio = NAN;
    r->exit_status = -1;
}

void gb_result_set_error(gb_result *r, const gb_error *err)
{
    char line[1200];

    gb_error_format(err, line, sizeof line);
    r->status = GB_STATUS_ERROR;
    free(r->message);
    r->message = strdup(line);
}

void gb_result_clear(gb_result *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nruns; i++)
        gb_run_free_threads(&r->runs[i]);
    free(r->runs);
    free(r->stderr_tail);
    free(r->message);
    free(r->stop_reason);
    json_decref(r->python);
    json_decref(r->process);
    json_decref(r->sweep);
    free(r->held_shares);
    memset(r, 0, sizeof *r);
}

void gb_report_clear(gb_report *rep)
{
    if (!rep)
        return;
    json_decref(rep->metadata);
    for (size_t i = 0; i < rep->nresults; i++)
        gb_result_clear(&rep->results[i]);
    free(rep->results);
    memset(rep, 0, sizeof *rep);
}

const gb_run *gb_result_median_run(const gb_result *r)
{
    const gb_run *best = NULL;
    double best_d = INFINITY;

    for (size_t i = 0; i < r->nruns; i++) {
        double d = fabs((double)r->runs[i].wall_ns * 1e-9 - r->wall.median);

        if (!r->runs[i].warmup && d < best_d) {
            best = &r->runs[i];
            best_d = d;
        }
    }
    return best;
}

static const char *const status_names[] = {
    [GB_STATUS_OK] = "ok",
    [GB_STATUS_EXPECTATION_FAILED] = "expectation_failed",
    [GB_STATUS_EXPECTED_CRASH] = "expected_crash",
    [GB_STATUS_CRASHED] = "crashed",
    [GB_STATUS_TIMEOUT] = "timeout",
    [GB_STATUS_ERROR] = "error",
    [GB_STATUS_INTERRUPTED] = "interrupted",
    [GB_STATUS_NOT_RUN] = "not_run",
};

const char *gb_status_name(gb_status s)
{
    if ((size_t)s < sizeof status_names / sizeof status_names[0] && status_names[s])
        return status_names[s];
    return "unknown";
}

int gb_status_parse(const char *name, gb_status *out)
{
    for (size_t s = 0; s < sizeof status_names / sizeof status_names[0]; s++)
        if (status_names[s] && strcmp(status_names[s], name) == 0) {
            *out = (gb_status)s;
            return 0;
        }
    return -1;
}

int gb_status_is_failure(gb_status s)
{
    switch (s) {
    case GB_STATUS_EXPECTATION_FAILED:
    case GB_STATUS_CRASHED:
    case GB_STATUS_TIMEOUT:
    case GB_STATUS_ERROR:
    case GB_STATUS_INTERRUPTED:
        return 1;
    default:
        return 0;
    }
}
