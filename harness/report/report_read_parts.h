/* report_read_parts.h - the parts of the report reader that report_read.c (the checks of
 * each value, the whole tree) and report_read_stream.c (a report walked a run at a time)
 * share. Private to the two; report_read.h is the reader's interface. */
#ifndef GB_REPORT_READ_PARTS_H
#define GB_REPORT_READ_PARTS_H

#include "report/report_read.h"

/* What a reader carries: the text for positions (NULL: none), and the error to fill. */
typedef struct reader {
    const char *text;
    const char *file;
    gb_error *err;
} reader;

/* One run o at path appended to r (stats.c derives what the report rounded). 0, or -1. */
int gb_report_read_run(reader *rd, json_t *o, const char *path, gb_result *r);

/* Scenario o at path into s, and into r all but its runs (read one at a time before, into
 * r), r then summarised. 0, or -1. */
int gb_report_read_scenario(reader *rd, json_t *o, const char *path, gb_scenario *s, gb_result *r);

/* The report at path, when it is a regular file, read a value at a time into out: 0, or -1
 * for anything unexpected (out then cleared), which the whole-tree reader then reads or
 * says what is wrong with (report_read_stream.c). */
int gb_report_read_streamed(const char *path, gb_loaded_report *out);

#endif
