/* suggest.h - "did you mean ...?": the candidate nearest to a misspelt word. */
#ifndef GB_SUGGEST_H
#define GB_SUGGEST_H

#include <stddef.h>

/* Optimal string alignment distance (Levenshtein plus transpositions), ignoring case. */
size_t gb_edit_distance(const char *a, const char *b);

/* The candidate nearest to word when it is close enough (distance <= max(1, len/3),
 * len being the longer of the two), else NULL. Ties go to the first candidate. */
const char *gb_suggest(const char *word, const char *const *candidates, size_t n);

#endif
