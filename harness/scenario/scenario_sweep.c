/* scenario_sweep.c - the "sweep" of a scenario file: its parameters and their lists of
 * values checked, the command line's --set of a parameter (one value instead of the list),
 * and the product of the lists as points, each an object of parameter: value in the file's
 * order, named "base[k=v,k2=v2]", made one at a time from its number (a worker makes only
 * its own). Loading each point is scenario.c's. */
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

/* An order of values that agrees with json_equal (a number or a string: value_ok): by type,
 * then by value; equal values by their place in the list. */
typedef struct ranked {
    json_t *v;
    size_t at;
} ranked;

static int value_cmp(json_t *a, json_t *b)
{
    if (json_typeof(a) != json_typeof(b))
        return (int)json_typeof(a) - (int)json_typeof(b);
    if (json_is_integer(a))
        return (json_integer_value(a) > json_integer_value(b)) -
               (json_integer_value(a) < json_integer_value(b));
    if (json_is_real(a))
        return (json_real_value(a) > json_real_value(b)) -
               (json_real_value(a) < json_real_value(b));
    return strcmp(json_string_value(a), json_string_value(b));
}

static int ranked_cmp(const void *x, const void *y)
{
    const ranked *a = x, *b = y;
    int c = value_cmp(a->v, b->v);

    return c ? c : (a->at > b->at) - (a->at < b->at);
}

/* The first of list[0..n-1] that an earlier one equals, into *dup, and the first such
 * earlier one into *first; *dup = n when none. Sorted, not compared pair by pair: a sweep of
 * 10^4 values took half a second, in every worker. -1 without memory. */
static int find_duplicate(json_t *list, size_t n, size_t *dup, size_t *first)
{
    ranked *r = malloc((n ? n : 1) * sizeof *r);

    *dup = n;
    if (!r)
        return -1;
    for (size_t i = 0; i < n; i++)
        r[i] = (ranked){json_array_get(list, i), i};
    qsort(r, n, sizeof *r, ranked_cmp);
    for (size_t i = 1; i < n; i++)
        if (value_cmp(r[i - 1].v, r[i].v) == 0 && (i < 2 || value_cmp(r[i - 2].v, r[i].v) != 0) &&
            r[i].at < *dup) {
            *dup = r[i].at; /* the second of its group: the first the check in order meets */
            *first = r[i - 1].at;
        }
    free(r);
    return 0;
}

/* Check one parameter's list; the values to sweep (new reference) in *out: the list, or
 * the one value --set gives the parameter. */
static int check_values(gb_loader *L, const gb_overrides *ov, const char *key, json_t *list,
                        json_t **out)
{
    char p[300], ip[340];
    size_t bad, dup, first = 0;
    json_t *v;

    snprintf(p, sizeof p, "sweep.%s", key);
    if (!json_is_array(list) || json_array_size(list) == 0)
        return gb_loader_fail_expected(L, p, list, "a non-empty array of values");
    /* the first value that is wrong, or equal to one before it, is reported */
    for (bad = 0; bad < json_array_size(list) && value_ok(json_array_get(list, bad)); bad++)
        ;
    if (find_duplicate(list, bad, &dup, &first) != 0)
        return gb_loader_fail(L, p, GB_LOCATE_VALUE, "out of memory");
    if (dup < bad) {
        snprintf(ip, sizeof ip, "%s[%zu]", p, dup);
        return gb_loader_fail(L, ip, GB_LOCATE_VALUE, "the value is already at [%zu]", first);
    }
    if (bad < json_array_size(list)) {
        snprintf(ip, sizeof ip, "%s[%zu]", p, bad);
        return gb_loader_fail_expected(L, ip, json_array_get(list, bad),
                                       "a number or a string of letters, digits and + - _ . only");
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

int gb_loader_sweep(gb_loader *L, json_t *root, const gb_overrides *ov, json_t **lists_out,
                    size_t *npoints)
{
    json_t *sweep = json_object_get(root, "sweep"), *vars = json_object_get(root, "vars");
    json_t *lists, *v;
    const char *key;
    size_t total = 1;

    *lists_out = NULL;
    *npoints = 0;
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
    *lists_out = lists;
    *npoints = total;
    return 0;
}

json_t *gb_sweep_point(json_t *lists, size_t index)
{
    size_t nkeys = json_object_size(lists), k = 0;
    json_t *point = json_object(), **values = calloc(nkeys ? nkeys : 1, sizeof *values);
    const char **keys = calloc(nkeys ? nkeys : 1, sizeof *keys);
    const char *key;
    json_t *v;

    if (!point || !values || !keys) {
        json_decref(point);
        point = NULL;
        goto done;
    }
    json_object_foreach(lists, key, v)
    {
        keys[k] = key;
        values[k++] = v;
    }
    /* an odometer read at index: the last parameter turns fastest, the first slowest */
    for (k = nkeys; k-- > 0;) {
        size_t len = json_array_size(values[k]);

        values[k] = json_array_get(values[k], index % len);
        index /= len;
    }
    for (k = 0; k < nkeys; k++)
        if (json_object_set(point, keys[k], values[k]) != 0) {
            json_decref(point);
            point = NULL;
            break;
        }
done:
    free(values);
    free(keys);
    return point;
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
