/* fuzz_scenario.c - libFuzzer target: a scenario file, loaded, validated and resolved as
 * `gilbench validate` and `run` do (scenario*.c, json_locate.c): every point of a sweep,
 * then the names checked as a set (a duplicate is located by reading the file again). The
 * loader runs no Python: everything `validate` checks is reached. Once with no command-line
 * overrides, once with every override set (runs, warmup, timeout, adaptive runs, --set) and
 * only the last point, as a worker loads it; then both as one run (the file given twice). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "scenario/scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void free_list(gb_scenario **list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        gb_scenario_free(list[i]);
    free(list);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *vars[] = {"n=3", "gil=release", "threads=2", "x="};
    const char *path = gb_fuzz_file(0, data, size);
    char *text = gb_fuzz_text(data, size);
    gb_scenario **all = NULL, **last = NULL;
    size_t nall = 0, nlast = 0;
    gb_overrides ov;
    gb_error err;
    char line[2048];

    if (!path)
        abort();
    gb_overrides_init(&ov);
    ov.runs = 3;
    ov.warmup = 0;
    ov.timeout = 2.5;
    ov.min_runs = 2;
    ov.max_runs = 7;
    ov.precision = 0.05;
    ov.vars = vars;
    ov.nvars = sizeof vars / sizeof vars[0];

    /* the message is what the user sees: it must be formattable whatever the input */
    if (gb_scenario_load_all(path, NULL, -1, &all, &nall, &err) != 0) {
        gb_error_format(&err, line, sizeof line);
    } else {
        if (gb_scenarios_check_set(all, nall, &err) != 0)
            gb_error_format(&err, line, sizeof line);
        if (nall > 0 &&
            gb_scenario_parse_all(text, path, &ov, (int)(nall - 1), &last, &nlast, &err) != 0)
            gb_error_format(&err, line, sizeof line);
        if (nlast > 0) { /* both as one run: the file given twice */
            gb_scenario **both = calloc(nall + nlast, sizeof *both);

            if (!both)
                abort();
            memcpy(both, all, nall * sizeof *both);
            memcpy(both + nall, last, nlast * sizeof *both);
            if (gb_scenarios_check_set(both, nall + nlast, &err) != 0)
                gb_error_format(&err, line, sizeof line);
            free(both);
        }
    }
    free_list(all, nall);
    free_list(last, nlast);
    free(text);
    return 0;
}
