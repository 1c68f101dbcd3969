/* result.h - what a scenario produced: raw runs, their analysis, summary and status;
 * and the report that gathers every scenario of one `gilbench run`.
 *
 * The runner fills gb_run values from the worker's measurements; stats.c derives
 * everything else. Exporters and the terminal output only read these structures. */
#ifndef GB_RESULT_H
#define GB_RESULT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "scenario/scenario.h"
#include "util/error.h"

/* The longest time a measurement read from a file may hold: 2^53 ns (104 days), exact as a
 * double, and far enough from INT64_MAX that the sums and differences the statistics and
 * views make of times cannot overflow. */
#define GB_MAX_NS (INT64_C(1) << 53)

/* The four moments of one thread in one run, in nanoseconds since the run started
 * (the moment the first thread was asked to start), and the thread's own CPU time. */
typedef struct gb_thread_times {
    int64_t start_ns;   /* asked to start (sequential) or released (barrier) */
    int64_t enter_ns;   /* work entered: GIL held or released as asked, clock read inside C */
    int64_t done_ns;    /* work done, inside C, before the GIL is taken back */
    int64_t return_ns;  /* the call returned to the harness (GIL held again) */
    int64_t cpu_ns;     /* CLOCK_THREAD_CPUTIME_ID spent in this run by the thread */
    int64_t started_ns; /* start() returned to the starting (main) thread: it got the GIL back */

    /* Direct evidence (worker/py_gil_watch.c), valid when the run's evidence bits say so */
    int64_t gil_wait_ns;              /* blocked while another thread held the GIL, from the moment
                                         it was asked to start; in a sequential start the starting
                                         thread's waits that kept it from starting are included */
    int64_t gil_wait_start_ns;        /* the part before the call began */
    int64_t gil_wait_return_ns;       /* the part after its work was done: waiting to return */
    int64_t gil_waits;                /* wait episodes */
    int64_t gil_wait_holder_delay_ns; /* of gil_wait_ns: the holder itself was waiting for a
                                         CPU meanwhile (the machine's part) */
    int64_t gil_held_ns;              /* held the GIL between the call and its return */
    int64_t gil_held_cpu_ns;          /* of it, on a CPU (its CPU time while holding); -1 unknown */
    int64_t run_delay_ns;             /* runnable but no CPU free, during the call (schedstat) */
    int64_t start_cpu_wait_ns;        /* sequential start: the starting thread's waits for a CPU
                                         between starting the previous thread and this one */
    /* Sampled evidence (GB_EVIDENCE_SAMPLED): the GIL read at a fixed rate during [enter, done] */
    int64_t gil_samples;      /* samples taken during its work */
    int64_t gil_held_samples; /* of them, the GIL locked with this thread as its holder */

    /* A counted run (gb_run.counted): between the thread's enter and done only (counts.h) */
    int64_t instructions; /* instructions executed */
    int64_t cycles;       /* estimated from the cache model of counts.h; -1 when not known */
} gb_thread_times;

/* What a thread did with the GIL from a moment on (gb_gil_event.state). */
typedef enum {
    GB_GIL_HELD = 1, /* took the GIL: runs Python or C that keeps it */
    GB_GIL_RELEASED, /* dropped it: runs without it */
    GB_GIL_WAITING,  /* waits for the GIL, held by another thread */
    GB_GIL_WOKEN,    /* the GIL is free for it: waits for a CPU to take it */
    GB_GIL_BLOCKED,  /* without it, blocked elsewhere: sleeps, waits for I/O, a lock, a child */
    GB_GIL_NSTATES   /* one past the last */
} gb_gil_state;

/* One change of a thread's state, in nanoseconds since the run started. */
typedef struct gb_gil_event {
    int64_t at_ns;
    uint32_t thread; /* index in gb_run.threads */
    uint32_t state;  /* gb_gil_state */
} gb_gil_event;

/* Which evidence a run has (gb_run.evidence). */
#define GB_EVIDENCE_GIL 1u /* gil_* of the threads and gil_switches */
#define GB_EVIDENCE_CPU 2u /* run_delay_ns of the threads */
/* gil_samples and gil_held_samples of the threads and gil_switches: the GIL sampled where
 * its waits could not be seen (never with GB_EVIDENCE_GIL: no waits, no holds in time) */
