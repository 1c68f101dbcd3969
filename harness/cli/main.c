/* main.c - the table of subcommands; nothing else. Parsing belongs to each command,
 * the work to the modules they call, and the exit status is what the command returns. */
#include <stdio.h>
#include <string.h>

#include "util/cli.h"
#include "cli/commands.h"
#include "gilbench_probe.h"
#include "worker/py_worker.h"
#include "util/suggest.h"
#include "util/file.h"

typedef struct gb_subcommand {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *summary;
} gb_subcommand;

static const gb_subcommand commands[] = {
    {"run", gb_cmd_run, "run scenarios and report what the GIL did (the main use)"},
    {"compare", gb_cmd_compare, "compare two reports; exit 1 on a regression (the CI gate)"},
    {"report", gb_cmd_report, "make an HTML page (or another view) of a JSON report"},
    {"validate", gb_cmd_validate, "check scenario files without running anything"},
    {"list", gb_cmd_list, "show the scenarios of files (default: scenarios/*.json)"},
    {"workloads", gb_cmd_workloads, "list the built-in workloads and their arguments"},
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *out)
{
    fprintf(out,
            "gilbench %s - does your code really release the GIL, and what does that buy you?\n"
            "\n"
            "Usage: gilbench <command> [options] [FILE...]\n"
            "\n"
            "Commands:\n",
            GB_VERSION);
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(
        out,
        "  %-10s %s\n"
        "\n"
        "Options:\n"
        "  -h, --help     show this help; `gilbench COMMAND --help` for a command\n"
        "  -V, --version  show the version, the build and the Python it embeds\n"
        "\n"
        "Exit status:\n"
        "  0    every scenario ran and met its expectations\n"
        "  1    a scenario failed: an expectation, a crash, a timeout or a Python error\n"
        "  2    bad usage or bad input; nothing was run\n"
        "  3    compare: no regression, but a change it could not trust (a busy machine)\n"
        "  130  interrupted (Ctrl-C); what was measured is saved\n"
        "\n"
        "Examples:\n"
        "  gilbench run scenarios/*.json            the classic experiment, reports in results/\n"
        "  gilbench run -r 3 --set n=100000000 scenarios/gil+gil.json\n"
        "  gilbench compare results/baseline.json new.json   the CI gate: exit 1 on a regression\n"
        "  gilbench report results/baseline.json -o report.html   timelines and charts\n"
        "  gilbench validate my-scenario.json       check a file you wrote\n"
        "  gilbench workloads                       what a thread can run\n"
        "\n"
        "Documentation: docs/scenarios.md (file format), docs/report.md (reports),\n"
        "docs/cli.md (commands), docs/performance.md (the harness's own cost).\n",
        "help", "show help for a command: gilbench help run");
}

static void version(void)
{
    printf("gilbench %s\n", GB_VERSION);
    printf("built against Python %s (%s)\n", GB_PYTHON_VERSION, GB_PYTHON_EXECUTABLE);
    printf("build type %s, compiler %s, flags: %s\n", GB_BUILD_TYPE, GB_COMPILER, GB_C_FLAGS);
}

static const gb_subcommand *find_command(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

static int unknown_command(const char *name)
{
    const char *names[NCOMMANDS];
    const char *hint;

    for (size_t i = 0; i < NCOMMANDS; i++)
        names[i] = commands[i].name;
    hint = gb_suggest(name, names, NCOMMANDS);
    if (hint)
        fprintf(stderr, "gilbench: unknown command \"%s\"; did you mean \"%s\"?\n", name, hint);
    else
        fprintf(stderr, "gilbench: unknown command \"%s\" (see gilbench --help)\n", name);
    return GB_EXIT_USAGE;
}

int main(int argc, char **argv)
{
    const gb_subcommand *cmd;

    /* a closed stdin, stdout or stderr must not be taken by the first pipe opened */
    gb_fill_standard_fds();
    if (argc < 2) {
        usage(stderr);
        return GB_EXIT_USAGE;
    }
    if (strcmp(argv[1], "__worker") == 0)
        return gb_worker_main(argc, argv);
    if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
        usage(stdout);
        return GB_EXIT_OK;
    }
    if (strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "--version") == 0) {
        version();
        return GB_EXIT_OK;
    }
    if (strcmp(argv[1], "help") == 0) {
        char *help_argv[3];

        if (argc < 3) {
            usage(stdout);
            return GB_EXIT_OK;
        }
        if (strcmp(argv[2], "help") == 0) {
            usage(stdout);
            return GB_EXIT_OK;
        }
        cmd = find_command(argv[2]);
        if (!cmd)
            return unknown_command(argv[2]);
        help_argv[0] = argv[0];
        help_argv[1] = argv[2];
        help_argv[2] = "--help";
        return cmd->fn(3, help_argv);
    }
    if (argv[1][0] == '-') {
        static const char *const top_options[] = {"--help", "--version"};
        const char *hint = gb_suggest(argv[1], top_options, 2);

        if (hint)
            fprintf(stderr, "gilbench: unknown option \"%s\"; did you mean %s?\n", argv[1], hint);
        else
            fprintf(stderr, "gilbench: expected a command before \"%s\" (see gilbench --help)\n",
                    argv[1]);
        return GB_EXIT_USAGE;
    }
    cmd = find_command(argv[1]);
    if (!cmd)
        return unknown_command(argv[1]);
    return cmd->fn(argc, argv);
}
