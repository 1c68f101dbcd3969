/* sides.c - `run --side LABEL:NAME=VALUE,...`: parsing the option, the variables of each
 * side's load, the NAME[side=LABEL] renaming that keeps the sides apart during the session,
 * loading the files once per side, and the file name of each side's report. See sides.h. */
#include "run/sides.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "measure/stats.h"

static int label_ok(const char *s, size_t len)
{
    if (len == 0 || len > 32)
        return 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];

        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.'))
            return 0;
    }
    return 1;
}

int gb_side_parse(const char *arg, gb_side *side, gb_error *err)
{
    const char *colon = strchr(arg, ':');
    size_t len = colon ? (size_t)(colon - arg) : strlen(arg);

    memset(side, 0, sizeof *side);
    if (!label_ok(arg, len)) {
        gb_error_set(err, NULL, 0, 0, NULL,
                     "option --side: expected LABEL[:NAME=VALUE,...] with a label of up to 32 "
                     "letters, digits, - _ or ., found \"%s\"",
                     arg);
        return -1;
    }
    side->label = strndup(arg, len);
    side->text = strdup(colon ? colon + 1 : "");
    if (!side->label || !side->text)
        goto nomem;
    if (*side->text) {
        size_t n = 1;

        for (const char *p = side->text; *p; p++)
            n += *p == ',';
        side->vars = calloc(n, sizeof *side->vars);
        if (!side->vars)
            goto nomem;
        for (char *save = NULL, *tok = strtok_r(side->text, ",", &save); tok;
             tok = strtok_r(NULL, ",", &save)) {
            if (!strchr(tok, '=') || *tok == '=') {
                gb_error_set(err, NULL, 0, 0, NULL,
                             "option --side %.*s: expected NAME=VALUE after the label, found "
                             "\"%s\"",
                             (int)len, arg, tok);
                gb_side_clear(side);
                return -1;
            }
            side->vars[side->nvars++] = tok;
        }
    }
    return 0;
nomem:
    gb_side_clear(side);
    gb_error_set(err, NULL, 0, 0, NULL, "option --side: out of memory");
    return -1;
}

void gb_side_clear(gb_side *side)
{
    if (!side)
        return;
    free(side->label);
    free(side->vars);
    free(side->text);
    memset(side, 0, sizeof *side);
}

size_t gb_side_vars(const gb_side *side, const char **global, size_t nglobal, const char **out)
{
    size_t n = 0;

    for (size_t i = 0; i < nglobal; i++)
        out[n++] = global[i];
    for (size_t i = 0; i < side->nvars; i++)
        out[n++] = side->vars[i];
    return n;
}

/* name + "[side=label]", malloc'd */
static char *tagged(const char *name, const char *label)
{
    size_t n = strlen(name) + strlen(label) + sizeof "[side=]";
    char *s = malloc(n);

    if (s)
        snprintf(s, n, "%s[side=%s]", name, label);
    return s;
}

/* Replace *field with its tagged form, in the struct and under key in s's config. */
static int tag_field(gb_scenario *s, char **field, const char *key, const char *label)
{
    char *t;

    if (!*field)
        return 0;
    t = tagged(*field, label);
    if (!t)
        return -1;
    free(*field);
    *field = t;
    return gb_scenario_config_set(s, key, t);
}

int gb_side_tag(gb_scenario *s, const char *label)
{
    if (tag_field(s, &s->name, "name", label) != 0 ||
        tag_field(s, &s->baseline, "baseline", label) != 0)
        return -1;
    return 0;
}

size_t gb_side_base_len(const char *name, const char *label)
{
    size_t n = strlen(name), nl = strlen(label) + sizeof "[side=]" - 1;
    const char *end = name + n - nl;

    if (n <= nl || strncmp(end, "[side=", 6) != 0 || strncmp(end + 6, label, strlen(label)) != 0 ||
        strcmp(end + 6 + strlen(label), "]") != 0)
        return 0;
    return n - nl;
}

static int untag_field(gb_scenario *s, char *field, const char *key, const char *label)
{
    size_t len;

    if (!field || (len = gb_side_base_len(field, label)) == 0)
        return 0;
    field[len] = '\0';
    return gb_scenario_config_set(s, key, field);
}

int gb_side_untag(gb_scenario *s, const char *label)
{
    if (untag_field(s, s->name, "name", label) != 0 ||
        untag_field(s, s->baseline, "baseline", label) != 0)
        return -1;
    return 0;
}

int gb_side_has(const gb_scenario *s, const char *label)
{
    return gb_side_base_len(s->name, label) > 0;
}

int gb_side_path(const char *path, const char *label, char *out, size_t size)
{
    const char *base = strrchr(path, '/');
    const char *dot;
    size_t stem;
    int n;

    base = base ? base + 1 : path;
    dot = strrchr(base, '.');
    stem = dot && dot != base ? (size_t)(dot - path) : strlen(path);
    n = snprintf(out, size, "%.*s-%s%s", (int)stem, path, label, path + stem);
    return n < 0 || (size_t)n >= size ? -1 : 0;
}

