/* info_args.c - options, loading and freeing shared by validate and list (info_args.h). */
#include "cli/info_args.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { OPT_HELP, OPT_QUIET };

const size_t info_noptions = 2;

const gb_option info_options[] = {
    {"help", 'h', NULL, OPT_HELP, "show this help"},
    {"quiet", 'q', NULL, OPT_QUIET, "print only the errors"},
};

static int info_option(int id, const char *value, void *ctx, gb_error *err)
{
    info_flags *f = ctx;

    (void)value;
    (void)err;
    if (id == OPT_HELP)
        f->help = 1;
    else if (id == OPT_QUIET)
        f->quiet = 1;
    return 0;
}

int info_parse(int argc, char **argv, info_flags *f, char ***files, size_t *nfiles)
{
    gb_error err;

    memset(f, 0, sizeof *f);
    *files = calloc((size_t)argc + 1, sizeof **files);
    if (!*files)
        return -1;
    if (gb_cli_parse(argc, argv, 2, info_options, info_noptions, info_option, f, *files, nfiles,
                     &err) != 0) {
        gb_error_print(&err, stderr);
        free(*files);
        *files = NULL;
        return -1;
    }
    return 0;
}

static void print_error(const gb_error *err, void *ctx)
{
    (void)ctx;
    gb_error_print(err, stderr);
}

size_t info_load(char **files, size_t nfiles, gb_scenario ***list, size_t *n)
{
    return gb_scenarios_load(files, nfiles, NULL, print_error, NULL, list, n);
}

void info_free(gb_scenario **list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        gb_scenario_free(list[i]);
    free(list);
}
