/* proc_runner.c - hyperfine started, watched and read back for a command scenario
 * (see proc_runner.h). Owns: finding hyperfine and the program, the temporary export
 * file, the process group, the time limit, Ctrl-C, and the status of the scenario. How the
 * file is read is hyperfine_read.c's; how the runs are judged, stats.c's. */
#include "run/proc_runner.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util/clock.h"
#include "util/file.h"
#include "scenario/procspec.h"
#include "run/hyperfine_read.h"
#include "run/spawn.h"
#include "measure/stats.h"

#define STARTUP_ALLOWANCE 2.0  /* seconds for hyperfine itself, on top of the runs */
#define ERR_KEEP 16384         /* bytes of hyperfine's stderr kept */
#define MAX_EXPORT (64u << 20) /* a larger export is not one command's runs */

/* name as the exec functions find it: with a '/', as it is (relative to dir when given);
 * else the first executable file in path. Writes the path found into out; 0 or -1. */
static int find_program(const char *name, const char *path, const char *dir, char *out, size_t size)
{
    struct stat st;

    if (strchr(name, '/')) {
        if (dir && name[0] != '/')
            snprintf(out, size, "%s/%s", dir, name);
        else
            snprintf(out, size, "%s", name);
        return access(out, X_OK) == 0 && stat(out, &st) == 0 && S_ISREG(st.st_mode) ? 0 : -1;
    }
    for (const char *p = path ? path : "/usr/local/bin:/usr/bin:/bin"; *p;) {
        size_t n = strcspn(p, ":");

        snprintf(out, size, "%.*s%s%s", (int)n, p, n ? "/" : "", name);
        if (access(out, X_OK) == 0 && stat(out, &st) == 0 && S_ISREG(st.st_mode))
            return 0;
        p += n + (p[n] == ':');
    }
    return -1;
}

/* The PATH the command will see: its own "env" PATH when it sets one, else ours. */
static const char *command_path(const gb_proc_spec *c)
{
    for (size_t i = 0; i < c->nenv; i++)
        if (strncmp(c->env[i], "PATH=", 5) == 0)
            return c->env[i] + 5;
    return getenv("PATH");
}

char **gb_proc_hyperfine_argv(const gb_scenario *s, const char *hyperfine, const char *json_path,
                              char buf[2][32])
{
    const gb_proc_spec *c = s->command;
    char **argv = calloc(16, sizeof *argv);
    size_t n = 0;

    if (!argv)
        return NULL;
    snprintf(buf[0], 32, "--runs=%d", s->runs);
    snprintf(buf[1], 32, "--warmup=%d", s->warmup);
    argv[n++] = (char *)hyperfine;
    argv[n++] = c->argv ? "--shell=none" : "--shell=/bin/sh";
    argv[n++] = "--style=none";
    argv[n++] = buf[0];
    argv[n++] = buf[1];
    argv[n++] = (char *)json_path; /* "--export-json=PATH": a value, never an option */
    if (c->prepare) {
        argv[n++] = "--prepare";
        argv[n++] = c->prepare; /* an option's value: clap takes it as it is */
    }
    if (c->ignore_failure)
        argv[n++] = "--ignore-failure";
    argv[n++] = "--"; /* the command line is never taken as an option */
    argv[n++] = c->line;
    argv[n] = NULL;
    return argv;
}

static void set_error(gb_result *r, gb_status status, const char *fmt, ...) GB_PRINTF(3, 4);

static void set_error(gb_result *r, gb_status status, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    r->status = status;
    free(r->message);
    r->message = strdup(msg);
}

/* Checks before anything starts: hyperfine, the directory, the program. 0, or -1 with
 * r's status and message set. hf receives hyperfine's path. */
static int preflight(const gb_scenario *s, gb_result *r, char *hf, size_t size)
{
    const gb_proc_spec *c = s->command;
    const char *own = getenv("GILBENCH_HYPERFINE");
    char found[4096];
    struct stat st;

    if (own && *own ? find_program(own, getenv("PATH"), NULL, hf, size)
                    : find_program("hyperfine", getenv("PATH"), NULL, hf, size)) {
        set_error(r, GB_STATUS_ERROR,
                  "hyperfine is not installed (%s%s%s): a command scenario is timed by it; "
                  "Debian: apt-get install hyperfine",
                  own && *own ? "GILBENCH_HYPERFINE=" : "not found in PATH", own && *own ? own : "",
                  own && *own ? " is not an executable" : "");
        return -1;
    }
    if (c->cwd && (stat(c->cwd, &st) != 0 || !S_ISDIR(st.st_mode))) {
        set_error(r, GB_STATUS_ERROR, "cwd \"%s\": %s", c->cwd,
                  errno && !S_ISDIR(st.st_mode) ? strerror(errno) : "not a directory");
        return -1;
    }
    if (c->argv && find_program(c->argv[0], command_path(c), c->cwd, found, sizeof found) != 0) {
        set_error(r, GB_STATUS_ERROR, "command not found: \"%s\"%s", c->argv[0],
                  strchr(c->argv[0], '/') ? " (not an executable file)" : " (searched PATH)");
        return -1;
    }
    return 0;
}

