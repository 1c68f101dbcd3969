/* text.h - UTF-8 text in terminal columns: its width in characters, a copy that never cuts
 * a character in half, padding to a width. For the tables of term/; knows no colours. */
#ifndef GB_TEXT_H
#define GB_TEXT_H

#include <stddef.h>
#include <stdio.h>

/* Columns taken by UTF-8 text: one per character, not per byte. */
int gb_text_width(const char *s);

/* snprintf("%s") that never leaves half a UTF-8 character at the end when it truncates;
 * NULL is copied as "?". */
void gb_text_copy(char *dst, size_t size, const char *src);

/* Print s padded to width columns, right-aligned or not. */
void gb_text_pad(FILE *out, const char *s, int width, int right);

#endif
