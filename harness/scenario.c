/* scenario.c - a scenario file, read with jansson, checked key by key, resolved into a
 * gb_scenario (see scenario.h and docs/scenarios.md).
 *
 * Every problem is reported once, with the file, the line and column (found by
 * json_locate.c for a JSON path), what was expected and what was found, and the nearest
 * valid word for a typo. Nothing here runs Python; the workloads table is workloads.c's. */
#include "scenario.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "json_locate.h"
#include "suggest.h"
#include "workloads.h"

#define MAX_THREADS 64
#define MAX_RUNS 100000

/* The state of one load: the text for positions, where to put the error. */
typedef struct loader {
    const char *file;
    const char *text;
    gb_error *err;
    json_t *vars; /* resolved variables (owned) */
} loader;

static int fail_at(loader *L, const char *path, gb_locate_what what, const char *fmt, ...)
    GB_PRINTF(4, 5);

static int fail_at(loader *L, const char *path, gb_locate_what what, const char *fmt, ...)
{
    char msg[900], shown[256];
    int line = 0, column = 0;
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (gb_json_locate(L->text, path, what, &line, &column) != 0)
        line = column = 1; /* the text parsed, so this is not reached; 1:1 beats no place */
    snprintf(shown, sizeof shown, "%s", path);
    for (char *c = shown; *c; c++)
        if ((unsigned char)*c < 0x20)
            *c = '?'; /* a key may hold a tab or a newline: the error stays on one line */
    gb_error_set(L->err, L->file, line, column, shown, "%s", msg);
    return -1;
}

/* A short JSON rendering of v for "found ..." (strings keep their quotes). */
static void found(const json_t *v, char *buf, size_t size)
{
    char *s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);

    if (!s) {
        snprintf(buf, size, "?");
        return;
    }
    if (strlen(s) > 40) {
        size_t cut = 37;

        while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
            cut--; /* never split a UTF-8 character */
        snprintf(buf, size, "%.*s...", (int)cut, s);
    } else
        snprintf(buf, size, "%s", s);
    free(s);
}

/* s as a JSON string for a message: quoted, escaped (a tab or a newline in a key cannot
 * break the one-line error) and cut like found(). Returns buf. */
static const char *quoted(const char *s, char *buf, size_t size)
{
    json_t *j = json_string(s);

    if (j)
        found(j, buf, size);
    else
        snprintf(buf, size, "\"?\"");
    json_decref(j);
    return buf;
}

static const char *type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return "an object";
    case JSON_ARRAY:
        return "an array";
    case JSON_STRING:
        return "a string";
    case JSON_INTEGER:
        return "an integer";
    case JSON_REAL:
        return "a number";
    case JSON_TRUE:
    case JSON_FALSE:
        return "a boolean";
    case JSON_NULL:
        return "null";
    }
    return "a value";
}

/* "expected X, found Y" with Y rendered. */
static int fail_expected(loader *L, const char *path, const json_t *v, const char *expected)
{
    char f[64];

    found(v, f, sizeof f);
    return fail_at(L, path, GB_LOCATE_VALUE, "expected %s, found %s", expected, f);
}

/* Check obj's keys against allowed[]; the first unknown one is an error. */
static int check_keys(loader *L, const char *path, json_t *obj, const char *const *allowed,
                      size_t n)
{
    const char *key;
    json_t *v;

    json_object_foreach(obj, key, v)
    {
        int ok = 0;
        char kpath[300];
        const char *hint;

        for (size_t i = 0; i < n; i++)
            if (strcmp(key, allowed[i]) == 0)
                ok = 1;
        if (ok)
            continue;
        snprintf(kpath, sizeof kpath, "%s%s%s", path, path[0] ? "." : "", key);
        hint = gb_suggest(key, allowed, n);
        {
            int line = 0, column = 0;
            char where[300], qk[64];

            if (gb_json_locate(L->text, kpath, GB_LOCATE_KEY, &line, &column) != 0)
                line = column = 1;
            snprintf(where, sizeof where, "%s", path);
            if (hint)
                gb_error_set(L->err, L->file, line, column, where,
                             "unknown key %s; did you mean \"%s\"?", quoted(key, qk, sizeof qk),
                             hint);
            else
                gb_error_set(L->err, L->file, line, column, where, "unknown key %s",
                             quoted(key, qk, sizeof qk));
        }
        return -1;
    }
    return 0;
}

static int get_string(loader *L, json_t *obj, const char *key, const char *path, int required,
                      int nonempty, const char **out)
{
    json_t *v = json_object_get(obj, key);

    *out = NULL;
    if (!v) {
        if (required)
            return fail_at(L, path, GB_LOCATE_VALUE, "missing required key \"%s\"", key);
        return 0;
    }
    {
        char p[300];

        snprintf(p, sizeof p, "%s%s%s", path, path[0] ? "." : "", key);
        if (!json_is_string(v))
            return fail_expected(L, p, v, "a string");
        if (nonempty && json_string_length(v) == 0)
            return fail_at(L, p, GB_LOCATE_VALUE, "expected a non-empty string, found \"\"");
    }
    *out = json_string_value(v);
    return 0;
}

