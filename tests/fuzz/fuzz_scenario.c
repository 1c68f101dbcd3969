/* fuzz_scenario.c - libFuzzer target: a scenario file, loaded, validated and resolved as
 * `gilbench validate` and `run` do (scenario*.c, json_locate.c), then checked as a set with a
 * second load of itself (a duplicate name, located by reading the file again). The loader
 * runs no Python: everything `validate` checks is reached. Once with no command-line
 * overrides, once with every override set (runs, warmup, timeout, adaptive runs, --set). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(gb_scenario *s, const gb_error *err)
{
    char line[2048];

    /* the message is what the user sees: it must be formattable whatever the input */
    if (!s)
        gb_error_format(err, line, sizeof line);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *vars[] = {"n=3", "gil=release", "threads=2", "x="};
    const char *path = gb_fuzz_file(0, data, size);
    char *text = gb_fuzz_text(data, size);
    gb_overrides ov;
    gb_scenario *plain, *again, *set[2];
    gb_error err;

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

    plain = gb_scenario_load(path, NULL, &err);
    check(plain, &err);
    again = gb_scenario_parse(text, path, &ov, &err);
    check(again, &err);
    if (plain && again) {
        set[0] = plain;
        set[1] = again;
        /* one scenario is a valid set; two of the same name never are */
        if (gb_scenarios_check_set(set, 1, &err) != 0 ||
            (gb_scenarios_check_set(set, 2, &err) != 0) != (strcmp(plain->name, again->name) == 0))
            abort();
        check(NULL, &err);
    }
    gb_scenario_free(plain);
    gb_scenario_free(again);
    free(text);
    return 0;
}
