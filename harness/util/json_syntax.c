/* json_syntax.c - jansson's syntax errors in plain words (see json_syntax.h). */
#include "util/json_syntax.h"

#include <stdio.h>
#include <string.h>

const char *gb_json_skip_bom(const char *text)
{
    return strncmp(text, "\xEF\xBB\xBF", 3) == 0 ? text + 3 : text;
}

static int starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The word of text at or after byte position pos: "NaN", "-Infinity"... (jansson stops at
 * the first character it cannot take, so its "near" text may be a lone "-"). */
static const char *nonfinite_word(const char *text, size_t pos)
{
    static const char *const words[] = {"-Infinity", "Infinity", "-inf", "inf",
                                        "NaN",       "nan",      "-nan"};
    size_t len = strlen(text);
    size_t from = pos > 10 ? pos - 10 : 0;

    for (size_t i = from; i <= pos && i < len; i++)
        for (size_t w = 0; w < sizeof words / sizeof words[0]; w++)
            if (starts_with(text + i, words[w]))
                return words[w];
    return NULL;
}

void gb_json_syntax_message(const json_error_t *jerr, const char *text, char *buf, size_t size)
{
    const char *t = jerr->text;
    const char *near = strstr(t, " near ");
    const char *word;
    unsigned byte;

    if (sscanf(t, "unable to decode byte 0x%x", &byte) == 1)
        /* the "near" text would quote the byte itself: leave it out */
        snprintf(buf, size, "invalid JSON: byte 0x%02x is not UTF-8 (a scenario is UTF-8 text)",
                 byte & 0xffu);
    else if (starts_with(t, "\\u0000 is not allowed"))
        snprintf(buf, size, "invalid JSON: \\u0000 (a NUL character) is not allowed in a string");
    else if (starts_with(t, "too big integer"))
        snprintf(buf, size,
                 "invalid JSON: integer out of range (-9223372036854775808 to "
                 "9223372036854775807)%s",
                 near ? near : "");
    else if (starts_with(t, "real number overflow"))
        snprintf(buf, size, "invalid JSON: number out of range (beyond 1.8e308)%s",
                 near ? near : "");
    else if (starts_with(t, "maximum parsing depth reached"))
        snprintf(buf, size, "invalid JSON: more than %d nested arrays or objects",
                 JSON_PARSER_MAX_DEPTH);
    else if (starts_with(t, "control character"))
        snprintf(buf, size, "invalid JSON: %s: a string writes a tab \\t and a newline \\n", t);
    else if (starts_with(t, "invalid token") &&
             (strstr(t, "'True'") || strstr(t, "'False'") || strstr(t, "'None'")))
        snprintf(buf, size, "invalid JSON: %s: JSON writes true, false and null", t);
    else if (starts_with(t, "invalid token") &&
             (word = nonfinite_word(text, (size_t)jerr->position)) != NULL)
        snprintf(buf, size, "invalid JSON: JSON has no NaN or infinities, found %s", word);
    else if (near && (strcmp(near, " near '/'") == 0 || strcmp(near, " near '#'") == 0))
        snprintf(buf, size, "invalid JSON: %s: JSON has no comments", t);
    else
        snprintf(buf, size, "invalid JSON: %s", t);
}