/* An enum: one of names[]; suggests the nearest. */
static int get_enum(loader *L, json_t *obj, const char *key, const char *const *names, size_t n,
                    int *out)
{
    json_t *v = json_object_get(obj, key);
    char expected[200] = "", f[64];
    const char *hint;

    if (!v)
        return 0;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(expected);

        snprintf(expected + len, sizeof expected - len, "%s\"%s\"",
                 i == 0 ? "" : (i + 1 == n ? " or " : ", "), names[i]);
        if (json_is_string(v) && strcmp(json_string_value(v), names[i]) == 0) {
            *out = (int)i;
            return 0;
        }
    }
    found(v, f, sizeof f);
    hint = json_is_string(v) ? gb_suggest(json_string_value(v), names, n) : NULL;
    if (hint)
        return fail_at(L, key, GB_LOCATE_VALUE, "expected %s, found %s; did you mean \"%s\"?",
                       expected, f, hint);
    return fail_at(L, key, GB_LOCATE_VALUE, "expected %s, found %s", expected, f);
}

static int get_int(loader *L, json_t *obj, const char *key, long min, long max, int *out)
{
    json_t *v = json_object_get(obj, key);
    char expected[96];

    if (!v)
        return 0;
    snprintf(expected, sizeof expected, "an integer from %ld to %ld", min, max);
    if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max)
        return fail_expected(L, key, v, expected);
    *out = (int)json_integer_value(v);
    return 0;
}

/* A number > min_exclusive and <= max (NAN = no upper bound). */
static int get_number(loader *L, json_t *obj, const char *path, const char *key,
                      double min_exclusive, double max, double *out)
{
    json_t *v = json_object_get(obj, key);
    char p[300], expected[96];

    if (!v)
        return 0;
    snprintf(p, sizeof p, "%s%s%s", path, path[0] ? "." : "", key);
    if (isnan(max))
        snprintf(expected, sizeof expected, "a number > %g", min_exclusive);
    else
        snprintf(expected, sizeof expected, "a number > %g and <= %g", min_exclusive, max);
    if (!json_is_number(v) || json_number_value(v) <= min_exclusive ||
        (!isnan(max) && json_number_value(v) > max))
        return fail_expected(L, p, v, expected);
    *out = json_number_value(v);
    return 0;
}

/* ---- variables ------------------------------------------------------------------ */

static int load_vars(loader *L, json_t *root, const gb_overrides *ov)
{
    json_t *vars = json_object_get(root, "vars");
    const char *key;
    json_t *v;

    L->vars = json_object();
    if (vars) {
        if (!json_is_object(vars))
            return fail_expected(L, "vars", vars, "an object of name: value");
        json_object_foreach(vars, key, v)
        {
            char p[300];

            snprintf(p, sizeof p, "vars.%s", key);
            if (json_is_object(v) || json_is_array(v) || json_is_null(v))
                return fail_expected(L, p, v, "a number, a string or a boolean");
            json_object_set(L->vars, key, v);
        }
    }
    for (size_t i = 0; ov && i < ov->nvars; i++) {
        const char *eq = strchr(ov->vars[i], '=');
        char name[128];
        json_t *value;

        if (!eq || eq == ov->vars[i] || (size_t)(eq - ov->vars[i]) >= sizeof name) {
            gb_error_set(L->err, NULL, 0, 0, NULL, "--set \"%s\": expected NAME=VALUE",
                         ov->vars[i]);
            return -1;
        }
        memcpy(name, ov->vars[i], (size_t)(eq - ov->vars[i]));
        name[eq - ov->vars[i]] = '\0';
        /* a file without this variable is not concerned: the run checks that some is */
        if (!json_object_get(L->vars, name))
            continue;
        value = json_loads(eq + 1, JSON_DECODE_ANY, NULL);
        if (!value || json_is_object(value) || json_is_array(value) || json_is_null(value)) {
            json_decref(value);
            value = json_string(eq + 1);
        }
        json_object_set_new(L->vars, name, value);
    }
    return 0;
}

