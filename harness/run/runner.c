/* runner.c - one worker process per scenario, watched from the parent (see runner.h).
 *
 * Owns: starting the worker (vfork, its command line and descriptors: spawn.c), reading its
 * result lines and stderr, the timeout, Ctrl-C (interrupt.c), and how the worker ended as
 * a status. It does not judge the measurements (stats.c) nor print them (output.c). */
#include "run/runner.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "run/counter.h"
#include "run/spawn.h"
#include "util/clock.h"
#include "util/cli.h"
#include "util/signals.h"
#include "measure/counts.h"
#include "measure/stats.h"

#define STDERR_KEEP 16384           /* bytes of the worker's stderr kept */
#define RESULT_LINE_MAX (64u << 20) /* the longest result line taken (a run and its events) */
#define STDERR_TAIL_LINES 12        /* lines of it put in the report */
#define STARTUP_ALLOWANCE 30.0      /* seconds for interpreter start-up and setup, on top */

typedef struct buffer {
    char *data;
    size_t len, cap;
    size_t scanned; /* bytes from the start known to hold no newline */
    int overlong;   /* a line passed RESULT_LINE_MAX: dropped up to its newline */
} buffer;

static int buffer_append(buffer *b, const char *p, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        char *d;

        while (b->len + n + 1 > cap)
            cap *= 2;
        d = realloc(b->data, cap);
        if (!d)
            return -1;
        b->data = d;
        b->cap = cap;
    }
    memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

/* Keep only the last STDERR_KEEP bytes. */
static void buffer_keep_tail(buffer *b)
{
    if (b->len > STDERR_KEEP) {
        size_t drop = b->len - STDERR_KEEP / 2;
        memmove(b->data, b->data + drop, b->len - drop + 1);
        b->len -= drop;
    }
}

typedef struct watch {
    const gb_runner_opts *o;
    const gb_scenario *s;
    gb_result *r;
    int got_end;
    int got_error;
    int forged; /* a line on the result channel that the worker cannot have sent */
    int runs_total;
    int runs_done;
    double run_time_sum;
    const gb_counter *counter; /* counted runs: how their counts come back; else NULL */
} watch;

/* A time or count the report may hold: an integer from 0 to GB_MAX_NS (report_read.c
 * refuses anything else). */
static int ns_ok(json_t *v)
{
    return json_is_integer(v) && json_integer_value(v) >= 0 && json_integer_value(v) <= GB_MAX_NS;
}

/* What is wrong with a run line, or NULL: the channel is the worker's descriptor 3, which the
 * scenario's code can write to as well; a line that would make a report its own reader
 * refuses is never taken. */
static const char *bad_run_line(const watch *w, json_t *msg)
{
    static const char *const keys[] = {"wall_ns", "user_ns", "sys_ns"};
    json_t *threads = json_object_get(msg, "threads"), *t, *ev = json_object_get(msg, "evidence");
    json_int_t evidence = json_integer_value(ev);
    size_t i;

    if (!json_is_integer(json_object_get(msg, "index")) ||
        json_integer_value(json_object_get(msg, "index")) != w->runs_done)
        return "a run out of order";
    if (w->runs_done >= w->runs_total)
        return "more runs than asked";
    for (i = 0; i < 3; i++)
        if (!ns_ok(json_object_get(msg, keys[i])))
            return "a time out of range";
    if (json_object_get(msg, "canary_ns") && !ns_ok(json_object_get(msg, "canary_ns")))
        return "a time out of range";
    if (ev && (!json_is_integer(ev) || evidence < 0 || evidence > 7 ||
               ((evidence & GB_EVIDENCE_GIL) && (evidence & GB_EVIDENCE_SAMPLED))))
        return "unknown evidence";
    if ((evidence & (GB_EVIDENCE_GIL | GB_EVIDENCE_SAMPLED)) &&
        !ns_ok(json_object_get(msg, "gil_switches")))
        return "a count out of range";
    if (!json_is_array(threads) || json_array_size(threads) != w->s->nthreads)
        return "not the scenario's threads";
    json_array_foreach(threads, i, t)
    {
        if (!json_is_array(t) || json_array_size(t) != GB_RUN_THREAD_FIELDS)
            return "a thread's times malformed";
        for (size_t k = 0; k < GB_RUN_THREAD_FIELDS; k++) {
            /* 0-5 always; 6-10, 12 and 14 with the evidence of the GIL; 11, 13 of the CPU;
             * 15, 16 sampled */
            int needed = k < 6 || ((evidence & GB_EVIDENCE_GIL) && k < 15 && k != 11 && k != 13) ||
                         ((evidence & GB_EVIDENCE_CPU) && (k == 11 || k == 13)) ||
                         ((evidence & GB_EVIDENCE_SAMPLED) && k >= 15);

            if (needed && !ns_ok(json_array_get(t, k)))
                return "a thread's time out of range";
        }
    }
    return gb_counter_run_problem(w->counter, msg, w->s->nthreads);
}

