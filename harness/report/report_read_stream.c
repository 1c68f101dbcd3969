/* report_read_stream.c - a report in a regular file read a value at a time (util/json_walk):
 * a run is a jansson value only while it is read into the report, so that reading 10^6 runs
 * takes about what they take as a gb_report, not ten times the file (jansson's tree of it).
 * The checks of each value are report_read.c's; anything unexpected here (a key twice,
 * "scenarios" before "schema_version", bad JSON) is left to the whole-tree reader, which
 * reads the file as before or says what is wrong, with its position. */
#include <stdlib.h>
#include <string.h>

#include "util/json_walk.h"
#include "report/report_read_parts.h"

/* The runs of scenario path, each read into r; the first kept (new reference) in *first_run:
 * the thread names of a configuration without them come from it. 0, or -1. */
static int read_runs(gb_json_walk *w, reader *rd, const char *path, gb_result *r,
                     json_t **first_run)
{
    int first = 1, more;
    size_t j = 0;

    if (gb_json_walk_enter(w, '[') != 0)
        return -1;
    while ((more = gb_json_walk_item(w, &first)) == 1) {
        json_t *run = gb_json_walk_value(w);
        char rp[256];
        int rc;

        if (!run)
            return -1;
        snprintf(rp, sizeof rp, "%s.runs[%zu]", path, j);
        if (j++ == 0)
            *first_run = json_incref(run);
        rc = gb_report_read_run(rd, run, rp, r);
        json_decref(run);
        if (rc != 0)
            return -1;
    }
    return more;
}

/* Scenario i: its keys but "runs" as values, its runs one at a time. 0, or -1. */
static int read_one(gb_json_walk *w, reader *rd, size_t i, gb_scenario *s, gb_result *r)
{
    json_t *o = json_object(), *first_run = NULL;
    char key[64], path[64];
    int first = 1, more = -1, runs_seen = 0, rc = -1;

    snprintf(path, sizeof path, "scenarios[%zu]", i);
    if (!o || gb_json_walk_enter(w, '{') != 0)
        goto done;
    while ((more = gb_json_walk_key(w, &first, key, sizeof key)) == 1) {
        json_t *v;

        if (strcmp(key, "runs") == 0) {
            if (runs_seen++ || read_runs(w, rd, path, r, &first_run) != 0)
                goto done;
            continue;
        }
        v = gb_json_walk_value(w);
        if (!v || json_object_get(o, key) || json_object_set_new(o, key, v) != 0) {
            json_decref(v);
            goto done;
        }
    }
    if (more != 0 || !runs_seen ||
        json_object_set_new(o, "runs", first_run ? json_pack("[O]", first_run) : json_array()))
        goto done;
    rc = gb_report_read_scenario(rd, o, path, s, r);
done:
    json_decref(first_run);
    json_decref(o);
    return rc;
}

/* The scenarios, each appended to out. 0, or -1. */
static int read_scenarios(gb_json_walk *w, reader *rd, gb_loaded_report *out)
{
    int first = 1, more;
    size_t cap = 0;

    if (gb_json_walk_enter(w, '[') != 0)
        return -1;
    while ((more = gb_json_walk_item(w, &first)) == 1) {
        size_t i = out->rep.nresults;
        gb_scenario *s;

        if (i == cap) {
            size_t want = cap ? 2 * cap : 16;
            gb_result *results = realloc(out->rep.results, want * sizeof *results);
            gb_scenario **scenarios;

            if (!results)
                return -1;
            out->rep.results = results; /* a slot zeroed when used: the rest is never touched */
            scenarios = realloc(out->scenarios, want * sizeof *scenarios);
            if (!scenarios)
                return -1;
            out->scenarios = scenarios;
            cap = want;
        }
        if (!(s = calloc(1, sizeof *s)))
            return -1;
        out->scenarios[out->nscenarios++] = s;
        memset(&out->rep.results[i], 0, sizeof out->rep.results[i]);
        gb_result_start(&out->rep.results[i], s);
        out->rep.nresults = i + 1;
        if (read_one(w, rd, i, s, &out->rep.results[i]) != 0)
            return -1;
    }
    return more;
}

int gb_report_read_streamed(const char *path, int lean, gb_loaded_report *out)
{
    gb_json_walk w;
    gb_error ignored; /* a failure here is said by the whole-tree reader */
    reader rd = {NULL, path, &ignored, lean};
    char key[64];
    int first = 1, more = -1, version = 0, scenarios = 0, rc = -1;

    memset(out, 0, sizeof *out);
    if (gb_json_walk_open(&w, path, GB_REPORT_MAX_BYTES) != 0)
        return -1;
    if (gb_json_walk_enter(&w, '{') != 0)
        goto done;
    while ((more = gb_json_walk_key(&w, &first, key, sizeof key)) == 1) {
        json_t *v;

        if (strcmp(key, "scenarios") == 0) {
            if (!version || scenarios++ || read_scenarios(&w, &rd, out) != 0)
                goto done;
            continue;
        }
        if (!(v = gb_json_walk_value(&w)))
            goto done;
        if (strcmp(key, "schema_version") == 0) {
            json_int_t n = json_integer_value(v);

            if (version++ || !json_is_integer(v) || n < 1 || n > GB_REPORT_READ_SCHEMA) {
                json_decref(v);
                goto done;
            }
        } else if (strcmp(key, "metadata") == 0) {
            if (out->rep.metadata) {
                json_decref(v);
                goto done;
            }
            out->rep.metadata = json_is_object(v) ? json_incref(v) : json_object();
        }
        json_decref(v);
    }
    if (more != 0 || !scenarios || gb_json_walk_end(&w) != 0)
        goto done;
    if (!out->rep.metadata && !(out->rep.metadata = json_object()))
        goto done;
    rc = 0;
done:
    gb_json_walk_close(&w);
    if (rc != 0)
        gb_loaded_report_clear(out);
    return rc;
}
