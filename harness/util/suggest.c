/* suggest.c - edit distance and the nearest candidate, for "did you mean" in errors.
 * Knows nothing of what the words are (keys, values, options, commands). */
#include "util/suggest.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define MAX_WORD 64

size_t gb_edit_distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    size_t d[MAX_WORD + 1][MAX_WORD + 1];

    if (n > MAX_WORD || m > MAX_WORD)
        return n > m ? n : m; /* long words: never "close" */
    for (size_t i = 0; i <= n; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= m; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= n; i++) {
        for (size_t j = 1; j <= m; j++) {
            int same = tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 1]);
            size_t best = d[i - 1][j - 1] + (same ? 0 : 1);

            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 &&
                tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 2]) &&
                tolower((unsigned char)a[i - 2]) == tolower((unsigned char)b[j - 1]) &&
                d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    }
    return d[n][m];
}

const char *gb_suggest(const char *word, const char *const *candidates, size_t n)
{
    const char *best = NULL;
    size_t best_d = (size_t)-1;

    for (size_t i = 0; i < n; i++) {
        size_t d = gb_edit_distance(word, candidates[i]);
        size_t len = strlen(word) > strlen(candidates[i]) ? strlen(word) : strlen(candidates[i]);
        size_t limit = len / 3 > 1 ? len / 3 : 1;

        if (d <= limit && d < best_d) {
            best = candidates[i];
            best_d = d;
        }
    }
    return best;
}
