/* counter.c - counted runs: can this machine count, the worker's command line (under
 * valgrind for callgrind; told its event for perf_event_open), and the counts read back into
 * the runs, from callgrind's dumps or from the worker's run lines (see counter.h). The cache
 * model of the cycles is measure/counts.c's; the window, the dumps and the reads are the
 * worker's; perf_event_open's events are perf_counter.c's. */
#include "run/counter.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "measure/counts.h"
#include "run/perf_counter.h"
#include "util/file.h"

#define DUMP_STEM "cg.out"   /* callgrind writes DIR/cg.out.N-TT, one a dump and thread */
#define DUMP_MAX (64u << 20) /* the largest dump read */
#define TRIGGER "desc: Trigger: Client Request: "

#ifndef GB_SANITIZE /* set by CMake: the sanitizers of the build, "" for none */
#define GB_SANITIZE ""
#endif

struct gb_counter {
    gb_measure measure;
    const gb_perf_event *perf; /* perf-instructions: the event the worker counts */
    char dir[4096];            /* callgrind's dumps; "" for perf */
    char out_opt[4200];        /* --callgrind-out-file=DIR/cg.out */
    char valgrind[4096];
};

/* valgrind's path on $PATH into buf; 0, or -1 when there is none. */
static int find_valgrind(char *buf, size_t size)
{
    const char *path = getenv("PATH");

    for (const char *p = path ? path : "/usr/bin:/bin"; *p;) {
        size_t len = strcspn(p, ":");

        if (len > 0 && (size_t)snprintf(buf, size, "%.*s/valgrind", (int)len, p) < size &&
            access(buf, X_OK) == 0)
            return 0;
        p += len + (p[len] == ':');
    }
    return -1;
}

int gb_counter_check(gb_measure m, gb_error *err)
{
    char path[4096];
    const gb_perf_event *ev;
    int e;

    switch (m) {
    case GB_MEASURE_WALL:
        return 0;
    case GB_MEASURE_INSTRUCTIONS:
#ifndef GB_HAVE_CALLGRIND
        gb_error_set(err, NULL, 0, 0, NULL,
                     "--measure instructions: this gilbench was built without "
                     "<valgrind/callgrind.h>; install valgrind (ci/setup) and build again");
        return -1;
#endif
        if (GB_SANITIZE[0]) {
            gb_error_set(err, NULL, 0, 0, NULL,
                         "--measure instructions: this gilbench was built with sanitizers (%s), "
                         "which do not run under valgrind; count with a build without them",
                         GB_SANITIZE);
            return -1;
        }
        if (find_valgrind(path, sizeof path) != 0) {
            gb_error_set(err, NULL, 0, 0, NULL,
                         "--measure instructions: valgrind is not on PATH; install it "
                         "(ci/setup, or apt-get install valgrind)");
            return -1;
        }
        return 0;
    case GB_MEASURE_PERF_INSTRUCTIONS:
        if (!(ev = gb_perf_event_chosen(err)))
            return -1;
        e = gb_perf_refusal(ev);
        if (e == 0)
            return 0;
        if (ev->test_only)
            gb_error_set(err, NULL, 0, 0, NULL,
                         "--measure perf-instructions: the kernel refuses perf_event_open for "
                         "the %s event chosen by %s (%s: %s)",
                         ev->name, GB_PERF_EVENT_ENV, strerror(e), gb_perf_refusal_text(e));
        else
            gb_error_set(err, NULL, 0, 0, NULL,
                         "--measure perf-instructions: the kernel refuses perf_event_open for "
                         "the instruction counter (%s: %s); count under valgrind instead: "
                         "--measure instructions",
                         strerror(e), gb_perf_refusal_text(e));
        return -1;
    }
    gb_error_set(err, NULL, 0, 0, NULL, "unknown measure");
    return -1;
}

/* metadata.counter of perf_event_open's counts: the event, and plainly when its counts are
 * not instructions (the test switch). */
