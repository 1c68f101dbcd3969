/* cli.c - the option parser behind every subcommand (see cli.h). Owns the syntax of
 * options only; meanings and defaults belong to the subcommands. */
#include "util/cli.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/suggest.h"

static const gb_option *find_long(const gb_option *table, size_t n, const char *name, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(table[i].name) == len && strncmp(table[i].name, name, len) == 0)
            return &table[i];
    return NULL;
}

static const gb_option *find_short(const gb_option *table, size_t n, char letter)
{
    for (size_t i = 0; i < n; i++)
        if (table[i].letter && table[i].letter == letter)
            return &table[i];
    return NULL;
}

static int unknown_long(const gb_option *table, size_t n, const char *name, size_t len,
                        gb_error *err)
{
    const char *names[128];
    char word[128];
    size_t m = n < 128 ? n : 128;
    const char *hint;

    for (size_t i = 0; i < m; i++)
        names[i] = table[i].name;
    snprintf(word, sizeof word, "%.*s", (int)(len < 120 ? len : 120), name);
    hint = gb_suggest(word, names, m);
    if (hint)
        gb_error_set(err, NULL, 0, 0, NULL, "unknown option --%s; did you mean --%s?", word, hint);
    else
        gb_error_set(err, NULL, 0, 0, NULL, "unknown option --%s (see --help)", word);
    return -1;
}

static int unknown_short(const gb_option *table, size_t n, char letter, gb_error *err)
{
    for (size_t i = 0; i < n; i++)
        if (table[i].letter &&
            tolower((unsigned char)table[i].letter) == tolower((unsigned char)letter)) {
            gb_error_set(err, NULL, 0, 0, NULL, "unknown option -%c; did you mean -%c (--%s)?",
                         letter, table[i].letter, table[i].name);
            return -1;
        }
    gb_error_set(err, NULL, 0, 0, NULL, "unknown option -%c (see --help)", letter);
    return -1;
}

int gb_cli_parse(int argc, char **argv, int first, const gb_option *table, size_t n,
                 gb_option_handler handler, void *ctx, char **positional, size_t *npositional,
                 gb_error *err)
{
    int only_positional = 0;

    *npositional = 0;
    for (int i = first; i < argc; i++) {
        const char *a = argv[i];
        const gb_option *opt;
        const char *value = NULL;

        if (only_positional || a[0] != '-' || a[1] == '\0') {
            positional[(*npositional)++] = argv[i];
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_positional = 1;
            continue;
        }
        if (a[1] == '-') {
            const char *name = a + 2;
            const char *eq = strchr(name, '=');
            size_t len = eq ? (size_t)(eq - name) : strlen(name);

            opt = find_long(table, n, name, len);
            if (!opt)
                return unknown_long(table, n, name, len, err);
            if (eq) {
                if (!opt->arg) {
                    gb_error_set(err, NULL, 0, 0, NULL, "option --%s takes no value", opt->name);
                    return -1;
                }
                value = eq + 1;
            }
        } else {
            const char *eq = strchr(a + 1, '=');
            size_t len = eq ? (size_t)(eq - a - 1) : strlen(a + 1);

            /* "-runs 3": a long name after one dash is a slip, not -r with the value "uns" */
            if (len > 1 && find_long(table, n, a + 1, len)) {
                gb_error_set(err, NULL, 0, 0, NULL,
                             "unknown option %.*s; did you mean -%.*s? (a long option takes two "
                             "dashes)",
                             (int)len + 1, a, (int)len + 1, a);
                return -1;
            }
            opt = find_short(table, n, a[1]);
            if (!opt)
                return unknown_short(table, n, a[1], err);
            if (a[2] != '\0') {
                if (!opt->arg) {
                    gb_error_set(err, NULL, 0, 0, NULL,
                                 "option -%c takes no value (give flags one at a time)", a[1]);
                    return -1;
                }
                value = a + 2;
            }
        }
        if (opt->arg && !value) {
            if (i + 1 >= argc) {
                gb_error_set(err, NULL, 0, 0, NULL, "option --%s needs a value (%s)", opt->name,
                             opt->arg);
                return -1;
            }
            value = argv[++i];
            /* "--json --csv x.csv": the value was forgotten, the next option is not a file */
            if (value[0] == '-' && value[1] == '-' && value[2] != '\0') {
                gb_error_set(err, NULL, 0, 0, NULL,
                             "option --%s needs a value (%s), found the option %s; write "
                             "--%s=%s if that is the value",
                             opt->name, opt->arg, value, opt->name, value);
                return -1;
            }
        }
        if (handler(opt->id, value, ctx, err) != 0)
            return -1;
    }
    return 0;
}

void gb_cli_print_options(FILE *out, const gb_option *table, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char left[64];

        if (table[i].letter)
            snprintf(left, sizeof left, "-%c, --%s%s%s", table[i].letter, table[i].name,
                     table[i].arg ? " " : "", table[i].arg ? table[i].arg : "");
        else
            snprintf(left, sizeof left, "    --%s%s%s", table[i].name, table[i].arg ? " " : "",
                     table[i].arg ? table[i].arg : "");
        fprintf(out, "  %-28s %s\n", left, table[i].help);
    }
}

int gb_cli_int(const char *opt, const char *value, long min, long max, long *out, gb_error *err)
{
    char *end;
    long v;

    errno = 0;
    v = strtol(value, &end, 10);
    if (errno || end == value || *end != '\0' || v < min || v > max) {
        gb_error_set(err, NULL, 0, 0, NULL,
                     "option --%s: expected an integer from %ld to %ld, found \"%s\"", opt, min,
                     max, value);
        return -1;
    }
    *out = v;
    return 0;
}

int gb_cli_count(const char *opt, const char *value, long min, long max, int *out, gb_error *err)
{
    long v;

    if (gb_cli_int(opt, value, min, max, &v, err) != 0)
        return -1;
    *out = (int)v;
    return 0;
}

int gb_cli_double(const char *opt, const char *value, double min, double *out, gb_error *err)
{
    char *end;
    double v;

    errno = 0;
    v = strtod(value, &end);
    if (errno || end == value || *end != '\0' || !isfinite(v) || v < min) {
        gb_error_set(err, NULL, 0, 0, NULL, "option --%s: expected a number >= %g, found \"%s\"",
                     opt, min, value);
        return -1;
    }
    *out = v;
    return 0;
}
