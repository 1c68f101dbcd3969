/* cmd_info.c - the subcommands that run nothing: validate, list, workloads.
 * Also gb_load_all(), the loading of many files that `run` shares with them. */
#include <glob.h>
#include <stdlib.h>
#include <string.h>

#include "util/cli.h"
#include "cli/commands.h"
#include "scenario/workloads.h"

size_t gb_load_all(char **files, size_t nfiles, const gb_overrides *ov, gb_scenario ***out,
                   size_t *nout)
{
    size_t failed = 0, cap = 0;

    *out = NULL;
    *nout = 0;
    for (size_t i = 0; i < nfiles; i++) {
        gb_error err;
        gb_scenario **some;
        size_t n;

        if (gb_scenario_load_all(files[i], ov, -1, &some, &n, &err) != 0) {
            gb_error_print(&err, stderr);
            failed++;
            continue;
        }
        if (*nout + n > cap) {
            size_t want = 2 * (*nout + n);
            gb_scenario **grown = realloc(*out, want * sizeof *grown);

            if (!grown) {
                for (size_t k = 0; k < n; k++)
                    gb_scenario_free(some[k]);
                free(some);
                fprintf(stderr, "gilbench: out of memory\n");
                failed++;
                continue;
            }
            *out = grown;
            cap = want;
        }
        memcpy(*out + *nout, some, n * sizeof *some);
        *nout += n;
        free(some);
    }
    if (failed == 0 && *nout > 0) {
        gb_error err;

        if (gb_scenarios_check_set(*out, *nout, &err) != 0) {
            gb_error_print(&err, stderr);
            failed++;
        }
    }
    return failed;
}

static void free_all(gb_scenario **list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        gb_scenario_free(list[i]);
    free(list);
}

enum { OPT_HELP, OPT_QUIET };

static const gb_option info_options[] = {
    {"help", 'h', NULL, OPT_HELP, "show this help"},
    {"quiet", 'q', NULL, OPT_QUIET, "print only the errors"},
};

typedef struct info_flags {
    int help, quiet;
} info_flags;

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

/* Parse options; files go to *files. Returns -1 after printing an error. */
static int parse_info(int argc, char **argv, info_flags *f, char ***files, size_t *nfiles)
{
    gb_error err;

    memset(f, 0, sizeof *f);
    *files = calloc((size_t)argc + 1, sizeof **files);
    if (!*files)
        return -1;
    if (gb_cli_parse(argc, argv, 2, info_options, sizeof info_options / sizeof info_options[0],
                     info_option, f, *files, nfiles, &err) != 0) {
        gb_error_print(&err, stderr);
        free(*files);
        *files = NULL;
        return -1;
    }
    return 0;
}