static int parse_run(watch *w, json_t *msg)
{
    json_t *threads = json_object_get(msg, "threads");
    gb_run run;

    memset(&run, 0, sizeof run);
    run.index = (int)json_integer_value(json_object_get(msg, "index"));
    run.warmup = json_is_true(json_object_get(msg, "warmup"));
    run.wall_ns = json_integer_value(json_object_get(msg, "wall_ns"));
    run.user_ns = json_integer_value(json_object_get(msg, "user_ns"));
    run.sys_ns = json_integer_value(json_object_get(msg, "sys_ns"));
    run.canary_ns = json_integer_value(json_object_get(msg, "canary_ns"));
    run.evidence = (unsigned)json_integer_value(json_object_get(msg, "evidence"));
    run.gil_switches = json_integer_value(json_object_get(msg, "gil_switches"));
    if (gb_run_read_threads(&run, threads) != 0)
        return -1;
    gb_run_read_events(&run, json_object_get(msg, "gil_events"));
    gb_counter_read_run(w->counter, msg, &run);
    gb_run_analyse(&run, w->o->ncpu);
    w->run_time_sum += (double)run.wall_ns * 1e-9;
    if (gb_result_add_run(w->r, &run) != 0) {
        gb_run_free_threads(&run);
        return -1;
    }
    w->runs_done++;
    if (w->o->progress) {
        double mean = w->run_time_sum / w->runs_done;
        gb_progress_run(w->o->progress, w->runs_done, w->runs_total, w->s->max_runs > w->s->runs,
                        mean * (w->runs_total - w->runs_done));
    }
    return 0;
}

/* Handle one complete line from the worker. */
static void handle_line(watch *w, char *line)
{
    json_error_t jerr;
    json_t *msg = json_loads(line, 0, &jerr);
    const char *type;

    if (!msg)
        return; /* not ours: ignore rather than guess */
    type = json_string_value(json_object_get(msg, "type"));
    if (!type) {
        /* nothing */
    } else if (strcmp(type, "run") == 0 && bad_run_line(w, msg)) {
        char why[256];

        if (!w->forged) {
            snprintf(why, sizeof why,
                     "an invalid line on the worker's result channel (%s): written by the "
                     "scenario's code?",
                     bad_run_line(w, msg));
            free(w->r->message);
            w->r->message = strdup(why);
        }
        w->forged = 1;
    } else if (strcmp(type, "run") == 0) {
        if (parse_run(w, msg) != 0) {
            free(w->r->message);
            w->r->message = strdup("out of memory");
            w->got_error = 1;
        }
    } else if (strcmp(type, "python") == 0) {
        json_decref(w->r->python);
        w->r->python = json_incref(json_object_get(msg, "info"));
    } else if (strcmp(type, "error") == 0) {
        const char *m = json_string_value(json_object_get(msg, "message"));
        free(w->r->message);
        w->r->message = strdup(m ? m : "the worker reported an error");
        w->got_error = 1;
    } else if (strcmp(type, "stop") == 0) {
        const char *why = json_string_value(json_object_get(msg, "reason"));
        free(w->r->stop_reason);
        w->r->stop_reason = strdup(why ? why : "runs");
    } else if (strcmp(type, "end") == 0) {
        w->got_end = 1;
    }
    json_decref(msg);
}

/* Handle the complete lines that arrived; the rest waits for its newline. Each byte is
 * searched for a newline once (b->scanned), whatever the chunks: a line of a gigabyte costs
 * its length, not its length squared; and a line longer than RESULT_LINE_MAX is dropped
 * (never a report's): the scenario is an error that says so. */
