/* platform.h - facts about the machine and the build, for the report's metadata. */
#ifndef GB_PLATFORM_H
#define GB_PLATFORM_H

#include <jansson.h>
#include <sched.h>

/* The metadata object of a report (new reference): gilbench build, Python built against,
 * CPU, OS, host, start time, command line, load average. See docs/report.md. */
json_t *gb_platform_metadata(int argc, char **argv);

/* CPUs this process may run on (sched_getaffinity), at least 1. */
int gb_platform_usable_cpus(void);

/* "0,2-3" (--affinity) into a set of CPUs this machine has. Returns 0, or -1 when text is
 * not such a list. */
int gb_platform_parse_cpus(const char *text, cpu_set_t *set);

#endif