static json_t *perf_metadata(void)
{
    gb_error err;
    const gb_perf_event *ev = gb_perf_event_chosen(&err);
    struct utsname u;
    json_t *o;

    if (!ev)
        return json_null();
    o = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "measure",
                  gb_measure_name(GB_MEASURE_PERF_INSTRUCTIONS), "tool", "perf_event_open",
                  "version", uname(&u) == 0 ? u.release : "unknown", "event", ev->name,
                  "perf_event", ev->kernel, "unit", ev->unit, "scope",
                  "each thread its own counter, user space only (kernel and hypervisor "
                  "excluded), pinned",
                  "window",
                  "each thread's work: inside the workload's probe for a built-in workload, "
                  "around the call for a call or python thread; the difference of two reads");
    if (o && ev->test_only) {
        char note[256];

        snprintf(note, sizeof note,
                 "%s=%s: a test switch; these counts are not instructions but the threads' CPU "
                 "time in nanoseconds (the software task clock)",
                 GB_PERF_EVENT_ENV, ev->name);
        json_object_set_new(o, "note", json_string(note));
    }
    return o;
}

json_t *gb_counter_metadata(gb_measure m)
{
    char path[4096], version[128] = "", cmd[4200];
    FILE *p;

    if (m == GB_MEASURE_WALL)
        return json_null();
    if (m == GB_MEASURE_PERF_INSTRUCTIONS)
        return perf_metadata();
    if (find_valgrind(path, sizeof path) == 0 &&
        (size_t)snprintf(cmd, sizeof cmd, "'%s' --version 2>/dev/null", path) < sizeof cmd &&
        !strchr(path, '\'') && (p = popen(cmd, "r")) != NULL) {
        if (!fgets(version, sizeof version, p))
            version[0] = '\0';
        version[strcspn(version, "\r\n")] = '\0';
        pclose(p);
    }
    return json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "measure", gb_measure_name(m), "tool",
                     "callgrind", "version", version[0] ? version : "unknown", "event",
                     "Ir (instructions executed)", "window",
                     "each thread's work: inside the workload's probe for a built-in "
                     "workload, around the call for a call or python thread",
                     "cycles_model", GB_CYCLES_MODEL);
}

/* A counter for perf_event_open: *argv gets --count-perf EVENT after its first two words
 * (gilbench __worker). NULL with err when it cannot. */
static gb_counter *perf_start(char ***argv, gb_error *err)
{
    gb_counter *c = calloc(1, sizeof *c);
    char **old = *argv, **nargv;
    size_t n = 0, k = 0;

    while (old[n])
        n++;
    nargv = c && n >= 2 ? calloc(n + 3, sizeof *nargv) : NULL;
    if (!nargv || !(c->perf = gb_perf_event_chosen(err))) {
        if (!nargv)
            gb_error_set(err, NULL, 0, 0, NULL, "cannot start a counted worker: out of memory");
        free(nargv);
        free(c);
        return NULL;
    }
    c->measure = GB_MEASURE_PERF_INSTRUCTIONS;
    nargv[k++] = old[0];
    nargv[k++] = old[1];
    nargv[k++] = "--count-perf";
    nargv[k++] = (char *)c->perf->name;
    for (size_t i = 2; i < n; i++)
        nargv[k++] = old[i];
    nargv[k] = NULL;
    free(old);
    *argv = nargv;
    return c;
}

