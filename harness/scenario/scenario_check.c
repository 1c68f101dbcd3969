/* scenario_check.c - the checks every part of a scenario file goes through: keys against
 * the allowed ones, strings, enums, numbers, and the one-line error with file, line,
 * column (json_locate.c), JSON path, what was expected, what was found and the nearest
 * valid word; and the command line's overrides, their defaults and their bounds. What the
 * keys mean is scenario.c's and scenario_thread.c's. */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/scenario_load.h"
#include "util/suggest.h"

/* Append the first len bytes of part at buf[*at], within size (always NUL-terminated). */
static void append(char *buf, size_t size, size_t *at, const char *part, size_t len)
{
    if (*at + len >= size)
        len = size - 1 - *at;
    memcpy(buf + *at, part, len);
    *at += len;
    buf[*at] = '\0';
}

const char *gb_loader_path(char *buf, size_t size, const char *path, const char *key)
{
    size_t at = 0;

    buf[0] = '\0';
    append(buf, size, &at, path, strlen(path));
    if (path[0])
        append(buf, size, &at, ".", 1);
    append(buf, size, &at, key, strlen(key));
    return buf;
}

const char *gb_loader_index_path(char *buf, size_t size, const char *path, size_t index)
{
    char digits[24];
    size_t at = 0, n = sizeof digits;

    digits[--n] = ']';
    do
        digits[--n] = (char)('0' + index % 10);
    while ((index /= 10) != 0);
    digits[--n] = '[';
    buf[0] = '\0';
    append(buf, size, &at, path, strlen(path));
    append(buf, size, &at, digits + n, sizeof digits - n);
    return buf;
}

int gb_loader_fail(gb_loader *L, const char *path, gb_locate_what what, const char *fmt, ...)
{
    char msg[900];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    /* the text parsed, so gb_json_locate finds path; if not, 1:1 beats no place */
    return gb_error_at_path(L->err, L->file, L->text, path, what, 1, msg);
}

/* A short JSON rendering of v for "found ..." (strings keep their quotes). */
void gb_loader_found(const json_t *v, char *buf, size_t size)
{
    char *s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT | JSON_REAL_PRECISION(15));

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
 * break the one-line error) and cut like gb_loader_found(). Returns buf. */
const char *gb_loader_quoted(const char *s, char *buf, size_t size)
{
    json_t *j = json_string(s);

    if (j)
        gb_loader_found(j, buf, size);
    else
        snprintf(buf, size, "\"?\"");
    json_decref(j);
    return buf;
}

const char *gb_loader_type_name(const json_t *v)
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
int gb_loader_fail_expected(gb_loader *L, const char *path, const json_t *v, const char *expected)
{
    char f[64];

    gb_loader_found(v, f, sizeof f);
    return gb_loader_fail(L, path, GB_LOCATE_VALUE, "expected %s, found %s", expected, f);
}

/* Check obj's keys against allowed[]; the first unknown one is an error. */
int gb_loader_check_keys(gb_loader *L, const char *path, json_t *obj, const char *const *allowed,
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
        gb_loader_path(kpath, sizeof kpath, path, key);
        hint = gb_suggest(key, allowed, n);
        {
            int line = 0, column = 0;
            char where[300], qk[64];

            if (gb_json_locate(L->text, kpath, GB_LOCATE_KEY, &line, &column) != 0)
                line = column = 1;
            snprintf(where, sizeof where, "%s", path);
            if (hint)
                gb_error_set(L->err, L->file, line, column, where,
                             "unknown key %s; did you mean \"%s\"?",
                             gb_loader_quoted(key, qk, sizeof qk), hint);
            else
                gb_error_set(L->err, L->file, line, column, where, "unknown key %s",
                             gb_loader_quoted(key, qk, sizeof qk));
        }
        return -1;
    }
    return 0;
}

