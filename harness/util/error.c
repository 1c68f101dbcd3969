/* error.c - filling and printing gb_error. Owns no policy about exit codes. */
#include "util/error.h"

#include <stdarg.h>
#include <string.h>

#include "util/text.h"

void gb_error_clear(gb_error *err)
{
    memset(err, 0, sizeof *err);
}

void gb_error_set(gb_error *err, const char *file, int line, int column, const char *path,
                  const char *fmt, ...)
{
    va_list ap;

    if (!err)
        return;
    gb_error_clear(err);
    if (file)
        snprintf(err->file, sizeof err->file, "%s", file);
    if (path)
        snprintf(err->path, sizeof err->path, "%s", path);
    err->line = line;
    err->column = column;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    /* one line only: a newline inside a message would break the format */
    for (char *p = err->message; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
}

void gb_error_format(const gb_error *err, char *buf, size_t size)
{
    size_t n = 0;

#define GB_APPEND(...)                                                                             \
    do {                                                                                           \
        int w_ = snprintf(buf + n, n < size ? size - n : 0, __VA_ARGS__);                          \
        if (w_ > 0)                                                                                \
            n += (size_t)w_;                                                                       \
    } while (0)

    if (size == 0)
        return;
    buf[0] = '\0';
    if (err->file[0]) {
        GB_APPEND("%s:", err->file);
        if (err->line > 0) {
            GB_APPEND("%d:", err->line);
            if (err->column > 0)
                GB_APPEND("%d:", err->column);
        }
        GB_APPEND(" ");
    }
    GB_APPEND("error: ");
    if (err->path[0])
        GB_APPEND("%s: ", err->path);
    GB_APPEND("%s", err->message);
#undef GB_APPEND
}

void gb_error_print(const gb_error *err, FILE *out)
{
    char buf[2048];

    gb_error_format(err, buf, sizeof buf);
    /* the message may quote a file's text or a worker's exception: made safe to print */
    fputs(err->file[0] ? "" : "gilbench: ", out);
    gb_text_put_safe(out, buf);
    fputc('\n', out);
}
