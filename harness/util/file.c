/* file.c - reading a whole file (see file.h): grown by doubling, stopped at a limit, and
 * refused at once when the file says its size and it is over the limit. */
#include "util/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int gb_read_stream(FILE *f, const char *prefix, size_t nprefix, size_t max, char **text,
                   size_t *len)
{
    char *buf = NULL;
    size_t used = 0, cap = 0;
    struct stat st;
    int saved = 0;

    *text = NULL;
    if (len)
        *len = 0;
    if (max > 0 && fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) &&
        (unsigned long long)st.st_size > max) {
        errno = EFBIG;
        return -1;
    }
    cap = nprefix > 65536 ? nprefix : 65536;
    buf = malloc(cap + 1);
    if (!buf) {
        errno = ENOMEM;
        return -1;
    }
    if (nprefix)
        memcpy(buf, prefix, nprefix);
    used = nprefix;
    for (;;) {
        size_t n;

        if (cap - used < 65536) {
            /* doubling: a file of n bytes costs O(n) copies, not O(n^2 / 64 KiB) */
            size_t grow = cap < ((size_t)-1) / 4 ? cap : 65536;
            char *more = realloc(buf, cap + grow + 1);

            if (!more) {
                saved = ENOMEM;
                break;
            }
            buf = more;
            cap += grow;
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

int gb_read_file(const char *path, size_t max, char **text, size_t *len)
{
    FILE *f = fopen(path, "rb");
    int rc, saved;

    *text = NULL;
    if (len)
        *len = 0;
    if (!f)
        return -1;
    rc = gb_read_stream(f, NULL, 0, max, text, len);
    saved = errno;
    fclose(f);
    errno = saved;
    return rc;
}

void gb_fill_standard_fds(void)
{
    for (int fd = 0; fd < 3; fd++) {
        int got;

        if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
            continue;
        /* the lowest free descriptor: this one */
        got = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
        if (got >= 0 && got != fd)
            close(got);
    }
}
