/* scenario_file.c - a scenario file's text: read whole (util/file.c), refused when it is
 * larger than 16 MiB or holds a NUL byte (then it is not text: the error says where). */
#include "scenario/scenario_load.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/file.h"

/* The line and column of the first NUL byte of text (there is one). */
static void nul_position(const char *text, int *line, int *column)
{
    *line = *column = 1;
    for (const char *p = text; *p; p++) {
        if (*p == '\n') {
            ++*line;
            *column = 1;
        } else if (((unsigned char)*p & 0xC0) != 0x80) {
            ++*column; /* columns count characters: continuation bytes are not one */
        }
    }
}

char *gb_scenario_read_text(const char *file, gb_error *err)
{
    char *text;
    size_t len;
    int line, column;

    if (gb_read_file(file, 16u << 20, &text, &len) != 0) {
        if (errno == EFBIG)
            gb_error_set(err, file, 0, 0, NULL, "file is larger than 16 MiB: not a scenario");
        else if (errno == ENOMEM)
            gb_error_set(err, file, 0, 0, NULL, "out of memory");
        else
            gb_error_set(err, file, 0, 0, NULL, "cannot read: %s", strerror(errno));
        return NULL;
    }
    if (strlen(text) == len)
        return text;
    nul_position(text, &line, &column);
    gb_error_set(err, file, line, column, NULL, "not a text file (it holds a NUL byte)");
    free(text);
    return NULL;
}
