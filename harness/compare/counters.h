/* counters.h - whether the counts of two reports may be compared at all. Counts of different
 * counters differ for the same work (callgrind counts the instructions valgrind executes,
 * perf_event_open what the CPU retires; the software task clock of perf's test switch counts
 * nanoseconds), so `gilbench compare` never compares them as one measure: a scenario counted
 * by one counter in one report and by another in the other is refused (docs/cli.md). Judging
 * counts that may be compared is judge.c's. */
#ifndef GB_COUNTERS_H
#define GB_COUNTERS_H

#include <jansson.h>
#include <stddef.h>

#include "measure/result.h"
#include "util/error.h"

/* One report as compare holds it: its path, its metadata, and its results sorted by scenario
 * name (then measure). */
typedef struct gb_counted_side {
    const char *path;
    json_t *metadata;
    const gb_result *const *by_name;
    size_t n;
} gb_counted_side;

/* What counted r in a report of metadata meta, in a few words: "callgrind (instructions)",
 * "perf_event_open, event instructions (perf-instructions)". */
void gb_counter_describe(const gb_result *r, json_t *meta, char *buf, size_t size);

/* 0 when every scenario counted in both reports was counted by the same counter in both:
 * the same measure, and for perf-instructions the same event (metadata.counter.event); else
 * -1 with err, one line naming the first scenario that was not, and both counters. */
int gb_counters_comparable(const gb_counted_side *base, const gb_counted_side *now,
                           gb_error *err) GB_MUST_USE;

#endif
