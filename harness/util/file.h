/* file.h - a whole file read into memory: the one reader of scenario files, reports and
 * hyperfine's exports. What a failure means to the user is the caller's to say. */
#ifndef GB_FILE_H
#define GB_FILE_H

#include <stddef.h>

#include "util/error.h"

/* Read the file at path into *text, a new string ending in a NUL (the file may hold NULs of
 * its own: *len, when not NULL, is its length). max > 0 refuses a file longer than max
 * bytes. Returns 0, or -1 with errno set: from fopen or fread, ENOMEM without memory,
 * EFBIG when the file is longer than max (*text is then NULL). */
int gb_read_file(const char *path, size_t max, char **text, size_t *len) GB_MUST_USE;

#endif