/* Replace every "$name" string in v (a new reference is returned in *out). */
static int substitute(loader *L, json_t *v, const char *path, json_t **out)
{
    if (json_is_string(v)) {
        const char *s = json_string_value(v);

        if (s[0] == '$' && s[1] == '$') {
            *out = json_string(s + 1);
            return 0;
        }
        if (s[0] == '$') {
            json_t *value = json_object_get(L->vars, s + 1);

            if (!value) {
                const char *names[64];
                size_t n = 0;
                const char *key, *hint;
                json_t *x;
                char qs[64], qh[64], dollar[140];

                json_object_foreach(L->vars, key, x) if (n < 64) names[n++] = key;
                hint = gb_suggest(s + 1, names, n);
                if (hint) {
                    snprintf(dollar, sizeof dollar, "$%s", hint);
                    return fail_at(L, path, GB_LOCATE_VALUE,
                                   "unknown variable %s; did you mean %s?",
                                   quoted(s, qs, sizeof qs), quoted(dollar, qh, sizeof qh));
                }
                return fail_at(L, path, GB_LOCATE_VALUE,
                               "unknown variable %s (declare it in \"vars\"; write \"$$\" "
                               "for a literal \"$\")",
                               quoted(s, qs, sizeof qs));
            }
            *out = json_incref(value);
            return 0;
        }
        *out = json_incref(v);
        return 0;
    }
    if (json_is_array(v)) {
        json_t *copy = json_array(), *item, *sub;
        size_t i;

        json_array_foreach(v, i, item)
        {
            char p[300];

            snprintf(p, sizeof p, "%s[%zu]", path, i);
            if (substitute(L, item, p, &sub) != 0) {
                json_decref(copy);
                return -1;
            }
            json_array_append_new(copy, sub);
        }
        *out = copy;
        return 0;
    }
    if (json_is_object(v)) {
        json_t *copy = json_object(), *item, *sub;
        const char *key;

        json_object_foreach(v, key, item)
        {
            char p[300];

            snprintf(p, sizeof p, "%s.%s", path, key);
            if (substitute(L, item, p, &sub) != 0) {
                json_decref(copy);
                return -1;
            }
            json_object_set_new(copy, key, sub);
        }
        *out = copy;
        return 0;
    }
    *out = json_incref(v);
    return 0;
}

/* ---- threads --------------------------------------------------------------------- */

static const char *const thread_keys[] = {"workload", "gil",    "args", "kwargs",
                                          "call",     "python", "name", "comment"};

static const char *const gil_names[] = {"hold", "release"};

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
static int check_workload_args(loader *L, const gb_workload *w, json_t **args, const char *path)
{
    char p[300];

    snprintf(p, sizeof p, "%s.args", path);
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
                quoted(key, qk, sizeof qk);
                if (hint)
                    return fail_at(L, p, GB_LOCATE_VALUE,
                                   "%s has no argument %s; did you mean \"%s\"?", w->name, qk,
                                   hint);
                return fail_at(L, p, GB_LOCATE_VALUE, "%s has no argument %s", w->name, qk);
            }
        }
        for (size_t i = 0; i < w->nargs; i++) {
            v = json_object_get(*args, w->args[i].name);
            if (!v) {
                json_decref(arr);
                return fail_at(L, p, GB_LOCATE_VALUE, "%s needs the argument \"%s\"", w->name,
                               w->args[i].name);
            }
            json_array_append(arr, v);
        }
        json_decref(*args);
        *args = arr;
    }
    if (!json_is_array(*args))
        return fail_expected(L, p, *args, "an array of arguments");
    if (json_array_size(*args) != w->nargs) {
        char names[128] = "";

        for (size_t i = 0; i < w->nargs; i++) {
            size_t len = strlen(names);
            snprintf(names + len, sizeof names - len, "%s%s", i ? ", " : "", w->args[i].name);
        }
        return fail_at(L, p, GB_LOCATE_VALUE, "%s takes %zu argument%s%s%s%s, found %zu", w->name,
                       w->nargs, w->nargs == 1 ? "" : "s", w->nargs ? " (" : "", names,
                       w->nargs ? ")" : "", json_array_size(*args));
    }
    for (size_t i = 0; i < w->nargs; i++) {
        json_t *v = json_array_get(*args, i);
        const gb_workload_arg *a = &w->args[i];
        char ap[sizeof p + 32], expected[128];

        snprintf(ap, sizeof ap, "%s[%zu]", p, i);
        snprintf(expected, sizeof expected, "%s >= %g for %s",
                 a->type == GB_ARG_INT ? "an integer" : "a number", a->min, a->name);
        if ((a->type == GB_ARG_INT && !json_is_integer(v)) ||
            (a->type == GB_ARG_NUMBER && !json_is_number(v)) || json_number_value(v) < a->min)
            return fail_expected(L, ap, v, expected);
    }
    return 0;
}

