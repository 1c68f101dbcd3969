/* names.c - the words of the scenario format for its enums, each list spelled once: the
 * verdicts, the GIL modes, the start modes and the engines; and what a thread runs, in a
 * few words. The loader parses with these
 * tables, reports and views print with them (see scenario.h). Statuses are results'
 * (measure/result.c). */
#include "scenario/scenario.h"

#include <stdio.h>
#include <string.h>

const char *const gb_verdict_names[GB_NVERDICTS] = {
    [GB_VERDICT_NONE] = "none",         [GB_VERDICT_SINGLE] = "single",
    [GB_VERDICT_PARALLEL] = "parallel", [GB_VERDICT_PARTIAL] = "partial",
    [GB_VERDICT_SERIAL] = "serial",     [GB_VERDICT_INCONCLUSIVE] = "inconclusive",
};
const char *const gb_gil_mode_names[2] = {[GB_GIL_HOLD] = "hold", [GB_GIL_RELEASE] = "release"};
const char *const gb_start_mode_names[2] = {
    [GB_START_SEQUENTIAL] = "sequential", [GB_START_BARRIER] = "barrier"};
const char *const gb_engine_names[2] = {
    [GB_ENGINE_NATIVE] = "native", [GB_ENGINE_THREADING] = "threading"};

const char *gb_verdict_name(gb_verdict v)
{
    return (size_t)v < GB_NVERDICTS ? gb_verdict_names[v] : "?";
}

int gb_verdict_parse(const char *s, gb_verdict *out)
{
    for (size_t i = 0; i < GB_NVERDICTS; i++)
        if (strcmp(s, gb_verdict_names[i]) == 0) {
            *out = (gb_verdict)i;
            return 0;
        }
    return -1;
}

const char *gb_gil_mode_name(gb_gil_mode g)
{
    return gb_gil_mode_names[g == GB_GIL_RELEASE];
}

const char *gb_start_mode_name(gb_start_mode m)
{
    return gb_start_mode_names[m == GB_START_BARRIER];
}

const char *gb_engine_name(gb_engine e)
{
    return gb_engine_names[e == GB_ENGINE_THREADING];
}

void gb_thread_describe(const gb_thread_spec *t, char *buf, size_t size)
{
    switch (t->kind) {
    case GB_THREAD_WORKLOAD:
        if (!t->workload || strcmp(t->workload, "double_release") == 0)
            snprintf(buf, size, "%s", t->workload ? t->workload : "workload");
        else
            snprintf(buf, size, "%s %s", t->workload, gb_gil_mode_name(t->gil));
        break;
    case GB_THREAD_CALL:
        snprintf(buf, size, "%s", t->call ? t->call : "call");
        break;
    case GB_THREAD_PYTHON:
        snprintf(buf, size, "python");
        break;
    }
}
