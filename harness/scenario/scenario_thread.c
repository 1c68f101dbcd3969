/* scenario_thread.c - one thread of a scenario file: which of "workload", "call" or
 * "python" it is, the built-in workload's GIL mode and arguments (counted, typed, named
 * ones made positional), the callable's spec, and the thread's label. The table of
 * workloads is workloads.c's; the file as a whole is scenario.c's. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/scenario_load.h"
#include "util/suggest.h"
#include "scenario/workloads.h"

static const char *const thread_keys[] = {"workload", "gil",  "args",  "kwargs", "call",
                                          "python",   "name", "count", "comment"};

#define MAX_COUNT 64

static int is_call_spec(const char *s)
{
    const char *colon = strchr(s, ':');

    if (!colon || colon == s || !colon[1] || strchr(colon + 1, ':'))
        return 0;
    for (const char *p = s; *p; p++) {
        if (p == colon)
            continue;
        if (!(isalnum((unsigned char)*p) || *p == '_' || *p == '.'))
            return 0;
        if (*p == '.' &&
            (p == s || p[-1] == '.' || p[-1] == ':' || !p[1] || p[1] == '.' || p[1] == ':'))
            return 0;
    }
    return 1;
}

/* Check the workload's arguments (after substitution): count, types, minimums. */
static int check_workload_args(gb_loader *L, const gb_workload *w, json_t **args, const char *path)
{
    char p[300];

    gb_loader_path(p, sizeof p, path, "args");
    if (json_is_object(*args)) {
        json_t *arr = json_array();
        const char *key;
        json_t *v;

        json_object_foreach(*args, key, v)
        {
            const char *names[2];
            int ok = 0;

            for (size_t i = 0; i < w->nargs; i++) {
                names[i] = w->args[i].name;
                if (strcmp(key, w->args[i].name) == 0)
                    ok = 1;
            }
            if (!ok) {
                const char *hint = gb_suggest(key, names, w->nargs);
                char qk[64];

                json_decref(arr);
                gb_loader_quoted(key, qk, sizeof qk);
                if (hint)
                    return gb_loader_fail(L, p, GB_LOCATE_VALUE,
                                          "%s has no argument %s; did you mean \"%s\"?", w->name,
                                          qk, hint);
                return gb_loader_fail(L, p, GB_LOCATE_VALUE, "%s has no argument %s", w->name, qk);
            }
        }
        for (size_t i = 0; i < w->nargs; i++) {
            v = json_object_get(*args, w->args[i].name);
            if (!v) {
                json_decref(arr);
                return gb_loader_fail(L, p, GB_LOCATE_VALUE, "%s needs the argument \"%s\"",
                                      w->name, w->args[i].name);
            }
            json_array_append(arr, v);
        }
        json_decref(*args);
        *args = arr;
    }
    if (!json_is_array(*args))
        return gb_loader_fail_expected(L, p, *args, "an array of arguments");
    if (json_array_size(*args) != w->nargs) {
        char names[128] = "";

        for (size_t i = 0; i < w->nargs; i++) {
            size_t len = strlen(names);
            snprintf(names + len, sizeof names - len, "%s%s", i ? ", " : "", w->args[i].name);
        }
        return gb_loader_fail(L, p, GB_LOCATE_VALUE, "%s takes %zu argument%s%s%s%s, found %zu",
                              w->name, w->nargs, w->nargs == 1 ? "" : "s", w->nargs ? " (" : "",
                              names, w->nargs ? ")" : "", json_array_size(*args));
    }
    for (size_t i = 0; i < w->nargs; i++) {
        json_t *v = json_array_get(*args, i);
        const gb_workload_arg *a = &w->args[i];
        char ap[sizeof p + 32], expected[128];

        if ((a->type != GB_ARG_INT || json_is_integer(v)) &&
            (a->type != GB_ARG_NUMBER || json_is_number(v)) && json_number_value(v) >= a->min)
            continue;
        gb_loader_index_path(ap, sizeof ap, p, i);
        snprintf(expected, sizeof expected, "%s >= %g for %s",
                 a->type == GB_ARG_INT ? "an integer" : "a number", a->min, a->name);
        return gb_loader_fail_expected(L, ap, v, expected);
    }
    return 0;
}

