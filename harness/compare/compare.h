/* compare.h - comparing two reports of `gilbench run`: statistics and judgement.
 *
 * Pure functions: a two-sided Mann-Whitney U test on the raw run times, a bootstrap
 * confidence interval of the relative change of the medians, and the rules that make a
 * change a regression. Reading reports and printing is cmd_compare.c's. */
#ifndef GB_COMPARE_H
#define GB_COMPARE_H

#include <stddef.h>

/* Two-sided p-value of the Mann-Whitney U test of a against b: exact when there are no
 * ties and both samples have at most 50 values, else the normal approximation with tie and
 * continuity corrections. 1 when a sample is empty. */
double gb_mann_whitney_p(const double *a, size_t na, const double *b, size_t nb);

/* Percentile bootstrap interval (level, e.g. 0.95) of median(b) / median(a) - 1: exact when
 * both samples have at most 64 values, else from iterations resamples with a fixed seed;
 * the same inputs always give the same interval (bootstrap.c). */
void gb_bootstrap_change_ci(const double *a, size_t na, const double *b, size_t nb, double level,
                            unsigned iterations, double *lo, double *hi);

/* Two-sided p-value of the Wilcoxon signed-rank test that paired differences d are centred
 * on 0. Zeros are dropped (Wilcoxon's convention); exact when no two |d| tie and at most 50
 * are left, else the normal approximation with tie and continuity corrections. 1 when
 * nothing is left. */
double gb_wilcoxon_signed_rank_p(const double *d, size_t n);

/* The change of paired samples (a[i] and b[i] measured side by side, in one round of one
 * session): the median of the ratios b[i] / a[i], less 1 (taken on their logarithms, the
 * scale of the signed-rank test). What a pair shared (a slow second of the machine) divides
 * out; a burst that hit one run of a pair is one outlying ratio. NAN when n is 0. */
double gb_paired_change(const double *a, const double *b, size_t n);

/* A bootstrap interval of gb_paired_change: pairs are resampled together, so what the two
 * runs of a pair shared stays out of the interval. */
void gb_bootstrap_paired_change_ci(const double *a, const double *b, size_t n, double level,
                                   unsigned iterations, double *lo, double *hi);

typedef enum {
    GB_CHANGE_FASTER,
    GB_CHANGE_SLOWER,
    GB_CHANGE_UNCHANGED,      /* not significant, and the interval is within the threshold */
    GB_CHANGE_NOT_SIGNIFICANT /* not significant, but the interval is too wide to say */
} gb_change;

const char *gb_change_name(gb_change c);

/* Judge a change: slower or faster when p < alpha and the interval [lo, hi] excludes 0;
 * otherwise unchanged when the interval lies within +-threshold, else not significant. */
gb_change gb_change_judge(double change, double p, double lo, double hi, double alpha,
                          double threshold);

/* Rank of a GIL verdict name for "got worse": parallel 0, partial 1, serial 2; -1 when the
 * name is not one of those (single, none). */
int gb_verdict_rank(const char *verdict);

/* A thread that holds the GIL for this much more of its work than in the base (an absolute
 * share) is a GIL regression: 0.05 -> 0.30 is, 0.50 -> 0.60 is not. */
#define GB_HELD_REGRESSION 0.25

/* 1 when the held share went from base to now by GB_HELD_REGRESSION or more; 0 when either is
 * unknown (NAN). */
int gb_held_share_regressed(double base, double now);

/* 1 when a status means the scenario ran as it should (ok, expected_crash). */
int gb_status_passed(const char *status);

#endif
