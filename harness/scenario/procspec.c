/* procspec.c - the spec of a command scenario: freeing it, quoting an argv for hyperfine,
 * and its JSON for reports (see procspec.h). Loading is scenario_proc.c's. */
#include "scenario/procspec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/json_text.h"

static void free_strings(char **v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        free(v[i]);
    free(v);
}

void gb_proc_spec_free(gb_proc_spec *spec)
{
    if (!spec)
        return;
    free_strings(spec->argv, spec->argc);
    free_strings(spec->env, spec->nenv);
    free(spec->shell);
    free(spec->line);
    free(spec->prepare);
    free(spec->cwd);
    free(spec);
}

char *gb_proc_quote(const char *const *argv, size_t argc, char *why, size_t why_size)
{
    size_t len = 1;
    char *line, *w;

    if (argc == 0 || !argv[0][0]) {
        snprintf(why, why_size, argc ? "the program name is empty" : "no program given");
        return NULL;
    }
    for (size_t i = 0; i < argc; i++) {
        len += 3; /* two quotes and a space */
        for (const char *p = argv[i]; *p; p++)
            len += *p == '\'' ? 4 : 1;
    }
    if (!(line = malloc(len))) {
        snprintf(why, why_size, "out of memory");
        return NULL;
    }
    w = line;
    for (size_t i = 0; i < argc; i++) {
        if (i)
            *w++ = ' ';
        *w++ = '\'';
        for (const char *p = argv[i]; *p; p++) {
            if (*p == '\'') {
                memcpy(w, "'\\''", 4); /* close, an escaped quote, open again */
                w += 4;
            } else
                *w++ = *p;
        }
        *w++ = '\'';
    }
    *w = '\0';
    return line;
}

static json_t *strings_json(char *const *v, size_t n)
{
    json_t *a = json_array();

    for (size_t i = 0; a && i < n; i++)
        if (json_array_append_new(a, gb_json_text(v[i])) != 0) {
            json_decref(a);
            return NULL;
        }
    return a;
}

json_t *gb_proc_spec_json(const gb_proc_spec *spec)
{
    json_t *o = json_object(), *env = json_object();

    if (!o || !env) {
        json_decref(o);
        json_decref(env);
        return NULL;
    }
    for (size_t i = 0; i < spec->nenv; i++) {
        const char *eq = strchr(spec->env[i], '=');
        char *name = strndup(spec->env[i], (size_t)(eq - spec->env[i]));

        if (name)
            json_object_set_new(env, name, gb_json_text(eq + 1));
        free(name);
    }
    if (spec->argv)
        json_object_set_new(o, "command", strings_json(spec->argv, spec->argc));
    else
        json_object_set_new(o, "shell", gb_json_text(spec->shell));
    json_object_set_new(o, "line", gb_json_text(spec->line));
    json_object_set_new(o, "prepare", gb_json_text(spec->prepare));
    json_object_set_new(o, "cwd", gb_json_text(spec->cwd));
    json_object_set_new(o, "env", env);
    json_object_set_new(o, "ignore_failure", json_boolean(spec->ignore_failure));
    return o;
}
