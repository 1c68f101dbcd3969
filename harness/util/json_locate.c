/* json_locate.c - a small scanner over JSON text that follows a JSON path and reports
 * the line and column where it leads (see json_locate.h). It validates nothing: the text
 * has already been parsed by jansson; it only has to skip values correctly. */
#include "util/json_locate.h"

#include <stdio.h>
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

/* Append the code point u to buf as UTF-8 (when it fits). */
static void put_utf8(char *buf, size_t size, size_t *n, unsigned long u)
{
    char tmp[4];
    size_t len;

    if (u < 0x80) {
        tmp[0] = (char)u;
        len = 1;
    } else if (u < 0x800) {
        tmp[0] = (char)(0xC0 | (u >> 6));
        tmp[1] = (char)(0x80 | (u & 0x3F));
        len = 2;
    } else if (u < 0x10000) {
        tmp[0] = (char)(0xE0 | (u >> 12));
        tmp[1] = (char)(0x80 | ((u >> 6) & 0x3F));
        tmp[2] = (char)(0x80 | (u & 0x3F));
        len = 3;
    } else {
        tmp[0] = (char)(0xF0 | (u >> 18));
        tmp[1] = (char)(0x80 | ((u >> 12) & 0x3F));
        tmp[2] = (char)(0x80 | ((u >> 6) & 0x3F));
        tmp[3] = (char)(0x80 | (u & 0x3F));
        len = 4;
    }
    for (size_t i = 0; i < len; i++) {
        if (*n + 1 < size)
            buf[*n] = tmp[i];
        (*n)++; /* counted even past the end: the caller sees the key did not fit */
    }
}

/* Four hex digits at c->p (consumed), or -1. */
static long hex4(cursor *c)
{
    long u = 0;

    for (int i = 0; i < 4; i++) {
        char h = *c->p;

        if (h >= '0' && h <= '9')
            u = u * 16 + (h - '0');
        else if (h >= 'a' && h <= 'f')
            u = u * 16 + (h - 'a' + 10);
        else if (h >= 'A' && h <= 'F')
            u = u * 16 + (h - 'A' + 10);
        else
            return -1;
        advance(c);
    }
    return u;
}

/* Skip a string; decode its content (escapes resolved, as jansson does) into buf when
 * given. Returns 0, 1 when the content did not fit in buf (it then matches no key), or -1. */
static int skip_string(cursor *c, char *buf, size_t size)
{
    size_t n = 0;

    if (*c->p != '"')
        return -1;
    advance(c);
    while (*c->p && *c->p != '"') {
        unsigned long u = (unsigned char)*c->p;

        if (*c->p == '\\') {
            advance(c);
            u = (unsigned char)*c->p;
            switch (*c->p) {
            case 'b':
                u = '\b';
                break;
            case 'f':
                u = '\f';
                break;
            case 'n':
                u = '\n';
                break;
            case 'r':
                u = '\r';
                break;
            case 't':
                u = '\t';
                break;
            case 'u': {
                long hi, lo;

                advance(c);
                if ((hi = hex4(c)) < 0)
                    return -1;
                u = (unsigned long)hi;
                if (hi >= 0xD800 && hi < 0xDC00 && c->p[0] == '\\' && c->p[1] == 'u') {
                    advance(c);
                    advance(c);
                    if ((lo = hex4(c)) < 0)
                        return -1;
                    u = 0x10000 + (((unsigned long)hi - 0xD800) << 10) +
                        ((unsigned long)lo - 0xDC00);
                }
                if (buf)
                    put_utf8(buf, size, &n, u);
                continue;
            }
            case '\0':
                return -1;
            default: /* " \\ / and anything else: the character itself */
                break;
            }
            if (buf) {
                if (n + 1 < size)
                    buf[n] = (char)u;
                n++;
            }
            advance(c);
            continue;
        }
        if (buf) {
            if (n + 1 < size)
                buf[n] = *c->p;
            n++;
        }
        advance(c);
    }
    if (*c->p != '"')
        return -1;
    advance(c);
    if (buf && size > 0)
        buf[n < size ? n : size - 1] = '\0';
    return buf && n >= size ? 1 : 0;
}

/* Deeper than this, the text is not a scenario (jansson itself stops at 2048). */
#define MAX_DEPTH 4096

static int skip_value(cursor *c, int depth)
{
    skip_ws(c);
    if (depth > MAX_DEPTH)
        return -1;
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
            if (skip_value(c, depth + 1) != 0)
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
    /* a number, true, false or null: at least one character up to a delimiter */
    if (!*c->p || strchr(",:]}", *c->p))
        return -1;
    while (*c->p && !strchr(",:]} \t\r\n", *c->p))
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
        if (n + 1 >= size)
            return -1; /* longer than any key the scanner compares */
        key[n++] = *p++;
    }
    key[n] = '\0';
    *path = p;
    return 0; /* key */
}

static int locate(cursor *c, const char *path, gb_locate_what what, cursor *found)
{
    char key[256], seen[256];
    long index = 0;
    int kind, rc;

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
            rc = skip_string(c, seen, sizeof seen);
            if (rc < 0)
                return -1;
            skip_ws(c);
            if (*c->p != ':')
                return -1;
            advance(c);
            if (rc == 0 && strcmp(seen, key) == 0) {
                if (!*path && what == GB_LOCATE_KEY) {
                    *found = at_key;
                    return 0;
                }
                return locate(c, path, what, found);
            }
            if (skip_value(c, 0) != 0)
                return -1;
            skip_ws(c);
            if (*c->p == ',')
                advance(c);
            else if (*c->p != '}')
                return -1;
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
            if (skip_value(c, 0) != 0)
                return -1;
            skip_ws(c);
            if (*c->p == ',')
                advance(c);
            else if (*c->p != ']')
                return -1;
        }
    }
    return 0;
}

int gb_json_locate(const char *text, const char *path, gb_locate_what what, int *line, int *column)
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

int gb_error_at_path(gb_error *err, const char *file, const char *text, const char *path,
                     gb_locate_what what, int fallback, const char *message)
{
    char shown[256];
    int line = 0, column = 0;

    if (!text || gb_json_locate(text, path, what, &line, &column) != 0)
        line = column = fallback;
    snprintf(shown, sizeof shown, "%s", path);
    for (char *c = shown; *c; c++)
        if ((unsigned char)*c < 0x20)
            *c = '?'; /* a key may hold a tab or a newline: the error stays on one line */
    gb_error_set(err, file, line, column, shown, "%s", message);
    return -1;
}