static int load_thread(loader *L, json_t *t, size_t index, gb_thread_spec *spec)
{
    char path[64], p[96];
    const char *kinds[3] = {"workload", "call", "python"};
    int nkinds = 0;
    const char *label = NULL, *s;
    json_t *args, *kwargs;

    snprintf(path, sizeof path, "threads[%zu]", index);
    if (!json_is_object(t))
        return fail_expected(L, path, t, "an object with \"workload\", \"call\" or \"python\"");
    if (check_keys(L, path, t, thread_keys, sizeof thread_keys / sizeof thread_keys[0]) != 0)
        return -1;
    for (int i = 0; i < 3; i++)
        nkinds += json_object_get(t, kinds[i]) != NULL;
    if (nkinds != 1)
        return fail_at(L, path, GB_LOCATE_VALUE,
                       "expected exactly one of \"workload\", \"call\" or \"python\", found %s",
                       nkinds == 0 ? "none" : "more than one");
    if (get_string(L, t, "name", path, 0, 1, &label) != 0)
        return -1;
    if (label)
        spec->label = strdup(label);
    else {
        char def[32];
        snprintf(def, sizeof def, "t%zu", index + 1);
        spec->label = strdup(def);
    }

    args = json_object_get(t, "args");
    kwargs = json_object_get(t, "kwargs");
    if (json_object_get(t, "workload")) {
        const gb_workload *w;
        json_t *gil = json_object_get(t, "gil");

        spec->kind = GB_THREAD_WORKLOAD;
        if (get_string(L, t, "workload", path, 1, 1, &s) != 0)
            return -1;
        w = gb_workload_find(s);
        snprintf(p, sizeof p, "%s.workload", path);
        if (!w) {
            const char *names[16];
            const char *hint;
            size_t nnames = 0;
            char qs[64];

            for (size_t i = 0; i < gb_nworkloads && i < 16; i++)
                names[nnames++] = gb_workloads[i].name;
            hint = gb_suggest(s, names, nnames);
            if (hint)
                return fail_at(L, p, GB_LOCATE_VALUE, "unknown workload %s; did you mean \"%s\"?",
                               quoted(s, qs, sizeof qs), hint);
            return fail_at(L, p, GB_LOCATE_VALUE,
                           "unknown workload %s (gilbench workloads lists them)",
                           quoted(s, qs, sizeof qs));
        }
        spec->workload = strdup(w->name);
        snprintf(p, sizeof p, "%s.gil", path);
        if (w->takes_gil) {
            int g = 0;
            char f[64];
            const char *hint;

            if (!gil)
                return fail_at(L, path, GB_LOCATE_VALUE,
                               "missing required key \"gil\" (\"hold\" or \"release\")");
            for (g = 0; g < 2; g++)
                if (json_is_string(gil) && strcmp(json_string_value(gil), gil_names[g]) == 0)
                    break;
            if (g == 2) {
                found(gil, f, sizeof f);
                hint =
                    json_is_string(gil) ? gb_suggest(json_string_value(gil), gil_names, 2) : NULL;
                if (hint)
                    return fail_at(L, p, GB_LOCATE_VALUE,
                                   "expected \"hold\" or \"release\", found %s; did you mean "
                                   "\"%s\"?",
                                   f, hint);
                return fail_at(L, p, GB_LOCATE_VALUE, "expected \"hold\" or \"release\", found %s",
                               f);
            }
            spec->gil = g == 0 ? GB_GIL_HOLD : GB_GIL_RELEASE;
        } else if (gil) {
            return fail_at(L, p, GB_LOCATE_KEY, "%s takes no \"gil\": it %s", w->name, w->summary);
        }
        if (kwargs) {
            snprintf(p, sizeof p, "%s.kwargs", path);
            return fail_at(L, p, GB_LOCATE_KEY,
                           "a workload takes \"args\" (an array, or an object of named "
                           "arguments), not \"kwargs\"");
        }
        snprintf(p, sizeof p, "%s.args", path);
        if (args) {
            if (substitute(L, args, p, &spec->args) != 0)
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
        snprintf(p, sizeof p, "%s.gil", path);
        return fail_at(L, p, GB_LOCATE_KEY,
                       "\"gil\" applies to built-in workloads only: what a %s does with the GIL "
                       "is what gets measured",
                       json_object_get(t, "call") ? "called function" : "Python statement");
    }
    if (json_object_get(t, "call")) {
        spec->kind = GB_THREAD_CALL;
        if (get_string(L, t, "call", path, 1, 1, &s) != 0)
            return -1;
        snprintf(p, sizeof p, "%s.call", path);
        if (!is_call_spec(s)) {
            char qs[64];

            return fail_at(L, p, GB_LOCATE_VALUE,
                           "expected \"module:function\" (e.g. \"hashlib:sha256\" or "
                           "\"pkg.mod:Class.method\"), found %s",
                           quoted(s, qs, sizeof qs));
        }
        spec->call = strdup(s);
        snprintf(p, sizeof p, "%s.args", path);
        if (args && !json_is_array(args))
            return fail_expected(L, p, args, "an array of positional arguments");
        snprintf(p, sizeof p, "%s.kwargs", path);
        if (kwargs && !json_is_object(kwargs))
            return fail_expected(L, p, kwargs, "an object of keyword arguments");
        {
            json_t *empty_a = json_array(), *empty_k = json_object();
            int rc;

            snprintf(p, sizeof p, "%s.args", path);
            rc = substitute(L, args ? args : empty_a, p, &spec->args);
            snprintf(p, sizeof p, "%s.kwargs", path);
            if (rc == 0)
                rc = substitute(L, kwargs ? kwargs : empty_k, p, &spec->kwargs);
            json_decref(empty_a);
            json_decref(empty_k);
            return rc;
        }
    }
    spec->kind = GB_THREAD_PYTHON;
    if (get_string(L, t, "python", path, 1, 1, &s) != 0)
        return -1;
    if (args || kwargs) {
        snprintf(p, sizeof p, "%s.%s", path, args ? "args" : "kwargs");
        return fail_at(L, p, GB_LOCATE_KEY,
                       "a \"python\" thread takes no arguments: use the names set by \"setup\"");
    }
    spec->python = strdup(s);
    spec->args = json_array();
    spec->kwargs = json_object();
    return 0;
}

/* ---- the whole scenario ------------------------------------------------------------ */

static const char *const top_keys[] = {"name",    "description", "vars",     "threads",
                                       "start",   "engine",      "runs",     "warmup",
                                       "timeout", "setup",       "baseline", "switch_interval",
                                       "expect",  "comment",     "$schema"};

static const char *const start_names[] = {"sequential", "barrier"};
static const char *const engine_names[] = {"native", "threading"};
static const char *const verdict_names[] = {"none", "single", "parallel", "partial", "serial"};

static int name_is_valid(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && !strchr("+-_.[]=,", *s))
            return 0;
    return 1;
}

