/* sides.h - `gilbench run --side`: the same scenarios run under two or more sets of
 * variables in one interleaved session, so that an A/B comparison (a pull request against
 * its base, a module built two ways) shares the machine's slow and fast minutes, and the
 * session's report split back into one report per side for `gilbench compare`.
 * Parsing the option, loading the files per side, naming and renaming; the interleaved
 * rounds are interleave.c's, writing the reports cmd_run's. */
#ifndef GB_SIDES_H
#define GB_SIDES_H

#include <stddef.h>
#include <stdint.h>

#include "util/error.h"
#include "scenario/scenario.h"

#define GB_MAX_SIDES 8

typedef struct gb_side {
    char *label;       /* owned: letters, digits, - _ . */
    const char **vars; /* owned array of "name=value", pointing into text */
    size_t nvars;
    char *text;         /* owned copy of the variables part of the option */
    const char *driver; /* --driver: another gilbench build runs this side's workers; NULL =
                           this one */
} gb_side;

/* Parse "LABEL" or "LABEL:NAME=VALUE[,NAME=VALUE...]" into side. Returns 0, or -1 with err
 * (side is then empty). */
int gb_side_parse(const char *arg, gb_side *side, gb_error *err) GB_MUST_USE;

/* Free what side owns; a zeroed side is fine. */
void gb_side_clear(gb_side *side);

/* --driver LABEL=PATH (drivers[0..ndrivers-1], each with a '='): give the side labelled
 * LABEL its driver, an executable file. Returns 0, or -1 with err. */
int gb_sides_attach_drivers(gb_side *sides, size_t nsides, const char *const *drivers,
                            size_t ndrivers, gb_error *err) GB_MUST_USE;

/* Load files once per side, with global's variables and then the side's (side_ov[k]
 * becomes global with the side's variables; its vars array is new, the caller frees it),
 * check that every variable given is used, and tag the names with the side. The scenarios
 * go to a new *loaded[0..*nloaded-1], the side of each to a new (*side_of)[i]. Each failure
 * goes to on_error; returns their number (0: all loaded). */
size_t gb_sides_load(const gb_side *sides, size_t nsides, const gb_overrides *global,
                     gb_overrides *side_ov, char **files, size_t nfiles, gb_error_fn on_error,
                     void *ctx, gb_scenario ***loaded, size_t *nloaded, size_t **side_of);

/* The variables of a side's load: the global ones first, then the side's (which win, being
 * applied last). out must hold nglobal + side->nvars entries. Returns the count. */
size_t gb_side_vars(const gb_side *side, const char **global, size_t nglobal, const char **out);

/* Rename s (and its baseline) NAME -> NAME[side=LABEL], in the struct and its config.
 * Returns 0 or -1 when out of memory. */
int gb_side_tag(gb_scenario *s, const char *label) GB_MUST_USE;

/* The length of name without its "[side=label]" ending, or 0 when it has none. */
size_t gb_side_base_len(const char *name, const char *label);

/* Undo gb_side_tag: the names as the file gave them, for the side's own report. 0, or -1
 * (no memory for the config a report kept). */
int gb_side_untag(gb_scenario *s, const char *label) GB_MUST_USE;

/* 1 when s was tagged with label. */
int gb_side_has(const gb_scenario *s, const char *label);

/* path with "-LABEL" before the extension of its last component: r.json -> r-base.json,
 * out/run -> out/run-base. Returns 0, or -1 when it does not fit in size. */
int gb_side_path(const char *path, const char *label, char *out, size_t size) GB_MUST_USE;

/* The order of one --interleave round over n slots into idx: the slots shuffled, except
 * that the slots of one group (group[i] < n: the sides of one scenario) stay next to each
 * other, in a shuffled order, so that runs compared as pairs see the machine within a run's
 * length of each other. A slot alone has a group of its own. *state (not 0) is the
 * generator's, advanced: the same seed gives the same rounds. */
void gb_sides_round_order(size_t *idx, const size_t *group, size_t n, uint64_t *state);

#endif
