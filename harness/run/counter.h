/* counter.h - counted runs, two ways:
 *  - `--measure instructions`: the worker runs under valgrind's callgrind (`__worker
 *    --count`), and each thread's count is read back from callgrind's dumps;
 *  - `--measure perf-instructions`: the worker runs as it is (`__worker --count-perf EVENT`),
 *    each thread with its own perf_event_open counter (run/perf_counter.h), and sends each
 *    thread's count with its run ("counts" on the run line).
 *
 * The worker counts only between each thread's enter and done: the workloads open and close
 * the window inside their probe (ext/gilbench_count.h), the executor around the call of a
 * `call` or `python` thread (worker/py_count.h); under callgrind each thread dumps its own
 * count after its call, named GB_COUNT_DUMP_FORMAT (run, thread). Here: whether a measure can
 * be counted on this machine, the worker's command line, what the report's metadata says of
 * the counter, and the counts read into the runs (instructions, and for callgrind cycles by
 * the model of measure/counts.h; perf's have none). */
#ifndef GB_COUNTER_H
#define GB_COUNTER_H

#include <jansson.h>
#include <stdint.h>

#include "measure/result.h"
#include "util/error.h"

/* The name of a thread's dump: the run's index (warmup included) and the thread's. */
#define GB_COUNT_DUMP_FORMAT "gilbench run %d thread %zu"

typedef struct gb_counter gb_counter;

/* 0 when measure m can be counted here (valgrind found, the build has the client
 * requests; the kernel opens perf_event_open's event), or -1 with err: one line saying why
 * not, e.g. that the kernel refuses the instruction counter, and its errno explained.
 * GB_MEASURE_WALL is always 0. */
int gb_counter_check(gb_measure m, gb_error *err) GB_MUST_USE;

/* What measured counted runs, for the report's metadata.counter (new reference): the
 * measure, the tool, its version (valgrind's, or the kernel's release), the event, the
 * window, and callgrind's cache model; for perf's test switch, a note that the counts are
 * not instructions. */
json_t *gb_counter_metadata(gb_measure m);

/* Begin a counted worker: *argv (the worker's command line, a calloc'd array) replaced (the
 * old array is freed): for callgrind by valgrind's with the worker's after it and --count,
 * and a private folder for the dumps; for perf by the worker's with --count-perf EVENT.
 * NULL with err (and *argv unchanged) when it cannot. */
gb_counter *gb_counter_start(gb_measure m, char ***argv, gb_error *err);

/* Once the worker has ended: callgrind's dumps read into r's runs (each thread's
 * instructions and cycles, run->counted when every thread of the run has its count); a run
 * the worker finished without counts (callgrind's or perf's) makes r an error. The folder is
 * removed and c freed; NULL is fine. */
void gb_counter_finish(gb_counter *c, gb_result *r);

/* Free c and remove its folder, without reading it (a worker that never started). */
void gb_counter_free(gb_counter *c);

/* One of callgrind's dump files (its text): 1 with *run, *thread, *instructions and
 * *cycles (-1 without the cache events) when it is a thread's dump of GB_COUNT_DUMP_FORMAT,
 * 0 when it is another dump (the one at exit), -1 when it is not callgrind's format. */
int gb_counter_parse_dump(const char *text, int *run, size_t *thread, int64_t *instructions,
                          int64_t *cycles);

/* What is wrong with the counts ("counts") of a worker's run line msg, for a scenario of
 * nthreads threads, or NULL: only a worker counted by perf_event_open sends them, one
 * integer a thread from 0 to GB_MAX_NS. A line without counts is not wrong here. */
const char *gb_counter_run_problem(const gb_counter *c, json_t *msg, size_t nthreads);

/* The counts of run line msg (checked by gb_counter_run_problem) into run, whose threads are
 * read: each thread's instructions, cycles unknown (-1), run->counted. Nothing when c is not
 * perf's (NULL, or callgrind's: its dumps are read at the end). */
void gb_counter_read_run(const gb_counter *c, json_t *msg, gb_run *run);

#endif
