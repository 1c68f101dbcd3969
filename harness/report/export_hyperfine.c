/* export_hyperfine.c - the report in the layout hyperfine's --export-json writes, so that
 * hyperfine's analysis and plotting scripts read gilbench's results unchanged:
 * {"results": [{"command", "mean", "stddev", "median", "user", "system", "min", "max",
 * "times", "exit_codes"[, "parameters"]}]}, times in seconds. One result per scenario with
 * measured runs ("command" is the scenario's name); a scenario that has none (it crashed
 * before its first run) has no figures hyperfine could hold and is left out. The layout
 * is checked against the installed hyperfine by tests/integration/test_exports.sh. */
#include "report/export.h"
#include "util/json_text.h"

#include <math.h>
#include <stdlib.h>

#include "measure/sweep.h"

/* hyperfine writes a sweep's parameter values as strings: {"threads": "4"}. */
static json_t *parameters_of(const gb_result *r)
{
    char base[256];
    json_t *params, *out, *v;
    const char *key;

    if (gb_sweep_of(r, base, sizeof base, &params) != 0)
        return NULL;
    out = json_object();
    json_object_foreach(params, key, v)
    {
        char text[256];

        gb_sweep_value_text(v, text, sizeof text);
        json_object_set_new(out, key, gb_json_text(text));
    }
    json_decref(params);
    return out;
}

static json_t *result_json(const gb_result *r)
{
    json_t *times = json_array(), *codes = json_array(), *o, *params;
    const gb_scenario *s = r->scenario;

    if (!times || !codes)
        goto fail;
    for (size_t i = 0; i < r->nruns; i++) {
        if (r->runs[i].warmup)
            continue;
        /* each measured run completed: the worker died, if it did, after it */
        if (json_array_append_new(times, json_real((double)r->runs[i].wall_ns * 1e-9)) ||
            json_array_append_new(codes, json_integer(0)))
            goto fail;
    }
    o = json_pack("{s:o,s:f,s:o,s:f,s:f,s:f,s:f,s:f,s:o,s:o}", "command",
                  gb_json_text(s && s->name ? s->name : "?"), "mean", r->wall.mean, "stddev",
                  r->wall.n > 1 ? json_real(r->wall.stddev) : json_null(), "median", r->wall.median,
                  "user", r->user.mean, "system", r->sys.mean, "min", r->wall.min, "max",
                  r->wall.max, "times", times, "exit_codes", codes);
    if (o && (params = parameters_of(r)) != NULL)
        json_object_set_new(o, "parameters", params);
    return o;

fail:
    json_decref(times);
    json_decref(codes);
    return NULL;
}

/* Written a scenario at a time, byte for byte as the one document {"results": [...]}. */
int gb_export_hyperfine(const gb_report *rep, FILE *out, gb_error *err)
{
    int rc = fputs("{\n  \"results\": [", out) == EOF, nomem = 0;
    size_t written = 0;

    for (size_t i = 0; !rc && i < rep->nresults; i++) {
        json_t *o;

        if (rep->results[i].wall.n == 0)
            continue;
        o = result_json(&rep->results[i]);
        nomem = !o;
        rc = !o || fputs(written++ ? ",\n    " : "\n    ", out) == EOF ||
             gb_json_put(out, o, 2, JSON_INDENT(2) | JSON_REAL_PRECISION(12)) != 0;
    }
    if (rc || fputs(written ? "\n  ]\n}\n" : "]\n}\n", out) == EOF) {
        gb_error_set(err, NULL, 0, 0, NULL,
                     nomem ? "cannot build the hyperfine report: out of memory" : "write error");
        return -1;
    }
    return 0;
}
