/* json_locate.h - the line and column of a value inside JSON text, by JSON path.
 *
 * jansson gives positions for syntax errors only; validation errors name a JSON path
 * ("threads[1].gil"), and this finds where that is in the file so that every error can
 * say FILE:LINE:COLUMN (gb_error_at_path). Columns count characters (UTF-8 aware), from 1. */
#ifndef GB_JSON_LOCATE_H
#define GB_JSON_LOCATE_H

#include "util/error.h"

typedef enum {
    GB_LOCATE_VALUE, /* the value at the path */
    GB_LOCATE_KEY    /* the key naming it (for an unknown key); the value for array items */
} gb_locate_what;

/* Find path ("" is the top value; "a.b[2].c") in text. When the path does not exist
 * (a missing key), the position of the innermost enclosing value that exists is given.
 * Returns 0 with *line and *column set, or -1 when text is not parseable there. */
int gb_json_locate(const char *text, const char *path, gb_locate_what what, int *line, int *column);

/* Fill err with message, at path in text (file's): the line and column gb_json_locate finds,
 * else fallback:fallback (0: no place). A control character of path is shown as '?', so
 * that the error stays on one line. Returns -1, for `return gb_error_at_path(...)`. */
int gb_error_at_path(gb_error *err, const char *file, const char *text, const char *path,
                     gb_locate_what what, int fallback, const char *message);

#endif
