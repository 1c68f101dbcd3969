/* scenario_vars.c - the variables of a scenario file: "vars", the command line's --set,
 * and the substitution of "$name" strings (with "$$" for a literal "$") in arguments.
 * Where variables may appear is decided by the callers (scenario_thread.c). */
#include <stdlib.h>
#include <string.h>

#include "scenario_load.h"
#include "suggest.h"

int gb_loader_vars(gb_loader *L, json_t *root, const gb_overrides *ov)
{
    json_t *vars = json_object_get(root, "vars");
    const char *key;
    json_t *v;

    L->vars = json_object();
    if (vars) {
        if (!json_is_object(vars))
            return gb_loader_fail_expected(L, "vars", vars, "an object of name: value");
        json_object_foreach(vars, key, v)
        {
            char p[300];

            snprintf(p, sizeof p, "vars.%s", key);
            if (json_is_object(v) || json_is_array(v) || json_is_null(v))
                return gb_loader_fail_expected(L, p, v, "a number, a string or a boolean");
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
int gb_loader_substitute(gb_loader *L, json_t *v, const char *path, json_t **out)
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
                    return gb_loader_fail(L, path, GB_LOCATE_VALUE,
                                          "unknown variable %s; did you mean %s?",
                                          gb_loader_quoted(s, qs, sizeof qs),
                                          gb_loader_quoted(dollar, qh, sizeof qh));
                }
                return gb_loader_fail(L, path, GB_LOCATE_VALUE,
                                      "unknown variable %s (declare it in \"vars\"; write \"$$\" "
                                      "for a literal \"$\")",
                                      gb_loader_quoted(s, qs, sizeof qs));
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
            if (gb_loader_substitute(L, item, p, &sub) != 0) {
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
            if (gb_loader_substitute(L, item, p, &sub) != 0) {
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