static void handle_results(watch *w, buffer *b)
{
    char *start = b->data, *nl;
    size_t rest;

    while ((nl = memchr(b->data + b->scanned, '\n', b->len - b->scanned)) != NULL) {
        *nl = '\0';
        if (!b->overlong)
            handle_line(w, start);
        b->overlong = 0;
        start = nl + 1;
        b->scanned = (size_t)(start - b->data);
    }
    rest = b->len - (size_t)(start - b->data);
    memmove(b->data, start, rest);
    b->len = b->scanned = rest;
    if (rest > RESULT_LINE_MAX) {
        if (!w->forged) {
            free(w->r->message);
            w->r->message = strdup("a line longer than 64 MiB on the worker's result channel: "
                                   "written by the scenario's code?");
        }
        w->forged = 1;
        b->overlong = 1;
        b->len = b->scanned = 0;
    }
    if (b->data)
        b->data[b->len] = '\0';
}

/* The "Fatal Python error: ..." line of the kept stderr, or NULL. */
static char *fatal_line(const buffer *b)
{
    const char *p = b->len ? strstr(b->data, "Fatal Python error") : NULL;

    if (!p)
        return NULL;
    return strndup(p, strcspn(p, "\r\n"));
}

static void finish_status(watch *w, int status, int timed_out, const buffer *err_buf)
{
    gb_result *r = w->r;
    char *fatal = fatal_line(err_buf);
    char msg[1024];

    r->stderr_tail = gb_runner_tail(err_buf->data, err_buf->len, STDERR_TAIL_LINES);
    r->exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r->term_signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    if (gb_runner_interrupted()) {
        r->status = GB_STATUS_INTERRUPTED;
        snprintf(msg, sizeof msg, "interrupted after %d of %d runs", w->runs_done, w->runs_total);
    } else if (timed_out && !r->python) {
        r->status = GB_STATUS_TIMEOUT;
        snprintf(msg, sizeof msg,
                 "setup took longer than %g s (the interpreter's start-up and setup may take "
                 "the timeout plus %g s); worker killed",
                 w->s->timeout + STARTUP_ALLOWANCE, STARTUP_ALLOWANCE);
    } else if (timed_out && r->stop_reason) {
        r->status = GB_STATUS_TIMEOUT;
        snprintf(msg, sizeof msg,
                 "all %d runs done, but the worker did not exit within %g s after them (a "
                 "thread or process that setup started still running?); worker killed",
                 w->runs_done, w->s->timeout);
    } else if (timed_out) {
        r->status = GB_STATUS_TIMEOUT;
        snprintf(msg, sizeof msg, "run %d took longer than %g s; worker killed", w->runs_done + 1,
                 w->s->timeout);
    } else if (w->forged) {
        r->status = GB_STATUS_ERROR;
        free(fatal);
        return; /* the message says which line */
    } else if (w->got_error && r->exit_status == GB_WORKER_EXIT_ERROR) {
        r->status = GB_STATUS_ERROR;
        free(fatal);
        return; /* message already set by the worker */
    } else if (r->term_signal) {
        r->status = GB_STATUS_CRASHED;
        const char *name = gb_signal_name(r->term_signal);
        char number[32];

        if (!name) {
            snprintf(number, sizeof number, "signal %d", r->term_signal);
            name = number;
        }
        snprintf(msg, sizeof msg, "killed by %s%s%s", name, fatal ? ": " : "", fatal ? fatal : "");
    } else if (r->exit_status != 0) {
        r->status = GB_STATUS_CRASHED;
        snprintf(msg, sizeof msg, "worker exited with status %d%s%s", r->exit_status,
                 fatal ? ": " : "", fatal ? fatal : "");
    } else if (!w->got_end || w->runs_done < w->s->runs + w->s->warmup) {
        r->status = GB_STATUS_CRASHED;
        snprintf(msg, sizeof msg, "worker ended after %d of %d runs without saying why",
                 w->runs_done, w->runs_total);
    } else {
        r->status = GB_STATUS_OK;
        free(fatal);
        return;
    }
    free(fatal);
    free(r->message);
    r->message = strdup(msg);
}

/* A running worker and what has been read from it so far. */
struct gb_worker {
    watch w;
    pid_t pid;
    int res, errfd, cmd; /* result and stderr pipes (read ends), command pipe or -1 */
    buffer res_buf, err_buf;
    double started, deadline;
    double grace; /* once the worker has exited: how long what it left behind may still write */
    int open_fds, timed_out, ended;
    int reaped, status;  /* the worker has exited (waitpid), and how */
    gb_counter *counter; /* counted runs: under callgrind or by perf; else NULL */
};

