/* cmd_workloads.c - `gilbench workloads`: the built-in workloads of the gilbench module
 * (scenario/workloads.c), their arguments and an example thread for a scenario file. */
#include "cli/commands.h"

#include <stdio.h>
#include <string.h>

#include "scenario/workloads.h"
#include "util/cli.h"

int gb_cmd_workloads(int argc, char **argv)
{
    if (argc > 2 && (strcmp(argv[2], "-h") == 0 || strcmp(argv[2], "--help") == 0)) {
        printf("Usage: gilbench workloads\n\nList the built-in workloads of the gilbench module, "
               "their arguments and an example thread for a scenario file.\n");
        return GB_EXIT_OK;
    }
    if (argc > 2) {
        fprintf(stderr, "gilbench workloads: takes no arguments (found \"%s\")\n", argv[2]);
        return GB_EXIT_USAGE;
    }
    printf("Built-in workloads (module gilbench; in a scenario: {\"workload\": NAME, ...}):\n\n");
    for (size_t i = 0; i < gb_nworkloads; i++) {
        const gb_workload *w = &gb_workloads[i];
        char sig[128] = "";

        for (size_t a = 0; a < w->nargs; a++) {
            if (a)
                strcat(sig, ", ");
            strcat(sig, w->args[a].name);
        }
        if (w->takes_gil)
            strcat(sig, w->nargs ? ", gil" : "gil");
        printf("  %s(%s)\n      %s\n", w->name, sig, w->summary);
        for (size_t a = 0; a < w->nargs; a++)
            printf("      %-8s %s, >= %g: %s\n", w->args[a].name,
                   w->args[a].type == GB_ARG_INT ? "integer" : "number", w->args[a].min,
                   w->args[a].help);
        if (w->takes_gil)
            printf("      %-8s \"hold\" keeps the GIL during the work, \"release\" releases it\n",
                   "gil");
        printf("      example: %s\n\n", w->example);
    }
    printf(
        "Any other callable: {\"call\": \"module:function\", \"args\": [...], \"kwargs\": {...}}\n"
        "Python statements: {\"python\": \"sum(range(10**6))\"}  (see docs/scenarios.md)\n");
    return GB_EXIT_OK;
}