int gb_loader_string(gb_loader *L, json_t *obj, const char *key, const char *path, int required,
                     int nonempty, const char **out)
{
    json_t *v = json_object_get(obj, key);

    *out = NULL;
    if (!v) {
        if (required)
            return gb_loader_fail(L, path, GB_LOCATE_VALUE, "missing required key \"%s\"", key);
        return 0;
    }
    {
        char p[300];

        gb_loader_path(p, sizeof p, path, key);
        if (!json_is_string(v))
            return gb_loader_fail_expected(L, p, v, "a string");
        if (nonempty && json_string_length(v) == 0)
            return gb_loader_fail(L, p, GB_LOCATE_VALUE, "expected a non-empty string, found \"\"");
    }
    *out = json_string_value(v);
    return 0;
}

/* An enum: one of names[]; suggests the nearest. */
int gb_loader_enum(gb_loader *L, json_t *obj, const char *key, const char *const *names, size_t n,
                   int *out)
{
    json_t *v = json_object_get(obj, key);
    char expected[200] = "", f[64];
    const char *hint;

    if (!v)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (json_is_string(v) && strcmp(json_string_value(v), names[i]) == 0) {
            *out = (int)i;
            return 0;
        }
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(expected);

        snprintf(expected + len, sizeof expected - len, "%s\"%s\"",
                 i == 0 ? "" : (i + 1 == n ? " or " : ", "), names[i]);
    }
    gb_loader_found(v, f, sizeof f);
    hint = json_is_string(v) ? gb_suggest(json_string_value(v), names, n) : NULL;
    if (hint)
        return gb_loader_fail(L, key, GB_LOCATE_VALUE,
                              "expected %s, found %s; did you mean \"%s\"?", expected, f, hint);
    return gb_loader_fail(L, key, GB_LOCATE_VALUE, "expected %s, found %s", expected, f);
}

int gb_loader_int(gb_loader *L, json_t *obj, const char *key, long min, long max, int *out)
{
    json_t *v = json_object_get(obj, key);
    char expected[96];

    if (!v)
        return 0;
    if (json_is_integer(v) && json_integer_value(v) >= min && json_integer_value(v) <= max) {
        *out = (int)json_integer_value(v);
        return 0;
    }
    snprintf(expected, sizeof expected, "an integer from %ld to %ld", min, max);
    return gb_loader_fail_expected(L, key, v, expected);
}

/* A number > min_exclusive and <= max (NAN = no upper bound). */
int gb_loader_number(gb_loader *L, json_t *obj, const char *path, const char *key,
                     double min_exclusive, double max, double *out)
{
    json_t *v = json_object_get(obj, key);
    char p[300], expected[96];

    if (!v)
        return 0;
    if (json_is_number(v) && json_number_value(v) > min_exclusive &&
        (isnan(max) || json_number_value(v) <= max)) {
        *out = json_number_value(v);
        return 0;
    }
    gb_loader_path(p, sizeof p, path, key);
    if (isnan(max))
        snprintf(expected, sizeof expected, "a number > %g", min_exclusive);
    else
        snprintf(expected, sizeof expected, "a number > %g and <= %g", min_exclusive, max);
    return gb_loader_fail_expected(L, p, v, expected);
}

/* The command line's values obey the same bounds as the file's. */
int gb_check_overrides(gb_loader *L, const gb_overrides *ov)
{
    if (!ov)
        return 0;
    if (ov->runs >= 0 && (ov->runs < 1 || ov->runs > GB_MAX_RUNS)) {
        gb_error_set(L->err, NULL, 0, 0, NULL, "--runs: expected an integer from 1 to %d, found %d",
                     GB_MAX_RUNS, ov->runs);
        return -1;
    }
    if (ov->warmup > GB_MAX_RUNS) {
        gb_error_set(L->err, NULL, 0, 0, NULL,
                     "--warmup: expected an integer from 0 to %d, found %d", GB_MAX_RUNS,
                     ov->warmup);
        return -1;
    }
    if (isnan(ov->timeout) || ov->timeout == 0 || (ov->timeout > 0 && isinf(ov->timeout))) {
        gb_error_set(L->err, NULL, 0, 0, NULL,
                     "--timeout: expected a number of seconds > 0, found %g", ov->timeout);
        return -1;
    }
    return 0;
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