/* 1 once the worker process has exited (its status kept), without waiting. */
static int worker_exited(gb_worker *k)
{
    if (!k->reaped && waitpid(k->pid, &k->status, WNOHANG) == k->pid)
        k->reaped = 1;
    return k->reaped;
}

gb_worker *gb_worker_start(const gb_runner_opts *o, const gb_scenario *s, gb_result *r,
                           int interactive, gb_error *err)
{
    int res[2], errp[2], cmd[2] = {-1, -1}, src = -1;
    char n0[32], n1[32], n2[32], n3[32], n4[32], n5[32], n6[32];
    char *numbers[7] = {n0, n1, n2, n3, n4, n5, n6};
    char **argv;
    gb_worker *k;

    if (s->kind == GB_SCENARIO_COMMAND) {
        gb_error_set(err, s->file, 0, 0, NULL,
                     "a command scenario runs whole under hyperfine: it cannot be interleaved "
                     "(--interleave, --side); run it on its own");
        return NULL;
    }
    k = calloc(1, sizeof *k);
    gb_result_start(r, s);
    if (s->sweep && !r->sweep)
        r->sweep = json_incref(s->sweep);
    argv = k ? gb_worker_argv(o, s, numbers, interactive) : NULL;
    r->measure = o->measure;
    if (argv && o->measure != GB_MEASURE_WALL &&
        !(k->counter = gb_counter_start(o->measure, &argv, err))) {
        free(argv);
        free(k);
        return NULL;
    }
    if (argv && s->source && !o->foreign && (src = gb_scenario_memfd(s->source)) < 0) {
        gb_error_set(err, NULL, 0, 0, NULL, "cannot hand the scenario to a worker: %s",
                     strerror(errno));
        free(argv);
        gb_counter_free(k->counter);
        free(k);
        return NULL;
    }
    if (!argv || pipe2(res, O_CLOEXEC) != 0) {
        if (src >= 0)
            close(src);
        free(argv);
        gb_counter_free(k ? k->counter : NULL);
        free(k);
        gb_error_set(err, NULL, 0, 0, NULL, "cannot start a worker: %s", strerror(errno));
        return NULL;
    }
    if (pipe2(errp, O_CLOEXEC) != 0 || (interactive && pipe2(cmd, O_CLOEXEC) != 0)) {
        if (src >= 0)
            close(src);
        close(res[0]);
        close(res[1]);
        free(argv);
        gb_counter_free(k->counter);
        free(k);
        gb_error_set(err, NULL, 0, 0, NULL, "cannot start a worker: %s", strerror(errno));
        return NULL;
    }
    k->w.o = o;
    k->w.s = s;
    k->w.r = r;
    k->w.runs_total = s->max_runs + s->warmup;
    k->w.counter = k->counter;
    k->started = gb_now_s();
    fflush(NULL);
    k->pid = gb_worker_spawn(argv, res[1], errp[1], cmd[0], src, o->cpus);
    free(argv);
    if (src >= 0)
        close(src);
    close(res[1]);
    close(errp[1]);
    if (cmd[0] >= 0)
        close(cmd[0]);
    k->res = res[0];
    k->errfd = errp[0];
    k->cmd = cmd[1];
    k->open_fds = 2;
    if (k->pid < 0) {
        gb_error_set(err, NULL, 0, 0, NULL, "cannot start a worker: %s", strerror(errno));
        close(k->res);
        close(k->errfd);
        if (k->cmd >= 0)
            close(k->cmd);
        gb_counter_free(k->counter);
        free(k);
        return NULL;
    }
    setpgid(k->pid, k->pid);
    gb_live_add(k->pid);
    k->deadline = gb_now_s() + STARTUP_ALLOWANCE + s->timeout;
    return k;
}

/* Read what the worker says until it has sent one more run (want_run), or until it has
 * closed its output. Returns 1 when a run arrived, 0 when the worker is done. */
