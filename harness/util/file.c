/* file.c - reading a whole file (see file.h): grown in steps, stopped at a limit. */
#include "util/file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

int gb_read_file(const char *path, size_t max, char **text, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t used = 0, cap = 0;
    int saved = 0;

    *text = NULL;
    if (len)
        *len = 0;
    if (!f)
        return -1;
    for (;;) {
        size_t n;

        if (cap - used < 65536) {
            char *more = realloc(buf, cap + 65536 + 1);

            if (!more) {
                saved = ENOMEM;
                break;
            }
            buf = more;
            cap += 65536;
        }
        n = fread(buf + used, 1, cap - used, f);
        used += n;
        if (max > 0 && used > max) {
            saved = EFBIG;
            break;
        }
        if (n == 0) {
            if (ferror(f))
                saved = errno ? errno : EIO;
            break;
        }
    }
    fclose(f);
    if (saved) {
        free(buf);
        errno = saved;
        return -1;
    }
    buf[used] = '\0';
    *text = buf;
    if (len)
        *len = used;
    return 0;
}
