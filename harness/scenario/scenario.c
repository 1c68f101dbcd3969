/* scenario.c - a scenario file, read with jansson, checked key by key, resolved into a
 * gb_scenario (see scenario.h and docs/scenarios.md).
 *
 * This file owns the whole: the top-level keys, expectations, command-line overrides, the
 * points of a sweep, loading and freeing. Its parts are behind scenario_load.h: reading
 * the file scenario_file.c's, the configuration kept for reports scenario_config.c's, each
 * thread scenario_thread.c's, variables scenario_vars.c's, sweeps scenario_sweep.c's, a
 * command scenario's keys scenario_proc.c's, what the runs measure scenario_measure.c's,
 * and the checks that report every problem once, with file, line and column,
 * scenario_check.c's; the checks across files are scenario_set.c's. Nothing here runs Python; the
 * workloads table is workloads.c's. */
#include "scenario/scenario.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "scenario/procspec.h"
#include "util/file.h"
#include "util/json_text.h"
#include "util/json_syntax.h"
#include "scenario/scenario_load.h"
#include "util/suggest.h"
#include "scenario/workloads.h"

#define MAX_THREADS 64

/* ---- the whole scenario ------------------------------------------------------------ */

static const char *const top_keys[] = {
    "name",    "description", "kind",   "vars", "threads", "start",    "engine",          "runs",
    "warmup",  "timeout",     "setup",  "path", "sweep",   "baseline", "switch_interval", "expect",
    "measure", "comment",     "$schema"};

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

static int load_expect(gb_loader *L, json_t *root, gb_scenario *s)
{
    static const char *const keys[] = {"verdict", "crash", "ratio", "gil_held_share", "comment"};
    static const char *const held_keys[] = {"max"};
    static const char *const ratio_keys[] = {"min", "max"};
    json_t *x = json_object_get(root, "expect"), *v;

    s->expect.verdict = GB_VERDICT_NONE;
    s->expect.ratio_min = s->expect.ratio_max = s->expect.held_max = NAN;
    if (!x)
        return 0;
    if (!json_is_object(x))
        return gb_loader_fail_expected(L, "expect", x, "an object");
    if (gb_loader_check_keys(L, "expect", x, keys, 5) != 0)
        return -1;
    if ((v = json_object_get(x, "verdict")) != NULL) {
        const char *const *choices = gb_verdict_names + GB_VERDICT_SINGLE; /* not "none" */
        char f[64];
        const char *hint;

        for (int i = 0; i < 4; i++)
            if (json_is_string(v) && strcmp(json_string_value(v), choices[i]) == 0)
                s->expect.verdict = (gb_verdict)(i + 1);
        if (s->expect.verdict == GB_VERDICT_NONE) {
            gb_loader_found(v, f, sizeof f);
            hint = json_is_string(v) ? gb_suggest(json_string_value(v), choices, 4) : NULL;
            return gb_loader_fail(
                L, "expect.verdict", GB_LOCATE_VALUE,
                "expected \"single\", \"parallel\", \"partial\" or \"serial\", found "
                "%s%s%s%s",
                f, hint ? "; did you mean \"" : "", hint ? hint : "", hint ? "\"?" : "");
        }
    }
    if ((v = json_object_get(x, "crash")) != NULL) {
        if (!json_is_boolean(v))
            return gb_loader_fail_expected(L, "expect.crash", v, "true or false");
        s->expect.crash = json_is_true(v);
    }
    if ((v = json_object_get(x, "ratio")) != NULL) {
        if (!json_is_object(v))
            return gb_loader_fail_expected(L, "expect.ratio", v,
                                           "an object with \"min\" and/or \"max\"");
        if (gb_loader_check_keys(L, "expect.ratio", v, ratio_keys, 2) != 0)
            return -1;
        if (gb_loader_number(L, v, "expect.ratio", "min", 0, NAN, &s->expect.ratio_min) != 0 ||
            gb_loader_number(L, v, "expect.ratio", "max", 0, NAN, &s->expect.ratio_max) != 0)
            return -1;
        if (!json_object_get(v, "min") && !json_object_get(v, "max"))
            return gb_loader_fail(L, "expect.ratio", GB_LOCATE_VALUE,
                                  "expected \"min\" and/or \"max\", found neither");
        if (!isnan(s->expect.ratio_min) && !isnan(s->expect.ratio_max) &&
            s->expect.ratio_min > s->expect.ratio_max)
            return gb_loader_fail(L, "expect.ratio", GB_LOCATE_VALUE,
                                  "min (%g) is larger than max (%g)", s->expect.ratio_min,
                                  s->expect.ratio_max);
        if (!s->baseline && !L->sweep)
            return gb_loader_fail(L, "expect.ratio", GB_LOCATE_KEY,
                                  "a ratio needs a \"baseline\" scenario to compare with");
    }
    if ((v = json_object_get(x, "gil_held_share")) != NULL) {
        if (!json_is_object(v))
            return gb_loader_fail_expected(L, "expect.gil_held_share", v,
                                           "an object with \"max\" (a share from 0 to 1)");
        if (gb_loader_check_keys(L, "expect.gil_held_share", v, held_keys, 1) != 0 ||
            gb_loader_number(L, v, "expect.gil_held_share", "max", 0, 1, &s->expect.held_max) != 0)
            return -1;
        if (isnan(s->expect.held_max))
            return gb_loader_fail(L, "expect.gil_held_share", GB_LOCATE_VALUE,
                                  "expected \"max\", found nothing");
    }
    if (s->expect.crash && (s->expect.verdict != GB_VERDICT_NONE || json_object_get(x, "ratio")))
        return gb_loader_fail(L, "expect.crash", GB_LOCATE_KEY,
                              "a scenario expected to crash has no verdict or ratio to expect");
    return 0;
}