int gb_loader_thread_count(gb_loader *L, json_t *t, size_t index, int *count)
{
    char path[64];
    json_t *v;
    int rc;

    *count = 1;
    if (!json_is_object(t))
        return 0; /* gb_loader_thread says what is wrong */
    gb_loader_index_path(path, sizeof path, "threads", index);
    if (gb_loader_resolve(L, t, "count", path, &v) != 0)
        return -1;
    if (!v)
        return 0;
    rc = 0;
    if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > MAX_COUNT) {
        char p[96], expected[64];

        gb_loader_path(p, sizeof p, path, "count");
        snprintf(expected, sizeof expected, "an integer from 1 to %d", MAX_COUNT);
        rc = gb_loader_fail_expected(L, p, v, expected);
    } else {
        *count = (int)json_integer_value(v);
    }
    json_decref(v);
    return rc;
}

/* threads[index].gil resolved: 0 hold, 1 release, or -1 after an error. */
static int thread_gil(gb_loader *L, json_t *gil, const char *p)
{
    char f[64];
    const char *hint;

    for (int g = 0; g < 2; g++)
        if (json_is_string(gil) && strcmp(json_string_value(gil), gb_gil_mode_names[g]) == 0)
            return g;
    gb_loader_found(gil, f, sizeof f);
    hint = json_is_string(gil) ? gb_suggest(json_string_value(gil), gb_gil_mode_names, 2) : NULL;
    if (hint)
        return gb_loader_fail(L, p, GB_LOCATE_VALUE,
                              "expected \"hold\" or \"release\", found %s; did you mean \"%s\"?", f,
                              hint);
    return gb_loader_fail(L, p, GB_LOCATE_VALUE, "expected \"hold\" or \"release\", found %s", f);
}

