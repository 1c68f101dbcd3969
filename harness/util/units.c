/* units.c - choosing a unit of time and writing a figure in it (see units.h). */
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
