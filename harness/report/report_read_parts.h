/* report_read_parts.h - the parts of the report reader that report_read.c (the checks of
 * each value, the whole tree), report_read_stream.c (a report walked a run at a time) and
 * report_read_file.c (a file opened, one way or the other) share. Private to the two; report_read.h
 * is the reader's interface. */
#ifndef GB_REPORT_READ_PARTS_H
#define GB_REPORT_READ_PARTS_H

#include "report/report_read.h"

/* What a reader carries: the text for positions (NULL: none), the error to fill, and
 * whether to keep of each run only what a comparison reads (gb_report_read_compared). */
typedef struct reader {
    const char *text;
    const char *file;
    gb_error *err;
    int lean;
} reader;

/* Parse text and check it is a report at all (an object with an integer schema_version and
 * a scenarios array): the document (new reference), or NULL with err. report_read_file.c */
json_t *gb_report_parse(const char *text, const char *path, gb_error *err);

/* The report in text as one tree into out (cleared first), lean or not: 0, or -1 with err
 * at the position of the first bad value. report_read.c */
int gb_report_read_tree(const char *text, const char *path, int lean, gb_loaded_report *out,
                        gb_error *err);

/* One run o at path appended to r (stats.c derives what the report rounded). 0, or -1. */
int gb_report_read_run(reader *rd, json_t *o, const char *path, gb_result *r);

/* Scenario o at path into s, and into r all but its runs (read one at a time before, into
 * r), r then summarised. 0, or -1. */
int gb_report_read_scenario(reader *rd, json_t *o, const char *path, gb_scenario *s, gb_result *r);

/* The report at path, when it is a regular file, read a value at a time into out: 0, or -1
 * for anything unexpected (out then cleared), which the whole-tree reader then reads or
 * says what is wrong with (report_read_stream.c). */
int gb_report_read_streamed(const char *path, int lean, gb_loaded_report *out);

#endif
