/* scaling.c - speedup and efficiency of the points of a threads sweep (see scaling.h): each
 * point's one-thread point found through an index of their sweeps, not by a search. */
#include "measure/scaling.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "measure/sweep.h"

/* The point's sweep and its parameters less "threads" as one string (a new one, to free),
 * and its "threads" in *threads; NULL when it is no point of a threads sweep with a
 * median. */
static char *sweep_key(const gb_result *r, double *threads)
{
    char base[256], *rest, *key = NULL;
    json_t *params, *t, *others;

    if (!r->wall.n || !(r->wall.median > 0) || gb_sweep_of(r, base, sizeof base, &params) != 0)
        return NULL;
    t = json_object_get(params, "threads");
    if (json_is_number(t) && json_number_value(t) >= 1) {
        *threads = json_number_value(t);
        others = json_copy(params); /* params may be the report's own object */
        json_object_del(others, "threads");
        rest = others ? json_dumps(others, JSON_SORT_KEYS | JSON_COMPACT) : NULL;
        json_decref(others);
        if (rest && (key = malloc(strlen(base) + strlen(rest) + 2)) != NULL)
            sprintf(key, "%s\x1f%s", base, rest); /* sized above */
        free(rest);
    }
    json_decref(params);
    return key;
}

int gb_scalings_init(gb_scalings *s, const gb_result *results, size_t n)
{
    json_t *one = json_object(); /* key -> the first one-thread point with it */
    char **keys = calloc(n + 1, sizeof *keys);
    double *threads = calloc(n + 1, sizeof *threads);
    int rc = -1;

    s->results = results;
    s->n = n;
    s->against = malloc((n + 1) * sizeof *s->against);
    if (!one || !keys || !threads || !s->against)
        goto done;
    for (size_t j = 0; j < n; j++) {
        s->against[j] = n;
        keys[j] = sweep_key(&results[j], &threads[j]);
        if (keys[j] && threads[j] == 1 && !json_object_get(one, keys[j]))
            json_object_set_new_nocheck(one, keys[j], json_integer((json_int_t)j));
    }
    for (size_t i = 0; i < n; i++) {
        json_t *j = keys[i] ? json_object_get(one, keys[i]) : NULL;

        if (j)
            s->against[i] = (size_t)json_integer_value(j);
    }
    rc = 0;
done:
    for (size_t j = 0; keys && j < n; j++)
        free(keys[j]);
    free(keys);
    free(threads);
    json_decref(one);
    if (rc != 0) {
        free(s->against);
        s->against = NULL;
    }
    return rc;
}

void gb_scalings_free(gb_scalings *s)
{
    free(s->against);
    s->against = NULL;
}

int gb_scaling_of(const gb_scalings *s, size_t i, gb_scaling *out)
{
    const gb_result *r = &s->results[i];
    char base[256];
    json_t *params;
    size_t j;

    if (!s->against || i >= s->n || (j = s->against[i]) >= s->n ||
        gb_sweep_of(r, base, sizeof base, &params) != 0)
        return -1;
    out->threads = json_number_value(json_object_get(params, "threads"));
    out->speedup = out->threads * s->results[j].wall.median / r->wall.median;
    out->efficiency = out->speedup / out->threads;
    out->against = j;
    json_decref(params);
    return 0;
}
