/* scenario_measure.c - the "measure" key of a scenario: what its runs measure, "wall" (timed
 * runs), "instructions" or "perf-instructions" (counted runs), one word or a list of them,
 * and --measure, which overrides it. What a counted run is belongs to run/counter.c. */
#include <string.h>

#include "scenario/scenario_load.h"
#include "util/suggest.h"

/* One word of "measure" at path into *bits; a word twice is an error. */
static int measure_word(gb_loader *L, json_t *v, const char *path, unsigned *bits)
{
    const char *word = json_string_value(v);
    gb_measure m;
    char q[64];

    if (!json_is_string(v))
        return gb_loader_fail_expected(L, path, v,
                                       "\"wall\", \"instructions\" or \"perf-instructions\"");
    if (gb_measure_parse(word, &m) != 0) {
        const char *near = gb_suggest(word, gb_measure_names, GB_NMEASURES);

        return gb_loader_fail(L, path, GB_LOCATE_VALUE,
                              "expected \"wall\", \"instructions\" or \"perf-instructions\", "
                              "found %s%s%s%s",
                              gb_loader_quoted(word, q, sizeof q), near ? "; did you mean \"" : "",
                              near ? near : "", near ? "\"?" : "");
    }
    if (*bits & GB_MEASURE_BIT(m))
        return gb_loader_fail(L, path, GB_LOCATE_VALUE, "\"%s\" is listed twice", word);
    *bits |= GB_MEASURE_BIT(m);
    return 0;
}

int gb_loader_measure(gb_loader *L, json_t *root, const gb_overrides *ov, gb_scenario *s)
{
    json_t *v = NULL, *item;
    size_t i;
    int rc = 0;

    s->measures = GB_MEASURE_BIT(GB_MEASURE_WALL);
    if (gb_loader_resolve(L, root, "measure", "", &v) != 0)
        return -1;
    if (v && json_is_array(v)) {
        s->measures = 0;
        if (json_array_size(v) == 0)
            rc = gb_loader_fail(L, "measure", GB_LOCATE_VALUE,
                                "expected one measure or more, found an empty list");
        json_array_foreach(v, i, item)
        {
            char p[32];

            snprintf(p, sizeof p, "measure[%zu]", i);
            if (rc == 0)
                rc = measure_word(L, item, p, &s->measures);
        }
    } else if (v) {
        s->measures = 0;
        rc = measure_word(L, v, "measure", &s->measures);
    }
    json_decref(v);
    if (rc != 0)
        return -1;
    if (ov && ov->measures)
        s->measures = ov->measures;
    if (s->kind == GB_SCENARIO_COMMAND && s->measures != GB_MEASURE_BIT(GB_MEASURE_WALL)) {
        gb_error_set(L->err, L->file, 0, 0, NULL,
                     "a command scenario is timed whole by hyperfine: its runs cannot be "
                     "counted (--measure)");
        return -1;
    }
    return 0;
}
