/* counter.c - counted runs under callgrind: can this machine count, valgrind's command line
 * for the worker, and callgrind's dumps read back into the runs (see counter.h). The cache
 * model of the cycles is measure/counts.c's; the window and the dumps are the worker's. */
#include "run/counter.h"

#include <dirent.h>
#include <errno.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "measure/counts.h"
#include "util/file.h"

#define DUMP_STEM "cg.out"   /* callgrind writes DIR/cg.out.N-TT, one a dump and thread */
#define DUMP_MAX (64u << 20) /* the largest dump read */
#define TRIGGER "desc: Trigger: Client Request: "

#ifndef GB_SANITIZE /* set by CMake: the sanitizers of the build, "" for none */
#define GB_SANITIZE ""
#endif

struct gb_counter {
    char dir[4096];
    char out_opt[4200]; /* --callgrind-out-file=DIR/cg.out */
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

/* Whether the kernel opens the instruction counter for this process: 0, or an errno. */
static int perf_refusal(void)
{
    struct perf_event_attr attr;
    long fd;

    memset(&attr, 0, sizeof attr);
    attr.type = PERF_TYPE_HARDWARE;
    attr.size = sizeof attr;
    attr.config = PERF_COUNT_HW_INSTRUCTIONS;
    attr.disabled = 1;
    attr.exclude_kernel = 1;
    attr.exclude_hv = 1;
    fd = syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0);
    if (fd < 0)
        return errno ? errno : EINVAL;
    close((int)fd);
    return 0;
}

int gb_counter_check(gb_measure m, gb_error *err)
{
    char path[4096];
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
        e = perf_refusal();
        if (e)
            gb_error_set(err, NULL, 0, 0, NULL,
                         "--measure perf-instructions: the kernel refuses perf_event_open for "
                         "the instruction counter (%s); count under valgrind instead: "
                         "--measure instructions",
                         e == ENOENT || e == EOPNOTSUPP || e == ENODEV
                             ? "no hardware counter here: a virtual machine?"
                         : e == EACCES || e == EPERM
                             ? "not permitted: see kernel.perf_event_paranoid"
                             : strerror(e));
        else
            gb_error_set(err, NULL, 0, 0, NULL,
                         "--measure perf-instructions: the kernel offers the instruction "
                         "counter, but this gilbench counts only under valgrind so far; use "
                         "--measure instructions");
        return -1;
    }
    gb_error_set(err, NULL, 0, 0, NULL, "unknown measure");
    return -1;
}

json_t *gb_counter_metadata(gb_measure m)
{
    char path[4096], version[128] = "", cmd[4200];
    FILE *p;

    if (m == GB_MEASURE_WALL)
        return json_null();
    if (find_valgrind(path, sizeof path) == 0 &&
        (size_t)snprintf(cmd, sizeof cmd, "'%s' --version 2>/dev/null", path) < sizeof cmd &&
        !strchr(path, '\'') && (p = popen(cmd, "r")) != NULL) {
        if (!fgets(version, sizeof version, p))
            version[0] = '\0';
        version[strcspn(version, "\r\n")] = '\0';
        pclose(p);
    }
    return json_pack("{s:s,s:s,s:s,s:s,s:s}", "measure", gb_measure_name(m), "tool", "callgrind",
                     "version", version[0] ? version : "unknown", "window",
                     "each thread's work: inside the workload's probe for a built-in "
                     "workload, around the call for a call or python thread",
                     "cycles_model", GB_CYCLES_MODEL);
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
    d = opendir(c->dir);
    while (d && (e = readdir(d)) != NULL) {
        char path[4400];

        if (strncmp(e->d_name, DUMP_STEM, strlen(DUMP_STEM)) == 0 &&
            (size_t)snprintf(path, sizeof path, "%s/%s", c->dir, e->d_name) < sizeof path)
            unlink(path);
    }
    if (d)
        closedir(d);
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
    d = opendir(c->dir);
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
        r->runs[i].counted = seen[i] >= r->runs[i].nthreads && r->runs[i].nthreads > 0;
        missing += !r->runs[i].counted;
    }
    if (missing && r->status == GB_STATUS_OK) {
        char msg[256];

        snprintf(msg, sizeof msg,
                 "%zu of %zu runs came back without callgrind's counts of every thread "
                 "(a thread that never reached its dump?)",
                 missing, r->nruns);
        r->status = GB_STATUS_ERROR;
        free(r->message);
        r->message = strdup(msg);
    }
    free(seen);
    gb_counter_free(c);
}
