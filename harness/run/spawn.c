/* spawn.c - what a worker process is started with, and what it may leave behind.
 *
 * Owns: starting a child without copying the driver (vfork, for hyperfine too), the worker's
 * command line (__worker and the options passed on), the worker's side of the start (CPUs,
 * process group, descriptors 0-4, exec), the validated scenario text handed over in memory, and the
 * bookkeeping of live workers that finds and kills the processes a dead worker left to the driver.
 * Watching the worker and reading what it says is runner.c's. */
#include "run/spawn.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

char **gb_worker_argv(const gb_runner_opts *o, const gb_scenario *s, char *numbers[7],
                      int interactive)
{
    size_t nvars = o->ov ? o->ov->nvars : 0;
    char **argv = calloc(24 + 2 * nvars, sizeof *argv);
    size_t n = 0;

    if (!argv)
        return NULL;
    argv[n++] = (char *)o->self;
    argv[n++] = "__worker";
    argv[n++] = "--result-fd";
    argv[n++] = "3";
    if (o->ov && o->ov->runs >= 0) {
        snprintf(numbers[0], 32, "%d", o->ov->runs);
        argv[n++] = "--runs";
        argv[n++] = numbers[0];
    }
    if (o->ov && o->ov->warmup >= 0) {
        snprintf(numbers[1], 32, "%d", o->ov->warmup);
        argv[n++] = "--warmup";
        argv[n++] = numbers[1];
    }
    if (o->ov && o->ov->precision > 0) {
        snprintf(numbers[3], 32, "%.17g", o->ov->precision);
        argv[n++] = "--precision";
        argv[n++] = numbers[3];
    }
    if (o->ov && o->ov->min_runs > 0) {
        snprintf(numbers[4], 32, "%d", o->ov->min_runs);
        argv[n++] = "--min-runs";
        argv[n++] = numbers[4];
    }
    if (o->ov && o->ov->max_runs > 0) {
        snprintf(numbers[5], 32, "%d", o->ov->max_runs);
        argv[n++] = "--max-runs";
        argv[n++] = numbers[5];
    }
    if (o->ov && o->ov->timeout >= 0) {
        snprintf(numbers[2], 32, "%.17g", o->ov->timeout);
        argv[n++] = "--timeout";
        argv[n++] = numbers[2];
    }
    for (size_t i = 0; i < nvars; i++) {
        argv[n++] = "--set";
        argv[n++] = (char *)o->ov->vars[i];
    }
    if (interactive)
        argv[n++] = "--interactive";
    if (s->source && !o->foreign) {
        argv[n++] = "--scenario-fd";
        argv[n++] = "4";
    }
    if (s->sweep_index >= 0) {
        snprintf(numbers[6], 32, "%d", s->sweep_index);
        argv[n++] = "--point";
        argv[n++] = numbers[6];
    }
    argv[n++] = "--";
    argv[n++] = s->file;
    argv[n] = NULL;
    return argv;
}

pid_t gb_spawn(void (*child)(void *), void *arg)
{
    sigset_t all, old;
    pid_t pid;
    int saved;

    /* no handler of the driver's may run in the child: it would run on the driver's memory */
    sigfillset(&all);
    sigprocmask(SIG_SETMASK, &all, &old);
    pid = vfork();
    if (pid == 0) {
        struct sigaction dfl;

        memset(&dfl, 0, sizeof dfl);
        dfl.sa_handler = SIG_DFL;
        sigaction(SIGINT, &dfl, NULL);
        sigaction(SIGTERM, &dfl, NULL);
        sigaction(SIGPIPE, &dfl, NULL); /* the driver ignores it; a child gets the default */
        sigprocmask(SIG_SETMASK, &old, NULL);
        child(arg);
        _exit(127);
    }
    saved = errno;
    sigprocmask(SIG_SETMASK, &old, NULL);
    errno = saved;
    return pid;
}

typedef struct worker_child {
    char **argv;
    int res_w, err_w, cmd_r, src;
    const cpu_set_t *cpus;
    pid_t parent;
} worker_child;