static char *default_name(const char *file)
{
    const char *base = strrchr(file, '/');
    size_t len;
    char *name;

    base = base ? base + 1 : file;
    len = strlen(base);
    if (len > 5 && strcmp(base + len - 5, ".json") == 0)
        len -= 5;
    name = malloc(len + 1);
    if (name) {
        memcpy(name, base, len);
        name[len] = '\0';
    }
    return name;
}

static int load_expect(loader *L, json_t *root, gb_scenario *s)
{
    static const char *const keys[] = {"verdict", "crash", "ratio", "comment"};
    static const char *const ratio_keys[] = {"min", "max"};
    json_t *x = json_object_get(root, "expect"), *v;

    s->expect.verdict = GB_VERDICT_NONE;
    s->expect.ratio_min = s->expect.ratio_max = NAN;
    if (!x)
        return 0;
    if (!json_is_object(x))
        return fail_expected(L, "expect", x, "an object");
    if (check_keys(L, "expect", x, keys, 4) != 0)
        return -1;
    if ((v = json_object_get(x, "verdict")) != NULL) {
        const char *const choices[] = {"single", "parallel", "partial", "serial"};
        char f[64];
        const char *hint;

        for (int i = 0; i < 4; i++)
            if (json_is_string(v) && strcmp(json_string_value(v), choices[i]) == 0)
                s->expect.verdict = (gb_verdict)(i + 1);
        if (s->expect.verdict == GB_VERDICT_NONE) {
            found(v, f, sizeof f);
            hint = json_is_string(v) ? gb_suggest(json_string_value(v), choices, 4) : NULL;
            return fail_at(L, "expect.verdict", GB_LOCATE_VALUE,
                           "expected \"single\", \"parallel\", \"partial\" or \"serial\", found "
                           "%s%s%s%s",
                           f, hint ? "; did you mean \"" : "", hint ? hint : "", hint ? "\"?" : "");
        }
    }
    if ((v = json_object_get(x, "crash")) != NULL) {
        if (!json_is_boolean(v))
            return fail_expected(L, "expect.crash", v, "true or false");
        s->expect.crash = json_is_true(v);
    }
    if ((v = json_object_get(x, "ratio")) != NULL) {
        if (!json_is_object(v))
            return fail_expected(L, "expect.ratio", v, "an object with \"min\" and/or \"max\"");
        if (check_keys(L, "expect.ratio", v, ratio_keys, 2) != 0)
            return -1;
        if (get_number(L, v, "expect.ratio", "min", 0, NAN, &s->expect.ratio_min) != 0 ||
            get_number(L, v, "expect.ratio", "max", 0, NAN, &s->expect.ratio_max) != 0)
            return -1;
        if (!json_object_get(v, "min") && !json_object_get(v, "max"))
            return fail_at(L, "expect.ratio", GB_LOCATE_VALUE,
                           "expected \"min\" and/or \"max\", found neither");
        if (!isnan(s->expect.ratio_min) && !isnan(s->expect.ratio_max) &&
            s->expect.ratio_min > s->expect.ratio_max)
            return fail_at(L, "expect.ratio", GB_LOCATE_VALUE, "min (%g) is larger than max (%g)",
                           s->expect.ratio_min, s->expect.ratio_max);
        if (!s->baseline)
            return fail_at(L, "expect.ratio", GB_LOCATE_KEY,
                           "a ratio needs a \"baseline\" scenario to compare with");
    }
    if (s->expect.crash && (s->expect.verdict != GB_VERDICT_NONE || json_object_get(x, "ratio")))
        return fail_at(L, "expect.crash", GB_LOCATE_KEY,
                       "a scenario expected to crash has no verdict or ratio to expect");
    return 0;
}

