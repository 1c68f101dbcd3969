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
