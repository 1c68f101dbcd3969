/* scenario_sweep.c - the "sweep" of a scenario file: its parameters and their lists of
 * values checked, the command line's --set of a parameter (one value instead of the list),
 * and the product of the lists as points, each an object of parameter: value in the file's
 * order, named "base[k=v,k2=v2]". Loading each point is scenario.c's. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/scenario_load.h"

/* Parameter names are variable names; values become part of a scenario's name. */
static int word_ok(const char *s, const char *extra)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && !strchr(extra, *s))
            return 0;
    return 1;
}

/* --set NAME=VALUE of ov naming this parameter: its value (new reference), else NULL. */
static json_t *set_value(const gb_overrides *ov, const char *name)
{
    size_t len = strlen(name);
    json_t *v = NULL;

    for (size_t i = 0; ov && i < ov->nvars; i++)
        if (strncmp(ov->vars[i], name, len) == 0 && ov->vars[i][len] == '=') {
            json_decref(v); /* the last one counts, as for "vars" */
            v = json_loads(ov->vars[i] + len + 1, JSON_DECODE_ANY, NULL);
            if (!json_is_number(v) && !json_is_string(v)) {
                json_decref(v);
                v = json_string(ov->vars[i] + len + 1);
            }
        }
    return v;
}

/* A value that can be part of a scenario's name: a number, or a word. */
static int value_ok(json_t *v)
{
    char text[128];

    gb_sweep_value_text(v, text, sizeof text);
    return (json_is_number(v) || json_is_string(v)) && word_ok(text, "+-_.");
}

/* Check one parameter's list; the values to sweep (new reference) in *out: the list, or
 * the one value --set gives the parameter. */
static int check_values(gb_loader *L, const gb_overrides *ov, const char *key, json_t *list,
                        json_t **out)
{
    char p[300];
    size_t i;
    json_t *v;

    snprintf(p, sizeof p, "sweep.%s", key);
    if (!json_is_array(list) || json_array_size(list) == 0)
        return gb_loader_fail_expected(L, p, list, "a non-empty array of values");
    json_array_foreach(list, i, v)
    {
        char ip[340];

        snprintf(ip, sizeof ip, "%s[%zu]", p, i);
        if (!value_ok(v))
            return gb_loader_fail_expected(
                L, ip, v, "a number or a string of letters, digits and + - _ . only");
        for (size_t j = 0; j < i; j++)
            if (json_equal(json_array_get(list, j), v))
                return gb_loader_fail(L, ip, GB_LOCATE_VALUE, "the value is already at [%zu]", j);
    }
    if ((v = set_value(ov, key)) == NULL) {
        *out = json_incref(list);
        return 0;
    }
    if (!value_ok(v)) {
        json_decref(v);
        gb_error_set(L->err, NULL, 0, 0, NULL,
                     "--set %s=...: a sweep parameter takes a number or a string of letters, "
                     "digits and + - _ . only",
                     key);
        return -1;
    }
    *out = json_pack("[o]", v);
    return 0;
}

int gb_loader_sweep(gb_loader *L, json_t *root, const gb_overrides *ov, json_t **points)
{
    json_t *sweep = json_object_get(root, "sweep"), *vars = json_object_get(root, "vars");
    json_t *lists, *v;
    const char *key;
    size_t total = 1, *at, nkeys;

    *points = NULL;
    if (!json_is_object(sweep) || json_object_size(sweep) == 0)
        return gb_loader_fail_expected(L, "sweep", sweep,
                                       "an object of parameter: [value, ...], e.g. "
                                       "{\"threads\": [1, 2, 4]}");
    lists = json_object();
    json_object_foreach(sweep, key, v)
    {
        char p[300];
        json_t *values = NULL;

        snprintf(p, sizeof p, "sweep.%s", key);
        if (!word_ok(key, "_") || isdigit((unsigned char)key[0])) {
            json_decref(lists);
            return gb_loader_fail(L, p, GB_LOCATE_KEY,
                                  "a parameter is named like a variable: letters, digits and _");
        }
        if (json_is_object(vars) && json_object_get(vars, key)) {
            json_decref(lists);
            return gb_loader_fail(L, p, GB_LOCATE_KEY,
                                  "\"%s\" is also in \"vars\": a parameter is already a variable "
                                  "(\"$%s\"); remove one of them",
                                  key, key);
        }
        if (check_values(L, ov, key, v, &values) != 0) {
            json_decref(lists);
            return -1;
        }
        total *= json_array_size(values);
        json_object_set_new(lists, key, values);
        if (total >= GB_MAX_SWEEP_POINTS) {
            json_decref(lists);
            return gb_loader_fail(L, "sweep", GB_LOCATE_VALUE,
                                  "the product of the lists has %zu points or more: at most %d "
                                  "are run; sweep fewer values",
                                  total, GB_MAX_SWEEP_POINTS - 1);
        }
    }
    nkeys = json_object_size(lists);
    at = calloc(nkeys, sizeof *at);
    *points = json_array();
    if (!at || !*points) {
        free(at);
        json_decref(lists);
        return gb_loader_fail(L, "sweep", GB_LOCATE_VALUE, "out of memory");
    }
    /* an odometer: the last parameter turns fastest, the first slowest */
    for (size_t n = 0; n < total; n++) {
        json_t *point = json_object();
        size_t k = 0;

        json_object_foreach(lists, key, v) json_object_set(point, key, json_array_get(v, at[k++]));
        json_array_append_new(*points, point);
        for (size_t d = nkeys; d-- > 0;) {
            const char *dk = NULL;
            size_t idx = 0;

            json_object_foreach(lists, key, v) if (idx++ == d) dk = key;
            if (++at[d] < json_array_size(json_object_get(lists, dk)))
                break;
            at[d] = 0;
        }
    }
    free(at);
    json_decref(lists);
    return 0;
}

char *gb_sweep_point_name(const char *base, json_t *params)
{
    size_t cap = strlen(base) + 3, len;
    const char *key;
    json_t *v;
    char *name;

    json_object_foreach(params, key, v) cap += strlen(key) + 130;
    name = malloc(cap);
    if (!name)
        return NULL;
    len = (size_t)snprintf(name, cap, "%s[", base);
    json_object_foreach(params, key, v)
    {
        char text[128];

        gb_sweep_value_text(v, text, sizeof text);
        len += (size_t)snprintf(name + len, cap - len, "%s%s=%s", name[len - 1] == '[' ? "" : ",",
                                key, text);
    }
    snprintf(name + len, cap - len, "]");
    return name;
}

void gb_sweep_value_text(json_t *value, char *buf, size_t size)
{
    if (json_is_string(value))
        snprintf(buf, size, "%s", json_string_value(value));
    else if (json_is_integer(value))
        snprintf(buf, size, "%lld", (long long)json_integer_value(value));
    else if (json_is_real(value))
        snprintf(buf, size, "%g", json_real_value(value));
    else if (json_is_true(value) || json_is_false(value))
        snprintf(buf, size, "%s", json_is_true(value) ? "true" : "false");
    else
        snprintf(buf, size, "null");
}
