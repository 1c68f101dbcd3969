/* sweep.h - which scenarios of a report came from one parameter sweep, for the
 * views that draw a sweep as a curve (the HTML scaling chart, hyperfine's parameters).
 *
 * A result says it came from a sweep with its "sweep" object ({"base": "nogil-scaling",
 * "params": {"threads": 4}}, docs/report.md); without one, a name of the form
 * "base[k=v,k2=v2]" says the same. Nothing here runs a sweep. */
#ifndef GB_SWEEP_H
#define GB_SWEEP_H

#include <jansson.h>
#include <stddef.h>

#include "measure/result.h"

/* The sweep r came from: its base name into base, and its parameters (a new reference to
 * an object of numbers and strings) into *params. Returns 0, or -1 when r is from no
 * sweep (then *params is NULL). */
int gb_sweep_of(const gb_result *r, char *base, size_t size, json_t **params);

#endif