/* "path": a directory or a list of them, relative to the scenario file's folder. */
static int load_path(gb_loader *L, json_t *root, gb_scenario *s)
{
    json_t *v = json_object_get(root, "path"), *list, *item;
    const char *slash = strrchr(s->file, '/');
    size_t i;

    if (!v)
        return 0;
    if (!json_is_string(v) && !json_is_array(v))
        return gb_loader_fail_expected(L, "path", v, "a directory or an array of directories");
    list = json_is_array(v) ? json_incref(v) : json_pack("[O]", v);
    s->path = calloc(json_array_size(list) + 1, sizeof *s->path);
    json_array_foreach(list, i, item)
    {
        char p[64], joined[PATH_MAX], real[PATH_MAX], *dir = NULL;
        struct stat st;
        int rc;

        snprintf(p, sizeof p, json_is_array(v) ? "path[%zu]" : "path", i);
        rc = !s->path ? gb_loader_fail(L, p, GB_LOCATE_VALUE, "out of memory")
             : !json_is_string(item) || !json_string_length(item)
                 ? gb_loader_fail_expected(L, p, item, "a directory (a non-empty string)")
                 : gb_loader_interpolate(L, json_string_value(item), p, &dir);
        if (rc != 0) {
            json_decref(list);
            return -1;
        }
        if (dir[0] == '/' || !slash)
            snprintf(joined, sizeof joined, "%s", dir);
        else
            snprintf(joined, sizeof joined, "%.*s/%s", (int)(slash - s->file), s->file, dir);
        errno = 0;
        if (stat(joined, &st) != 0 || !S_ISDIR(st.st_mode) || !realpath(joined, real)) {
            char qs[64];

            json_decref(list);
            free(dir);
            return gb_loader_fail(L, p, GB_LOCATE_VALUE,
                                  "%s is not a directory (%s; relative paths start at the "
                                  "scenario file's folder)",
                                  gb_loader_quoted(joined, qs, sizeof qs),
                                  errno ? strerror(errno) : "a file");
        }
        free(dir);
        s->path[s->npath++] = strdup(real);
    }
    json_decref(list);
    return 0;
}

