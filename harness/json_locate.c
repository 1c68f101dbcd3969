/* json_locate.c - a small scanner over JSON text that follows a JSON path and reports
 * the line and column where it leads (see json_locate.h). It validates nothing: the text
 * has already been parsed by jansson; it only has to skip values correctly. */
#include "json_locate.h"

#include <stdlib.h>
#include <string.h>

typedef struct cursor {
    const char *p;
    int line, column;
} cursor;

static void advance(cursor *c)
{
    if (*c->p == '\n') {
        c->line++;
        c->column = 1;
    } else if (((unsigned char)*c->p & 0xC0) != 0x80) {
        c->column++; /* count characters, not UTF-8 continuation bytes */
    }
    c->p++;
}

static void skip_ws(cursor *c)
{
    while (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r')
        advance(c);
}

/* Skip a string; copy its raw content (escapes left as they are) into buf when given. */
static int skip_string(cursor *c, char *buf, size_t size)
{
    size_t n = 0;

    if (*c->p != '"')
        return -1;
    advance(c);
    while (*c->p && *c->p != '"') {
        if (*c->p == '\\') {
            if (buf && n + 1 < size)
                buf[n++] = *c->p;
            advance(c);
            if (!*c->p)
                return -1;
        }
        if (buf && n + 1 < size)
            buf[n++] = *c->p;
        advance(c);
    }
    if (*c->p != '"')
        return -1;
    advance(c);
    if (buf)
        buf[n] = '\0';
    return 0;
}

static int skip_value(cursor *c)
{
    skip_ws(c);
    if (*c->p == '"')
        return skip_string(c, NULL, 0);
    if (*c->p == '{' || *c->p == '[') {
        char close = *c->p == '{' ? '}' : ']';
        int object = *c->p == '{';

        advance(c);
        skip_ws(c);
        if (*c->p == close) {
            advance(c);
            return 0;
        }
        for (;;) {
            if (object) {
                skip_ws(c);
                if (skip_string(c, NULL, 0) != 0)
                    return -1;
                skip_ws(c);
                if (*c->p != ':')
                    return -1;
                advance(c);
            }
            if (skip_value(c) != 0)
                return -1;
            skip_ws(c);
            if (*c->p == ',') {
                advance(c);
                continue;
            }
            if (*c->p == close) {
                advance(c);
                return 0;
            }
            return -1;
        }
    }
    if (!*c->p)
        return -1;
    while (*c->p && !strchr(",]} \t\r\n", *c->p))
        advance(c);
    return 0;
}

/* The next path segment: a key (".name" or leading "name") or an index ("[3]"). */
static int next_segment(const char **path, char *key, size_t size, long *index)
{
    const char *p = *path;
    size_t n = 0;

    if (*p == '.')
        p++;
    if (*p == '[') {
        char *end;

        *index = strtol(p + 1, &end, 10);
        if (*end != ']')
            return -1;
        *path = end + 1;
        return 1; /* index */
    }
    while (*p && *p != '.' && *p != '[') {
        if (n + 1 < size)
            key[n++] = *p;
        p++;
    }
    key[n] = '\0';
    *path = p;
    return 0; /* key */
}

static int locate(cursor *c, const char *path, gb_locate_what what, cursor *found)
{
    char key[256], seen[256];
    long index = 0;
    int kind;

    skip_ws(c);
    *found = *c; /* the deepest place reached so far */
    if (!*path)
        return 0;
    kind = next_segment(&path, key, sizeof key, &index);
    if (kind < 0)
        return 0;
    if (kind == 0 && *c->p == '{') {
        advance(c);
        for (;;) {
            cursor at_key;

            skip_ws(c);
            if (*c->p == '}')
                return 0;
            at_key = *c;
            if (skip_string(c, seen, sizeof seen) != 0)
                return -1;
            skip_ws(c);
            if (*c->p != ':')
                return -1;
            advance(c);
            if (strcmp(seen, key) == 0) {
                if (!*path && what == GB_LOCATE_KEY) {
                    *found = at_key;
                    return 0;
                }
                return locate(c, path, what, found);
            }
            if (skip_value(c) != 0)
                return -1;
            skip_ws(c);
            if (*c->p == ',')
                advance(c);
        }
    }
    if (kind == 1 && *c->p == '[') {
        advance(c);
        for (long i = 0;; i++) {
            skip_ws(c);
            if (*c->p == ']')
                return 0;
            if (i == index)
                return locate(c, path, what, found);
            if (skip_value(c) != 0)
                return -1;
            skip_ws(c);
            if (*c->p == ',')
                advance(c);
        }
    }
    return 0;
}

int gb_json_locate(const char *text, const char *path, gb_locate_what what, int *line,
                   int *column)
{
    cursor c = {text, 1, 1}, found;

    if (!text)
        return -1;
    /* a byte-order mark is not a character of the document */
    if ((unsigned char)c.p[0] == 0xEF && (unsigned char)c.p[1] == 0xBB &&
        (unsigned char)c.p[2] == 0xBF)
        c.p += 3;
    found = c;
    if (locate(&c, path ? path : "", what, &found) != 0 && found.p == text)
        return -1;
    *line = found.line;
    *column = found.column;
    return 0;
}
