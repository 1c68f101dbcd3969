/* export.h - one small interface for every report format.
 *
 * Each format lives in its own file (export_json.c, export_csv.c, export_markdown.c,
 * export_hyperfine.c, export_trace.c, export_bencher.c, export_github_benchmark.c,
 * report_html.c) and adds one row to the table in export.c. Exporters read a finished gb_report and
 * never re-read files. gb_export_to_path() writes a file whole or not at all (temporary file +
 * rename). */
#ifndef GB_EXPORT_H
#define GB_EXPORT_H

#include <stdio.h>

#include "util/error.h"
#include "measure/result.h"

#define GB_SCHEMA_VERSION 1

typedef struct gb_exporter {
    const char *name;   /* "json", "csv", "html"...: `gilbench report --format NAME` */
    const char *suffix; /* appended to a base name: ".json", "-runs.csv", ".html"... */
    const char *help;   /* one line for --help */
    int (*write)(const gb_report *rep, FILE *out, gb_error *err);
    int on_request; /* 1: a view written only when named, not by default nor by -o BASE */
} gb_exporter;

/* How many formats the table has: a new format is a row there and one more here (a
 * compile-time check in export.c keeps the two equal). */
#define GB_NEXPORTERS 10

extern const gb_exporter gb_exporters[GB_NEXPORTERS];
extern const size_t gb_nexporters; /* GB_NEXPORTERS */

const gb_exporter *gb_exporter_find(const char *name);

/* 1 when a report written to path goes to this process's standard output: "-", or a path
 * naming the file that standard output is (/dev/stdout, /dev/fd/1, the FIFO or file it was
 * redirected to). Such a report is written through standard output, and the terminal output
 * moves to standard error, so that standard output carries the report alone, whole, in the
 * order it was written (docs/report.md). /dev/null and other devices that are not a
 * terminal are not standard output in this sense: nothing reads them. */
int gb_export_is_stdout(const char *path);

/* Write rep with ex to path (standard output when gb_export_is_stdout). Returns 0 or -1
 * with err. */
int gb_export_to_path(const gb_exporter *ex, const gb_report *rep, const char *path,
                      gb_error *err) GB_MUST_USE;

/* The formats. */
int gb_export_json(const gb_report *rep, FILE *out, gb_error *err);
int gb_export_csv_runs(const gb_report *rep, FILE *out, gb_error *err);
int gb_export_csv_summary(const gb_report *rep, FILE *out, gb_error *err);
int gb_export_csv_threads(const gb_report *rep, FILE *out, gb_error *err);
int gb_export_markdown(const gb_report *rep, FILE *out, gb_error *err);
int gb_export_hyperfine(const gb_report *rep, FILE *out, gb_error *err);
int gb_export_trace(const gb_report *rep, FILE *out, gb_error *err);
int gb_export_bencher(const gb_report *rep, FILE *out, gb_error *err);
int gb_export_github_benchmark(const gb_report *rep, FILE *out, gb_error *err);
int gb_export_html(const gb_report *rep, FILE *out, gb_error *err);

/* Write doc (stolen) to out as indented JSON with reals of `precision` digits and a line
 * end; a NULL doc is the out-of-memory of building it ("cannot build the WHAT"). Returns 0
 * or -1 with err. */
int gb_export_json_doc(json_t *doc, FILE *out, int precision, const char *what, gb_error *err);

/* Write v (stolen; NULL: no memory, -1) as json_dumpf(..., flags) writes it at depth inside
 * a document of JSON_INDENT(2): each of its line ends followed by 2 x depth spaces. A large
 * document is written a part at a time this way, by hand around the parts, byte for byte as
 * if whole. Returns 0, or -1. */
int gb_json_put(FILE *out, json_t *v, int depth, size_t flags);

/* The whole report as JSON (new reference), as gb_export_json writes it. */
json_t *gb_report_to_json(const gb_report *rep);

/* Write s as one CSV field (RFC 4180: quoted when it holds a comma, quote, CR or LF). */
void gb_csv_field(FILE *out, const char *s);

#endif
