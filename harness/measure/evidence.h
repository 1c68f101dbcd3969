/* evidence.h - the verdict from direct evidence of the GIL (evidence.c).
 *
 * Pure functions over gb_run / gb_result: no clock, no I/O, no Python. */
#ifndef GB_EVIDENCE_H
#define GB_EVIDENCE_H

#include "measure/result.h"

/* Thresholds on the GIL wait ratio (waits for the GIL / the time a serial run would lose). */
#define GB_EVIDENCE_PARALLEL_MAX 0.3
#define GB_EVIDENCE_SERIAL_MIN 0.6
/* Less than this to lose and to wait (ns): the evidence cannot tell serial from parallel;
 * the wait ratio's denominator is never less. */
#define GB_EVIDENCE_MIN_LOST_NS 1000000.0
/* Above this share of their work blocked neither on the GIL nor for a CPU, the threads
 * waited for something else (each other, a lock, I/O): the timing judges. */
#define GB_EVIDENCE_OTHER_MAX 0.5
/* Sampled: a thread that held the GIL for at most this share of its work released it. */
#define GB_EVIDENCE_RELEASED_MAX 0.05

/* Derive gil_wait_ratio, cpu_wait_share, basis and (when the GIL was watched) verdict of
 * a run whose timing verdict gb_run_analyse() has set. */
void gb_evidence_analyse(gb_run *run);

/* The verdict of a scenario from its measured runs: the median GIL wait ratio when every
 * run has the evidence, else timing (the verdict given). Fills r's evidence summaries. */
void gb_evidence_summarise(gb_result *r, gb_verdict timing);

/* The share of the thread's work [enter, done] during which it held the GIL, NAN when
 * unknown. Its waits for a CPU are left out of both, as if they all fell while it held the
 * GIL: on a busy machine a lower bound (a thread preempted in the moment it holds the GIL
 * would otherwise seem to hold it for long); exact on a quiet one. Sampled: the share of
 * the samples in its work in which it held the GIL (a preempted holder still holds it). */
double gb_evidence_held_share(const gb_run *run, size_t k);

/* The median over the measured runs of thread k's held share; NAN when unknown. */
double gb_evidence_thread_held_share(const gb_result *r, size_t k);

/* What a comparison reads of r, and no more: every thread's held share kept
 * (r->held_shares, what gb_evidence_thread_held_share gives from then on), then every run's
 * threads and events let go of; the runs' walls, warmup and counted flags and r's summaries
 * stay. A report of many runs compared takes a third of the memory. 0, or -1 (no memory; r
 * as it was). */
int gb_evidence_keep_held_shares(gb_result *r);

/* The scenario's "expect": {"gil_held_share": {"max": x}}: 0 when unset or met, else 1 with
 * why in buf ("t1 held the GIL for 97.0 % of its work, expected at most 5.0 %"). */
int gb_evidence_check_held(const gb_result *r, char *buf, size_t size);

/* "gil", "timing", "waits", "too_short", "held". */
const char *gb_verdict_basis_name(gb_verdict_basis b);

#endif