/* The threads, each "count" times. */
static int load_threads(gb_loader *L, json_t *root, gb_scenario *s)
{
    json_t *threads = json_object_get(root, "threads"), *t;
    size_t i, total = 0;

    if (!threads)
        return gb_loader_fail(L, "", GB_LOCATE_VALUE, "missing required key \"threads\"");
    if (!json_is_array(threads))
        return gb_loader_fail_expected(L, "threads", threads, "an array of threads");
    json_array_foreach(threads, i, t)
    {
        int count;

        if (gb_loader_thread_count(L, t, i, &count) != 0)
            return -1;
        total += (size_t)count;
    }
    if (json_array_size(threads) == 0 || total > MAX_THREADS)
        return gb_loader_fail(L, "threads", GB_LOCATE_VALUE,
                              "expected 1 to %d threads, found %zu%s", MAX_THREADS, total,
                              total > json_array_size(threads) ? " (with their \"count\")" : "");
    s->threads = calloc(total, sizeof *s->threads);
    if (!s->threads)
        return gb_loader_fail(L, "", GB_LOCATE_VALUE, "out of memory");
    json_array_foreach(threads, i, t)
    {
        int count;

        if (gb_loader_thread_count(L, t, i, &count) != 0)
            return -1;
        for (int c = 1; c <= count; c++) {
            s->nthreads++;
            if (gb_loader_thread(L, t, i, count > 1 ? c : 0, s->nthreads - 1,
                                 &s->threads[s->nthreads - 1]) != 0)
                return -1;
        }
    }
    return 0;
}

/* "switch_interval", maybe a "$variable". */
static int load_switch_interval(gb_loader *L, json_t *root, gb_scenario *s)
{
    json_t *v, *tmp;
    int rc;

    s->switch_interval = NAN;
    if (gb_loader_resolve(L, root, "switch_interval", "", &v) != 0)
        return -1;
    if (!v)
        return 0;
    tmp = json_pack("{s:o}", "switch_interval", v);
    rc = gb_loader_number(L, tmp, "", "switch_interval", 0, 10, &s->switch_interval);
    json_decref(tmp);
    return rc;
}

/* "baseline", with variables inside: a point of a sweep names another point. A point
 * that would be its own baseline (the one-thread point of a scaling sweep) has none. */
static int load_baseline(gb_loader *L, json_t *root, gb_scenario *s)
{
    const char *str;

    if (gb_loader_string(L, root, "baseline", "", 0, 1, &str) != 0)
        return -1;
    if (!str)
        return 0;
    if (gb_loader_interpolate(L, str, "baseline", &s->baseline) != 0)
        return -1;
    if (strcmp(s->baseline, s->name) == 0) {
        if (L->sweep) {
            free(s->baseline);
            s->baseline = NULL;
            return 0;
        }
        return gb_loader_fail(L, "baseline", GB_LOCATE_VALUE,
                              "a scenario cannot be its own baseline (\"%s\")", s->name);
    }
    return 0;
}

/* The kind of scenario, then its top-level keys: each kind takes its own. */
static int check_root_keys(gb_loader *L, json_t *root, gb_scenario_kind *kind)
{
    if (gb_loader_kind(L, root, kind) != 0)
        return -1;
    if (*kind == GB_SCENARIO_COMMAND)
        return gb_loader_command_keys(L, root);
    return gb_loader_check_keys(L, "", root, top_keys, sizeof top_keys / sizeof top_keys[0]);
}

