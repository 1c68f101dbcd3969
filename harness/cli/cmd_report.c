/* cmd_report.c - `gilbench report RESULTS.json`: a view of results measured earlier. Reads
 * the JSON report back (report_read.c) and writes it with one of the exporters, the HTML
 * page by default; options, defaults and exit statuses only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/cli.h"
#include "cli/commands.h"
#include "report/export.h"
#include "report/report_read.h"
#include "util/suggest.h"

enum { OPT_OUTPUT, OPT_FORMAT, OPT_HELP };

static const gb_option report_options[] = {
    {"output", 'o', "FILE", OPT_OUTPUT,
     "write to FILE (- for standard output; default: RESULTS with the format's suffix)"},
    {"format", 'f', "NAME", OPT_FORMAT, "html (default), markdown, trace, hyperfine, json, csv..."},
    {"help", 'h', NULL, OPT_HELP, "show this help"},
};
#define NREPORT_OPTIONS (sizeof report_options / sizeof report_options[0])

typedef struct report_args {
    const char *output;
    const gb_exporter *format;
    int help;
} report_args;

static int report_option(int id, const char *value, void *ctx, gb_error *err)
{
    report_args *a = ctx;

    switch (id) {
    case OPT_OUTPUT:
        a->output = value;
        return 0;
    case OPT_FORMAT:
        a->format = gb_exporter_find(value);
        if (!a->format) {
            const char *names[32];
            size_t n = gb_nexporters < 32 ? gb_nexporters : 32;
            const char *hint;

            for (size_t i = 0; i < n; i++)
                names[i] = gb_exporters[i].name;
            hint = gb_suggest(value, names, n);
            gb_error_set(err, NULL, 0, 0, NULL, "option --format: unknown format \"%s\"%s%s%s",
                         value, hint ? "; did you mean \"" : " (see --help)", hint ? hint : "",
                         hint ? "\"?" : "");
            return -1;
        }
        return 0;
    case OPT_HELP:
        a->help = 1;
        return 0;
    }
    return -1;
}

static void report_help(void)
{
    printf("Usage: gilbench report [options] RESULTS.json\n"
           "\n"
           "Make a view of a JSON report that `gilbench run` wrote: by default one HTML page\n"
           "that needs nothing else (no script, nothing from the network), with a summary\n"
           "table, the run times of every scenario, the scaling chart of each sweep, and per\n"
           "scenario its figures, verdict, the timeline of the run nearest the median (who\n"
           "worked when, who waited) and a box-and-whisker plot of its runs. It reads in light\n"
           "and dark mode and prints well.\n"
           "\n"
           "Options:\n");
    gb_cli_print_options(stdout, report_options, NREPORT_OPTIONS);
    printf("\nFormats:\n");
    for (size_t i = 0; i < gb_nexporters; i++)
        printf("  %-16s %s (suffix %s)\n", gb_exporters[i].name, gb_exporters[i].help,
               gb_exporters[i].suffix);
    printf(
        "\n"
        "Exit status: 0 written; 1 the file could not be written; 2 bad usage or a file that\n"
        "is not a gilbench report (one line says where).\n"
        "\n"
        "Examples:\n"
        "  gilbench report results/run-20261125-101500.json -o report.html\n"
        "  gilbench report -f markdown -o - results/baseline.json\n"
        "  gilbench report -f trace results/baseline.json   # open the -trace.json in Perfetto\n");
}

/* RESULTS.json -> RESULTS + suffix (".html", "-trace.json"...). */
static char *default_output(const char *input, const gb_exporter *ex)
{
    size_t len = strlen(input);
    char *path;

    if (len > 5 && strcmp(input + len - 5, ".json") == 0)
        len -= 5;
    path = malloc(len + strlen(ex->suffix) + 1);
    if (path)
        sprintf(path, "%.*s%s", (int)len, input, ex->suffix);
    return path;
}

int gb_cmd_report(int argc, char **argv)
{
    report_args a = {NULL, NULL, 0};
    char **files = calloc((size_t)argc + 1, sizeof *files);
    char *made = NULL;
    size_t nfiles = 0;
    gb_loaded_report lr;
    gb_error err;
    int rc = GB_EXIT_USAGE;

    memset(&lr, 0, sizeof lr);
    if (!files)
        return GB_EXIT_USAGE;
    if (gb_cli_parse(argc, argv, 2, report_options, NREPORT_OPTIONS, report_option, &a, files,
                     &nfiles, &err) != 0) {
        gb_error_print(&err, stderr);
        goto done;
    }
    if (a.help) {
        report_help();
        rc = GB_EXIT_OK;
        goto done;
    }
    if (nfiles != 1) {
        fprintf(stderr,
                "gilbench report: expected one JSON report (found %zu); try: gilbench "
                "report results/baseline.json -o report.html\n",
                nfiles);
        goto done;
    }
    if (!a.format)
        a.format = gb_exporter_find("html");
    if (!a.output) {
        a.output = made = default_output(files[0], a.format);
        if (!made)
            goto done;
        if (strcmp(made, files[0]) == 0) {
            fprintf(stderr, "gilbench report: %s would be written over; give -o FILE\n", made);
            goto done;
        }
    }
    if (gb_report_read(files[0], &lr, &err) != 0) {
        gb_error_print(&err, stderr);
        goto done;
    }
    if (gb_export_to_path(a.format, &lr.rep, a.output, &err) != 0) {
        gb_error_print(&err, stderr);
        rc = GB_EXIT_FAILED;
        goto done;
    }
    if (strcmp(a.output, "-") != 0)
        fprintf(stderr, "wrote %s\n", a.output);
    rc = GB_EXIT_OK;

done:
    gb_loaded_report_clear(&lr);
    free(made);
    free(files);
    return rc;
}
