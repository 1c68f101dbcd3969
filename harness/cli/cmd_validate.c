/* cmd_validate.c - `gilbench validate FILE...`: load and check scenario files, run nothing;
 * a line per file (a sweep is one line), or per problem as compilers print them. */
#include "cli/commands.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/info_args.h"

int gb_cmd_validate(int argc, char **argv)
{
    info_flags f;
    char **files;
    size_t nfiles, n, failed;
    gb_scenario **list;

    if (info_parse(argc, argv, &f, &files, &nfiles) != 0)
        return GB_EXIT_USAGE;
    if (f.help) {
        printf("Usage: gilbench validate [-q] FILE...\n\n"
               "Check scenario files without running anything: JSON syntax, every key and value,\n"
               "workload arguments, variables, names unique across the files. Each problem is one "
               "line,\n"
               "FILE:LINE:COLUMN: error: PATH: MESSAGE, as compilers print them.\n\n"
               "Options:\n");
        gb_cli_print_options(stdout, info_options, info_noptions);
        printf("\nExit status: 0 all valid, 2 a file is invalid or no file was given.\n"
               "The format is in docs/scenarios.md.\n");
        free(files);
        return GB_EXIT_OK;
    }
    if (nfiles == 0) {
        fprintf(stderr, "gilbench validate: no scenario file given (try: gilbench validate "
                        "scenarios/*.json)\n");
        free(files);
        return GB_EXIT_USAGE;
    }
    failed = info_load(files, nfiles, &list, &n);
    for (size_t i = 0; i < n && failed == 0 && !f.quiet;) {
        const gb_scenario *s = list[i];
        size_t points = 1, lo = s->nthreads, hi = s->nthreads;

        /* a sweep is one line: its points, each checked, and how many threads they have */
        while (s->sweep && i + points < n && list[i + points]->sweep_index > 0 &&
               strcmp(list[i + points]->file, s->file) == 0) {
            size_t t = list[i + points++]->nthreads;

            lo = t < lo ? t : lo;
            hi = t > hi ? t : hi;
        }
        if (s->sweep) {
            char threads[64];

            if (s->kind == GB_SCENARIO_COMMAND)
                snprintf(threads, sizeof threads, "a command each");
            else if (hi > lo)
                snprintf(threads, sizeof threads, "%zu to %zu threads", lo, hi);
            else
                snprintf(threads, sizeof threads, "%zu thread%s", lo, lo == 1 ? "" : "s");
            printf("%s: ok (%s: a sweep of %zu scenario%s, %s)\n", s->file,
                   json_string_value(json_object_get(s->sweep, "base")), points,
                   points == 1 ? "" : "s", threads);
        } else if (s->kind == GB_SCENARIO_COMMAND)
            printf("%s: ok (%s, a command)\n", s->file, s->name);
        else
            printf("%s: ok (%s, %zu thread%s)\n", s->file, s->name, s->nthreads,
                   s->nthreads == 1 ? "" : "s");
        i += points;
    }
    info_free(list, n);
    free(files);
    return failed ? GB_EXIT_USAGE : GB_EXIT_OK;
}