static int load_root(gb_loader *L, json_t *root, const gb_overrides *ov, json_t *params,
                     gb_scenario *s)
{
    const char *str;
    int e;

    if (!json_is_object(root))
        return gb_loader_fail(L, "", GB_LOCATE_VALUE,
                              "expected a JSON object with \"threads\", found %s",
                              gb_loader_type_name(root));
    if (check_root_keys(L, root, &s->kind) != 0)
        return -1;

    if (gb_loader_string(L, root, "name", "", 0, 1, &str) != 0)
        return -1;
    s->name = str ? strdup(str) : default_name(s->file);
    if (!name_is_valid(s->name)) {
        char qs[64];

        if (str)
            return gb_loader_fail(L, "name", GB_LOCATE_VALUE,
                                  "expected letters, digits and + - _ . [ ] = , only, found %s",
                                  gb_loader_quoted(str, qs, sizeof qs));
        return gb_loader_fail(L, "", GB_LOCATE_VALUE,
                              "the file name %s is not a valid scenario name: give a \"name\"",
                              gb_loader_quoted(s->name, qs, sizeof qs));
    }
    if (gb_loader_string(L, root, "description", "", 0, 0, &str) != 0)
        return -1;
    s->description = strdup(str ? str : "");
    if (gb_loader_vars(L, root, ov) != 0)
        return -1;
    if (params) {
        char *point = gb_sweep_point_name(s->name, params);

        if (!point)
            return gb_loader_fail(L, "", GB_LOCATE_VALUE, "out of memory");
        s->sweep = json_pack("{s:s,s:O}", "base", s->name, "params", params);
        free(s->name);
        s->name = point;
        json_object_update(L->vars, params); /* each parameter is a variable too */
    }
    if (s->kind == GB_SCENARIO_COMMAND) {
        if (gb_loader_command(L, root, s) != 0)
            return -1;
    } else if (load_threads(L, root, s) != 0 || load_path(L, root, s) != 0)
        return -1;

    e = 0;
    if (gb_loader_enum(L, root, "start", gb_start_mode_names, 2, &e) != 0)
        return -1;
    s->start = (gb_start_mode)e;
    e = 0;
    if (gb_loader_enum(L, root, "engine", gb_engine_names, 2, &e) != 0)
        return -1;
    s->engine = (gb_engine)e;
    s->runs = GB_DEFAULT_RUNS;
    s->warmup = GB_DEFAULT_WARMUP;
    s->timeout = GB_DEFAULT_TIMEOUT;
    if (gb_loader_int(L, root, "runs", 1, GB_MAX_RUNS, &s->runs) != 0 ||
        gb_loader_int(L, root, "warmup", 0, GB_MAX_RUNS, &s->warmup) != 0 ||
        gb_loader_number(L, root, "", "timeout", 0, NAN, &s->timeout) != 0 ||
        load_switch_interval(L, root, s) != 0)
        return -1;
    if (gb_loader_string(L, root, "setup", "", 0, 0, &str) != 0)
        return -1;
    s->setup = str ? strdup(str) : NULL;
    if (load_baseline(L, root, s) != 0 || load_expect(L, root, s) != 0 ||
        gb_loader_measure(L, root, ov, s) != 0)
        return -1;

    if (gb_check_overrides(L, ov) != 0)
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
    s->vars = json_incref(L->vars); /* the config is built when a report asks (not per point) */
    return 0;
}

/* One scenario of root: the file's, or the point params of its sweep. */
static gb_scenario *load_one(const char *text, const char *file, json_t *root,
                             const gb_overrides *ov, json_t *params, int index, gb_error *err)
{
    gb_loader L = {file, text, err, NULL, params ? json_object_get(root, "sweep") : NULL};
    gb_scenario *s = calloc(1, sizeof *s);

    if (!s || !(s->file = strdup(file))) {
        free(s);
        gb_error_set(err, file, 0, 0, NULL, "out of memory");
        return NULL;
    }
    s->sweep_index = index;
    if (load_root(&L, root, ov, params, s) != 0) {
        /* the same place may be wrong for one point only: say which */
        if (params && s->sweep) {
            size_t len = strlen(err->message);

            snprintf(err->message + len, sizeof err->message - len, " (in %s)", s->name);
        }
        gb_scenario_free(s);
        s = NULL;
    }
    json_decref(L.vars);
    return s;
}

