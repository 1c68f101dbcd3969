/* counters.c - the counters of two reports, matched scenario by scenario (see counters.h):
 * one walk over both lists of results in the order of their names. */
#include "compare/counters.h"

#include <stdio.h>
#include <string.h>

/* metadata.counter.event of a report, or "?" (a report of an older gilbench: none). */
static const char *event_of(json_t *meta)
{
    json_t *v = json_object_get(json_object_get(meta, "counter"), "event");

    return json_is_string(v) ? json_string_value(v) : "?";
}

void gb_counter_describe(const gb_result *r, json_t *meta, char *buf, size_t size)
{
    if (r->measure == GB_MEASURE_PERF_INSTRUCTIONS)
        snprintf(buf, size, "perf_event_open, event %.64s (perf-instructions)", event_of(meta));
    else
        snprintf(buf, size, "callgrind (%s)", gb_measure_name(r->measure));
}

/* The counted result among s's results [i, end) (one name), or NULL. */
static const gb_result *counted_of(const gb_counted_side *s, size_t i, size_t end)
{
    for (; i < end; i++)
        if (s->by_name[i]->measure != GB_MEASURE_WALL)
            return s->by_name[i];
    return NULL;
}

/* The end of the run of results named like s's i-th. */
static size_t same_name_end(const gb_counted_side *s, size_t i)
{
    size_t end = i + 1;

    while (end < s->n &&
           strcmp(s->by_name[end]->scenario->name, s->by_name[i]->scenario->name) == 0)
        end++;
    return end;
}

int gb_counters_comparable(const gb_counted_side *base, const gb_counted_side *now, gb_error *err)
{
    size_t i = 0, j = 0;

    while (i < base->n && j < now->n) {
        int c = strcmp(base->by_name[i]->scenario->name, now->by_name[j]->scenario->name);
        size_t ie, je;
        const gb_result *b, *n;
        char db[128], dn[128];

        if (c < 0) {
            i++;
            continue;
        }
        if (c > 0) {
            j++;
            continue;
        }
        ie = same_name_end(base, i);
        je = same_name_end(now, j);
        b = counted_of(base, i, ie);
        n = counted_of(now, j, je);
        i = ie;
        j = je;
        if (!b || !n)
            continue;
        if (b->measure == n->measure &&
            (b->measure != GB_MEASURE_PERF_INSTRUCTIONS ||
             strcmp(event_of(base->metadata), event_of(now->metadata)) == 0))
            continue;
        gb_counter_describe(b, base->metadata, db, sizeof db);
        gb_counter_describe(n, now->metadata, dn, sizeof dn);
        gb_error_set(err, NULL, 0, 0, NULL,
                     "scenario \"%s\" was counted by %s in %s and by %s in %s: counts of "
                     "different counters are not the same measure and are never compared; "
                     "count both reports the same way",
                     b->scenario->name, db, base->path, dn, now->path);
        return -1;
    }
    return 0;
}
