/* export.c - the table of report formats, writing a file whole or not at all, and writing
 * a JSON document a part at a time. The formats themselves live in a file each (export_*.c,
 * report_html.c). */
#include "report/export.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const gb_exporter gb_exporters[] = {
    {"json", ".json", "the whole report: metadata, configuration, every run", gb_export_json, 0},
    {"csv", "-runs.csv", "one row per run", gb_export_csv_runs, 0},
    {"csv-summary", "-summary.csv", "one row per scenario", gb_export_csv_summary, 0},
    {"csv-threads", "-threads.csv", "one row per thread and run", gb_export_csv_threads, 0},
    {"html", ".html", "a page with timelines and charts", gb_export_html, 1},
    {"markdown", ".md", "a markdown table", gb_export_markdown, 1},
    {"trace", "-trace.json", "timelines as a Chrome trace (Perfetto)", gb_export_trace, 1},
    {"hyperfine", "-hyperfine.json", "hyperfine's --export-json layout", gb_export_hyperfine, 1},
    {"bencher", "-bencher.json", "Bencher Metric Format (bencher run --adapter json)",
     gb_export_bencher, 1},
    {"github-benchmark", "-github-benchmark.json", "github-action-benchmark, customSmallerIsBetter",
     gb_export_github_benchmark, 1},
};

const size_t gb_nexporters = sizeof gb_exporters / sizeof gb_exporters[0];
_Static_assert(sizeof gb_exporters / sizeof gb_exporters[0] == GB_NEXPORTERS,
               "GB_NEXPORTERS (export.h) is the number of rows of gb_exporters");

const gb_exporter *gb_exporter_find(const char *name)
{
    for (size_t i = 0; i < gb_nexporters; i++)
        if (strcmp(gb_exporters[i].name, name) == 0)
            return &gb_exporters[i];
    return NULL;
}

int gb_export_json_doc(json_t *doc, FILE *out, int precision, const char *what, gb_error *err)
{
    int rc;

    if (!doc) {
        gb_error_set(err, NULL, 0, 0, NULL, "cannot build the %s: out of memory", what);
        return -1;
    }
    rc = json_dumpf(doc, out, JSON_INDENT(2) | JSON_REAL_PRECISION(precision));
    json_decref(doc);
    if (rc != 0 || fputc('\n', out) == EOF) {
        gb_error_set(err, NULL, 0, 0, NULL, "write error");
        return -1;
    }
    return 0;
}

/* jansson hands its dump over in pieces of a token or two: gathered here and written in
 * blocks (a report of 10^6 runs is 10^8 pieces), each newline followed by the indentation of
 * the depth the value sits at. */
typedef struct nested_out {
    FILE *out;
    int depth;
    size_t len;
    int failed;
    char buf[16384];
} nested_out;

static void nested_flush(nested_out *n)
{
    if (n->len && fwrite(n->buf, 1, n->len, n->out) != n->len)
        n->failed = 1;
    n->len = 0;
}

static void nested_add(nested_out *n, const char *p, size_t size)
{
    if (n->len + size > sizeof n->buf)
        nested_flush(n);
    if (size > sizeof n->buf) {
        if (fwrite(p, 1, size, n->out) != size)
            n->failed = 1;
        return;
    }
    memcpy(n->buf + n->len, p, size);
    n->len += size;
}

static int nested_write(const char *buf, size_t size, void *data)
{
    static const char spaces[] = "                                                                ";
    nested_out *n = data;

    while (size > 0) {
        const char *nl = n->depth > 0 ? memchr(buf, '\n', size) : NULL;
        size_t len = nl ? (size_t)(nl - buf) + 1 : size;

        nested_add(n, buf, len);
        for (size_t pad = nl ? 2 * (size_t)n->depth : 0; pad > 0;) {
            size_t k = pad < sizeof spaces - 1 ? pad : sizeof spaces - 1;

            nested_add(n, spaces, k);
            pad -= k;
        }
        buf += len;
        size -= len;
    }
    return n->failed ? -1 : 0;
}

int gb_json_put(FILE *out, json_t *v, int depth, size_t flags)
{
    nested_out *n = malloc(sizeof *n);
    int rc = -1;

    if (n && v) {
        n->out = out;
        n->depth = depth;
        n->len = 0;
        n->failed = 0;
        rc = json_dump_callback(v, nested_write, n, flags | JSON_ENCODE_ANY);
        nested_flush(n);
        rc = rc != 0 || n->failed ? -1 : 0;
    }
    free(n);
    json_decref(v);
    return rc;
}

int gb_export_is_stdout(const char *path)
{
    struct stat st, out;

    if (strcmp(path, "-") == 0)
        return 1;
    if (stat(path, &st) != 0 || fstat(STDOUT_FILENO, &out) != 0)
        return 0;
    if (st.st_dev != out.st_dev || st.st_ino != out.st_ino)
        return 0;
    return !S_ISCHR(st.st_mode) || isatty(STDOUT_FILENO);
}

