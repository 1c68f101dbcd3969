/* result.c - ownership of runs, results and reports, and the names of statuses.
 * What the numbers mean is stats.c's; how they are written is the exporters'. */
#include "measure/result.h"

#include <math.h>
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
    return 0;
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
        free(r->runs[i].threads);
    free(r->runs);
    free(r->stderr_tail);
    free(r->message);
    free(r->stop_reason);
    json_decref(r->python);
    json_decref(r->process);
    json_decref(r->sweep);
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