void gb_sides_round_order(size_t *idx, const size_t *group, size_t n, uint64_t *state)
{
    uint64_t *key = malloc(n * sizeof *key), *gkey = malloc(n * sizeof *gkey);

    if (!key || !gkey) { /* keep last round's order */
        free(key);
        free(gkey);
        return;
    }
    for (size_t g = 0; g < n; g++)
        gkey[g] = gb_random_next(state) >> 32;
    for (size_t i = 0; i < n; i++) {
        key[i] = gkey[group[i]] << 32 | (gb_random_next(state) >> 32);
        idx[i] = i;
    }
    for (size_t i = 1; i < n; i++) /* insertion sort by key: n is small */
        for (size_t j = i; j > 0 && key[idx[j - 1]] > key[idx[j]]; j--) {
            size_t t = idx[j];

            idx[j] = idx[j - 1];
            idx[j - 1] = t;
        }
    free(key);
    free(gkey);
}

int gb_sides_attach_drivers(gb_side *sides, size_t nsides, const char *const *drivers,
                            size_t ndrivers, gb_error *err)
{
    for (size_t i = 0; i < ndrivers; i++) {
        const char *eq = strchr(drivers[i], '=');
        size_t len = (size_t)(eq - drivers[i]);
        gb_side *sd = NULL;

        for (size_t k = 0; k < nsides; k++)
            if (strlen(sides[k].label) == len && strncmp(sides[k].label, drivers[i], len) == 0)
                sd = &sides[k];
        if (!sd) {
            gb_error_set(err, NULL, 0, 0, NULL, "--driver %s: no --side is labelled \"%.*s\"",
                         drivers[i], (int)len, drivers[i]);
            return -1;
        }
        if (access(eq + 1, X_OK) != 0) {
            gb_error_set(err, NULL, 0, 0, NULL, "--driver %s: %s: %s", drivers[i], eq + 1,
                         strerror(errno));
            return -1;
        }
        sd->driver = eq + 1;
    }
    return 0;
}

size_t gb_sides_load(const gb_side *sides, size_t nsides, const gb_overrides *global,
                     gb_overrides *side_ov, char **files, size_t nfiles, gb_error_fn on_error,
                     void *ctx, gb_scenario ***loaded, size_t *nloaded, size_t **side_of)
{
    size_t failed = 0;
    gb_error err;

    *nloaded = 0;
    for (size_t k = 0; k < nsides && !failed; k++) {
        const gb_side *sd = &sides[k];
        gb_overrides *ov = &side_ov[k], only = *global;
        const char **vars = calloc(global->nvars + sd->nvars + 1, sizeof *vars);
        gb_scenario **got = NULL, **all;
        size_t ngot = 0, *sides_of;
        char option[64];

        if (!vars) {
            gb_error_set(&err, NULL, 0, 0, NULL, "out of memory");
            on_error(&err, ctx);
            failed++;
            break;
        }
        *ov = *global;
        ov->vars = vars; /* freed with the sides */
        ov->nvars = gb_side_vars(sd, global->vars, global->nvars, vars);
        failed += gb_scenarios_load(files, nfiles, ov, on_error, ctx, &got, &ngot);
        all = realloc(*loaded, (*nloaded + ngot + 1) * sizeof *all);
        if (all)
            *loaded = all;
        sides_of = realloc(*side_of, (*nloaded + ngot + 1) * sizeof *sides_of);
        if (sides_of)
            *side_of = sides_of;
        if (!all || !sides_of) {
            gb_error_set(&err, NULL, 0, 0, NULL, "out of memory");
            on_error(&err, ctx);
            for (size_t i = 0; i < ngot; i++)
                gb_scenario_free(got[i]);
            free(got);
            failed++;
            break;
        }
        memcpy(*loaded + *nloaded, got, ngot * sizeof *got);
        free(got);
        only.vars = sd->vars;
        only.nvars = sd->nvars;
        snprintf(option, sizeof option, "--side %s:", sd->label);
        if (!failed &&
            (gb_overrides_check_used(&only, *loaded + *nloaded, ngot, option, &err) != 0 ||
             (k == 0 && gb_overrides_check_used(global, *loaded, ngot, "--set", &err) != 0))) {
            on_error(&err, ctx);
            failed++;
        }
        for (size_t i = *nloaded; i < *nloaded + ngot; i++) {
            (*side_of)[i] = k;
            if (gb_side_tag((*loaded)[i], sd->label) != 0) {
                gb_error_set(&err, NULL, 0, 0, NULL, "out of memory");
                on_error(&err, ctx);
                failed++;
            }
        }
        *nloaded += ngot;
    }
    return failed;
}