typedef struct hyperfine_child {
    const gb_proc_spec *c;
    const cpu_set_t *cpus;
    char **argv, **envp;
    int err_w;
} hyperfine_child;

/* In the child (gb_spawn: the driver's memory, borrowed until exec; the environment is made
 * beforehand, envp) */
static void child_exec(void *arg)
{
    const hyperfine_child *h = arg;
    int devnull = open("/dev/null", O_RDONLY);

    setpgid(0, 0); /* its own group: Ctrl-C reaches gilbench, a time-out kills them all */
    prctl(PR_SET_PDEATHSIG, SIGKILL); /* and it dies with gilbench (a second Ctrl-C) */
    if (h->cpus && sched_setaffinity(0, sizeof *h->cpus, h->cpus) != 0) {
        dprintf(h->err_w, "Error: gilbench cannot pin hyperfine to the CPUs asked: %s\n",
                strerror(errno));
        _exit(127);
    }
    if (h->c->cwd && chdir(h->c->cwd) != 0) {
        dprintf(h->err_w, "Error: cannot enter %s: %s\n", h->c->cwd, strerror(errno));
        _exit(127);
    }
    if (devnull >= 0)
        dup2(devnull, 0);
    dup2(h->err_w, 1);
    dup2(h->err_w, 2);
    execve(h->argv[0], h->argv, h->envp);
    dprintf(2, "Error: cannot run %s: %s\n", h->argv[0], strerror(errno));
    _exit(127);
}

/* The driver's environment with the command's "NAME=value" in place of (or after) the
 * variables of the same names, as putenv would make it: a new array of borrowed strings,
 * or NULL without memory. */
static char **command_env(const gb_proc_spec *c)
{
    size_t n = 0, m = 0;
    char **envp;

    while (environ[n])
        n++;
    envp = calloc(n + c->nenv + 1, sizeof *envp);
    if (!envp)
        return NULL;
    for (size_t i = 0; i < n; i++)
        envp[m++] = environ[i];
    for (size_t k = 0; k < c->nenv; k++) {
        size_t len = strcspn(c->env[k], "="), i;

        for (i = 0; i < m && !(strncmp(envp[i], c->env[k], len + 1) == 0); i++)
            ;
        envp[i < m ? i : m++] = c->env[k];
    }
    envp[m] = NULL;
    return envp;
}

/* The last line of hyperfine's stderr that starts with "Error:", or NULL. */
static char *error_line(const char *text)
{
    const char *last = NULL;

    for (const char *p = text; p && (p = strstr(p, "Error:")) != NULL; p++)
        if (p == text || p[-1] == '\n' || p[-1] == ' ')
            last = p;
    return last ? strndup(last, strcspn(last, "\r\n")) : NULL;
}

/* Read the whole export file (new string) or NULL: none, empty, or MAX_EXPORT or more. */
static char *read_export(const char *path)
{
    char *text;
    size_t n;

    if (gb_read_file(path, MAX_EXPORT - 1, &text, &n) != 0)
        return NULL;
    if (n == 0) {
        free(text);
        return NULL;
    }
    return text;
}

/* Wait for hyperfine to end, keeping its stderr, within the deadline and Ctrl-C. Returns
 * its wait status; *timed_out / *stopped say why it was killed. */