/* mkdir -p of the directory part of path. */
static int make_parents(const char *path)
{
    char *dir = strdup(path);
    int rc = 0;

    if (!dir)
        return -1;
    for (char *p = dir + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(dir, 0777) != 0 && errno != EEXIST)
            rc = -1;
        *p = '/';
        if (rc)
            break;
    }
    free(dir);
    return rc;
}

/* ex's text into out; a failure names path ("cannot write r.json: No space left on
 * device"), not just the format's own words. */
static int write_format(const gb_exporter *ex, const gb_report *rep, FILE *out, const char *path,
                        gb_error *err)
{
    char what[sizeof err->message];

    errno = 0;
    if (ex->write(rep, out, err) == 0 && fflush(out) == 0 && !ferror(out))
        return 0;
    snprintf(what, sizeof what, "%s", errno ? strerror(errno) : err->message);
    gb_error_set(err, NULL, 0, 0, NULL, "cannot write %s: %s", path, what);
    return -1;
}

/* A path that is not a regular file: a FIFO, /dev/stdout, a terminal, /dev/null. There is
 * nothing to rename over it (that would replace the FIFO or the device): it is written in
 * place, in one go. A directory is refused. */
static int write_in_place(const gb_exporter *ex, const gb_report *rep, const char *path,
                          const struct stat *st, gb_error *err)
{
    FILE *out;
    int saved;

    if (S_ISDIR(st->st_mode)) {
        gb_error_set(err, NULL, 0, 0, NULL, "cannot write %s: it is a directory", path);
        return -1;
    }
    out = fopen(path, "w");
    if (!out) {
        gb_error_set(err, NULL, 0, 0, NULL, "cannot write %s: %s", path, strerror(errno));
        return -1;
    }
    if (write_format(ex, rep, out, path, err) != 0) {
        fclose(out);
        return -1;
    }
    if (fflush(out) != 0 || ferror(out)) {
        saved = errno;
        fclose(out);
        gb_error_set(err, NULL, 0, 0, NULL, "cannot write %s: %s", path, strerror(saved));
        return -1;
    }
    if (fclose(out) != 0) {
        gb_error_set(err, NULL, 0, 0, NULL, "cannot write %s: %s", path, strerror(errno));
        return -1;
    }
    return 0;
}

int gb_export_to_path(const gb_exporter *ex, const gb_report *rep, const char *path, gb_error *err)
{
    struct stat st;
    char *tmp;
    int fd, saved;
    FILE *out;

    if (strcmp(path, "-") == 0) {
        /* a failed write names where it went, not only "write error" */
        errno = 0;
        if (ex->write(rep, stdout, err) != 0 || fflush(stdout) != 0 || ferror(stdout)) {
            int saved_errno = errno;

            gb_error_set(err, NULL, 0, 0, NULL,
                         "cannot write the %s report to standard output (-): %s", ex->name,
                         saved_errno ? strerror(saved_errno) : "write error");
            return -1;
        }
        return 0;
    }
    /* /dev/stdout and its kin: through the same stream, so that nothing of ours that went
     * to standard output before can come after it, whatever buffers or opens the file */
    if (gb_export_is_stdout(path)) {
        fflush(stdout);
        return write_format(ex, rep, stdout, path, err);
    }
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
        return write_in_place(ex, rep, path, &st, err);
    if (make_parents(path) != 0) {
        gb_error_set(err, NULL, 0, 0, NULL, "cannot write %s: %s", path, strerror(errno));
        return -1;
    }
    tmp = malloc(strlen(path) + 16);
    if (!tmp) {
        gb_error_set(err, NULL, 0, 0, NULL, "cannot write %s: out of memory", path);
        return -1;
    }
    sprintf(tmp, "%s.tmp.XXXXXX", path);
    fd = mkstemp(tmp);
    if (fd < 0) {
        gb_error_set(err, NULL, 0, 0, NULL, "cannot write %s: %s", path, strerror(errno));
        free(tmp);
        return -1;
    }
    fchmod(fd, 0644);
    out = fdopen(fd, "w");
    if (!out) {
        saved = errno;
        close(fd);
        goto fail;
    }
    if (write_format(ex, rep, out, path, err) != 0) {
        fclose(out);
        unlink(tmp);
        free(tmp);
        return -1;
    }
    if (fflush(out) != 0 || ferror(out) || fsync(fileno(out)) != 0) {
        saved = errno;
        fclose(out);
        goto fail;
    }
    if (fclose(out) != 0) {
        saved = errno;
        goto fail;
    }
    if (rename(tmp, path) != 0) {
        saved = errno;
        goto fail;
    }
    free(tmp);
    return 0;

fail:
    unlink(tmp);
    free(tmp);
    gb_error_set(err, NULL, 0, 0, NULL, "cannot write %s: %s", path, strerror(saved));
    return -1;
}
