/* spawn.h - starting a child without copying the driver's memory, a worker process: its
 * command line, the child's side, the scenario text it is given, and the processes a worker
 * leaves behind (spawn.c). */
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

/* Start a child that shares the driver's memory until it execs (vfork: the cost of a start
 * does not grow with the driver, which holds every run so far). child(arg) runs in it with
 * every signal blocked meanwhile, SIGINT, SIGTERM and SIGPIPE back to their defaults, and
 * must exec or _exit; it may make system calls only (no malloc, no stdio but dprintf on its
 * way out). The child's pid, or -1 with errno. */
pid_t gb_spawn(void (*child)(void *), void *arg);

/* A worker started (gb_spawn): pinned to cpus (or not), a process group of its own, dying
 * with the driver, descriptors 0 (cmd_r or /dev/null), 1-2 (err_w), RESULT_FD (res_w),
 * SCENARIO_FD (src, or none when -1), running argv. Its pid, or -1 with errno. */
pid_t gb_worker_spawn(char **argv, int res_w, int err_w, int cmd_r, int src, const cpu_set_t *cpus);

/* The scenario's text (a JSON string) in an anonymous file at offset 0, or -1 with errno. */
int gb_scenario_memfd(json_t *source);

/* The workers alive: every other child of the driver is an orphan a worker left behind. */
void gb_live_add(pid_t pid);
void gb_live_remove(pid_t pid);

/* Kill and reap the driver's children that are not live workers. */
void gb_reap_orphans(void);

#endif
