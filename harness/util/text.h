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

/* src made safe to print on a terminal, into dst (truncated at a character, like
 * gb_text_copy): control characters (C0, DEL, C1) are shown escaped, "\n", "\t", "\r",
 * "\x1b", "\u009b", so that text from a scenario file or a worker cannot clear the screen
 * or move the cursor. NULL is "?". Returns dst. */
const char *gb_text_safe(char *dst, size_t size, const char *src);

/* Print src to out made safe as gb_text_safe does, whatever its length. */
void gb_text_put_safe(FILE *out, const char *src);

#endif