static json_t *number_or_null(double v)
{
    return isnan(v) ? json_null() : json_real(v);
}

static json_t *string_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *build_config(const gb_scenario *s, json_t *vars)
{
    json_t *threads = json_array();
    json_t *cfg;

    for (size_t i = 0; i < s->nthreads; i++) {
        const gb_thread_spec *t = &s->threads[i];
        json_t *o = json_pack("{s:s}", "name", t->label);

        if (t->kind == GB_THREAD_WORKLOAD) {
            json_object_set_new(o, "workload", json_string(t->workload));
            if (gb_workload_find(t->workload)->takes_gil)
                json_object_set_new(o, "gil", json_string(gb_gil_mode_name(t->gil)));
            json_object_set(o, "args", t->args);
        } else if (t->kind == GB_THREAD_CALL) {
            json_object_set_new(o, "call", json_string(t->call));
            json_object_set(o, "args", t->args);
            json_object_set(o, "kwargs", t->kwargs);
        } else {
            json_object_set_new(o, "python", gb_json_text(t->python));
        }
        json_array_append_new(threads, o);
    }
    /* the file name and the texts may not be valid UTF-8: gb_json_text keeps them readable */
    cfg = json_pack("{s:o,s:o,s:o,s:O,s:o,s:s,s:s,s:i,s:i,s:f,s:o,s:o,s:o}", "name",
                    gb_json_text(s->name), "description", gb_json_text(s->description), "file",
                    gb_json_text(s->file), "vars", vars, "threads",
                    threads, "start", gb_start_mode_name(s->start), "engine",
                    gb_engine_name(s->engine), "runs", s->runs, "warmup", s->warmup, "timeout",
                    s->timeout, "setup", gb_json_text(s->setup), "switch_interval",
                    number_or_null(s->switch_interval), "baseline", string_or_null(s->baseline));
    if (cfg) {
        json_object_set_new(cfg, "max_runs", json_integer(s->max_runs));
        json_object_set_new(cfg, "precision", number_or_null(s->precision));
    }
    if (cfg)
        json_object_set_new(
            cfg, "expect",
            json_pack("{s:o,s:b,s:{s:o,s:o}}", "verdict",
                      s->expect.verdict ? json_string(gb_verdict_name(s->expect.verdict))
                                        : json_null(),
                      "crash", s->expect.crash, "ratio", "min", number_or_null(s->expect.ratio_min),
                      "max", number_or_null(s->expect.ratio_max)));
    return cfg;
}

/* The command line's values obey the same bounds as the file's. */
static int check_overrides(loader *L, const gb_overrides *ov)
{
    if (!ov)
        return 0;
    if (ov->runs >= 0 && (ov->runs < 1 || ov->runs > MAX_RUNS)) {
        gb_error_set(L->err, NULL, 0, 0, NULL, "--runs: expected an integer from 1 to %d, found %d",
                     MAX_RUNS, ov->runs);
        return -1;
    }
    if (ov->warmup > MAX_RUNS) {
        gb_error_set(L->err, NULL, 0, 0, NULL,
                     "--warmup: expected an integer from 0 to %d, found %d", MAX_RUNS, ov->warmup);
        return -1;
    }
    if (isnan(ov->timeout) || ov->timeout == 0 || (ov->timeout > 0 && isinf(ov->timeout))) {
        gb_error_set(L->err, NULL, 0, 0, NULL,
                     "--timeout: expected a number of seconds > 0, found %g", ov->timeout);
        return -1;
    }
    return 0;
}

