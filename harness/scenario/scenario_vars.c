/* scenario_vars.c - the variables of a scenario file: "vars", the command line's --set,
 * the substitution of "$name" strings (with "$$" for a literal "$") in arguments and single
 * values, and of "${name}" or "$name" inside a string ("call", "baseline"). Where variables
 * may appear is decided by the callers (scenario.c, scenario_thread.c). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/scenario_load.h"
#include "util/suggest.h"

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

/* "unknown variable" at path, with the nearest known name. Always returns -1. */
static int unknown_variable(gb_loader *L, const char *name, const char *path)
{
    const char *names[64];
    size_t n = 0;
    const char *key, *hint;
    json_t *x;
    char qs[64], qh[64], dollar[140];

    json_object_foreach(L->vars, key, x) if (n < 64) names[n++] = key;
    hint = gb_suggest(name, names, n);
    snprintf(dollar, sizeof dollar, "$%s", name);
    gb_loader_quoted(dollar, qs, sizeof qs);
    if (hint) {
        snprintf(dollar, sizeof dollar, "$%s", hint);
        return gb_loader_fail(L, path, GB_LOCATE_VALUE, "unknown variable %s; did you mean %s?", qs,
                              gb_loader_quoted(dollar, qh, sizeof qh));
    }
    return gb_loader_fail(L, path, GB_LOCATE_VALUE,
                          "unknown variable %s (declare it in \"vars\"%s; write \"$$\" for a "
                          "literal \"$\")",
                          qs, L->sweep ? " or \"sweep\"" : "");
}

int gb_loader_interpolate(gb_loader *L, const char *s, const char *path, char **out)
{
    size_t cap = strlen(s) + 1, len = 0;
    char *buf = malloc(cap);

    if (!buf)
        return gb_loader_fail(L, path, GB_LOCATE_VALUE, "out of memory");
    while (*s) {
        const char *name, *text;
        size_t nlen, skip, tlen;
        char key[128], num[64];
        json_t *value;

        if (s[0] != '$' || s[1] == '$') {
            text = s;
            tlen = 1;
            skip = s[0] == '$' ? 2 : 1; /* "$$" is one "$" */
        } else {
            int braced = s[1] == '{';

            name = s + 1 + braced;
            for (nlen = 0; isalnum((unsigned char)name[nlen]) || name[nlen] == '_'; nlen++)
                ;
            if (nlen == 0 || nlen >= sizeof key || (braced && name[nlen] != '}')) {
                char qs[64];

                free(buf);
                return gb_loader_fail(L, path, GB_LOCATE_VALUE,
                                      "expected a variable name after \"$\" (\"$name\" or "
                                      "\"${name}\"; \"$$\" for a literal \"$\"), found %s",
                                      gb_loader_quoted(s, qs, sizeof qs));
            }
            memcpy(key, name, nlen);
            key[nlen] = '\0';
            value = json_object_get(L->vars, key);
            if (!value) {
                free(buf);
                return unknown_variable(L, key, path);
            }
            if (json_is_string(value)) {
                text = json_string_value(value);
            } else if (json_is_integer(value)) {
                snprintf(num, sizeof num, "%lld", (long long)json_integer_value(value));
                text = num;
            } else if (json_is_real(value)) {
                snprintf(num, sizeof num, "%g", json_real_value(value));
                text = num;
            } else {
                free(buf);
                return gb_loader_fail(L, path, GB_LOCATE_VALUE,
                                      "the variable \"%s\" is a boolean: only strings and numbers "
                                      "go inside a string",
                                      key);
            }
            tlen = strlen(text);
            skip = 1 + (size_t)braced + nlen + (size_t)braced;
        }
        if (len + tlen + 1 > cap) {
            char *t;

            cap = 2 * (len + tlen + 1);
            t = realloc(buf, cap);
            if (!t) {
                free(buf);
                return gb_loader_fail(L, path, GB_LOCATE_VALUE, "out of memory");
            }
            buf = t;
        }
        memcpy(buf + len, text, tlen);
        len += tlen;
        s += skip;
    }
    buf[len] = '\0';
    *out = buf;
    return 0;
}

int gb_loader_resolve(gb_loader *L, json_t *obj, const char *key, const char *path, json_t **out)
{
    json_t *v = json_object_get(obj, key);
    char p[300];

    *out = NULL;
    if (!v)
        return 0;
    gb_loader_path(p, sizeof p, path, key);
    if (json_is_array(v) || json_is_object(v)) {
        *out = json_incref(v);
        return 0;
    }
    return gb_loader_substitute(L, v, p, out);
}

/* Replace every "$name" string in v (a new reference is returned in *out). */
int gb_loader_substitute(gb_loader *L, json_t *v, const char *path, json_t **out)
{
    if (json_is_string(v)) {
        const char *s = json_string_value(v);

        if (s[0] == '$' && s[1] == '$') {
            /* a literal: every "$$" is one "$" ("$$x" is "$x", "$$$$" is "$$") */
            size_t n = strlen(s), k = 0;
            char *lit = malloc(n + 1);

            for (size_t i = 0; lit && i < n; i++) {
                lit[k++] = s[i];
                i += s[i] == '$' && s[i + 1] == '$';
            }
            if (!lit)
                return gb_loader_fail(L, path, GB_LOCATE_VALUE, "out of memory");
            *out = json_stringn(lit, k);
            free(lit);
            return *out ? 0 : gb_loader_fail(L, path, GB_LOCATE_VALUE, "out of memory");
        }
        if (s[0] == '$') {
            json_t *value = json_object_get(L->vars, s + 1);

            if (!value)
                return unknown_variable(L, s + 1, path);
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

            gb_loader_index_path(p, sizeof p, path, i);
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

int gb_overrides_check_used(const gb_overrides *ov, gb_scenario *const *list, size_t n,
                            const char *option, gb_error *err)
{
    for (size_t i = 0; i < ov->nvars; i++) {
        size_t len = strcspn(ov->vars[i], "=");
        char name[128];
        const char *names[64], *hint;
        size_t nnames = 0;
        int used = 0;

        snprintf(name, sizeof name, "%.*s", (int)(len < 127 ? len : 127), ov->vars[i]);
        for (size_t j = 0; j < n && !used; j++)
            used = json_object_get(list[j]->vars, name) != NULL;
        if (used)
            continue;
        for (size_t j = 0; j < n; j++) {
            const char *key;
            json_t *v;

            json_object_foreach(list[j]->vars, key, v)
            {
                int dup = 0;
                for (size_t k = 0; k < nnames; k++)
                    dup |= strcmp(names[k], key) == 0;
                if (!dup && nnames < 64)
                    names[nnames++] = key;
            }
        }
        hint = gb_suggest(name, names, nnames);
        gb_error_set(err, NULL, 0, 0, NULL, "%s %s: no scenario has a variable \"%s\"%s%s%s",
                     option, ov->vars[i], name, hint ? "; did you mean \"" : "", hint ? hint : "",
                     hint ? "\"?" : "");
        return -1;
    }
    return 0;
}
