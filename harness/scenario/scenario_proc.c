/* scenario_proc.c - the keys of a scenario of "kind": "command" (see procspec.h and
 * docs/scenarios.md): which top-level keys it takes and which it refuses (threads, a
 * verdict: there are none in a whole process), the command as an argv or a shell line,
 * prepare, cwd, env and ignore_failure, with "$var" substituted. The rest of the file
 * (name, runs, baseline, expect...) is scenario.c's, as for any scenario. */
#include "scenario/scenario_load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/procspec.h"

static const char *const kind_names[] = {"threads", "command"};

static const char *const command_keys[] = {
    "name",    "description", "kind",   "vars",           "command", "shell",
    "prepare", "cwd",         "env",    "ignore_failure", "runs",    "warmup",
    "timeout", "baseline",    "expect", "sweep",          "comment", "$schema"};

/* Keys of the in-process kind that mean nothing for a whole process. */
static const char *const thread_only_keys[] = {"threads", "start",           "engine",
                                               "setup",   "switch_interval", "path"};

int gb_loader_kind(gb_loader *L, json_t *root, gb_scenario_kind *kind)
{
    int e = 0;

    if (gb_loader_enum(L, root, "kind", kind_names, 2, &e) != 0)
        return -1;
    *kind = (gb_scenario_kind)e;
    if (*kind == GB_SCENARIO_THREADS)
        for (const char *const *k = (const char *const[]){"command", "shell", NULL}; *k; k++)
            if (json_object_get(root, *k))
                return gb_loader_fail(L, *k, GB_LOCATE_KEY,
                                      "\"%s\" belongs to a scenario of \"kind\": \"command\"", *k);
    return 0;
}

int gb_loader_command_keys(gb_loader *L, json_t *root)
{
    json_t *x = json_object_get(root, "expect");

    for (size_t i = 0; i < sizeof thread_only_keys / sizeof thread_only_keys[0]; i++)
        if (json_object_get(root, thread_only_keys[i]))
            return gb_loader_fail(L, thread_only_keys[i], GB_LOCATE_KEY,
                                  "\"%s\" does not apply to a command scenario: hyperfine times "
                                  "the whole process",
                                  thread_only_keys[i]);
    if (json_is_object(x))
        for (const char *const *k =
                 (const char *const[]){"verdict", "crash", "gil_held_share", NULL};
             *k; k++)
            if (json_object_get(x, *k)) {
                char p[32];

                snprintf(p, sizeof p, "expect.%s", *k);
                return gb_loader_fail(L, p, GB_LOCATE_KEY,
                                      "a command scenario has no threads, so no %s to expect; "
                                      "only \"ratio\"",
                                      *k);
            }
    return gb_loader_check_keys(L, "", root, command_keys,
                                sizeof command_keys / sizeof command_keys[0]);
}

/* v (after "$var" substitution) as text: a string, or a number in JSON spelling. */
static int value_text(gb_loader *L, json_t *raw, const char *path, int nonempty, char **out)
{
    json_t *v;
    int rc = 0;

    if (gb_loader_substitute(L, raw, path, &v) != 0)
        return -1;
    *out = NULL;
    if (json_is_string(v) && (!nonempty || json_string_length(v) > 0))
        *out = strdup(json_string_value(v));
    else if (json_is_number(v))
        *out = json_dumps(v, JSON_ENCODE_ANY);
    else
        rc = gb_loader_fail_expected(L, path, v,
                                     nonempty ? "a non-empty string" : "a string or a number");
    json_decref(v);
    if (rc == 0 && !*out)
        rc = gb_loader_fail(L, path, GB_LOCATE_VALUE, "out of memory");
    return rc;
}

/* A non-empty array of strings (an argv) into *argv / *argc. */
static int load_argv(gb_loader *L, json_t *a, const char *path, char ***argv, size_t *argc)
{
    json_t *item;
    size_t i;

    if (!json_is_array(a) || json_array_size(a) == 0)
        return gb_loader_fail_expected(L, path, a,
                                       "an array of the program and its arguments, e.g. "
                                       "[\"python3\", \"-c\", \"...\"]");
    *argv = calloc(json_array_size(a), sizeof **argv);
    if (!*argv)
        return gb_loader_fail(L, path, GB_LOCATE_VALUE, "out of memory");
    json_array_foreach(a, i, item)
    {
        char p[300];

        snprintf(p, sizeof p, "%s[%zu]", path, i);
        *argc = i + 1;
        if (value_text(L, item, p, i == 0, &(*argv)[i]) != 0)
            return -1;
    }
    return 0;
}

