/* json_text.h - a C string as a JSON string (jansson), keeping text that is not valid UTF-8
 * readable instead of failing. Knows nothing of scenarios or reports. */
#ifndef GB_JSON_TEXT_H
#define GB_JSON_TEXT_H

#include <jansson.h>

/* s as a JSON string (new reference), each byte that is not part of valid UTF-8 replaced
 * by U+FFFD so that no text is ever dropped; null for NULL; NULL only without memory. */
json_t *gb_json_text(const char *s);

#endif