int gb_cmd_validate(int argc, char **argv)
{
    info_flags f;
    char **files;
    size_t nfiles, n, failed;
    gb_scenario **list;

    if (parse_info(argc, argv, &f, &files, &nfiles) != 0)
        return GB_EXIT_USAGE;
    if (f.help) {
        printf("Usage: gilbench validate [-q] FILE...\n\n"
               "Check scenario files without running anything: JSON syntax, every key and value,\n"
               "workload arguments, variables, names unique across the files. Each problem is one "
               "line,\n"
               "FILE:LINE:COLUMN: error: PATH: MESSAGE, as compilers print them.\n\n"
               "Options:\n");
        gb_cli_print_options(stdout, info_options, sizeof info_options / sizeof info_options[0]);
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
    failed = gb_load_all(files, nfiles, NULL, &list, &n);
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
    free_all(list, n);
    free(files);
    return failed ? GB_EXIT_USAGE : GB_EXIT_OK;
}

static void describe_thread(const gb_thread_spec *t, char *buf, size_t size)
{
    switch (t->kind) {
    case GB_THREAD_WORKLOAD:
        if (strcmp(t->workload, "double_release") == 0)
            snprintf(buf, size, "%s", t->workload);
        else
            snprintf(buf, size, "%s %s", t->workload, gb_gil_mode_name(t->gil));
        break;
    case GB_THREAD_CALL:
        snprintf(buf, size, "call %s", t->call);
        break;
    case GB_THREAD_PYTHON:
        snprintf(buf, size, "python");
        break;
    }
}

/* "fibonacci hold + fibonacci release"; copies in a row as "4 x fibonacci release" */
static void describe_threads(const gb_scenario *s, char *buf, size_t size)
{
    char one[96], next[96], group[128];

    buf[0] = '\0';
    for (size_t t = 0; t < s->nthreads;) {
        size_t same = 1;

        describe_thread(&s->threads[t], one, sizeof one);
        while (t + same < s->nthreads) {
            describe_thread(&s->threads[t + same], next, sizeof next);
            if (strcmp(one, next) != 0)
                break;
            same++;
        }
        if (same > 1)
            snprintf(group, sizeof group, "%zu x %s", same, one);
        else
            snprintf(group, sizeof group, "%s", one);
        if (strlen(buf) + strlen(group) + 4 < size) {
            if (t)
                strcat(buf, " + ");
            strcat(buf, group);
        }
        t += same;
    }
}

int gb_cmd_list(int argc, char **argv)
{
    info_flags f;
    char **files;
    size_t nfiles, n, failed;
    gb_scenario **list;
    glob_t g;
    int globbed = 0;
    size_t namew = 8, threadw = 7;

    if (parse_info(argc, argv, &f, &files, &nfiles) != 0)
        return GB_EXIT_USAGE;
    if (f.help) {
        printf("Usage: gilbench list [FILE...]\n\n"
               "Show each scenario: name, threads, start mode, runs, what it expects, and its\n"
               "description. Without files, lists scenarios/*.json of the current directory.\n\n"
               "Options:\n");
        gb_cli_print_options(stdout, info_options, 1);
        free(files);
        return GB_EXIT_OK;
    }
    memset(&g, 0, sizeof g);
    if (nfiles == 0) {
        if (glob("scenarios/*.json", 0, NULL, &g) != 0 || g.gl_pathc == 0) {
            fprintf(stderr, "gilbench list: no file given and no scenarios/*.json here\n");
            globfree(&g);
            free(files);
            return GB_EXIT_USAGE;
        }
        free(files);
        files = g.gl_pathv;
        nfiles = g.gl_pathc;
        globbed = 1;
    }
    failed = gb_load_all(files, nfiles, NULL, &list, &n);
    /* columns as wide as their widest entry */
    for (size_t i = 0; list && i < n; i++) {
        char threads[256];

        describe_threads(list[i], threads, sizeof threads);
        if (strlen(list[i]->name) > namew)
            namew = strlen(list[i]->name);
        if (strlen(threads) > threadw)
            threadw = strlen(threads);
    }
    if (list && n > 0)
        printf("%-*s  %-*s  %-10s  %-4s  %-8s  %s\n", (int)namew, "SCENARIO", (int)threadw,
               "THREADS", "START", "RUNS", "EXPECT", "DESCRIPTION");
    for (size_t i = 0; list && i < n; i++) {
        const gb_scenario *s = list[i];
        char threads[256];
        const char *expect = s->expect.crash     ? "crash"
                             : s->expect.verdict ? gb_verdict_name(s->expect.verdict)
                                                 : "-";

        describe_threads(s, threads, sizeof threads);
        printf("%-*s  %-*s  %-10s  %-4d  %-8s  %s\n", (int)namew, s->name, (int)threadw, threads,
               gb_start_mode_name(s->start), s->runs, expect, s->description);
    }
    if (list)
        free_all(list, n);
    if (globbed)
        globfree(&g);
    else
        free(files);
    return failed ? GB_EXIT_USAGE : GB_EXIT_OK;
}

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
