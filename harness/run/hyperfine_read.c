/* hyperfine_read.c - hyperfine's --export-json read with jansson and turned into runs of a
 * gb_result (see hyperfine_read.h). Every value is checked: a file that is not what
 * hyperfine writes gives one line naming the JSON path, never a guess. */
#include "run/hyperfine_read.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "measure/stats.h"

static int bad(gb_error *err, const char *file, const char *path, const char *what)
{
    gb_error_set(err, file, 0, 0, path, "%s (not hyperfine's --export-json?)", what);
    return -1;
}

/* A number of seconds that fits a time in nanoseconds (0 to GB_MAX_NS). */
static int seconds_ok(json_t *v)
{
    return json_is_number(v) && json_number_value(v) >= 0 &&
           json_number_value(v) <= (double)GB_MAX_NS * 1e-9;
}

#define SECONDS_EXPECTED "expected a number of seconds from 0 to 9007199 (104 days)"

/* An optional number of seconds: NAN when absent or null. */
static int seconds(json_t *o, const char *key, const char *file, gb_error *err, double *out)
{
    json_t *v = json_object_get(o, key);
    char path[64];

    *out = NAN;
    if (!v || json_is_null(v))
        return 0;
    snprintf(path, sizeof path, "results[0].%s", key);
    if (!seconds_ok(v))
        return bad(err, file, path, SECONDS_EXPECTED);
    *out = json_number_value(v);
    return 0;
}

int gb_hyperfine_parse(const char *text, const char *file, gb_hyperfine_runs *out, gb_error *err)
{
    json_error_t jerr;
    json_t *root = json_loads(text, 0, &jerr), *results, *res, *times, *codes, *v;
    size_t i;
    int rc = -1;

    memset(out, 0, sizeof *out);
    out->user_mean = out->system_mean = NAN;
    if (!root) {
        gb_error_set(err, file, jerr.line, jerr.column, NULL, "invalid JSON from hyperfine: %s",
                     jerr.text);
        return -1;
    }
    results = json_object_get(root, "results");
    res = json_array_get(results, 0);
    times = json_object_get(res, "times");
    codes = json_object_get(res, "exit_codes");
    if (!json_is_array(results) || json_array_size(results) != 1 || !json_is_object(res))
        bad(err, file, "results", "expected an array of one command's results");
    else if (!json_is_array(times) || json_array_size(times) == 0)
        bad(err, file, "results[0].times", "expected an array of run times");
    else if (codes && !json_is_array(codes) && !json_is_null(codes))
        bad(err, file, "results[0].exit_codes", "expected an array of exit codes");
    else if (json_is_array(codes) && json_array_size(codes) != json_array_size(times))
        bad(err, file, "results[0].exit_codes", "expected as many exit codes as times");
    else if (seconds(res, "user", file, err, &out->user_mean) == 0 &&
             seconds(res, "system", file, err, &out->system_mean) == 0) {
        out->n = json_array_size(times);
        out->times = calloc(out->n, sizeof *out->times);
        out->exit_codes = calloc(out->n, sizeof *out->exit_codes);
        out->have_exit_codes = json_is_array(codes);
        if (!out->times || !out->exit_codes) {
            gb_error_set(err, file, 0, 0, NULL, "out of memory");
            goto done;
        }
        json_array_foreach(times, i, v)
        {
            json_t *code = json_array_get(codes, i);
            char path[64];

            if (!seconds_ok(v)) {
                snprintf(path, sizeof path, "results[0].times[%zu]", i);
                bad(err, file, path, SECONDS_EXPECTED);
                goto done;
            }
            out->times[i] = json_number_value(v);
            out->exit_codes[i] = json_is_integer(code) ? (int)json_integer_value(code) : -1;
            if (code && !json_is_integer(code) && !json_is_null(code)) {
                snprintf(path, sizeof path, "results[0].exit_codes[%zu]", i);
                bad(err, file, path, "expected an integer or null");
                goto done;
            }
        }
        rc = 0;
    }
done:
    json_decref(root);
    if (rc != 0)
        gb_hyperfine_runs_clear(out);
    return rc;
}

void gb_hyperfine_runs_clear(gb_hyperfine_runs *h)
{
    if (!h)
        return;
    free(h->times);
    free(h->exit_codes);
    h->times = NULL;
    h->exit_codes = NULL;
    h->n = 0;
}

static int64_t ns(double s)
{
    return isnan(s) ? 0 : (int64_t)llround(s * 1e9);
}

int gb_hyperfine_fill(const gb_hyperfine_runs *h, int warmup, int ncpu, gb_result *r)
{
    json_t *codes = json_array(), *process;

    for (size_t i = 0; i < h->n; i++) {
        gb_run run;

        memset(&run, 0, sizeof run);
        run.index = (int)r->nruns;
        run.wall_ns = ns(h->times[i]);
        run.user_ns = ns(h->user_mean);
        run.sys_ns = ns(h->system_mean);
        run.threads = calloc(1, sizeof *run.threads);
        if (!run.threads || !codes) {
            free(run.threads);
            json_decref(codes);
            return -1;
        }
        gb_run_analyse(&run, ncpu);
        run.verdict = GB_VERDICT_NONE; /* no threads: nothing to judge */
        if (gb_result_add_run(r, &run) != 0) {
            free(run.threads);
            json_decref(codes);
            return -1;
        }
        json_array_append_new(codes, h->have_exit_codes && h->exit_codes[i] >= 0
                                         ? json_integer(h->exit_codes[i])
                                         : json_null());
    }
    process = json_pack("{s:s,s:o,s:[s],s:[s,s,s,s],s:s,s:i}", "measured_by", "hyperfine",
                        "exit_codes", codes, "per_run", "wall_ns", "absent_per_run", "user_ns",
                        "sys_ns", "canary_ns", "threads", "note",
                        "user_ns and sys_ns of every run hold hyperfine's means over the runs",
                        "warmup_runs_unreported", warmup);
    if (!process)
        return -1;
    json_decref(r->process);
    r->process = process;
    return 0;
}
