/* clock.h - the monotonic clock in seconds, for deadlines, timeouts and elapsed times of
 * the harness itself (the runs are timed in the worker, in nanoseconds). */
#ifndef GB_CLOCK_H
#define GB_CLOCK_H

/* Seconds of CLOCK_MONOTONIC: only differences mean anything. */
double gb_now_s(void);

#endif