int gb_scenario_parse_all(const char *text, const char *file, const gb_overrides *ov, int point,
                          gb_scenario ***out, size_t *n, gb_error *err)
{
    json_error_t jerr;
    json_t *root, *lists = NULL;
    size_t count = 1, i;
    int rc = 0;

    *out = NULL;
    *n = 0;
    /* positions count from after a byte order mark, as editors show the text */
    text = gb_json_skip_bom(text);
    if (text[strspn(text, " \t\r\n")] == '\0') {
        gb_error_set(err, file, 0, 0, NULL,
                     "the file is empty: expected a JSON object with \"threads\"");
        return -1;
    }
    /* any value is decoded: a top-level null or number is refused by load_root, in words */
    root = json_loads(text, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &jerr);
    if (!root) {
        char msg[sizeof err->message];

        gb_json_syntax_message(&jerr, text, msg, sizeof msg);
        /* at the very end of a file jansson reports column 0: say 1, editors jump there */
        gb_error_set(err, file, jerr.line > 0 ? jerr.line : 1, jerr.column > 0 ? jerr.column : 1,
                     NULL, "%s", msg);
        return -1;
    }
    if (json_is_object(root) && json_object_get(root, "sweep")) {
        gb_loader L = {file, text, err, NULL, json_object_get(root, "sweep")};

        gb_scenario_kind kind;

        if (check_root_keys(&L, root, &kind) != 0 ||
            gb_loader_sweep(&L, root, ov, &lists, &count) != 0) {
            json_decref(root);
            return -1;
        }
    }
    if (point >= 0 && (size_t)point >= count) {
        gb_error_set(err, file, 0, 0, NULL, "the sweep has no point %d", point);
        json_decref(lists);
        json_decref(root);
        return -1;
    }
    *out = calloc(count, sizeof **out);
    if (!*out) {
        gb_error_set(err, file, 0, 0, NULL, "out of memory");
        rc = -1;
    }
    /* each point made when it is loaded: a worker makes its own only */
    for (i = point >= 0 ? (size_t)point : 0; rc == 0 && i < count; i++) {
        json_t *params = lists ? gb_sweep_point(lists, i) : NULL;
        gb_scenario *s = NULL;

        if (lists && !params)
            gb_error_set(err, file, 0, 0, NULL, "out of memory");
        else
            s = load_one(text, file, root, ov, params, lists ? (int)i : -1, err);
        json_decref(params);
        if (!s)
            rc = -1;
        else
            (*out)[(*n)++] = s;
        if (point >= 0)
            break;
    }
    if (rc != 0) {
        for (i = 0; *out && i < *n; i++)
            gb_scenario_free((*out)[i]);
        free(*out);
        *out = NULL;
        *n = 0;
    }
    json_decref(lists);
    json_decref(root);
    return rc;
}

gb_scenario *gb_scenario_parse(const char *text, const char *file, const gb_overrides *ov,
                               gb_error *err)
{
    gb_scenario **list, *s;
    size_t n;

    if (gb_scenario_parse_all(text, file, ov, 0, &list, &n, err) != 0)
        return NULL;
    s = list[0];
    free(list);
    return s;
}

gb_scenario *gb_scenario_load(const char *file, const gb_overrides *ov, gb_error *err)
{
    char *text = gb_scenario_read_text(file, err);
    gb_scenario *s;

    if (!text)
        return NULL;
    s = gb_scenario_parse(text, file, ov, err);
    free(text);
    return s;
}

int gb_scenario_load_all(const char *file, const gb_overrides *ov, int point, gb_scenario ***out,
                         size_t *n, gb_error *err)
{
    char *text = gb_scenario_read_text(file, err);
    int rc;

    *out = NULL;
    *n = 0;
    if (!text)
        return -1;
    rc = gb_scenario_parse_all(text, file, ov, point, out, n, err);
    if (rc == 0) {
        /* the worker runs what was validated here: it gets this text, never the path again
         * (a file edited during the run, a pipe read once) */
        json_t *src = json_stringn_nocheck(text, strlen(text));

        for (size_t i = 0; src && i < *n; i++)
            (*out)[i]->source = json_incref(src);
        json_decref(src);
    }
    free(text);
    return rc;
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
    gb_proc_spec_free(s->command);
    free(s->file);
    free(s->name);
    free(s->description);
    free(s->setup);
    free(s->baseline);
    for (size_t i = 0; i < s->npath; i++)
        free(s->path[i]);
    free(s->path);
    json_decref(s->sweep);
    json_decref(s->vars);
    free(s->config);
    json_decref(s->source);
    free(s);
}
