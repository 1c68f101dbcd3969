/* json_text.c - text as a JSON string that is never dropped: each byte that is not part of
 * valid UTF-8 (a worker's stderr cut mid-character, a file name in another encoding)
 * becomes U+FFFD. Used by the scenarios' JSON, the platform metadata and every exporter;
 * nothing else about JSON lives here (see json_text.h). */
#include "util/json_text.h"

#include <stdlib.h>
#include <string.h>

/* Length of the valid UTF-8 sequence at p (RFC 3629: no overlong forms, no surrogates,
 * nothing above U+10FFFF), or 0 when p does not start one. */
static size_t utf8_length(const unsigned char *p)
{
    size_t n;
    unsigned long cp, min;

    if (p[0] < 0x80)
        return 1;
    if (p[0] >= 0xC2 && p[0] <= 0xDF)
        n = 2, cp = p[0] & 0x1F, min = 0x80;
    else if (p[0] >= 0xE0 && p[0] <= 0xEF)
        n = 3, cp = p[0] & 0x0F, min = 0x800;
    else if (p[0] >= 0xF0 && p[0] <= 0xF4)
        n = 4, cp = p[0] & 0x07, min = 0x10000;
    else
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80) /* also stops at the terminating NUL */
            return 0;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

json_t *gb_json_text(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    char *buf, *w;
    json_t *j;

    if (!s)
        return json_null();
    if ((j = json_string(s)) != NULL)
        return j;
    if (!(buf = malloc(3 * strlen(s) + 1)))
        return NULL;
    for (w = buf; *p;) {
        size_t n = utf8_length(p);

        if (n) {
            memcpy(w, p, n);
            w += n, p += n;
        } else {
            memcpy(w, "\xEF\xBF\xBD", 3); /* U+FFFD REPLACEMENT CHARACTER */
            w += 3, p++;
        }
    }
    *w = '\0';
    j = json_string(buf);
    free(buf);
    return j;
}
