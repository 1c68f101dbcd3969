/* py_gil_sample.h - the sampler of the GIL, where its waits cannot be seen (py_gil_sample.c):
 * a plain C thread that reads the GIL's holder at GB_GIL_SAMPLE_HZ for a run's duration. */
#ifndef GB_PY_GIL_SAMPLE_H
#define GB_PY_GIL_SAMPLE_H

#include <stdint.h>

/* Before a run: when the watch samples (gb_gil_watch_sampled()), start the sampler and
 * forget the last run's samples. Returns 1 when it runs, 0 when it does not (not sampled,
 * or no thread nor memory for it: the run then has no evidence of the GIL). */
int gb_gil_sampler_begin(void);

/* After the run: stop the sampler and wait for it. Safe when it was not started. */
void gb_gil_sampler_end(void);

/* Of the last run's samples, those in [from, to] (CLOCK_MONOTONIC ns) into *samples, and of
 * them those in which the thread state `who` held the GIL into *held. After
 * gb_gil_sampler_end(). */
void gb_gil_sampler_count(uintptr_t who, int64_t from, int64_t to, int64_t *samples, int64_t *held);

#endif