static int load_root(loader *L, json_t *root, const gb_overrides *ov, gb_scenario *s)
{
    json_t *threads, *t;
    const char *str;
    size_t i;
    int e;

    if (!json_is_object(root))
        return fail_at(L, "", GB_LOCATE_VALUE, "expected a JSON object with \"threads\", found %s",
                       type_name(root));
    if (check_keys(L, "", root, top_keys, sizeof top_keys / sizeof top_keys[0]) != 0)
        return -1;

    if (get_string(L, root, "name", "", 0, 1, &str) != 0)
        return -1;
    s->name = str ? strdup(str) : default_name(s->file);
    if (!name_is_valid(s->name)) {
        char qs[64];

        if (str)
            return fail_at(L, "name", GB_LOCATE_VALUE,
                           "expected letters, digits and + - _ . [ ] = , only, found %s",
                           quoted(str, qs, sizeof qs));
        return fail_at(L, "", GB_LOCATE_VALUE,
                       "the file name %s is not a valid scenario name: give a \"name\"",
                       quoted(s->name, qs, sizeof qs));
    }
    if (get_string(L, root, "description", "", 0, 0, &str) != 0)
        return -1;
    s->description = strdup(str ? str : "");
    if (load_vars(L, root, ov) != 0)
        return -1;

    threads = json_object_get(root, "threads");
    if (!threads)
        return fail_at(L, "", GB_LOCATE_VALUE, "missing required key \"threads\"");
    if (!json_is_array(threads))
        return fail_expected(L, "threads", threads, "an array of threads");
    if (json_array_size(threads) == 0 || json_array_size(threads) > MAX_THREADS)
        return fail_at(L, "threads", GB_LOCATE_VALUE, "expected 1 to %d threads, found %zu",
                       MAX_THREADS, json_array_size(threads));
    s->threads = calloc(json_array_size(threads), sizeof *s->threads);
    if (!s->threads)
        return fail_at(L, "", GB_LOCATE_VALUE, "out of memory");
    json_array_foreach(threads, i, t)
    {
        s->nthreads = i + 1;
        if (load_thread(L, t, i, &s->threads[i]) != 0)
            return -1;
    }

    e = 0;
    if (get_enum(L, root, "start", start_names, 2, &e) != 0)
        return -1;
    s->start = (gb_start_mode)e;
    e = 0;
    if (get_enum(L, root, "engine", engine_names, 2, &e) != 0)
        return -1;
    s->engine = (gb_engine)e;
    s->runs = GB_DEFAULT_RUNS;
    s->warmup = GB_DEFAULT_WARMUP;
    s->timeout = GB_DEFAULT_TIMEOUT;
    s->switch_interval = NAN;
    if (get_int(L, root, "runs", 1, MAX_RUNS, &s->runs) != 0 ||
        get_int(L, root, "warmup", 0, MAX_RUNS, &s->warmup) != 0 ||
        get_number(L, root, "", "timeout", 0, NAN, &s->timeout) != 0 ||
        get_number(L, root, "", "switch_interval", 0, 10, &s->switch_interval) != 0)
        return -1;
    if (get_string(L, root, "setup", "", 0, 0, &str) != 0)
        return -1;
    s->setup = str ? strdup(str) : NULL;
    if (get_string(L, root, "baseline", "", 0, 1, &str) != 0)
        return -1;
    if (str && strcmp(str, s->name) == 0)
        return fail_at(L, "baseline", GB_LOCATE_VALUE,
                       "a scenario cannot be its own baseline (\"%s\")", s->name);
    s->baseline = str ? strdup(str) : NULL;
    if (load_expect(L, root, s) != 0)
        return -1;

    if (check_overrides(L, ov) != 0)
        return -1;
    if (ov && ov->runs >= 0)
        s->runs = ov->runs;
    if (ov && ov->warmup >= 0)
        s->warmup = ov->warmup;
    if (ov && ov->timeout >= 0)
        s->timeout = ov->timeout;
    s->max_runs = s->runs;
    s->precision = NAN;
    if (ov && ov->precision > 0) {
        s->precision = ov->precision;
        if (ov->min_runs > 0)
            s->runs = ov->min_runs;
        s->max_runs = ov->max_runs > 0 ? ov->max_runs : 10 * s->runs;
        if (s->max_runs < s->runs) {
            gb_error_set(L->err, NULL, 0, 0, NULL,
                         "--max-runs (%d) is smaller than --min-runs (%d)", s->max_runs, s->runs);
            return -1;
        }
    }
    s->config = build_config(s, L->vars);
    if (!s->config)
        return fail_at(L, "", GB_LOCATE_VALUE, "out of memory");
    return 0;
}

gb_scenario *gb_scenario_parse(const char *text, const char *file, const gb_overrides *ov,
                               gb_error *err)
{
    json_error_t jerr;
    json_t *root;
    gb_scenario *s;
    loader L = {file, text, err, NULL};

    root = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        /* at the very end of a file jansson reports column 0: say 1, editors jump there */
        gb_error_set(err, file, jerr.line > 0 ? jerr.line : 1, jerr.column > 0 ? jerr.column : 1,
                     NULL, "invalid JSON: %s", jerr.text);
        return NULL;
    }
    s = calloc(1, sizeof *s);
    if (!s || !(s->file = strdup(file))) {
        free(s);
        json_decref(root);
        gb_error_set(err, file, 0, 0, NULL, "out of memory");
        return NULL;
    }
    if (load_root(&L, root, ov, s) != 0) {
        gb_scenario_free(s);
        s = NULL;
    }
    json_decref(L.vars);
    json_decref(root);
    return s;
}

