/* names.c - the words of the scenario format for its enums, each list spelled once: the
 * verdicts, the GIL modes, the start modes, the engines and the measures; and what a thread
 * runs, in a few words. The loader parses with these
 * tables, reports and views print with them (see scenario.h). Statuses are results'
 * (measure/result.c). */
#include "scenario/scenario.h"

#include <stdio.h>
#include <string.h>

#include "util/suggest.h"

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

const char *const gb_measure_names[GB_NMEASURES] = {
    [GB_MEASURE_WALL] = "wall",
    [GB_MEASURE_INSTRUCTIONS] = "instructions",
    [GB_MEASURE_PERF_INSTRUCTIONS] = "perf-instructions",
};

/* The index of s among names[0..n-1], or -1. */
static int name_index(const char *s, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, names[i]) == 0)
            return (int)i;
    return -1;
}

const char *gb_verdict_name(gb_verdict v)
{
    return (size_t)v < GB_NVERDICTS ? gb_verdict_names[v] : "?";
}

int gb_verdict_parse(const char *s, gb_verdict *out)
{
    int i = name_index(s, gb_verdict_names, GB_NVERDICTS);

    if (i >= 0)
        *out = (gb_verdict)i;
    return i >= 0 ? 0 : -1;
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

const char *gb_measure_name(gb_measure m)
{
    return (size_t)m < GB_NMEASURES ? gb_measure_names[m] : "?";
}

int gb_measure_parse(const char *s, gb_measure *out)
{
    int i = name_index(s, gb_measure_names, GB_NMEASURES);

    if (i >= 0)
        *out = (gb_measure)i;
    return i >= 0 ? 0 : -1;
}

int gb_measures_parse(const char *list, unsigned *out, const char *what, gb_error *err)
{
    char word[64];
    const char *p = list;

    *out = 0;
    for (;;) {
        size_t len = strcspn(p, ",");
        const char *near;
        gb_measure m;

        snprintf(word, sizeof word, "%.*s", (int)(len < sizeof word ? len : sizeof word - 1), p);
        if (gb_measure_parse(word, &m) == 0) {
            *out |= GB_MEASURE_BIT(m);
            if (p[len] != ',')
                break;
            p += len + 1;
            continue;
        }
        near = gb_suggest(word, gb_measure_names, GB_NMEASURES);
        gb_error_set(err, NULL, 0, 0, NULL,
                     "%s: \"%s\" is not a measure (wall, instructions, perf-instructions)%s%s%s",
                     what, word, near ? "; did you mean \"" : "", near ? near : "",
                     near ? "\"?" : "");
        return -1;
    }
    return 0;
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
