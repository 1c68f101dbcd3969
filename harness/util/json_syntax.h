/* json_syntax.h - jansson's syntax errors said for people who write JSON by hand.
 *
 * jansson's texts name its own flags ("without JSON_ALLOW_NUL"), quote bytes that are not
 * UTF-8, and call -Infinity "invalid token near '-'". This turns them into one readable
 * sentence; the position stays jansson's. It owns no file reading and no positions. */
#ifndef GB_JSON_SYNTAX_H
#define GB_JSON_SYNTAX_H

#include <jansson.h>
#include <stddef.h>

/* The text after a UTF-8 byte order mark, if text starts with one (editors hide it). */
const char *gb_json_skip_bom(const char *text);

/* "invalid JSON: ..." for jerr, a failure of json_loads(text, ...), into buf. */
void gb_json_syntax_message(const json_error_t *jerr, const char *text, char *buf, size_t size);

#endif