int gb_loader_thread(gb_loader *L, json_t *t, size_t index, int copy, size_t label_index,
                     gb_thread_spec *spec)
{
    char path[64], p[96];
    const char *kinds[3] = {"workload", "call", "python"};
    int nkinds = 0;
    const char *label = NULL, *s;
    json_t *args, *kwargs;

    gb_loader_index_path(path, sizeof path, "threads", index);
    if (!json_is_object(t))
        return gb_loader_fail_expected(L, path, t,
                                       "an object with \"workload\", \"call\" or \"python\"");
    if (gb_loader_check_keys(L, path, t, thread_keys, sizeof thread_keys / sizeof thread_keys[0]) !=
        0)
        return -1;
    for (int i = 0; i < 3; i++)
        nkinds += json_object_get(t, kinds[i]) != NULL;
    if (nkinds != 1)
        return gb_loader_fail(
            L, path, GB_LOCATE_VALUE,
            "expected exactly one of \"workload\", \"call\" or \"python\", found %s",
            nkinds == 0 ? "none" : "more than one");
    if (gb_loader_string(L, t, "name", path, 0, 1, &label) != 0)
        return -1;
    {
        char def[300];

        if (label && copy)
            snprintf(def, sizeof def, "%s%d", label, copy); /* "io1", "io2"... */
        else if (label)
            snprintf(def, sizeof def, "%s", label);
        else
            snprintf(def, sizeof def, "t%zu", label_index + 1);
        spec->label = strdup(def);
    }

    args = json_object_get(t, "args");
    kwargs = json_object_get(t, "kwargs");
    if (json_object_get(t, "workload")) {
        const gb_workload *w;
        json_t *gil = json_object_get(t, "gil");

        spec->kind = GB_THREAD_WORKLOAD;
        if (gb_loader_string(L, t, "workload", path, 1, 1, &s) != 0)
            return -1;
        w = gb_workload_find(s);
        gb_loader_path(p, sizeof p, path, "workload");
        if (!w) {
            const char *names[16];
            const char *hint;
            size_t nnames = 0;
            char qs[64];

            for (size_t i = 0; i < gb_nworkloads && i < 16; i++)
                names[nnames++] = gb_workloads[i].name;
            hint = gb_suggest(s, names, nnames);
            if (hint)
                return gb_loader_fail(L, p, GB_LOCATE_VALUE,
                                      "unknown workload %s; did you mean \"%s\"?",
                                      gb_loader_quoted(s, qs, sizeof qs), hint);
            return gb_loader_fail(L, p, GB_LOCATE_VALUE,
                                  "unknown workload %s (gilbench workloads lists them)",
                                  gb_loader_quoted(s, qs, sizeof qs));
        }
        spec->workload = strdup(w->name);
        gb_loader_path(p, sizeof p, path, "gil");
        if (w->takes_gil) {
            json_t *value;
            int g;

            if (!gil)
                return gb_loader_fail(L, path, GB_LOCATE_VALUE,
                                      "missing required key \"gil\" (\"hold\" or \"release\")");
            if (gb_loader_substitute(L, gil, p, &value) != 0)
                return -1;
            g = thread_gil(L, value, p);
            json_decref(value);
            if (g < 0)
                return -1;
            spec->gil = g == 0 ? GB_GIL_HOLD : GB_GIL_RELEASE;
        } else if (gil) {
            return gb_loader_fail(L, p, GB_LOCATE_KEY, "%s takes no \"gil\": it %s", w->name,
                                  w->summary);
        }
        if (kwargs) {
            gb_loader_path(p, sizeof p, path, "kwargs");
            return gb_loader_fail(L, p, GB_LOCATE_KEY,
                                  "a workload takes \"args\" (an array, or an object of named "
                                  "arguments), not \"kwargs\"");
        }
        gb_loader_path(p, sizeof p, path, "args");
        if (args) {
            if (gb_loader_substitute(L, args, p, &spec->args) != 0)
                return -1;
        } else {
            spec->args = json_array();
        }
        if (check_workload_args(L, w, &spec->args, path) != 0)
            return -1;
        spec->kwargs = json_object();
        return 0;
    }

    if (json_object_get(t, "gil")) {
        gb_loader_path(p, sizeof p, path, "gil");
        return gb_loader_fail(
            L, p, GB_LOCATE_KEY,
            "\"gil\" applies to built-in workloads only: what a %s does with the GIL "
            "is what gets measured",
            json_object_get(t, "call") ? "called function" : "Python statement");
    }
    if (json_object_get(t, "call")) {
        spec->kind = GB_THREAD_CALL;
        if (gb_loader_string(L, t, "call", path, 1, 1, &s) != 0)
            return -1;
        gb_loader_path(p, sizeof p, path, "call");
        if (gb_loader_interpolate(L, s, p, &spec->call) != 0)
            return -1;
        if (!is_call_spec(spec->call)) {
            char qs[64];

            return gb_loader_fail(L, p, GB_LOCATE_VALUE,
                                  "expected \"module:function\" (e.g. \"hashlib:sha256\", "
                                  "\"pkg.mod:Class.method\" or \"setup:name\"), found %s",
                                  gb_loader_quoted(spec->call, qs, sizeof qs));
        }
        gb_loader_path(p, sizeof p, path, "args");
        if (args && !json_is_array(args))
            return gb_loader_fail_expected(L, p, args, "an array of positional arguments");
        gb_loader_path(p, sizeof p, path, "kwargs");
        if (kwargs && !json_is_object(kwargs))
            return gb_loader_fail_expected(L, p, kwargs, "an object of keyword arguments");
        {
            json_t *empty_a = json_array(), *empty_k = json_object();
            int rc;

            gb_loader_path(p, sizeof p, path, "args");
            rc = gb_loader_substitute(L, args ? args : empty_a, p, &spec->args);
            gb_loader_path(p, sizeof p, path, "kwargs");
            if (rc == 0)
                rc = gb_loader_substitute(L, kwargs ? kwargs : empty_k, p, &spec->kwargs);
            json_decref(empty_a);
            json_decref(empty_k);
            return rc;
        }
    }
    spec->kind = GB_THREAD_PYTHON;
    if (gb_loader_string(L, t, "python", path, 1, 1, &s) != 0)
        return -1;
    if (args || kwargs) {
        snprintf(p, sizeof p, "%s.%s", path, args ? "args" : "kwargs");
        return gb_loader_fail(
            L, p, GB_LOCATE_KEY,
            "a \"python\" thread takes no arguments: use the names set by \"setup\"");
    }
    spec->python = strdup(s);
    spec->args = json_array();
    spec->kwargs = json_object();
    return 0;
}
