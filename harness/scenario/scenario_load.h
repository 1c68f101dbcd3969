/* scenario_load.h - what the files that load a scenario share (internal to scenario*.c).
 *
 * One load of one file is a gb_loader: the text (for positions), the file name and the
 * error to fill. The checks here report the first problem with file, line, column and JSON
 * path and return -1; scenario_check.c owns them, scenario_vars.c the variables,
 * scenario_thread.c one thread, scenario_sweep.c the sweep, scenario_proc.c a command
 * scenario's keys, scenario_file.c the file's text, scenario_config.c the configuration
 * reports keep (gb_scenario_config), scenario_measure.c what the runs measure, scenario.c the whole
 * file. Not for use outside them. */
#ifndef GB_SCENARIO_LOAD_H
#define GB_SCENARIO_LOAD_H

#include <jansson.h>

#include "util/json_locate.h"
#include "scenario/scenario.h"

/* The state of one load: the text for positions, where to put the error. */
typedef struct gb_loader {
    const char *file;
    const char *text;
    gb_error *err;
    json_t *vars;  /* resolved variables (owned) */
    json_t *sweep; /* the file's "sweep" object (borrowed), or NULL */
} gb_loader;

/* The whole file as a NUL-terminated string (free it), or NULL with err (cannot read it,
 * larger than 16 MiB, or a NUL byte: not text). scenario_file.c */
char *gb_scenario_read_text(const char *file, gb_error *err);

/* "path.key" (or "key" when path is "") into buf, cut to size; returns buf. Paths are built
 * for every value of every point of a sweep: this is a copy, not a printf. */
const char *gb_loader_path(char *buf, size_t size, const char *path, const char *key);

/* "path[index]" into buf, cut to size; returns buf. */
const char *gb_loader_index_path(char *buf, size_t size, const char *path, size_t index);

/* Fail with a message at path (its value or its key). Always returns -1. */
int gb_loader_fail(gb_loader *L, const char *path, gb_locate_what what, const char *fmt, ...)
    GB_PRINTF(4, 5);

/* "expected X, found Y" at path, with Y the JSON of v. Always returns -1. */
int gb_loader_fail_expected(gb_loader *L, const char *path, const json_t *v, const char *expected);

/* A short JSON rendering of v for "found ..." (strings keep their quotes). */
void gb_loader_found(const json_t *v, char *buf, size_t size);

/* s as a JSON string for a message, quoted, escaped and cut like found(). Returns buf. */
const char *gb_loader_quoted(const char *s, char *buf, size_t size);

/* "an object", "a string"... for a message. */
const char *gb_loader_type_name(const json_t *v);

/* The command line's overrides (--runs, --warmup, --timeout) within the file's bounds. */
int gb_check_overrides(gb_loader *L, const gb_overrides *ov);

/* Check obj's keys against allowed[]; the first unknown one is an error (with a hint). */
int gb_loader_check_keys(gb_loader *L, const char *path, json_t *obj, const char *const *allowed,
                         size_t n);

/* obj[key] as a string in *out (borrowed; NULL when absent and not required). */
int gb_loader_string(gb_loader *L, json_t *obj, const char *key, const char *path, int required,
                     int nonempty, const char **out);

/* obj[key] (a top-level key) as the index of one of names[] in *out; absent: unchanged. */
int gb_loader_enum(gb_loader *L, json_t *obj, const char *key, const char *const *names, size_t n,
                   int *out);

/* obj[key] (a top-level key) as an integer from min to max; absent: unchanged. */
int gb_loader_int(gb_loader *L, json_t *obj, const char *key, long min, long max, int *out);

/* obj[key] as a number > min_exclusive and <= max (NAN: no upper bound); absent: unchanged. */
int gb_loader_number(gb_loader *L, json_t *obj, const char *path, const char *key,
                     double min_exclusive, double max, double *out);

/* Read "vars" of root and apply the --set overrides of ov into L->vars. */
int gb_loader_vars(gb_loader *L, json_t *root, const gb_overrides *ov);

/* Replace every "$name" string in v; a new reference in *out. */
int gb_loader_substitute(gb_loader *L, json_t *v, const char *path, json_t **out);

/* Replace "${name}" and "$name" inside s by the text of the variable (a string or a
 * number); "$$" is a "$". *out is malloc'd. */
int gb_loader_interpolate(gb_loader *L, const char *s, const char *path, char **out);

/* obj[key] with a "$name" value replaced (a new reference in *out; NULL when absent). */
int gb_loader_resolve(gb_loader *L, json_t *obj, const char *key, const char *path, json_t **out);

/* How many copies threads[index] asks for ("count", default 1), into *count. */
int gb_loader_thread_count(gb_loader *L, json_t *t, size_t index, int *count);

/* Check root's "sweep": its lists of values (--set applied) into *lists, a new object of
 * parameter: [value, ...] in the file's order, and the number of points into *npoints. */
int gb_loader_sweep(gb_loader *L, json_t *root, const gb_overrides *ov, json_t **lists,
                    size_t *npoints);

/* Point index of the sweep's lists (from 0, in the order they run: the first parameter turns
 * slowest): a new object parameter: value, or NULL without memory. */
json_t *gb_sweep_point(json_t *lists, size_t index);

/* "base[k=v,k2=v2]" for a point (malloc'd), or NULL when out of memory. */
char *gb_sweep_point_name(const char *base, json_t *params);

/* Check and resolve threads[index] into spec; copy is the copy's number (0: the only
 * one), label_index its place among all threads, for the default label "tN". */
int gb_loader_thread(gb_loader *L, json_t *t, size_t index, int copy, size_t label_index,
                     gb_thread_spec *spec);

/* Read "measure" of root (a word or a list) into s->measures, then --measure of ov over it
 * (scenario_measure.c). */
int gb_loader_measure(gb_loader *L, json_t *root, const gb_overrides *ov, gb_scenario *s);

/* Read "kind" of root; a "command" or "shell" key without "kind": "command" is an error. */
int gb_loader_kind(gb_loader *L, json_t *root, gb_scenario_kind *kind);

/* Check the top-level keys of a command scenario (threads and a verdict do not apply). */
int gb_loader_command_keys(gb_loader *L, json_t *root);

/* Check and resolve the command of root into s->command (scenario_proc.c). */
int gb_loader_command(gb_loader *L, json_t *root, gb_scenario *s);

#endif
