/* workloads.h - the table of built-in workloads of the gilbench module.
 *
 * One table serves validation (arguments and their types), `gilbench workloads` and
 * the documentation. The functions themselves live in ext/gilbench_module.c. */
#ifndef GB_WORKLOADS_H
#define GB_WORKLOADS_H

#include <stddef.h>

typedef enum { GB_ARG_INT, GB_ARG_NUMBER } gb_arg_type;

typedef struct gb_workload_arg {
    const char *name;
    gb_arg_type type;
    double min; /* smallest accepted value */
    const char *help;
} gb_workload_arg;

typedef struct gb_workload {
    const char *name;    /* as in a scenario's "workload" and in the module */
    const char *summary; /* one line */
    int takes_gil;       /* 1 when a "gil" of hold/release applies */
    size_t nargs;
    gb_workload_arg args[2];
    const char *example; /* a thread object for docs/scenarios.md and --help */
} gb_workload;

extern const gb_workload gb_workloads[];
extern const size_t gb_nworkloads;

/* The workload named name, or NULL. */
const gb_workload *gb_workload_find(const char *name);

#endif
