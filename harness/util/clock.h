/* clock.h - the monotonic clock in seconds, for deadlines, timeouts and elapsed times of
 * the harness itself (the runs are timed in the worker, in nanoseconds), and getrusage's
 * times in nanoseconds. */
#ifndef GB_CLOCK_H
#define GB_CLOCK_H

/* Seconds of CLOCK_MONOTONIC: only differences mean anything. */
double gb_now_s(void);

/* A struct timeval (getrusage's times) in nanoseconds, as an int64_t. */
#define GB_TIMEVAL_NS(tv) ((int64_t)(tv).tv_sec * 1000000000 + (int64_t)(tv).tv_usec * 1000)

#endif
