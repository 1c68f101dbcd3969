/* counter.h - counted runs (`gilbench run --measure instructions`): the worker run under
 * valgrind's callgrind, and each thread's count read back from callgrind's dumps.
 *
 * The worker (`__worker --count`) counts only between each thread's enter and done: the
 * workloads switch callgrind's collection on and off inside their probe
 * (ext/gilbench_count.h), the executor around the call of a `call` or `python` thread; after
 * its call each thread dumps its own count, named GB_COUNT_DUMP_FORMAT (run, thread). Here:
 * whether a measure can be counted on this machine, valgrind's command line, and the dumps
 * read into the runs (instructions, and cycles by the model of measure/counts.h). */
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
 * requests), or -1 with err: one line saying why not, e.g. that the kernel refuses
 * perf_event_open for instructions. GB_MEASURE_WALL is always 0. */
int gb_counter_check(gb_measure m, gb_error *err) GB_MUST_USE;

/* What measured counted runs, for the report's metadata.counter (new reference): the
 * measure, the tool, valgrind's version, the window and the cache model. */
json_t *gb_counter_metadata(gb_measure m);

/* Begin a counted worker: a private folder for the dumps, and *argv (the worker's command
 * line, a calloc'd array) replaced by valgrind's with the worker's after it and --count (the
 * old array is freed). NULL with err (and *argv unchanged) when it cannot. */
gb_counter *gb_counter_start(gb_measure m, char ***argv, gb_error *err);

/* Once the worker has ended: the dumps read into r's runs (each thread's instructions and
 * cycles, run->counted when every thread of the run has its count); a run the worker
 * finished without counts makes r an error. The folder is removed and c freed; NULL is
 * fine. */
void gb_counter_finish(gb_counter *c, gb_result *r);

/* Free c and remove its folder, without reading it (a worker that never started). */
void gb_counter_free(gb_counter *c);

/* One of callgrind's dump files (its text): 1 with *run, *thread, *instructions and
 * *cycles (-1 without the cache events) when it is a thread's dump of GB_COUNT_DUMP_FORMAT,
 * 0 when it is another dump (the one at exit), -1 when it is not callgrind's format. */
int gb_counter_parse_dump(const char *text, int *run, size_t *thread, int64_t *instructions,
                          int64_t *cycles);

#endif
