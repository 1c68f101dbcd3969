/* scenario_set.c - the scenarios of one run as a set: loading many files, the checks
 * across them (unique names, baselines that exist and do not go round in a cycle) and the
 * order in which they run (baselines first). One file's own checks are scenario_check.c's. */
#include <dirent.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/json_syntax.h"
#include "scenario/scenario_load.h"
#include "util/suggest.h"

/* Fill err at path in s's file: its line and column, else 1:1 (the name came from the file
 * name, or the file can no longer be read). Returns -1. */
static int set_fail(const gb_scenario *s, const char *path, gb_locate_what what, gb_error *err,
                    const char *message)
{
    gb_error ignored;
    char *text = gb_scenario_read_text(s->file, &ignored);
    const char *json = text ? gb_json_skip_bom(text) : NULL;
    json_t *root = json ? json_loads(json, 0, NULL) : NULL;
    int there = json_is_object(root) && json_object_get(root, path);

    json_decref(root);
    gb_error_at_path(err, s->file, there ? json : NULL, path, what, 1, message);
    free(text);
    return -1;
}

/* The names of a run, each to the index of its first scenario: one hash table, built once,
 * instead of a pass over the list per lookup (a sweep makes thousands of scenarios, and
 * comparing each pair took seconds: found by fuzzing). Names from file names need not be
 * UTF-8: no check. *dup: the first index whose name an earlier one has, or n. NULL without
 * memory. */
static json_t *name_index(gb_scenario *const *list, size_t n, size_t *dup)
{
    json_t *index = json_object();

    *dup = n;
    for (size_t i = 0; index && i < n; i++) {
        if (json_object_get(index, list[i]->name)) {
            if (*dup == n)
                *dup = i;
        } else if (json_object_set_new_nocheck(index, list[i]->name, json_integer((json_int_t)i)) !=
                   0) {
            json_decref(index);
            index = NULL;
        }
    }
    return index;
}

static ptrdiff_t find_name(json_t *index, const char *name)
{
    json_t *i = json_object_get(index, name);

    return i ? (ptrdiff_t)json_integer_value(i) : -1;
}

/* A baseline outside the run is fine where it may be defined: a file NAME.json beside s
 * (`run nogil.json` alone leaves the ratio unchecked), another point of s's own sweep (a
 * --set that keeps one point), or another scenario file in s's folder that is not in the
 * run (its name need not be its file's). One that can be nowhere is a typo. */
