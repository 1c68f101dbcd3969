/* units.h - times as people read them: one unit chosen for a figure or a column (s, ms,
 * µs), and the figure written in it; and counts (of instructions), grouped by thousands. Shared by
 * the terminal output and the exports for people (markdown, HTML), so that every view rounds the
 * same way. */
#ifndef GB_UNITS_H
#define GB_UNITS_H

#include <stddef.h>

typedef struct gb_unit {
    const char *name; /* "s", "ms", "µs" (or "us" without Unicode) */
    double scale;     /* seconds per unit */
} gb_unit;

/* The unit for a figure of that many seconds: s from 1 s, ms from 1 ms, µs below; s for
 * NAN. unicode: "µs", else "us". */
gb_unit gb_unit_for(double seconds, int unicode);

/* "612.3 ms", "1.234 s" (three decimals for seconds, one for the others, as hyperfine
 * writes them); "-" when seconds is not finite. */
void gb_format_time(char *buf, size_t size, double seconds, gb_unit u);

/* The figure alone in the unit, without its name: "612.3"; "-" when not finite. */
void gb_format_time_number(char *buf, size_t size, double seconds, gb_unit u);

/* A count with its thousands grouped: "25,000,888"; "-" when not finite or negative. */
void gb_format_count(char *buf, size_t size, double count);

/* A count in a few characters: "812", "250.0 k", "25.00 M", "2.500 G"; "-" as above. */
void gb_format_count_short(char *buf, size_t size, double count);

#endif
