/* scenario_config.c - the "config" object of a scenario as reports keep it (docs/report.md):
 * every resolved value, the threads, the command, the expectations; text that is not UTF-8
 * kept readable (gb_json_text). Loading is scenario.c's; this only writes what was loaded,
 * or gives back (and sets a name in) the config a report kept, held as compact JSON text. */
#include "scenario/scenario_load.h"

#include <math.h>

#include "scenario/procspec.h"
#include "scenario/workloads.h"
#include "util/json_text.h"

static json_t *number_or_null(double v)
{
    return isnan(v) ? json_null() : json_real(v);
}

static json_t *string_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

/* a thread's arguments (a new reference): an empty array or object for a thread read from a
 * report, which keeps none */
static json_t *args_or_empty(json_t *v, int object)
{
    return v ? json_incref(v) : object ? json_object() : json_array();
}

json_t *gb_scenario_config(const gb_scenario *s)
{
    json_t *threads, *cfg, *vars;

    if (s->config) /* read from a report: as it was */
        return json_loads(s->config, JSON_ALLOW_NUL, NULL);
    vars = s->vars ? s->vars : json_object();
    threads = json_array();

    for (size_t i = 0; i < s->nthreads; i++) {
        const gb_thread_spec *t = &s->threads[i];
        json_t *o = json_pack("{s:s}", "name", t->label);

        if (t->kind == GB_THREAD_WORKLOAD) {
            const gb_workload *w = t->workload ? gb_workload_find(t->workload) : NULL;

            json_object_set_new(o, "workload", string_or_null(t->workload));
            if (w && w->takes_gil)
                json_object_set_new(o, "gil", json_string(gb_gil_mode_name(t->gil)));
            json_object_set_new(o, "args", args_or_empty(t->args, 0));
        } else if (t->kind == GB_THREAD_CALL) {
            json_object_set_new(o, "call", json_string(t->call));
            json_object_set_new(o, "args", args_or_empty(t->args, 0));
            json_object_set_new(o, "kwargs", args_or_empty(t->kwargs, 1));
        } else {
            json_object_set_new(o, "python", gb_json_text(t->python));
        }
        json_array_append_new(threads, o);
    }
    /* the file name and the texts may not be valid UTF-8: gb_json_text keeps them readable */
    cfg = json_pack("{s:o,s:o,s:o,s:O,s:o,s:s,s:s,s:i,s:i,s:f,s:o,s:o,s:o}", "name",
                    gb_json_text(s->name), "description", gb_json_text(s->description), "file",
                    gb_json_text(s->file), "vars", vars, "threads", threads, "start",
                    gb_start_mode_name(s->start), "engine", gb_engine_name(s->engine), "runs",
                    s->runs, "warmup", s->warmup, "timeout", s->timeout, "setup",
                    gb_json_text(s->setup), "switch_interval", number_or_null(s->switch_interval),
                    "baseline", string_or_null(s->baseline));
    if (cfg) {
        json_t *path = json_array();

        for (size_t i = 0; i < s->npath; i++)
            json_array_append_new(path, gb_json_text(s->path[i]));
        json_object_set_new(cfg, "path", path);
        json_object_set_new(cfg, "max_runs", json_integer(s->max_runs));
        json_object_set_new(cfg, "precision", number_or_null(s->precision));
        json_object_set_new(cfg, "kind", json_string(s->command ? "command" : "threads"));
        if (s->command)
            json_object_set_new(cfg, "command", gb_proc_spec_json(s->command));
    }
    if (cfg)
        json_object_set_new(
            cfg, "expect",
            json_pack("{s:o,s:b,s:{s:o,s:o}}", "verdict",
                      s->expect.verdict ? json_string(gb_verdict_name(s->expect.verdict))
                                        : json_null(),
                      "crash", s->expect.crash, "ratio", "min", number_or_null(s->expect.ratio_min),
                      "max", number_or_null(s->expect.ratio_max)));
    if (cfg && s->measures != GB_MEASURE_BIT(GB_MEASURE_WALL)) { /* timed only: as before */
        json_t *m = json_array();

        for (int k = 0; k < GB_NMEASURES; k++)
            if (s->measures & GB_MEASURE_BIT(k))
                json_array_append_new(m, json_string(gb_measure_name((gb_measure)k)));
        json_object_set_new(cfg, "measure", m);
    }
    if (cfg && !isnan(s->expect.held_max))
        json_object_set_new(json_object_get(cfg, "expect"), "gil_held_share",
                            json_pack("{s:f}", "max", s->expect.held_max));
    if (!s->vars)
        json_decref(vars);
    return cfg;
}

int gb_scenario_config_set(gb_scenario *s, const char *key, const char *value)
{
    json_t *cfg;
    char *text;

    if (!s->config)
        return 0;
    cfg = json_loads(s->config, JSON_ALLOW_NUL, NULL);
    text = cfg && json_object_set_new(cfg, key, json_string(value)) == 0
               ? json_dumps(cfg, JSON_COMPACT)
               : NULL;
    json_decref(cfg);
    if (!text)
        return -1;
    free(s->config);
    s->config = text;
    return 0;
}