gb_counter *gb_counter_start(gb_measure m, char ***argv, gb_error *err)
{
    static const char *const opts[] = {"--tool=callgrind",     "-q",
                                       "--collect-atstart=no", "--separate-threads=yes",
                                       "--cache-sim=yes",      "--dump-line=no"};
    const size_t nopts = sizeof opts / sizeof opts[0];
    gb_counter *c;
    const char *tmp = getenv("TMPDIR");
    char **old = *argv, **nargv;
    size_t n = 0, k = 0;

    if (gb_counter_check(m, err) != 0)
        return NULL;
    if (m == GB_MEASURE_PERF_INSTRUCTIONS)
        return perf_start(argv, err);
    c = calloc(1, sizeof *c);
    while (old[n])
        n++;
    nargv = c && n >= 2 ? calloc(n + nopts + 4, sizeof *nargv) : NULL;
    if (!nargv || find_valgrind(c->valgrind, sizeof c->valgrind) != 0) {
        gb_error_set(err, NULL, 0, 0, NULL, "cannot start a counted worker: out of memory");
        free(nargv);
        free(c);
        return NULL;
    }
    snprintf(c->dir, sizeof c->dir, "%s/gilbench-count-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(c->dir)) {
        gb_error_set(err, NULL, 0, 0, NULL, "cannot make a folder for callgrind's counts: %s",
                     strerror(errno));
        free(nargv);
        free(c);
        return NULL;
    }
    c->measure = m;
    snprintf(c->out_opt, sizeof c->out_opt, "--callgrind-out-file=%s/" DUMP_STEM, c->dir);
    nargv[k++] = c->valgrind;
    for (size_t i = 0; i < nopts; i++)
        nargv[k++] = (char *)opts[i];
    nargv[k++] = c->out_opt;
    nargv[k++] = old[0]; /* gilbench */
    nargv[k++] = old[1]; /* __worker */
    nargv[k++] = "--count";
    for (size_t i = 2; i < n; i++)
        nargv[k++] = old[i];
    nargv[k] = NULL;
    free(old);
    *argv = nargv;
    return c;
}

/* The numbers after "key: " on a line of text, into v[0..max-1]; how many were read. */
static size_t numbers_after(const char *text, const char *key, int64_t *v, size_t max)
{
    const char *p = strstr(text, key);
    size_t n = 0;

    while (p && p != text && p[-1] != '\n')
        p = strstr(p + 1, key);
    if (!p)
        return 0;
    p += strlen(key);
    while (n < max) {
        char *end;
        long long x = strtoll(p, &end, 10);

        if (end == p || x < 0)
            break;
        v[n++] = x;
        p = end;
        if (*p != ' ')
            break;
    }
    return n;
}

/* The index of event name among the words of the "events:" line, or -1. */
static int event_index(const char *text, const char *name)
{
    const char *p = strstr(text, "\nevents: ");
    int i = 0;

    if (!p)
        return -1;
    p += strlen("\nevents: ");
    while (*p && *p != '\n') {
        size_t len = strcspn(p, " \n");

        if (len == strlen(name) && strncmp(p, name, len) == 0)
            return i;
        p += len;
        while (*p == ' ')
            p++;
        i++;
    }
    return -1;
}

int gb_counter_parse_dump(const char *text, int *run, size_t *thread, int64_t *instructions,
                          int64_t *cycles)
{
    static const char *const names[] = {"Ir",   "Dr",   "Dw",   "I1mr", "D1mr",
                                        "D1mw", "ILmr", "DLmr", "DLmw"};
    const char *trigger = strstr(text, "\n" TRIGGER);
    int64_t cost[64] = {0}, ev[9];
    size_t ncost;
    int idx;

    if (strncmp(text, "# callgrind format", 18) != 0)
        return -1;
    if (!trigger || sscanf(trigger + 1 + strlen(TRIGGER), GB_COUNT_DUMP_FORMAT, run, thread) != 2)
        return 0;
    ncost = numbers_after(text, "summary: ", cost, 64);
    if (ncost == 0)
        ncost = numbers_after(text, "totals: ", cost, 64);
    if (ncost == 0 || (idx = event_index(text, "Ir")) < 0)
        return -1;
    *instructions = (size_t)idx < ncost ? cost[idx] : 0;
    *cycles = -1;
    for (int i = 0; i < 9; i++) {
        idx = event_index(text, names[i]);
        if (idx < 0 || idx >= 64)
            return 1;                                /* no cache simulation: instructions only */
        ev[i] = (size_t)idx < ncost ? cost[idx] : 0; /* callgrind leaves out trailing zeros */
    }
    *cycles = gb_counts_cycles(ev[0] + ev[1] + ev[2], ev[3] + ev[4] + ev[5], ev[6] + ev[7] + ev[8]);
    return 1;
}

