/* json_walk.c - a JSON file walked a value at a time (see json_walk.h): the structure around
 * the values read here, each value parsed by jansson on its own. */
#include "util/json_walk.h"

#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define RELEASE_EVERY ((size_t)1 << 20) /* let go of what was walked past, this much at once */

int gb_json_walk_open(gb_json_walk *w, const char *path, size_t max)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    void *map;

    memset(w, 0, sizeof *w);
    if (fd < 0)
        return -1;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 ||
        (unsigned long long)st.st_size > max) {
        close(fd);
        return -1;
    }
    map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED)
        return -1;
    madvise(map, (size_t)st.st_size, MADV_SEQUENTIAL);
    w->text = map;
    w->len = (size_t)st.st_size;
    return 0;
}

void gb_json_walk_close(gb_json_walk *w)
{
    if (w->text)
        munmap((void *)w->text, w->len);
    memset(w, 0, sizeof *w);
}

/* The next byte that is not white space (w at it), or -1 at the end. */
static int peek(gb_json_walk *w)
{
    while (w->pos < w->len && strchr(" \t\r\n", w->text[w->pos]) && w->text[w->pos])
        w->pos++;
    return w->pos < w->len ? (unsigned char)w->text[w->pos] : -1;
}

/* Let go of the pages walked past: a mapped file's pages count as memory once read. */
static void release(gb_json_walk *w)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE), upto = w->pos / page * page;

    if (upto >= w->released + RELEASE_EVERY) {
        madvise((char *)w->text + w->released, upto - w->released, MADV_DONTNEED);
        w->released = upto;
    }
}

int gb_json_walk_enter(gb_json_walk *w, char open)
{
    if (peek(w) != open)
        return -1;
    w->pos++;
    return 0;
}

/* Past the separator before the next member or item: 1 there is one, 0 the end (passed). */
static int next(gb_json_walk *w, int *first, char close)
{
    int c = peek(w);

    if (c == close) {
        w->pos++;
        return 0;
    }
    if (!*first) {
        if (c != ',')
            return -1;
        w->pos++;
    }
    *first = 0;
    return peek(w) < 0 ? -1 : 1;
}

int gb_json_walk_key(gb_json_walk *w, int *first, char *key, size_t size)
{
    int more = next(w, first, '}');
    json_t *k;
    size_t len;

    if (more <= 0)
        return more;
    if (peek(w) != '"' || !(k = gb_json_walk_value(w)))
        return -1;
    len = json_string_length(k);
    if (len >= size || memchr(json_string_value(k), '\0', len) || peek(w) != ':') {
        json_decref(k);
        return -1;
    }
    memcpy(key, json_string_value(k), len + 1);
    json_decref(k);
    w->pos++;
    return 1;
}

int gb_json_walk_item(gb_json_walk *w, int *first)
{
    release(w);
    return next(w, first, ']');
}

json_t *gb_json_walk_value(gb_json_walk *w)
{
    int c = peek(w);
    size_t end = w->pos;
    json_error_t jerr;
    json_t *v;

    if (c < 0)
        return NULL;
    if (c == '{' || c == '[' || c == '"') {
        /* jansson stops at the closing bracket or quote, and says where */
        v = json_loadb(w->text + w->pos, w->len - w->pos, JSON_DECODE_ANY | JSON_DISABLE_EOF_CHECK,
                       &jerr);
        if (v)
            w->pos += (size_t)jerr.position;
        return v;
    }
    /* a number, true, false or null ends before a separator: jansson would read one byte on */
    while (end < w->len && !strchr(",}] \t\r\n", w->text[end]) && w->text[end])
        end++;
    v = json_loadb(w->text + w->pos, end - w->pos, JSON_DECODE_ANY, &jerr);
    if (v)
        w->pos = end;
    return v;
}

int gb_json_walk_end(gb_json_walk *w)
{
    return peek(w) < 0 ? 0 : -1;
}