/* key as an argv (when the command is one) or a shell line; *line gets hyperfine's text. */
static int load_line(gb_loader *L, json_t *root, const char *key, int as_argv, char ***argv,
                     size_t *argc, char **text, char **line)
{
    json_t *v = json_object_get(root, key);
    char why[128];

    if (!as_argv) {
        if (!json_is_string(v) || json_string_length(v) == 0)
            return gb_loader_fail_expected(L, key, v, "a non-empty line for /bin/sh");
        if (value_text(L, v, key, 1, text) != 0)
            return -1;
        *line = strdup(*text);
        return *line ? 0 : gb_loader_fail(L, key, GB_LOCATE_VALUE, "out of memory");
    }
    if (load_argv(L, v, key, argv, argc) != 0)
        return -1;
    *line = gb_proc_quote((const char *const *)*argv, *argc, why, sizeof why);
    return *line ? 0 : gb_loader_fail(L, key, GB_LOCATE_VALUE, "%s", why);
}

static int load_env(gb_loader *L, json_t *env, gb_proc_spec *c)
{
    const char *name;
    json_t *v;

    if (!json_is_object(env))
        return gb_loader_fail_expected(L, "env", env, "an object of NAME: value");
    c->env = calloc(json_object_size(env) + 1, sizeof *c->env);
    if (!c->env)
        return gb_loader_fail(L, "env", GB_LOCATE_VALUE, "out of memory");
    json_object_foreach(env, name, v)
    {
        char p[300], *value;
        size_t len;

        snprintf(p, sizeof p, "env.%s", name);
        if (!name[0] || strchr(name, '=')) {
            char qn[64];

            return gb_loader_fail(L, p, GB_LOCATE_KEY,
                                  "expected the name of an environment variable (no '='), "
                                  "found %s",
                                  gb_loader_quoted(name, qn, sizeof qn));
        }
        if (value_text(L, v, p, 0, &value) != 0)
            return -1;
        len = strlen(name) + strlen(value) + 2;
        c->env[c->nenv] = malloc(len);
        if (c->env[c->nenv])
            snprintf(c->env[c->nenv++], len, "%s=%s", name, value);
        free(value);
    }
    return 0;
}

int gb_loader_command(gb_loader *L, json_t *root, gb_scenario *s)
{
    json_t *cmd = json_object_get(root, "command"), *sh = json_object_get(root, "shell"), *v;
    gb_proc_spec *c = calloc(1, sizeof *c);
    char **pargv = NULL;
    size_t pargc = 0;
    char *ptext = NULL;
    int rc;

    if (!c)
        return gb_loader_fail(L, "", GB_LOCATE_VALUE, "out of memory");
    s->command = c;
    if (!cmd == !sh)
        return gb_loader_fail(L, cmd ? "shell" : "", cmd ? GB_LOCATE_KEY : GB_LOCATE_VALUE,
                              cmd ? "give \"command\" (an argv, run without a shell) or \"shell\" "
                                    "(a line for /bin/sh), not both"
                                  : "missing required key \"command\" (an argv) or \"shell\" (a "
                                    "line for /bin/sh)");
    if (load_line(L, root, cmd ? "command" : "shell", cmd != NULL, &c->argv, &c->argc, &c->shell,
                  &c->line) != 0)
        return -1;
    if (json_object_get(root, "prepare")) {
        rc = load_line(L, root, "prepare", cmd != NULL, &pargv, &pargc, &ptext, &c->prepare);
        for (size_t i = 0; i < pargc; i++)
            free(pargv[i]);
        free(pargv);
        free(ptext);
        if (rc != 0)
            return -1;
    }
    if ((v = json_object_get(root, "cwd")) != NULL && value_text(L, v, "cwd", 1, &c->cwd) != 0)
        return -1;
    if ((v = json_object_get(root, "env")) != NULL && load_env(L, v, c) != 0)
        return -1;
    if ((v = json_object_get(root, "ignore_failure")) != NULL) {
        if (!json_is_boolean(v))
            return gb_loader_fail_expected(L, "ignore_failure", v, "true or false");
        c->ignore_failure = json_is_true(v);
    }
    return 0;
}