void gb_counter_free(gb_counter *c)
{
    DIR *d;
    struct dirent *e;

    if (!c)
        return;
    d = c->dir[0] ? opendir(c->dir) : NULL;
    while (d && (e = readdir(d)) != NULL) {
        char path[4400];

        if (strncmp(e->d_name, DUMP_STEM, strlen(DUMP_STEM)) == 0 &&
            (size_t)snprintf(path, sizeof path, "%s/%s", c->dir, e->d_name) < sizeof path)
            unlink(path);
    }
    if (d)
        closedir(d);
    if (c->dir[0])
        rmdir(c->dir);
    free(c);
}

/* The run of r whose index is index, or NULL. */
static gb_run *run_of(gb_result *r, int index)
{
    for (size_t i = 0; i < r->nruns; i++)
        if (r->runs[i].index == index)
            return &r->runs[i];
    return NULL;
}

void gb_counter_finish(gb_counter *c, gb_result *r)
{
    DIR *d;
    struct dirent *e;
    size_t *seen = calloc(r->nruns + 1, sizeof *seen), missing = 0;

    if (!c) {
        free(seen);
        return;
    }
    d = c->dir[0] ? opendir(c->dir) : NULL; /* perf: the counts came with the runs */
    while (seen && d && (e = readdir(d)) != NULL) {
        char path[4400], *text = NULL;
        int index;
        size_t thread;
        int64_t ins, cyc;
        gb_run *run;

        if (strncmp(e->d_name, DUMP_STEM, strlen(DUMP_STEM)) != 0 ||
            (size_t)snprintf(path, sizeof path, "%s/%s", c->dir, e->d_name) >= sizeof path ||
            gb_read_file(path, DUMP_MAX, &text, NULL) != 0)
            continue;
        if (gb_counter_parse_dump(text, &index, &thread, &ins, &cyc) == 1 &&
            (run = run_of(r, index)) != NULL && thread < run->nthreads) {
            gb_thread_times *t = &run->threads[thread];

            /* a thread dumps once a run: a second dump of it adds up, never replaces */
            t->instructions += ins;
            t->cycles = cyc < 0 || t->cycles < 0 ? -1 : t->cycles + cyc;
            seen[run - r->runs]++;
        }
        free(text);
    }
    if (d)
        closedir(d);
    for (size_t i = 0; seen && i < r->nruns; i++) {
        if (c->measure == GB_MEASURE_INSTRUCTIONS)
            r->runs[i].counted = seen[i] >= r->runs[i].nthreads && r->runs[i].nthreads > 0;
        missing += !r->runs[i].counted;
    }
    if (missing && r->status == GB_STATUS_OK) {
        char msg[256];

        snprintf(msg, sizeof msg,
                 c->measure == GB_MEASURE_INSTRUCTIONS
                     ? "%zu of %zu runs came back without callgrind's counts of every thread "
                       "(a thread that never reached its dump?)"
                     : "%zu of %zu runs came back without perf_event_open's counts of every "
                       "thread",
                 missing, r->nruns);
        r->status = GB_STATUS_ERROR;
        free(r->message);
        r->message = strdup(msg);
    }
    free(seen);
    gb_counter_free(c);
}

const char *gb_counter_run_problem(const gb_counter *c, json_t *msg, size_t nthreads)
{
    json_t *counts = json_object_get(msg, "counts"), *v;
    size_t i;

    if (!counts)
        return NULL; /* a run without counts: gb_counter_finish() says so */
    if (!c || c->measure != GB_MEASURE_PERF_INSTRUCTIONS)
        return "counts that were not asked for";
    if (!json_is_array(counts) || json_array_size(counts) != nthreads)
        return "not a count for each thread";
    json_array_foreach(counts, i, v)
    {
        if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > GB_MAX_NS)
            return "a count out of range";
    }
    return NULL;
}

void gb_counter_read_run(const gb_counter *c, json_t *msg, gb_run *run)
{
    json_t *counts = json_object_get(msg, "counts");

    if (!c || c->measure != GB_MEASURE_PERF_INSTRUCTIONS || !json_is_array(counts) ||
        json_array_size(counts) != run->nthreads || run->nthreads == 0)
        return;
    for (size_t k = 0; k < run->nthreads; k++) {
        run->threads[k].instructions = json_integer_value(json_array_get(counts, k));
        run->threads[k].cycles = -1;
    }
    run->counted = 1;
}
