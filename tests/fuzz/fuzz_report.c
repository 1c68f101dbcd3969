/* fuzz_report.c - libFuzzer target: a JSON report read back as `gilbench report` and
 * `gilbench compare` read it. report_read.c reads it into a gb_report and every exporter
 * writes that (to /dev/null). A document that passes compare's check (a schema_version and
 * a scenarios array) is compared by `gilbench compare` with itself, and, when it names a
 * side of a session, with itself as another side of that session (the paired comparison). */
#include <fcntl.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/commands.h"
#include "report/export.h"
#include "fuzz_common.h"
#include "report/report_read.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *sink;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    int null = open("/dev/null", O_WRONLY);

    (void)argc;
    (void)argv;
    /* compare prints its table on stdout: away with it (libFuzzer talks on stderr) */
    if (null < 0 || dup2(null, STDOUT_FILENO) < 0)
        abort();
    close(null);
    sink = fopen("/dev/null", "w");
    if (!sink)
        abort();
    return 0;
}

static void compare(const char *base, const char *now, int markdown)
{
    char a0[] = "gilbench", a1[] = "compare", a2[] = "--markdown", p1[4096], p2[4096];
    char *argv[6];
    int argc = 0;

    snprintf(p1, sizeof p1, "%s", base);
    snprintf(p2, sizeof p2, "%s", now);
    argv[argc++] = a0;
    argv[argc++] = a1;
    if (markdown)
        argv[argc++] = a2;
    argv[argc++] = p1;
    argv[argc++] = p2;
    argv[argc] = NULL;
    /* 2 is an answer too (the gate fails closed on an incomplete report): only a crash or
     * another status is a bug */
    int rc = gb_cmd_compare(argc, argv);

    if (rc < 0 || rc > 2)
        abort();
}

/* The document as another side of its session: the same, with another side label. */
static const char *other_side(json_t *doc)
{
    json_t *side = json_object_get(json_object_get(doc, "metadata"), "side");
    const char *label = json_string_value(json_object_get(side, "label"));
    char *text, other[256];
    const char *path;

    if (!label)
        return NULL;
    snprintf(other, sizeof other, "%.200s-other", label);
    if (json_object_set_new(side, "label", json_string(other)) != 0)
        return NULL;
    text = json_dumps(doc, 0);
    path = text ? gb_fuzz_file(1, text, strlen(text)) : NULL;
    free(text);
    return path;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = gb_fuzz_text(data, size);
    json_t *doc = json_loads(text, 0, NULL);
    gb_loaded_report lr;
    gb_error err;

    if (gb_report_read_text(text, "fuzz.json", &lr, &err) == 0) {
        for (size_t i = 0; i < gb_nexporters; i++) {
            gb_error ignored;

            if (gb_exporters[i].write(&lr.rep, sink, &ignored) != 0)
                continue;
        }
        gb_loaded_report_clear(&lr);
    }
    /* what might pass cmd_compare.c's reader (report_read.c): a report at all */
    if (json_is_integer(json_object_get(doc, "schema_version")) &&
        json_is_array(json_object_get(doc, "scenarios"))) {
        const char *path = gb_fuzz_file(0, data, size), *other;

        if (!path)
            abort();
        /* as another side of its session when it is one (the paired comparison), else with
         * itself; as a table or as markdown */
        other = other_side(doc);
        compare(path, other ? other : path, size % 2);
    }
    json_decref(doc);
    free(text);
    return 0;
}
