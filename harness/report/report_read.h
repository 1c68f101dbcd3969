/* report_read.h - a JSON report of `gilbench run` read back into the in-memory report, so
 * that every exporter can make its view of results measured earlier (`gilbench report`).
 *
 * report_read.c owns reading the layout that export_json.c writes (docs/report.md): each
 * key's type is checked, and a bad one is reported with file, line, column and JSON path.
 * The statistics are derived again from the raw runs (stats.c), as the run did. */
#ifndef GB_REPORT_READ_H
#define GB_REPORT_READ_H

#include <jansson.h>

#include "util/error.h"
#include "measure/result.h"

/* The newest schema_version this gilbench reads. */
#define GB_REPORT_READ_SCHEMA 1

/* The largest report gilbench reads (`report`, `compare`): 1 GiB. A regular file is read a
 * run at a time, in about what its runs take as a gb_report; one that is not (a pipe), or
 * one with something wrong, as a whole tree: about ten times its size in memory (jansson's
 * tree). A larger file is refused at once. */
#define GB_REPORT_MAX_BYTES ((size_t)1 << 30)

/* A report read from a file, with the scenarios its results point at. */
typedef struct gb_loaded_report {
    gb_report rep;
    gb_scenario **scenarios; /* owned, one per result */
    size_t nscenarios;
} gb_loaded_report;

/* Parse path as JSON and check that it is a gilbench report (an object with an integer
 * schema_version and a scenarios array). Returns the document (new reference) or NULL
 * with err: "FILE:LINE:COL: invalid JSON: ..." or "FILE: not a gilbench report ...". */
json_t *gb_report_json_load(const char *path, gb_error *err) GB_MUST_USE;

/* Read the report at path into out (cleared first). Returns 0, or -1 with err naming the
 * file, position and JSON path of the first bad value. */
int gb_report_read(const char *path, gb_loaded_report *out, gb_error *err) GB_MUST_USE;

/* Same, keeping of each run only what `gilbench compare` reads: its wall, warmup and
 * counted flags, and of its threads their held shares (gb_evidence_keep_held_shares); no
 * timeline, no thread's times. Two sides of 10^6 runs in a third of the memory. */
int gb_report_read_compared(const char *path, gb_loaded_report *out, gb_error *err) GB_MUST_USE;

/* Same as gb_report_read, from text already in memory; path only names it in messages. */
int gb_report_read_text(const char *text, const char *path, gb_loaded_report *out,
                        gb_error *err) GB_MUST_USE;

/* Free what lr owns; a cleared or zeroed lr is fine. */
void gb_loaded_report_clear(gb_loaded_report *lr);

#endif
