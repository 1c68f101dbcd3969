/* run_reports.c - the report files of `gilbench run`: every format asked for (or the
 * default JSON and CSV under results/), with a side's label in the names when --side split
 * the session into one report per side. Writing each file is report/export.c's. */
#include "cli/run_args.h"

#include <limits.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/json_text.h"

/* Write every requested report of rep; with a side label, into names marked with it. */
static int write_reports(const run_args *a, const gb_report *rep, const char *label)
{
    char stamp[64], path[PATH_MAX], sided[PATH_MAX];
    time_t t = time(NULL);
    struct tm tm;
    int failed = 0;

    if (a->no_save)
        return 0;
    gmtime_r(&t, &tm);
    strftime(stamp, sizeof stamp, "results/run-%Y%m%d-%H%M%S", &tm);
    if (label)
        snprintf(stamp + strlen(stamp), sizeof stamp - strlen(stamp), "-%s", label);
    /* two runs in one second must not overwrite each other's reports: -2, -3... */
    for (int n = 2, len = (int)strlen(stamp); n < 1000; n++) {
        snprintf(path, sizeof path, "%s%s", stamp, gb_exporters[0].suffix);
        if (access(path, F_OK) != 0)
            break;
        snprintf(stamp + len, sizeof stamp - (size_t)len, "-%d", n);
    }
    for (size_t i = 0; i < gb_nexporters; i++) {
        const char *target = a->paths[i];
        gb_error err;

        if (!target && !gb_exporters[i].on_request && (a->base || !a->any_path)) {
            if (a->base && label)
                snprintf(path, sizeof path, "%s-%s%s", a->base, label, gb_exporters[i].suffix);
            else
                snprintf(path, sizeof path, "%s%s", a->base ? a->base : stamp,
                         gb_exporters[i].suffix);
            target = path;
        } else if (target && label) {
            if (gb_side_path(target, label, sided, sizeof sided) != 0) {
                fprintf(stderr, "gilbench run: %s: file name too long\n", target);
                failed = 1;
                continue;
            }
            target = sided;
        }
        if (!target)
            continue;
        if (gb_export_to_path(&gb_exporters[i], rep, target, &err) != 0) {
            gb_error_print(&err, stderr);
            failed = 1;
        } else if (strcmp(target, "-") != 0) {
            fprintf(stderr, "wrote %s\n", target);
        }
    }
    return failed ? -1 : 0;
}

/* --side: one report per side, holding that side's scenarios under the names the files gave
 * them, and the session's metadata plus which side it is. */
static int write_side_reports(const run_args *a, const gb_report *rep, gb_scenario **loaded,
                              size_t nloaded, const size_t *side_of)
{
    json_t *labels = json_array();
    int failed = 0;

    for (size_t k = 0; k < a->nsides; k++)
        json_array_append_new(labels, json_string(a->sides[k].label));
    for (size_t k = 0; k < a->nsides; k++) {
        const gb_side *sd = &a->sides[k];
        gb_report part = {.results = calloc(rep->nresults + 1, sizeof *part.results)};
        json_t *vars = json_object();

        if (!part.results) {
            fprintf(stderr, "gilbench run: out of memory\n");
            failed = 1;
            json_decref(vars);
            continue;
        }
        for (size_t i = 0; i < rep->nresults; i++) /* by its tag, before it goes: one pass */
            if (rep->results[i].scenario && gb_side_has(rep->results[i].scenario, sd->label))
                part.results[part.nresults++] = rep->results[i]; /* shallow: rep owns */
        for (size_t i = 0; i < nloaded; i++)
            if (side_of[i] == k && gb_side_untag(loaded[i], sd->label) != 0) {
                fprintf(stderr, "gilbench run: out of memory\n");
                failed = 1;
            }
        for (size_t i = 0; i < sd->nvars; i++) {
            size_t len = strcspn(sd->vars[i], "=");
            char name[128];

            snprintf(name, sizeof name, "%.*s", (int)(len < 127 ? len : 127), sd->vars[i]);
            json_object_set_new(vars, name, json_string(sd->vars[i] + len + 1));
        }
        part.metadata = json_deep_copy(rep->metadata);
        json_object_set_new(part.metadata, "side",
                            json_pack("{s:s,s:o,s:O,s:o}", "label", sd->label, "vars", vars,
                                      "sides", labels, "driver", gb_json_text(sd->driver)));
        if (write_reports(a, &part, sd->label) != 0)
            failed = 1;
        json_decref(part.metadata);
        free(part.results);
    }
    json_decref(labels);
    return failed ? -1 : 0;
}

/* One report file: not empty, not a folder, not a scenario file. */
static int check_target(const char *option, const char *target, char **files, size_t nfiles,
                        gb_error *err)
{
    size_t len = strlen(target);
    struct stat st, in;

    if (len == 0) {
        gb_error_set(err, NULL, 0, 0, NULL, "%s: give a file name, not an empty one", option);
        return -1;
    }
    if (strcmp(target, "-") == 0)
        return 0;
    if (target[len - 1] == '/' || (stat(target, &st) == 0 && S_ISDIR(st.st_mode))) {
        gb_error_set(err, NULL, 0, 0, NULL, "%s %s: a folder, not a file name (e.g. %s%srun)",
                     option, target, target, target[len - 1] == '/' ? "" : "/");
        return -1;
    }
    for (size_t j = 0; j < nfiles; j++) {
        int same = strcmp(files[j], target) == 0;

        if (!same && stat(target, &st) == 0 && stat(files[j], &in) == 0)
            same = st.st_dev == in.st_dev && st.st_ino == in.st_ino;
        if (same) {
            gb_error_set(err, NULL, 0, 0, NULL,
                         "%s %s: that is a scenario file of this run; it would be written over",
                         option, target);
            return -1;
        }
    }
    return 0;
}

int run_check_outputs(const run_args *a, char **files, size_t nfiles, gb_error *err)
{
    char path[PATH_MAX], sided[PATH_MAX], option[64];

    if (a->base && check_target("-o", a->base, files, 0, err) != 0)
        return -1;
    for (size_t i = 0; i < gb_nexporters; i++) {
        const char *target = a->paths[i];

        /* the option that names it: --json, --csv..., --html; --export-NAME for the views */
        snprintf(option, sizeof option, "--%s%s",
                 gb_exporters[i].on_request && strcmp(gb_exporters[i].name, "html") != 0 ? "export-"
                                                                                         : "",
                 gb_exporters[i].name);
        if (!target && a->base && !gb_exporters[i].on_request) {
            snprintf(path, sizeof path, "%s%s", a->base, gb_exporters[i].suffix);
            target = path;
            snprintf(option, sizeof option, "-o");
        }
        if (!target)
            continue;
        if (check_target(option, target, files, nfiles, err) != 0)
            return -1;
        for (size_t k = 0; k < a->nsides && strcmp(target, "-") != 0; k++)
            if (gb_side_path(target, a->sides[k].label, sided, sizeof sided) == 0 &&
                check_target(option, sided, files, nfiles, err) != 0)
                return -1;
    }
    return 0;
}

int run_write_reports(const run_args *a, const gb_report *rep, gb_scenario **loaded, size_t nloaded,
                      const size_t *side_of)
{
    return a->nsides ? write_side_reports(a, rep, loaded, nloaded, side_of)
                     : write_reports(a, rep, NULL);
}