/* The whole file as a NUL-terminated string (free it), or NULL with err. */
static char *read_text(const char *file, gb_error *err)
{
    FILE *f = fopen(file, "rb");
    char *text = NULL;
    size_t len = 0, cap = 0;
    const char *problem = NULL;

    if (!f) {
        gb_error_set(err, file, 0, 0, NULL, "cannot read: %s", strerror(errno));
        return NULL;
    }
    for (;;) {
        size_t n;

        if (len + 4096 + 1 > cap) {
            char *t;

            cap = cap ? cap * 2 : 8192;
            t = realloc(text, cap);
            if (!t) {
                problem = "out of memory";
                break;
            }
            text = t;
        }
        n = fread(text + len, 1, cap - len - 1, f);
        len += n;
        if (n == 0)
            break;
        if (len > (16u << 20)) {
            problem = "file is larger than 16 MiB: not a scenario";
            break;
        }
    }
    if (!problem && ferror(f))
        gb_error_set(err, file, 0, 0, NULL, "cannot read: %s", strerror(errno));
    else if (problem)
        gb_error_set(err, file, 0, 0, NULL, "%s", problem);
    else {
        text[len] = '\0';
        if (strlen(text) == len) {
            fclose(f);
            return text;
        }
        gb_error_set(err, file, 0, 0, NULL, "not a text file (it holds a NUL byte)");
    }
    free(text);
    fclose(f);
    return NULL;
}

gb_scenario *gb_scenario_load(const char *file, const gb_overrides *ov, gb_error *err)
{
    char *text = read_text(file, err);
    gb_scenario *s;

    if (!text)
        return NULL;
    s = gb_scenario_parse(text, file, ov, err);
    free(text);
    return s;
}

void gb_scenario_free(gb_scenario *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->nthreads; i++) {
        gb_thread_spec *t = &s->threads[i];

        free(t->label);
        free(t->workload);
        free(t->call);
        free(t->python);
        json_decref(t->args);
        json_decref(t->kwargs);
    }
    free(s->threads);
    free(s->file);
    free(s->name);
    free(s->description);
    free(s->setup);
    free(s->baseline);
    json_decref(s->config);
    free(s);
}

void gb_overrides_init(gb_overrides *ov)
{
    memset(ov, 0, sizeof *ov);
    ov->runs = -1;
    ov->warmup = -1;
    ov->timeout = -1;
    ov->min_runs = -1;
    ov->max_runs = -1;
    ov->precision = -1;
}

/* Where the "name" key of s's file is: its line and column, else 1:1 (the name came from
 * the file name, or the file can no longer be read). */
static void name_position(const gb_scenario *s, int *line, int *column)
{
    gb_error ignored;
    char *text = read_text(s->file, &ignored);
    json_t *root = text ? json_loads(text, 0, NULL) : NULL;

    *line = *column = 1;
    if (json_is_object(root) && json_object_get(root, "name") &&
        gb_json_locate(text, "name", GB_LOCATE_KEY, line, column) != 0)
        *line = *column = 1;
    json_decref(root);
    free(text);
}

int gb_scenarios_check_set(gb_scenario *const *list, size_t n, gb_error *err)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < i; j++)
            if (strcmp(list[i]->name, list[j]->name) == 0) {
                int line, column;

                name_position(list[i], &line, &column);
                gb_error_set(err, list[i]->file, line, column, "name",
                             "\"%s\" is also the name of %s: names must be unique in a run",
                             list[i]->name, list[j]->file);
                return -1;
            }
    return 0;
}

const char *gb_verdict_name(gb_verdict v)
{
    return (size_t)v < sizeof verdict_names / sizeof verdict_names[0] ? verdict_names[v] : "?";
}

int gb_verdict_parse(const char *s, gb_verdict *out)
{
    for (size_t i = 0; i < sizeof verdict_names / sizeof verdict_names[0]; i++)
        if (strcmp(s, verdict_names[i]) == 0) {
            *out = (gb_verdict)i;
            return 0;
        }
    return -1;
}

const char *gb_gil_mode_name(gb_gil_mode g)
{
    return g == GB_GIL_RELEASE ? "release" : "hold";
}

const char *gb_start_mode_name(gb_start_mode m)
{
    return start_names[m == GB_START_BARRIER];
}

const char *gb_engine_name(gb_engine e)
{
    return engine_names[e == GB_ENGINE_THREADING];
}