static int baseline_may_exist(gb_scenario *const *list, size_t n, const gb_scenario *s)
{
    const char *slash = strrchr(s->file, '/');
    int dir = slash ? (int)(slash - s->file + 1) : 0;
    const char *bracket = strchr(s->baseline, '[');
    char path[4096];
    DIR *d;
    struct dirent *e;
    int found = 0;

    if (bracket && strncmp(s->name, s->baseline, (size_t)(bracket - s->baseline)) == 0 &&
        s->name[bracket - s->baseline] == '[')
        return 1;
    if (snprintf(path, sizeof path, "%.*s%s.json", dir, s->file, s->baseline) < (int)sizeof path &&
        access(path, F_OK) == 0)
        return 1;
    snprintf(path, sizeof path, "%.*s", dir ? dir : 1, dir ? s->file : ".");
    d = opendir(path);
    while (d && !found && (e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        int in_run = 0;

        if (len < 6 || strcmp(e->d_name + len - 5, ".json") != 0)
            continue;
        snprintf(path, sizeof path, "%.*s%s", dir, s->file, e->d_name);
        for (size_t j = 0; j < n && !in_run; j++)
            in_run = strcmp(list[j]->file, path) == 0;
        found = !in_run;
    }
    if (d)
        closedir(d);
    return found;
}

static int check_unknown_baseline(gb_scenario *const *list, size_t n, json_t *index, size_t i,
                                  gb_error *err)
{
    const gb_scenario *s = list[i];
    const char **names;
    const char *hint;
    char msg[sizeof err->message];

    if (find_name(index, s->baseline) >= 0 || baseline_may_exist(list, n, s))
        return 0;
    names = calloc(n, sizeof *names);
    for (size_t j = 0; names && j < n; j++)
        names[j] = list[j]->name;
    hint = names ? gb_suggest(s->baseline, names, n) : NULL;
    snprintf(msg, sizeof msg,
             "no scenario \"%s\" among the files of this run, nor another scenario file "
             "beside this one%s%s%s",
             s->baseline, hint ? "; did you mean \"" : "", hint ? hint : "", hint ? "\"?" : "");
    free(names);
    return set_fail(s, "baseline", GB_LOCATE_VALUE, err, msg);
}

/* Follow baselines from list[i]; a return to it is a cycle, named in full in the error. */
static int check_baseline_cycle(gb_scenario *const *list, size_t n, json_t *index, size_t i,
                                gb_error *err)
{
    char msg[sizeof err->message];
    size_t len;
    ptrdiff_t cur = (ptrdiff_t)i;

    for (size_t steps = 0; steps < n; steps++) {
        cur = list[cur]->baseline ? find_name(index, list[cur]->baseline) : -1;
        if (cur < 0)
            return 0;
        if ((size_t)cur == i)
            break;
    }
    if ((size_t)cur != i)
        return 0; /* a cycle further on, not through list[i]: reported from one of its own */
    len = (size_t)snprintf(msg, sizeof msg, "baselines go round in a cycle: %s", list[i]->name);
    cur = (ptrdiff_t)i;
    do {
        cur = find_name(index, list[cur]->baseline);
        if (len < sizeof msg)
            len += (size_t)snprintf(msg + len, sizeof msg - len, " -> %s", list[cur]->name);
    } while ((size_t)cur != i);
    return set_fail(list[i], "baseline", GB_LOCATE_VALUE, err, msg);
}

int gb_scenarios_check_set(gb_scenario *const *list, size_t n, gb_error *err)
{
    size_t i, j;
    json_t *index = name_index(list, n, &i);
    int rc = 0;

    if (!index) {
        gb_error_set(err, NULL, 0, 0, NULL, "out of memory");
        return -1;
    }
    if (i < n) {
        char msg[sizeof err->message];

        j = (size_t)find_name(index, list[i]->name);
        json_decref(index);
        if (strcmp(list[i]->file, list[j]->file) == 0) {
            gb_error_set(err, list[i]->file, 0, 0, NULL,
                         "given twice: a run has each scenario once");
            return -1;
        }
        snprintf(msg, sizeof msg, "\"%s\" is also the name of %s: names must be unique in a run",
                 list[i]->name, list[j]->file);
        return set_fail(list[i], "name", GB_LOCATE_KEY, err, msg);
    }
    for (i = 0; i < n && rc == 0; i++)
        if (list[i]->baseline && (check_unknown_baseline(list, n, index, i, err) != 0 ||
                                  check_baseline_cycle(list, n, index, i, err) != 0))
            rc = -1;
    json_decref(index);
    return rc;
}

size_t gb_scenarios_load(char **files, size_t nfiles, const gb_overrides *ov, gb_error_fn on_error,
                         void *ctx, gb_scenario ***out, size_t *nout)
{
    size_t failed = 0, cap = 0;
    gb_error err;

    *out = NULL;
    *nout = 0;
    for (size_t i = 0; i < nfiles; i++) {
        gb_scenario **some;
        size_t n;

        if (gb_scenario_load_all(files[i], ov, -1, &some, &n, &err) != 0) {
            on_error(&err, ctx);
            failed++;
            continue;
        }
        if (*nout + n > cap) {
            size_t want = 2 * (*nout + n);
            gb_scenario **grown = realloc(*out, want * sizeof *grown);

            if (!grown) {
                for (size_t k = 0; k < n; k++)
                    gb_scenario_free(some[k]);
                free(some);
                gb_error_set(&err, NULL, 0, 0, NULL, "out of memory");
                on_error(&err, ctx);
                failed++;
                continue;
            }
            *out = grown;
            cap = want;
        }
        memcpy(*out + *nout, some, n * sizeof *some);
        *nout += n;
        free(some);
    }
    if (failed == 0 && *nout > 0 && gb_scenarios_check_set(*out, *nout, &err) != 0) {
        on_error(&err, ctx);
        failed++;
    }
    return failed;
}

void gb_scenarios_order_by_baseline(gb_scenario *const *list, size_t n, size_t *out)
{
    size_t nout = 0, dup;
    json_t *index = name_index(list, n, &dup);
    ptrdiff_t *base = calloc(n + 1, sizeof *base); /* list index of each one's baseline, or -1 */
    char *placed = calloc(n + 1, 1);

    if (!index || !base || !placed) {
        for (size_t i = 0; i < n; i++)
            out[i] = i;
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        base[i] = list[i]->baseline ? find_name(index, list[i]->baseline) : -1;
    /* passes in the given order, each placing what is ready: stable, baselines first */
    while (nout < n) {
        size_t before = nout;

        for (size_t i = 0; i < n; i++)
            if (!placed[i] && (base[i] < 0 || (size_t)base[i] == i || placed[base[i]])) {
                out[nout++] = i;
                placed[i] = 1;
            }
        if (nout == before) /* a cycle: keep the given order for the rest */
            for (size_t i = 0; i < n; i++)
                if (!placed[i]) {
                    out[nout++] = i;
                    placed[i] = 1;
                }
    }
done:
    json_decref(index);
    free(base);
    free(placed);
}