#define GB_EVIDENCE_SAMPLED 4u

/* What a verdict was judged from. */
typedef enum {
    GB_BASIS_TIMING,    /* the serial score: no evidence of the GIL (or one thread) */
    GB_BASIS_GIL,       /* the waits for the GIL against the time serialising would lose */
    GB_BASIS_WAITS,     /* the threads waited for each other outside the GIL: the timing */
    GB_BASIS_TOO_SHORT, /* too little work to lose: inconclusive */
    GB_BASIS_HELD       /* sampled: the threads' shares of their work holding the GIL */
} gb_verdict_basis;

typedef struct gb_run {
    int index;  /* 0-based among all runs of the scenario, warmup first */
    int warmup; /* 1 for a warmup run: kept in the report, not in the statistics */
    int64_t wall_ns;
    int64_t user_ns;   /* process user CPU time during the run */
    int64_t sys_ns;    /* process system CPU time during the run */
    int64_t canary_ns; /* a fixed loop timed right after the run: how fast the machine was */
    size_t nthreads;
    gb_thread_times *threads; /* owned */

    /* derived by gb_run_analyse() */
    double parallelism;   /* (user + sys) / wall */
    double overlap_share; /* share of the wall time with two or more threads working */
    double serial_score;  /* 0 = as parallel as possible .. 1 = fully serial; NAN for one thread */
    gb_verdict verdict;

    unsigned evidence;        /* GB_EVIDENCE_* bits; 0 for reports from before the evidence */
    int64_t gil_switches;     /* times the GIL changed hands during the run */
    gb_gil_event *gil_events; /* owned, by thread then time: each thread's states over time */
    size_t ngil_events;
    /* derived by gb_run_analyse() from the evidence (evidence.c); NAN without it */
    double gil_wait_ratio; /* waits for the GIL / the time a serial run would lose */
    double cpu_wait_share; /* waits for a CPU / the threads' work */
    gb_verdict_basis basis;

    int counted; /* 1 when the threads' instructions (and cycles) were counted */
} gb_run;

/* Statistics of one quantity over the measured (non-warmup) runs, in seconds
 * (or unitless for ratios). All NAN when n == 0. */
typedef struct gb_summary {
    size_t n;
    double mean, median, stddev, min, max;
} gb_summary;

typedef enum {
    GB_STATUS_OK,                 /* ran; every expectation met */
    GB_STATUS_EXPECTATION_FAILED, /* ran; an expectation failed (message says which) */
    GB_STATUS_EXPECTED_CRASH,     /* crashed, as it was expected to */
    GB_STATUS_CRASHED,            /* worker died of a signal or exited abnormally */
    GB_STATUS_TIMEOUT,            /* a run took longer than the timeout; worker killed */
    GB_STATUS_ERROR,              /* Python raised (setup, import, call...) */
    GB_STATUS_INTERRUPTED,        /* Ctrl-C: what was measured is kept */
    GB_STATUS_NOT_RUN             /* skipped because the run was interrupted before it */
} gb_status;

