/* py_gil_sample.c - the GIL sampled, where its waits cannot be seen (another interposer bound
 * the wait functions first, or GILBENCH_GIL_WATCH=sample): a plain C thread, no Python, no
 * GIL, started for a run only, reads the GIL's holder (py_gil_watch.c, relaxed loads) at
 * GB_GIL_SAMPLE_HZ on absolute deadlines and keeps each reading with its time. After the run
 * the executor asks how many fell in each thread's work and in how many it held the GIL
 * (gil_samples.c does the counting). Waits are not sampled: docs/report.md says why. */
#include "worker/py_gil_sample.h"
#include "worker/py_gil_watch.h"
#include "measure/gil_samples.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

#define PERIOD_NS (1000000000 / GB_GIL_SAMPLE_HZ)
#define FIRST_CAP 4096 /* 16 s at 250 Hz; grown by the sampler itself beyond */

static pthread_t sampler;
static int running;
static atomic_int stop;
/* Written by the sampler while it runs, read by the executor after it stopped. */
static gb_gil_sample *samples;
static size_t nsamples, cap;
static int overflow; /* out of memory while sampling: the run has no samples */

static int64_t ts_ns(const struct timespec *ts)
{
    return (int64_t)ts->tv_sec * 1000000000 + ts->tv_nsec;
}

static void keep(int64_t at, uintptr_t holder)
{
    if (nsamples == cap) {
        gb_gil_sample *more = realloc(samples, 2 * cap * sizeof *more);

        if (!more) {
            overflow = 1;
            return;
        }
        samples = more;
        cap *= 2;
    }
    samples[nsamples++] = (gb_gil_sample){at, holder};
}

/* Wake on the next deadline; one missed (the sampler waited for a CPU longer than a
 * period) is skipped, never made up in a burst. */
static void *sample_loop(void *unused)
{
    struct timespec next, now;

    (void)unused;
    clock_gettime(CLOCK_MONOTONIC, &next);
    while (!atomic_load_explicit(&stop, memory_order_relaxed)) {
        int64_t at = ts_ns(&next) + PERIOD_NS;
        uintptr_t holder;

        clock_gettime(CLOCK_MONOTONIC, &now);
        if (at <= ts_ns(&now))
            at = ts_ns(&now) + PERIOD_NS;
        next.tv_sec = (time_t)(at / 1000000000);
        next.tv_nsec = (long)(at % 1000000000);
        while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL) != 0 &&
               !atomic_load_explicit(&stop, memory_order_relaxed))
            ; /* EINTR: no signal reaches it (blocked), but be sure */
        holder = gb_gil_watch_holder();
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (!overflow)
            keep(ts_ns(&now), holder);
    }
    return NULL;
}

int gb_gil_sampler_begin(void)
{
    sigset_t all, old;
    int rc;

    gb_gil_sampler_end();
    nsamples = 0;
    overflow = 0;
    if (!gb_gil_watch_sampled())
        return 0;
    if (!samples) {
        samples = malloc(FIRST_CAP * sizeof *samples);
        if (!samples)
            return 0;
        cap = FIRST_CAP;
    }
    atomic_store(&stop, 0);
    /* the worker's signals (a timeout, Ctrl-C) are for its other threads */
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    rc = pthread_create(&sampler, NULL, sample_loop, NULL);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    running = rc == 0;
    return running;
}

void gb_gil_sampler_end(void)
{
    if (!running)
        return;
    atomic_store(&stop, 1);
    pthread_join(sampler, NULL);
    running = 0;
}

void gb_gil_sampler_count(uintptr_t who, int64_t from, int64_t to, int64_t *n, int64_t *held)
{
    if (overflow) {
        *n = *held = 0;
        return;
    }
    gb_gil_samples_count(samples, nsamples, from, to, who, n, held);
}
