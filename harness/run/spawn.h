/* spawn.h - starting a worker process: its command line, the child's side of the fork, the
 * scenario text it is given, and the processes a worker leaves behind (spawn.c). */
#ifndef GB_SPAWN_H
#define GB_SPAWN_H

#include <jansson.h>
#include <sched.h>
#include <sys/types.h>

#include "run/runner.h"

#define RESULT_FD 3   /* the worker's result lines */
#define SCENARIO_FD 4 /* the scenario file's text, as the driver read and validated it */

/* The worker's argv (NULL-terminated, calloc'd; its strings borrowed from o, s and numbers,
 * seven buffers of 32 bytes the caller owns). NULL without memory. */
char **gb_worker_argv(const gb_runner_opts *o, const gb_scenario *s, char *numbers[7],
                      int interactive);

/* In the child after fork: pin to cpus (or not), a process group of its own, die with
 * parent, descriptors 0 (cmd_r or /dev/null), 1-2 (err_w), RESULT_FD (res_w), SCENARIO_FD
 * (src, or none when -1), then exec argv. Never returns. */
void gb_worker_exec(char **argv, int res_w, int err_w, int cmd_r, int src, const cpu_set_t *cpus,
                    pid_t parent) __attribute__((noreturn));

/* The scenario's text (a JSON string) in an anonymous file at offset 0, or -1 with errno. */
int gb_scenario_memfd(json_t *source);

/* The workers alive: every other child of the driver is an orphan a worker left behind. */
void gb_live_add(pid_t pid);
void gb_live_remove(pid_t pid);

/* Kill and reap the driver's children that are not live workers. */
void gb_reap_orphans(void);

#endif