typedef struct gb_result {
    const gb_scenario *scenario; /* borrowed from the caller */
    gb_measure measure;          /* timed runs (WALL), or counted runs: a result of their own */
    gb_status status;
    gb_run *runs; /* owned, warmup runs included */
    size_t nruns;
    size_t runs_cap;

    /* derived by gb_result_summarise() over measured runs */
    gb_summary wall, user, sys, parallelism, overlap_share;
    double serial_score; /* median */
    gb_verdict verdict;  /* from the evidence of the GIL, else of the median serial score */

    /* derived by gb_evidence_summarise() over measured runs; NAN without the evidence */
    double gil_wait_ratio;     /* median of the runs' */
    double cpu_wait_share;     /* median of the runs' */
    double gil_held_share_max; /* the largest of the threads' median held shares */
    gb_verdict_basis basis;
    double median_lo, median_hi; /* 95 % confidence interval of the median wall (s) */
    double canary_median;        /* median canary_ns of the measured runs, NAN if none */
    size_t outliers;             /* measured runs with a modified z-score above 3.5 */
    char *stop_reason;           /* "runs", "precision" or "max_runs" (owned), or NULL */

    double baseline_ratio; /* median wall / baseline's median wall; NAN when none */

    /* derived by gb_counts_summarise() for counted runs: the sum over the threads of a run,
     * over the measured runs (all NAN for timed runs, and the timed figures for counted) */
    gb_summary instructions, cycles;

    int exit_status;        /* worker exit status, -1 if it did not exit normally */
    int term_signal;        /* signal that ended the worker, 0 if none */
    char *stderr_tail;      /* last lines of the worker's stderr (owned, may be NULL) */
    long long output_bytes; /* all the worker wrote on stdout and stderr (the tail is kept) */
    char *message;          /* one line: why it failed, or NULL (owned) */
    json_t *python;         /* interpreter facts reported by the worker (owned, may be NULL) */
    json_t *process;        /* a command scenario: what hyperfine said beside the runs (exit
                               codes, fields absent per run; hyperfine_read.c), else NULL (owned) */
    double elapsed_s;       /* time the worker took, start-up included */
    json_t *sweep;          /* {"base": NAME, "params": {...}} when it came from a sweep, else NULL
                               (owned); views also read a name "base[k=v,...]" (sweep.c) */

    /* Kept when the runs' threads were let go of (gb_evidence_keep_held_shares: a report read
     * for a comparison), else NULL: thread k's median held share, NAN unknown (owned). */
    double *held_shares;
    size_t nheld_shares;
} gb_result;

typedef struct gb_report {
    json_t *metadata; /* owned: see docs/report.md for the keys */
    gb_result *results;
    size_t nresults;
} gb_report;

/* A result begins for scenario s: r->scenario = s, no baseline
 * ratio yet (NAN), no exit status (-1). The rest of r is left as it is (zeroed by its
 * owner). */
void gb_result_start(gb_result *r, const gb_scenario *s);

/* r could not be run: status error, the message err's one line (as compilers print it). */
void gb_result_set_error(gb_result *r, const gb_error *err);

/* Append a run to r; the run's threads array is taken over. Returns 0 or -1 (no memory). */
int gb_result_add_run(gb_result *r, gb_run *run);

/* r's runs array cut to its runs, once no more are added: a report read keeps no room to
 * grow (the array doubles as runs are added). */
void gb_result_fit_runs(gb_result *r);

/* A run's threads as the worker sends them on its pipe: an array a thread, its times in
 * one fixed order (result.c) (new reference, NULL: no memory); and back into run->threads
 * (allocated here; a time missing or not a number is 0): 0, or -1 (no memory). */
#define GB_RUN_THREAD_FIELDS 17
json_t *gb_run_threads_json(const gb_run *run);
int gb_run_read_threads(gb_run *run, json_t *v);

/* "held", "released", "waiting", "woken", "blocked"; NULL for another number. */
const char *gb_gil_state_name(int state);

/* A run's events as JSON, [[thread, at_ns, "state"], ...] (new reference, NULL: no memory),
 * and back: 0, or -1 (run left without events) when v is not such an array for this run. */
json_t *gb_run_events_json(const gb_run *run);
int gb_run_read_events(gb_run *run, json_t *v);

/* Free the threads and events of a run (not the run itself). */
void gb_run_free_threads(gb_run *run);

/* Free what r owns (not r itself, not its scenario). */
void gb_result_clear(gb_result *r);

/* Free what the report owns, results included. */
void gb_report_clear(gb_report *rep);

/* The measured run whose wall time is nearest the median: the one a timeline shows.
 * NULL when there is no measured run. */
const gb_run *gb_result_median_run(const gb_result *r);

const char *gb_status_name(gb_status s); /* "ok", "expectation_failed", ... (one table) */
int gb_status_parse(const char *name, gb_status *out); /* 0, or -1 for no status's name */

/* 1 when the status counts as a failure for the exit code. */
int gb_status_is_failure(gb_status s);

#endif