static void worker_exec(void *arg)
{
    const worker_child *c = arg;
    int devnull = c->cmd_r >= 0 ? c->cmd_r : open("/dev/null", O_RDONLY);
    /* out of the way of the descriptors 0-4 about to be set */
    int src = c->src >= 0 ? fcntl(c->src, F_DUPFD, 10) : -1;

    if (c->cpus && sched_setaffinity(0, sizeof *c->cpus, c->cpus) != 0) {
        dprintf(c->err_w, "gilbench: cannot pin the worker to the CPUs asked: %s\n",
                strerror(errno));
        _exit(127);
    }
    setpgid(0, 0); /* its own group: Ctrl-C reaches the parent, a timeout kills them all */
    /* a driver that dies (a second Ctrl-C, SIGKILL) takes its worker along */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != c->parent)
        _exit(127);
    if (devnull >= 0)
        dup2(devnull, 0);
    dup2(c->err_w, 1);
    dup2(c->err_w, 2);
    if (c->res_w == RESULT_FD)
        fcntl(RESULT_FD, F_SETFD, 0);
    else
        dup2(c->res_w, RESULT_FD);
    if (src >= 0)
        dup2(src, SCENARIO_FD);
    execv(c->argv[0], c->argv);
    dprintf(2, "gilbench: cannot run %s: %s\n", c->argv[0], strerror(errno));
    _exit(127);
}

pid_t gb_worker_spawn(char **argv, int res_w, int err_w, int cmd_r, int src, const cpu_set_t *cpus)
{
    worker_child c = {argv, res_w, err_w, cmd_r, src, cpus, getpid()};

    return gb_spawn(worker_exec, &c);
}

/* The scenario's text in an anonymous file, at offset 0 (the worker reads it whole as its
 * descriptor 4), or -1 with errno. Memory, not a pipe: the text may be 16 MiB and nobody
 * has to feed it while the worker starts. */
int gb_scenario_memfd(json_t *source)
{
    const char *text = json_string_value(source);
    size_t len = json_string_length(source), done = 0;
    int fd = memfd_create("gilbench-scenario", MFD_CLOEXEC);

    if (fd < 0)
        return -1;
    while (done < len) {
        ssize_t n = write(fd, text + done, len - done);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            int saved = n < 0 ? errno : EIO;

            close(fd);
            errno = saved;
            return -1;
        }
        done += (size_t)n;
    }
    if (lseek(fd, 0, SEEK_SET) != 0) {
        int saved = errno;

        close(fd);
        errno = saved;
        return -1;
    }
    return fd;
}

/* The workers alive, for gb_reap_orphans: every other child of the driver is an orphan. */
static pid_t live_pids[4096];
static size_t nlive;

void gb_live_add(pid_t pid)
{
    if (nlive < sizeof live_pids / sizeof live_pids[0])
        live_pids[nlive++] = pid;
}

void gb_live_remove(pid_t pid)
{
    for (size_t i = 0; i < nlive; i++)
        if (live_pids[i] == pid) {
            live_pids[i] = live_pids[--nlive];
            return;
        }
}

/* Kill and reap the driver's children that are not live workers: processes a worker started
 * and left behind (a setsid child of setup), handed to the driver, its subreaper, when the
 * worker died. Found in /proc by their parent. */
void gb_reap_orphans(void)
{
    DIR *proc = opendir("/proc");
    struct dirent *e;
    pid_t self = getpid();

    if (!proc)
        return;
    while ((e = readdir(proc)) != NULL) {
        char path[64], buf[512], *close_paren;
        pid_t pid = (pid_t)atoi(e->d_name), ppid = 0;
        FILE *f;
        size_t n, i;

        if (pid <= 0)
            continue;
        snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
        if (!(f = fopen(path, "r")))
            continue;
        n = fread(buf, 1, sizeof buf - 1, f);
        fclose(f);
        buf[n] = '\0';
        /* "pid (comm) state ppid ...": comm may hold anything, the last ')' ends it */
        close_paren = strrchr(buf, ')');
        if (!close_paren || sscanf(close_paren + 1, " %*c %d", &ppid) != 1 || ppid != self)
            continue;
        for (i = 0; i < nlive && live_pids[i] != pid; i++)
            ;
        if (i < nlive)
            continue;
        kill(pid, SIGKILL);
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
            ;
    }
    closedir(proc);
}
