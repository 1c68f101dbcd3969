/* runner_tail.c - the last lines of what a process wrote (runner.h), kept for a report:
 * a worker's stderr, hyperfine's. */
#include <string.h>

#include "run/runner.h"

char *gb_runner_tail(const char *data, size_t len, size_t max_lines)
{
    size_t end, start, lines = 0;

    if (len == 0)
        return NULL;
    end = len;
    while (end > 0 && (data[end - 1] == '\n' || data[end - 1] == '\r'))
        end--;
    start = end;
    while (start > 0) {
        if (data[start - 1] == '\n' && ++lines == max_lines)
            break;
        start--;
    }
    if (start == end)
        return NULL;
    return strndup(data + start, end - start);
}
