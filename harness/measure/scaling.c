/* scaling.c - speedup and efficiency of the points of a threads sweep (see scaling.h). */
#include "measure/scaling.h"

#include <math.h>
#include <string.h>

#include "measure/sweep.h"

/* 1 when a and b hold the same parameters but "threads". */
static int same_but_threads(json_t *a, json_t *b)
{
    const char *key;
    json_t *v;

    if (json_object_size(a) != json_object_size(b))
        return 0;
    json_object_foreach(a, key, v)
    {
        if (strcmp(key, "threads") != 0 && !json_equal(v, json_object_get(b, key)))
            return 0;
    }
    return 1;
}

int gb_scaling_of(const gb_result *results, size_t n, size_t i, gb_scaling *out)
{
    char base[256], other[256];
    json_t *params, *p, *threads;
    int rc = -1;

    if (!results[i].wall.n || !(results[i].wall.median > 0) ||
        gb_sweep_of(&results[i], base, sizeof base, &params) != 0)
        return -1;
    threads = json_object_get(params, "threads");
    if (!json_is_number(threads) || json_number_value(threads) < 1) {
        json_decref(params);
        return -1;
    }
    for (size_t j = 0; j < n && rc != 0; j++) {
        if (!results[j].wall.n || !(results[j].wall.median > 0) ||
            gb_sweep_of(&results[j], other, sizeof other, &p) != 0)
            continue;
        if (strcmp(base, other) == 0 && json_is_number(json_object_get(p, "threads")) &&
            json_number_value(json_object_get(p, "threads")) == 1 && same_but_threads(params, p)) {
            out->threads = json_number_value(threads);
            out->speedup = out->threads * results[j].wall.median / results[i].wall.median;
            out->efficiency = out->speedup / out->threads;
            out->against = j;
            rc = 0;
        }
        json_decref(p);
    }
    json_decref(params);
    return rc;
}
