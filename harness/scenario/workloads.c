/* workloads.c - the table of the module's built-in workloads: names, arguments, help.
 * It must say what ext/gilbench_module.c does; tests/python/test_module.py checks both. */
#include "scenario/workloads.h"

#include <string.h>

const gb_workload gb_workloads[] = {
    {"fibonacci",
     "the seed's loop of n steps on uint64_t (10**9 steps: ~0.3 s)",
     1,
     1,
     {{"n", GB_ARG_INT, 0, "steps of the loop"}},
     "{\"workload\": \"fibonacci\", \"gil\": \"release\", \"args\": [1000000000]}"},
    {"spin",
     "a busy loop for a duration measured by the clock",
     1,
     1,
     {{"seconds", GB_ARG_NUMBER, 0, "how long to spin"}},
     "{\"workload\": \"spin\", \"gil\": \"hold\", \"args\": [0.25]}"},
    {"sleep",
     "sleeps, holding the GIL (nobody else runs) or releasing it",
     1,
     1,
     {{"seconds", GB_ARG_NUMBER, 0, "how long to sleep"}},
     "{\"workload\": \"sleep\", \"gil\": \"release\", \"args\": [0.1]}"},
    {"empty",
     "does nothing between its two clock reads: the harness's own cost",
     1,
     0,
     {{0}},
     "{\"workload\": \"empty\", \"gil\": \"release\"}"},
    {"double_release",
     "releases the GIL twice: the process dies (\"Fatal Python error: "
     "PyEval_SaveThread: ...\" and SIGABRT; SIGSEGV on 3.13)",
     0,
     0,
     {{0}},
     "{\"workload\": \"double_release\"}"},
};

const size_t gb_nworkloads = sizeof gb_workloads / sizeof gb_workloads[0];

const gb_workload *gb_workload_find(const char *name)
{
    for (size_t i = 0; i < gb_nworkloads; i++)
        if (strcmp(gb_workloads[i].name, name) == 0)
            return &gb_workloads[i];
    return NULL;
}
