/* text.c - UTF-8 text measured in characters for aligned columns (see text.h). */
#include "util/text.h"

#include <string.h>

int gb_text_width(const char *s)
{
    int chars = 0;

    for (const char *p = s; *p; p++)
        chars += ((unsigned char)*p & 0xC0) != 0x80;
    return chars;
}

void gb_text_copy(char *dst, size_t size, const char *src)
{
    size_t n, i;

    if (size == 0)
        return;
    if (!src)
        src = "?";
    n = strlen(src);
    if (n >= size)
        n = size - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
    i = n;
    while (i > 0 && ((unsigned char)dst[i - 1] & 0xC0) == 0x80)
        i--;
    if (i > 0 && (unsigned char)dst[i - 1] >= 0xC0) {
        unsigned char lead = (unsigned char)dst[i - 1];
        size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;

        if (n - (i - 1) < need)
            dst[i - 1] = '\0';
    }
}

void gb_text_pad(FILE *out, const char *s, int width, int right)
{
    int chars = gb_text_width(s);

    if (right)
        fprintf(out, "%*s%s", width > chars ? width - chars : 0, "", s);
    else
        fprintf(out, "%s%*s", s, width > chars ? width - chars : 0, "");
}

/* The escape of the control character at p (its length in *len), or NULL when p starts with
 * a printable character. */
static const char *control_escape(const char *p, char buf[8], size_t *len)
{
    unsigned char c = (unsigned char)p[0];

    *len = 1;
    if (c == '\n')
        return "\\n";
    if (c == '\t')
        return "\\t";
    if (c == '\r')
        return "\\r";
    if (c < 0x20 || c == 0x7f) {
        snprintf(buf, 8, "\\x%02x", c);
        return buf;
    }
    if (c == 0xc2 && (unsigned char)p[1] >= 0x80 && (unsigned char)p[1] <= 0x9f) {
        *len = 2;
        snprintf(buf, 8, "\\u%04x", (unsigned char)p[1]);
        return buf;
    }
    return NULL;
}

const char *gb_text_safe(char *dst, size_t size, const char *src)
{
    size_t used = 0;

    if (size == 0)
        return dst;
    if (!src)
        src = "?";
    for (const char *p = src; *p;) {
        char buf[8];
        size_t len, add;
        const char *esc = control_escape(p, buf, &len);

        if (!esc) { /* a whole character, never half of one */
            len = 1;
            while ((p[len] & 0xC0) == 0x80)
                len++;
            esc = p;
        }
        add = esc == p ? len : strlen(esc);
        if (used + add + 1 > size)
            break;
        memcpy(dst + used, esc, add);
        used += add;
        p += len;
    }
    dst[used] = '\0';
    return dst;
}

void gb_text_put_safe(FILE *out, const char *src)
{
    if (!src)
        src = "?";
    for (const char *p = src; *p;) {
        char buf[8];
        size_t len;
        const char *esc = control_escape(p, buf, &len);

        if (esc) {
            fputs(esc, out);
            p += len;
        } else {
            fputc(*p++, out);
        }
    }
}
