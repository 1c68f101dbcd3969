/* error.h - errors carried as data: where (file, line, column, JSON path) and what.
 *
 * Every function that can fail fills a gb_error and returns -1 or NULL (one that goes on
 * after an error, loading many files, hands each to a gb_error_fn instead). Only the
 * subcommands (cli/cmd_*.c) and the worker's own entry point (worker/py_worker.c) turn an
 * error into text on stderr and an exit status.
 * The printed form is the one compilers use: "file:line:col: error: path: message". */
#ifndef GB_ERROR_H
#define GB_ERROR_H

#include <stdio.h>

#if defined(__GNUC__)
#define GB_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define GB_MUST_USE __attribute__((warn_unused_result))
#else
#define GB_PRINTF(f, a)
#define GB_MUST_USE
#endif

typedef struct gb_error {
    char file[512];     /* "" when the error is not about a file */
    int line;           /* 1-based; 0 = unknown */
    int column;         /* 1-based; 0 = unknown */
    char path[256];     /* JSON path such as "threads[1].gil"; "" = none */
    char message[1024]; /* one line, no trailing newline */
} gb_error;

/* Where a function that goes on after an error (loading many files) hands each one: the
 * caller, a subcommand, prints it. */
typedef void (*gb_error_fn)(const gb_error *err, void *ctx);

/* Clear every field. */
void gb_error_clear(gb_error *err);

/* Fill err (any of file/path may be NULL); the message is printf-formatted. */
void gb_error_set(gb_error *err, const char *file, int line, int column, const char *path,
                  const char *fmt, ...) GB_PRINTF(6, 7);

/* Format err on one line into buf: "file:line:col: error: path: message". */
void gb_error_format(const gb_error *err, char *buf, size_t size);

/* Print err on one line to out, prefixed with "gilbench: " when it names no file. */
void gb_error_print(const gb_error *err, FILE *out);

#endif
