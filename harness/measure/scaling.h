/* scaling.h - the speedup and efficiency of a point of a sweep over a "threads" parameter,
 * against the point with one thread and the same other parameters.
 *
 * Each thread of such a sweep is assumed to do the same work, so n threads do n times the
 * one-thread work: speedup = n * T1 / Tn (n when they run fully parallel, 1 when the GIL
 * serialises them) and efficiency = speedup / n. Views and exporters read it from here;
 * nothing here runs or prints. */
#ifndef GB_SCALING_H
#define GB_SCALING_H

#include <stddef.h>

#include "measure/result.h"

typedef struct gb_scaling {
    double threads;    /* the point's "threads" */
    double speedup;    /* threads * T1 / Tn */
    double efficiency; /* speedup / threads, 1 = perfect */
    size_t against;    /* index of the one-thread point among the results */
} gb_scaling;

/* The one-thread point of each result of a report, found in one pass (a sweep of 10^4
 * points looked for it among every result, for every result). */
typedef struct gb_scalings {
    const gb_result *results;
    size_t n;
    size_t *against; /* results[i]'s one-thread point, or n: none */
} gb_scalings;

/* Index results[0..n-1]. Returns 0, or -1 when out of memory (then every gb_scaling_of
 * says none). Free with gb_scalings_free. */
int gb_scalings_init(gb_scalings *s, const gb_result *results, size_t n);
void gb_scalings_free(gb_scalings *s);

/* The scaling of results[i]: 0 and *out filled, or -1 when it is not a point of a threads
 * sweep, or its one-thread point or either median is missing. */
int gb_scaling_of(const gb_scalings *s, size_t i, gb_scaling *out);

#endif
