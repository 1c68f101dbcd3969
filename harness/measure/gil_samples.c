/* gil_samples.c - the arithmetic of the sampled evidence of the GIL: the samples that fell
 * in a thread's work, those in which it held the GIL, and the share they make. The samples
 * are taken by the worker (py_gil_sample.c); what the shares mean for a verdict is
 * evidence.c's. Pure functions: no clock, no I/O, no Python. */
#include "measure/gil_samples.h"

#include <math.h>

void gb_gil_samples_count(const gb_gil_sample *s, size_t n, int64_t from, int64_t to, uintptr_t who,
                          int64_t *samples, int64_t *held)
{
    size_t lo = 0, hi = n;

    *samples = *held = 0;
    /* the first sample at or after `from` */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (s[mid].at_ns < from)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < n && s[i].at_ns <= to; i++) {
        (*samples)++;
        *held += who != 0 && s[i].holder == who;
    }
}

double gb_gil_samples_share(int64_t held, int64_t samples)
{
    if (samples < GB_GIL_SAMPLES_MIN || held < 0 || held > samples)
        return NAN;
    return (double)held / (double)samples;
}
