/* cmd_list.c - `gilbench list [FILE...]`: a table of the scenarios of files (default: the
 * .json files of scenarios/ here): name, threads, start mode, runs, what it expects and the
 * description. */
#include "cli/commands.h"

#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/info_args.h"

/* What a thread runs, as gb_thread_describe says it, but "call module:function". */
static void describe_thread(const gb_thread_spec *t, char *buf, size_t size)
{
    if (t->kind == GB_THREAD_CALL)
        snprintf(buf, size, "call %s", t->call);
    else
        gb_thread_describe(t, buf, size);
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

    if (info_parse(argc, argv, &f, &files, &nfiles) != 0)
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
    failed = info_load(files, nfiles, &list, &n);
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
        info_free(list, n);
    if (globbed)
        globfree(&g);
    else
        free(files);
    return failed ? GB_EXIT_USAGE : GB_EXIT_OK;
}
