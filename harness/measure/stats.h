/* stats.h - statistics over runs, the per-run analysis (overlap, parallelism,
 * verdict), the per-scenario summary and the check of expectations.
 *
 * Pure functions over gb_run / gb_result: no clock, no I/O, no Python. */
#ifndef GB_STATS_H
#define GB_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "measure/result.h"

/* Thresholds on the serial score (0 parallel .. 1 serial). */
#define GB_PARALLEL_MAX_SCORE 0.25
#define GB_SERIAL_MIN_SCORE 0.75

/* Summary of values[0..n-1] (not modified). n == 0 gives NAN everywhere. */
gb_summary gb_stats_summarise(const double *values, size_t n);

/* xorshift64*: the next number of a sequence that is the same on every machine, for the
 * bootstrap and the --interleave shuffle, which must be reproducible from a recorded seed.
 * *state must not be 0. */
uint64_t gb_random_next(uint64_t *state);

/* qsort's comparison of two doubles, ascending. */
int gb_stats_cmp_double(const void *a, const void *b);

/* The q-quantile (0..1, linear interpolation) of sorted[0..n-1], n > 0. */
double gb_stats_quantile_sorted(const double *sorted, size_t n, double q);

/* The same of values[0..n-1] in any order (not modified); NAN when n == 0. */
double gb_stats_quantile(const double *values, size_t n, double q);

/* Rearrange v[0..n-1] (n > 0, k < n) so that v[k] is the value a sort would put there, with
 * smaller or equal values before it and larger or equal ones after: O(n) on average, where a
 * sort is O(n log n). */
void gb_stats_select(double *v, size_t n, size_t k);

/* Median of values[0..n-1] (not modified); NAN when n == 0. */
double gb_stats_median(const double *values, size_t n);

/* The same, rearranging values in place instead of copying them (for scratch arrays, such
 * as the thousands of resamples of a bootstrap). */
double gb_stats_median_inplace(double *values, size_t n);

/* Distribution-free 95 % confidence interval of the median (order statistics of the
 * binomial, normal approximation); [min, max] for fewer than 6 values. */
void gb_stats_median_ci(const double *values, size_t n, double *lo, double *hi);

/* How many values have a modified z-score (0.6745 |x - median| / MAD) above 3.5. */
size_t gb_stats_outliers(const double *values, size_t n);

/* Derive parallelism, overlap_share, serial_score and verdict of one run.
 * ncpu is the number of CPUs the worker may use (>= 1). */
void gb_run_analyse(gb_run *run, int ncpu);

/* Verdict for a serial score and thread count. */
gb_verdict gb_verdict_from_score(double serial_score, size_t nthreads);

/* Fill the summaries, serial_score and verdict of r from its measured runs. */
void gb_result_summarise(gb_result *r);

/* Compute baseline ratios across results (by scenario name), then check each
 * scenario's expectations and set status and message. Results whose status is
 * already a failure other than a crash keep it. */
void gb_results_check(gb_result *results, size_t n);

/* The same for results[i] alone (its baseline among results[0..n-1]): what a scenario just
 * run needs, without checking every one before it again (a sweep of 10^4 points). */
void gb_results_check_one(gb_result *results, size_t n, size_t i);

#endif
