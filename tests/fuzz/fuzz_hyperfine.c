/* fuzz_hyperfine.c - libFuzzer target: the file hyperfine's --export-json writes, as a
 * command scenario reads it back (hyperfine_read.c), its runs brought into a result and
 * summarised, then the result written by every exporter (to /dev/null), as `gilbench run`
 * would after measuring a command. */
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/export.h"
#include "fuzz_common.h"
#include "run/hyperfine_read.h"
#include "measure/stats.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *sink;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    sink = fopen("/dev/null", "w");
    if (!sink)
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = gb_fuzz_text(data, size);
    gb_hyperfine_runs h;
    gb_scenario s;
    gb_report rep;
    gb_result r;
    gb_error err;

    if (gb_hyperfine_parse(text, "hyperfine.json", &h, &err) == 0) {
        memset(&s, 0, sizeof s);
        s.name = "command";
        s.file = "command.json";
        s.description = "";
        s.runs = s.max_runs = (int)(h.n ? h.n : 1);
        memset(&r, 0, sizeof r);
        r.scenario = &s;
        r.baseline_ratio = NAN;
        if (gb_hyperfine_fill(&h, (int)(size % 3), 1 + (int)(size % 2), &r) == 0) {
            gb_result_summarise(&r);
            rep.metadata = json_object();
            rep.results = &r;
            rep.nresults = 1;
            for (size_t i = 0; i < gb_nexporters; i++) {
                gb_error ignored;

                if (gb_exporters[i].write(&rep, sink, &ignored) != 0)
                    continue;
            }
            json_decref(rep.metadata);
        }
        gb_result_clear(&r);
        gb_hyperfine_runs_clear(&h);
    }
    free(text);
    return 0;
}