static int watch(pid_t pid, int errfd, double deadline, char *keep, size_t *kept, int *timed_out,
                 int *stopped)
{
    int status = 0;

    for (;;) {
        struct pollfd fd = {errfd, POLLIN, 0};
        double left = deadline - gb_now_s();
        char chunk[4096];
        ssize_t n;

        if (gb_runner_interrupted())
            *stopped = 1;
        else if (left <= 0)
            *timed_out = 1;
        if (*stopped || *timed_out) {
            kill(-pid, SIGKILL);
            break;
        }
        if (poll(&fd, 1, left > 3600 ? 3600000 : (int)(left * 1000) + 1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        if (!(fd.revents & (POLLIN | POLLHUP | POLLERR)))
            continue;
        n = read(errfd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        if (*kept + (size_t)n > ERR_KEEP) { /* keep the newest half */
            size_t drop = *kept + (size_t)n - ERR_KEEP / 2;

            drop = drop > *kept ? *kept : drop;
            memmove(keep, keep + drop, *kept - drop);
            *kept -= drop;
        }
        if ((size_t)n > ERR_KEEP - *kept)
            n = (ssize_t)(ERR_KEEP - *kept);
        memcpy(keep + *kept, chunk, (size_t)n);
        *kept += (size_t)n;
    }
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    keep[*kept] = '\0';
    return status;
}

/* hyperfine ended: its status and the export file into r. */
static void conclude(const gb_scenario *s, const gb_runner_opts *o, gb_result *r, int status,
                     const char *keep, const char *export_path)
{
    char *line = error_line(keep), *text;
    const char *code;
    gb_hyperfine_runs h;
    gb_error err;

    r->exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r->term_signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    if (r->term_signal)
        set_error(r, GB_STATUS_CRASHED, "hyperfine was killed by signal %d", r->term_signal);
    else if (r->exit_status != 0 && line && (code = strstr(line, "non-zero exit code: ")))
        set_error(r, GB_STATUS_CRASHED,
                  "the command exited with status %d; add \"ignore_failure\": true to measure "
                  "it anyway",
                  atoi(code + 20));
    else if (r->exit_status != 0)
        set_error(r, GB_STATUS_ERROR, "hyperfine failed (exit status %d): %s", r->exit_status,
                  line ? line + 7 : "it said nothing");
    else if (!(text = read_export(export_path)))
        set_error(r, GB_STATUS_ERROR, "hyperfine wrote no results to %s", export_path);
    else {
        if (gb_hyperfine_parse(text, export_path, &h, &err) != 0) {
            char msg[1200];

            gb_error_format(&err, msg, sizeof msg);
            set_error(r, GB_STATUS_ERROR, "%s", msg);
        } else if (gb_hyperfine_fill(&h, s->warmup, o->ncpu, r) != 0)
            set_error(r, GB_STATUS_ERROR, "out of memory");
        else
            r->status = GB_STATUS_OK;
        gb_hyperfine_runs_clear(&h);
        free(text);
    }
    free(line);
}

int gb_proc_run(const gb_runner_opts *o, const gb_scenario *s, gb_result *r, gb_error *err)
{
    char hf[4096], export_path[4200], nums[2][32], *keep, **argv;
    const char *tmp = getenv("TMPDIR");
    int errp[2], fd, status, timed_out = 0, stopped = 0;
    size_t kept = 0;
    double started = gb_now_s(), budget;
    hyperfine_child child;
    pid_t pid;

    gb_result_start(r, s);
    if (preflight(s, r, hf, sizeof hf) != 0) {
        gb_result_summarise(r);
        return 0;
    }
    snprintf(export_path, sizeof export_path, "%s/gilbench-hyperfine-XXXXXX.json",
             tmp && tmp[0] == '/' ? tmp : "/tmp");
    fd = mkstemps(export_path, 5);
    /* no name left behind, even by a driver killed with SIGKILL: the file is unlinked at
     * once, and hyperfine writes it through the descriptor it inherits (/proc/self/fd/N,
     * which opens the file even without a name); the driver reads it the same way */
    if (fd >= 0) {
        unlink(export_path);
        snprintf(export_path, sizeof export_path, "--export-json=/proc/self/fd/%d", fd);
    }
    keep = malloc(ERR_KEEP + 1);
    argv = keep && fd >= 0 ? gb_proc_hyperfine_argv(s, hf, export_path, nums) : NULL;
    if (!argv || pipe2(errp, O_CLOEXEC) != 0) {
        gb_error_set(err, NULL, 0, 0, NULL, "cannot start hyperfine: %s", strerror(errno));
        if (fd >= 0)
            close(fd);
        free(keep);
        free(argv);
        return -1;
    }
    child.c = s->command;
    child.cpus = o->cpus;
    child.argv = argv;
    child.envp = command_env(s->command);
    child.err_w = errp[1];
    fflush(NULL);
    errno = ENOMEM;
    pid = child.envp ? gb_spawn(child_exec, &child) : -1;
    free(child.envp);
    close(errp[1]);
    if (pid < 0) {
        gb_error_set(err, NULL, 0, 0, NULL, "cannot start hyperfine: %s", strerror(errno));
        close(errp[0]);
        close(fd);
        free(keep);
        free(argv);
        return -1;
    }
    setpgid(pid, pid);
    /* hyperfine cannot stop one run: the limit is the whole of them */
    budget = STARTUP_ALLOWANCE + s->timeout * (s->runs + s->warmup);
    status = watch(pid, errp[0], started + budget, keep, &kept, &timed_out, &stopped);
    close(errp[0]);
    r->stderr_tail = gb_runner_tail(keep, kept, 12);
    if (stopped)
        set_error(r, GB_STATUS_INTERRUPTED,
                  "interrupted: hyperfine reports its runs only at its end, none was kept");
    else if (timed_out)
        set_error(r, GB_STATUS_TIMEOUT,
                  "hyperfine took longer than %g s (%d runs of at most %g s, and %g s for "
                  "itself); killed with its command",
                  budget, s->runs + s->warmup, s->timeout, STARTUP_ALLOWANCE);
    else
        conclude(s, o, r, status, keep, export_path + 14);
    close(fd);
    r->elapsed_s = gb_now_s() - started;
    gb_result_summarise(r);
    free(keep);
    free(argv);
    return 0;
}
