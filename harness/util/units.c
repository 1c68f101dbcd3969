/* units.c - choosing a unit of time and writing a figure in it, and writing counts (see
 * units.h). */
#include "util/units.h"

#include <math.h>
#include <stdio.h>

gb_unit gb_unit_for(double seconds, int unicode)
{
    if (isnan(seconds) || seconds >= 1)
        return (gb_unit){"s", 1};
    if (seconds >= 1e-3)
        return (gb_unit){"ms", 1e-3};
    return (gb_unit){unicode ? "µs" : "us", 1e-6};
}

void gb_format_time_number(char *buf, size_t size, double seconds, gb_unit u)
{
    if (!isfinite(seconds))
        snprintf(buf, size, "-");
    else
        snprintf(buf, size, "%.*f", u.scale == 1 ? 3 : 1, seconds / u.scale);
}

void gb_format_time(char *buf, size_t size, double seconds, gb_unit u)
{
    if (!isfinite(seconds))
        snprintf(buf, size, "-");
    else
        snprintf(buf, size, "%.*f %s", u.scale == 1 ? 3 : 1, seconds / u.scale, u.name);
}

void gb_format_count(char *buf, size_t size, double count)
{
    char digits[32];
    size_t n, k = 0;

    if (!isfinite(count) || count < 0 || count >= 1e19) {
        snprintf(buf, size, "-");
        return;
    }
    n = (size_t)snprintf(digits, sizeof digits, "%.0f", count);
    for (size_t i = 0; i < n && k + 2 < size; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            buf[k++] = ',';
        buf[k++] = digits[i];
    }
    if (size)
        buf[k < size ? k : size - 1] = '\0';
}

void gb_format_count_short(char *buf, size_t size, double count)
{
    if (!isfinite(count) || count < 0)
        snprintf(buf, size, "-");
    else if (count < 1e3)
        snprintf(buf, size, "%.0f", count);
    else if (count < 1e6)
        snprintf(buf, size, "%.1f k", count / 1e3);
    else if (count < 1e9)
        snprintf(buf, size, "%.2f M", count / 1e6);
    else
        snprintf(buf, size, "%.3f G", count / 1e9);
}
