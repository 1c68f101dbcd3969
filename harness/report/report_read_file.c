/* report_read_file.c - a report file opened for the reader (report_read.h): a regular file
 * walked a run at a time (report_read_stream.c); anything else, or a file the walk refuses,
 * read whole, within GB_REPORT_MAX_BYTES, and parsed as one tree (report_read.c), which says
 * what is wrong with it. */
#include "report/report_read.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/file.h"
#include "report/report_read_parts.h"

/* The whole file at path (new string), or NULL with err. A report is a JSON object: a
 * stream that begins with anything else (`yes`, /dev/zero) is refused at its first bytes,
 * and one longer than GB_REPORT_MAX_BYTES when the limit is passed, never read to its end. */
static char *slurp(const char *path, gb_error *err)
{
    FILE *f = fopen(path, "rb");
    char head[4096], *text = NULL;
    size_t n = 0;
    int c = EOF, rc, saved;

    if (!f) {
        gb_error_set(err, path, 0, 0, NULL, "cannot read the report: %s", strerror(errno));
        return NULL;
    }
    while (n < sizeof head && (c = getc(f)) != EOF) {
        head[n++] = (char)c;
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            break;
    }
    if (c != '{') {
        if (ferror(f))
            gb_error_set(err, path, 0, 0, NULL, "cannot read the report: %s", strerror(errno));
        else
            gb_error_set(err, path, 0, 0, NULL, "not a gilbench report (%s)",
                         c == EOF ? "the file is empty" : "a report is a JSON object, { ... }");
        fclose(f);
        return NULL;
    }
    rc = gb_read_stream(f, head, n, GB_REPORT_MAX_BYTES, &text, NULL);
    saved = errno;
    fclose(f);
    if (rc != 0) {
        if (saved == EFBIG)
            gb_error_set(err, path, 0, 0, NULL,
                         "the report is larger than %u MiB, the most gilbench reads "
                         "(docs/reliability.md)",
                         (unsigned)(GB_REPORT_MAX_BYTES >> 20));
        else
            gb_error_set(err, path, 0, 0, NULL, "cannot read the report: %s",
                         saved == ENOMEM ? "out of memory" : strerror(saved));
        return NULL;
    }
    return text;
}

json_t *gb_report_parse(const char *text, const char *path, gb_error *err)
{
    json_error_t jerr;
    json_t *doc = json_loads(text, 0, &jerr);

    if (!doc) {
        gb_error_set(err, path, jerr.line > 0 ? jerr.line : 0,
                     jerr.line > 0 ? (jerr.column > 0 ? jerr.column : 1) : 0, NULL,
                     "invalid JSON: %s", jerr.text);
        return NULL;
    }
    if (!json_is_integer(json_object_get(doc, "schema_version")) ||
        !json_is_array(json_object_get(doc, "scenarios"))) {
        gb_error_set(err, path, 0, 0, NULL,
                     "not a gilbench report (no schema_version or scenarios)");
        json_decref(doc);
        return NULL;
    }
    return doc;
}

json_t *gb_report_json_load(const char *path, gb_error *err)
{
    char *text = slurp(path, err);
    json_t *doc;

    if (!text)
        return NULL;
    doc = gb_report_parse(text, path, err);
    free(text);
    return doc;
}

/* The report at path, read lean or not (report_read_parts.h). */
static int read_file(const char *path, int lean, gb_loaded_report *out, gb_error *err)
{
    char *text;
    int rc;

    /* a regular file a value at a time, never a tree; what it refuses, the tree says why */
    if (gb_report_read_streamed(path, lean, out) == 0)
        return 0;
    text = slurp(path, err);
    memset(out, 0, sizeof *out);
    if (!text)
        return -1;
    rc = gb_report_read_tree(text, path, lean, out, err);
    free(text);
    return rc;
}

int gb_report_read(const char *path, gb_loaded_report *out, gb_error *err)
{
    return read_file(path, 0, out, err);
}

int gb_report_read_compared(const char *path, gb_loaded_report *out, gb_error *err)
{
    return read_file(path, 1, out, err);
}