static int pump(gb_worker *k, int want_run)
{
    watch *w = &k->w;
    int before_runs = w->runs_done;

    while (k->open_fds > 0 && !k->ended) {
        struct pollfd fds[2] = {{k->res, POLLIN, 0}, {k->errfd, POLLIN, 0}};
        double left = k->deadline - gb_now_s();
        int prc;

        if (gb_runner_interrupted())
            break;
        if (left <= 0) {
            k->timed_out = !k->reaped;
            break;
        }
        /* a wake-up at least every 0.2 s: the worker may have exited while a process it
         * started keeps its pipes open (a fork in setup): then what is left is read and the
         * pipes are let go, rather than waiting for the timeout */
        prc = poll(fds, 2, left > 0.2 ? 200 : (int)(left * 1000) + 1);
        if (prc < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        if (!k->reaped && worker_exited(k))
            k->grace = gb_now_s() + 1.0;
        if (k->reaped && (prc == 0 || gb_now_s() > k->grace))
            break;
        for (int i = 0; i < 2; i++) {
            char chunk[8192];
            ssize_t n;

            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            n = read(fds[i].fd, chunk, sizeof chunk);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0) {
                if (i == 0)
                    close(k->res), k->res = -1;
                else
                    close(k->errfd), k->errfd = -1;
                k->open_fds--;
                continue;
            }
            if (i == 0) {
                int before = w->runs_done, was_ready = w->r->python != NULL;
                if (buffer_append(&k->res_buf, chunk, (size_t)n) == 0)
                    handle_results(w, &k->res_buf);
                /* the clock starts once the interpreter is up, and again at each run */
                if (w->runs_done != before || (!was_ready && w->r->python))
                    k->deadline = gb_now_s() + w->s->timeout;
            } else {
                /* a worker may print gigabytes: they are counted, only the tail is kept */
                k->w.r->output_bytes += n;
                if (buffer_append(&k->err_buf, chunk, (size_t)n) == 0)
                    buffer_keep_tail(&k->err_buf);
            }
        }
        if (want_run && w->runs_done > before_runs)
            return 1;
    }
    k->ended = 1;
    return 0;
}

int gb_worker_step(gb_worker *k)
{
    static const char line[] = "run\n";

    if (k->ended || k->cmd < 0)
        return 0;
    if (write(k->cmd, line, sizeof line - 1) != (ssize_t)(sizeof line - 1)) {
        pump(k, 0); /* it went away: collect why */
        return 0;
    }
    k->deadline = gb_now_s() + k->w.s->timeout + (k->w.r->python ? 0 : STARTUP_ALLOWANCE);
    return pump(k, 1);
}

int gb_worker_finish(gb_worker *k)
{
    int status = 0;
    gb_result *r = k->w.r;

    if (k->cmd >= 0) {
        close(k->cmd); /* end of commands: the worker finishes and exits */
        k->cmd = -1;
        k->deadline = gb_now_s() + k->w.s->timeout + STARTUP_ALLOWANCE;
    }
    k->ended = 0;
    if (!gb_runner_interrupted() && !k->timed_out)
        pump(k, 0);
    /* the pipes are closed (or let go): the worker gets what is left of its deadline to
     * exit, and is killed then, or at once on Ctrl-C; a worker that closed its pipes and
     * hangs is a timeout, not a wait without end */
    while (!worker_exited(k)) {
        struct timespec nap = {0, 10000000};

        if (gb_runner_interrupted() || k->timed_out || gb_now_s() >= k->deadline) {
            k->timed_out = k->timed_out || !gb_runner_interrupted();
            kill(-k->pid, SIGKILL);
            while (waitpid(k->pid, &k->status, 0) < 0 && errno == EINTR)
                ;
            k->reaped = 1;
            break;
        }
        nanosleep(&nap, NULL);
    }
    status = k->status;
    /* what the worker started and left behind in its group (a child forked by setup) goes
     * with it, and so does what left the group (setsid) */
    kill(-k->pid, SIGKILL);
    gb_live_remove(k->pid);
    gb_reap_orphans();
    if (k->res >= 0)
        close(k->res);
    if (k->errfd >= 0)
        close(k->errfd);
    gb_progress_clear(k->w.o->progress);
    r->elapsed_s = gb_now_s() - k->started;
    finish_status(&k->w, status, k->timed_out, &k->err_buf);
    gb_counter_finish(k->counter, r);
    gb_result_summarise(r);
    gb_counts_summarise(r);
    free(k->res_buf.data);
    free(k->err_buf.data);
    free(k);
    return 0;
}

int gb_runner_run(const gb_runner_opts *o, const gb_scenario *s, gb_result *r, gb_error *err)
{
    gb_worker *k = gb_worker_start(o, s, r, 0, err);

    if (!k)
        return -1;
    pump(k, 0);
    return gb_worker_finish(k);
}
