/* gil_samples.h - the arithmetic of the sampled evidence of the GIL (gil_samples.c): which
 * samples fell in a thread's work, in how many it held the GIL, and the share that makes.
 *
 * Pure functions: the sampler that takes the samples is the worker's (py_gil_sample.c). */
#ifndef GB_GIL_SAMPLES_H
#define GB_GIL_SAMPLES_H

#include <stddef.h>
#include <stdint.h>

/* The GIL read once: when (CLOCK_MONOTONIC ns) and who held it (the holder's thread state,
 * 0 when the GIL was free). */
typedef struct gb_gil_sample {
    int64_t at_ns;
    uintptr_t holder;
} gb_gil_sample;

/* Fewer samples than this in a thread's work say nothing of its share (NAN). */
#define GB_GIL_SAMPLES_MIN 5

/* Of the samples s[0..n-1] (in time order), those in [from, to] into *samples, and of them
 * those in which `who` held the GIL into *held. */
void gb_gil_samples_count(const gb_gil_sample *s, size_t n, int64_t from, int64_t to, uintptr_t who,
                          int64_t *samples, int64_t *held);

/* held / samples: the share of its work a thread held the GIL; NAN with fewer than
 * GB_GIL_SAMPLES_MIN samples or counts that make no sense (held > samples, negative). */
double gb_gil_samples_share(int64_t held, int64_t samples);

#endif
