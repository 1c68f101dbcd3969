/* platform.h - facts about the machine and the build, for the report's metadata. */
#ifndef GB_PLATFORM_H
#define GB_PLATFORM_H

#include <jansson.h>

/* The metadata object of a report (new reference): gilbench build, Python built against,
 * CPU, OS, host, start time, command line, load average. See docs/report.md. */
json_t *gb_platform_metadata(int argc, char **argv);

/* CPUs this process may run on (sched_getaffinity), at least 1. */
int gb_platform_usable_cpus(void);

#endif
