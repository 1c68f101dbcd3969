/* py_gil_watch.c - the GIL seen from inside: exact waits, holds and switches, and each
 * thread's wait for a CPU; where the waits cannot be seen, the GIL's holder for a sampler.
 *
 * A thread that wants a busy GIL waits on the GIL's condition variable (take_gil() in
 * CPython's Python/ceval_gil.[ch]); a thread that takes or drops the GIL unlocks the
 * GIL's mutex with `locked` set to 1 or 0. The executable defines pthread_cond_wait,
 * pthread_cond_timedwait and pthread_mutex_unlock, exported (CMakeLists.txt), so the
 * dynamic linker binds libpython's calls to them (a static libpython binds at link time);
 * each forwards to the C library's function and, when its argument is the GIL's, counts
 * in the calling thread's counters. No LD_PRELOAD, no root. Where the calls cannot be seen
 * (another interposer bound them first) or GILBENCH_GIL_WATCH=sample asks, the method is
 * "sampled": nothing is counted here, and py_gil_sample.c reads the holder at a fixed rate.
 * What the counts mean for a verdict is evidence.c's business; where they go, the
 * executor's. This is the one file that reads CPython's internal structures. */
#define Py_BUILD_CORE 1
#include <Python.h>

#include "worker/py_gil_watch.h"
#include "measure/result.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* The GIL's structure, from the interpreter's own headers, chosen at compile time. */
#if defined(Py_GIL_DISABLED)
#define GB_NO_GIL "none: a free-threaded build has no GIL"
#elif PY_VERSION_HEX >= 0x030D0000
#include <internal/pycore_interp.h>
#define GB_GIL_PATH "interp->ceval.gil (3.13+)"
#define GB_LOCKED(g) _Py_atomic_load_int_relaxed(&(g)->locked)
#elif PY_VERSION_HEX >= 0x030C0000
#include <internal/pycore_interp.h>
#define GB_GIL_PATH "interp->ceval.gil (3.12)"
#define GB_LOCKED(g) _Py_atomic_load_relaxed(&(g)->locked)
#elif PY_VERSION_HEX >= 0x03080000
#include <internal/pycore_runtime.h>
#define GB_GIL_PATH "_PyRuntime.ceval.gil (3.8-3.11)"
#define GB_LOCKED(g) _Py_atomic_load_relaxed(&(g)->locked)
#else
#define GB_NO_GIL "none: Python before 3.8 is not read"
#endif

typedef int (*timedwait_fn)(pthread_cond_t *, pthread_mutex_t *, const struct timespec *);
typedef int (*wait_fn)(pthread_cond_t *, pthread_mutex_t *);
typedef int (*unlock_fn)(pthread_mutex_t *);

static timedwait_fn real_timedwait;
static wait_fn real_wait;
static unlock_fn real_unlock;

#ifndef GB_NO_GIL
/* Set once, before any thread of a scenario exists; read by every interposed call. */
static struct _gil_runtime_state *_Atomic watched;
/* The GIL found, whether its calls are watched or sampled: its switches, its holder, and
 * the threads' waits for a CPU. */
static struct _gil_runtime_state *_Atomic found;
/* When the GIL was last dropped (CLOCK_MONOTONIC ns): written and read under its mutex. */
static int64_t gil_free_since;
#endif
static const char *method = "none: not started";

/* One per thread, zero when the thread is born. */
typedef struct gil_tls {
    gb_gil_counters c;
    int64_t episode_at;       /* an episode in progress began here; 0 when none */
    unsigned long holder_tid; /* the thread that held the GIL when it began */
    int64_t holder_delay0;    /* that thread's wait for a CPU then, -1 unknown */
    int64_t hold_since;       /* holding since; 0 when not holding */
    int64_t hold_cpu_since;   /* the thread's CPU time then */
    int logging;              /* in a run: from gb_gil_watch_log_reset() to gb_gil_watch_log() */
    int blocked;              /* inside a call that blocks (py_gil_blocked.c) */
} gil_tls;

static _Thread_local gil_tls self;
static _Thread_local gb_gil_mark marks[GB_GIL_LOG_MAX];
static _Thread_local size_t nmarks;

/* The calling thread's CPU time (a system call, not the vDSO: only at takes and drops). */
static int64_t cpu_now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int64_t now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* The schedstat files this thread reads, kept open: a look is one pread(), not an open(),
 * a read() and a close() (three system calls, most of what watching cost an empty run).
 * Descriptors + 1, 0 when not open; closed when the thread exits (stat_key) and, in the
 * child of a fork, forgotten (they are the parent's threads). */
#define GB_STAT_OTHERS 4

typedef struct stat_fds {
    int own; /* /proc/thread-self/schedstat */
    struct {
        unsigned long tid;
        int fd;
    } other[GB_STAT_OTHERS]; /* /proc/self/task/TID/schedstat of the GIL's last holders */
    unsigned next;           /* the slot replaced next */
} stat_fds;

static _Thread_local stat_fds fds;
static pthread_key_t stat_key;
static pthread_once_t stat_once = PTHREAD_ONCE_INIT;

static void stat_close(void *unused)
{
    (void)unused;
    if (fds.own)
        close(fds.own - 1);
    for (int i = 0; i < GB_STAT_OTHERS; i++)
        if (fds.other[i].fd)
            close(fds.other[i].fd - 1);
    memset(&fds, 0, sizeof fds);
}

static void stat_key_create(void)
{
    if (pthread_key_create(&stat_key, stat_close) != 0)
        stat_key = (pthread_key_t)-1;
}

static void stat_forget(void)
{
    memset(&fds, 0, sizeof fds);
}

/* An open descriptor of tid's schedstat (0: this thread's own), or -1. */
static int stat_fd(unsigned long tid, int reopen)
{
    int *slot = &fds.own;
    char path[64];
    int fd;

    if (tid) {
        int i = 0;

        while (i < GB_STAT_OTHERS && !(fds.other[i].fd && fds.other[i].tid == tid))
            i++;
        if (i == GB_STAT_OTHERS) {
            i = (int)(fds.next++ % GB_STAT_OTHERS);
            reopen = 1;
        }
        slot = &fds.other[i].fd;
        fds.other[i].tid = tid;
    }
    if (*slot && !reopen)
        return *slot - 1;
    if (*slot)
        close(*slot - 1);
    *slot = 0;
    if (tid)
        snprintf(path, sizeof path, "/proc/self/task/%lu/schedstat", tid);
    else
        snprintf(path, sizeof path, "/proc/thread-self/schedstat");
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    pthread_once(&stat_once, stat_key_create);
    if (stat_key != (pthread_key_t)-1)
        pthread_setspecific(stat_key, &fds);
    *slot = fd + 1;
    return fd;
}

/* A thread's time waiting for a CPU so far (schedstat's second field), -1 when unknown.
 * Plain system calls: this runs inside the interposed functions (read() itself is one:
 * py_gil_blocked.c). A holder that has exited (its number since reused) fails the read:
 * opened again, once. */
static int64_t run_delay_of(unsigned long tid)
{
    char buf[128];
    long long on_cpu, delay;
    ssize_t n = -1;

    for (int attempt = 0; attempt < 2 && n <= 0; attempt++) {
        int fd = stat_fd(tid, attempt);

        if (fd < 0)
            return -1;
        n = (ssize_t)syscall(SYS_pread64, fd, buf, sizeof buf - 1, (off_t)0);
    }
    if (n <= 0)
        return -1;
    buf[n] = '\0';
    return sscanf(buf, "%lld %lld", &on_cpu, &delay) == 2 ? (int64_t)delay : -1;
}

/* A change of state. One that lasted under a microsecond (a sleep's return just before
 * the GIL is taken) is drawn nowhere: the next state takes its place. */
static void mark(int64_t at, int state)
{
    if (nmarks && at - marks[nmarks - 1].at_ns < 1000) {
        marks[nmarks - 1].state = state;
        if (nmarks >= 2 && marks[nmarks - 2].state == state)
            nmarks--;
        return;
    }
    if (nmarks && marks[nmarks - 1].state == state)
        return;
    if (nmarks < GB_GIL_LOG_MAX)
        marks[nmarks++] = (gb_gil_mark){at, state};
}

static void *next_symbol(const char *name, const char *version)
{
    void *p = dlvsym(RTLD_NEXT, name, version);

    return p ? p : dlsym(RTLD_NEXT, name);
}

/* Before main and before any other library's constructors use them: a lazy lookup inside
 * a wait would race with the other threads' first waits. */
__attribute__((constructor)) static void resolve(void)
{
    if (!real_timedwait)
        real_timedwait = (timedwait_fn)next_symbol("pthread_cond_timedwait", "GLIBC_2.3.2");
    if (!real_wait)
        real_wait = (wait_fn)next_symbol("pthread_cond_wait", "GLIBC_2.3.2");
    if (!real_unlock)
        real_unlock = (unlock_fn)next_symbol("pthread_mutex_unlock", "GLIBC_2.2.5");
}

#ifndef GB_NO_GIL
/* After a wait on the GIL's condition returned: the caller holds the GIL's mutex again.
 * If the GIL is free now, take_gil() takes it: the episode ends, and the wait counts up to
 * the moment the GIL was dropped; what came after (the woken thread waiting to be
 * scheduled) is the CPU's, seen in run_delay. */
static void wait_returned(struct _gil_runtime_state *gil)
{
    int64_t end, t;

    if (GB_LOCKED(gil) != 0 || !self.episode_at)
        return;
    t = now_ns();
    end = gil_free_since > self.episode_at && gil_free_since < t ? gil_free_since : t;
    self.c.wait_ns += end - self.episode_at;
    if (self.holder_delay0 >= 0) {
        int64_t d = run_delay_of(self.holder_tid) - self.holder_delay0;

        /* the holder's wait for a CPU while this one waited for the GIL: the machine's */
        if (d > 0)
            self.c.holder_delay_ns += d < end - self.episode_at ? d : end - self.episode_at;
    }
    self.c.waits++;
    self.c.last_wait_at_ns = self.episode_at;
    self.c.last_wait_ns = end - self.episode_at;
    self.episode_at = 0;
    if (end < t)
        mark(end, GB_GIL_WOKEN);
}

static struct _gil_runtime_state *gil_of(pthread_cond_t *cond)
{
    struct _gil_runtime_state *gil = atomic_load_explicit(&watched, memory_order_relaxed);

    return gil && cond == &gil->cond ? gil : NULL;
}

/* A wait on the GIL's condition is about to begin (its mutex held, the GIL busy). */
static void episode_begins(struct _gil_runtime_state *gil)
{
    PyThreadState *holder;

    if (self.episode_at)
        return;
    self.episode_at = now_ns();
    mark(self.episode_at, GB_GIL_WAITING);
#if PY_VERSION_HEX >= 0x030D0000
    holder = gil->last_holder;
#else
    holder = (PyThreadState *)_Py_atomic_load_relaxed(&gil->last_holder);
#endif
    self.holder_tid = holder ? holder->native_thread_id : 0;
    self.holder_delay0 = self.holder_tid ? run_delay_of(self.holder_tid) : -1;
}

/* drop_gil() on request waits until a waiting thread has taken the GIL (FORCE_SWITCHING):
 * the hand-over, time the dropping thread is blocked by the GIL too. */
static int is_switch_cond(pthread_cond_t *cond)
{
#ifdef FORCE_SWITCHING
    struct _gil_runtime_state *gil = atomic_load_explicit(&watched, memory_order_relaxed);

    return gil && cond == &gil->switch_cond;
#else
    (void)cond;
    return 0;
#endif
}
#endif

/* ---- the interposed functions ----------------------------------------------------- */

__attribute__((visibility("default"))) int
pthread_cond_timedwait(pthread_cond_t *cond, pthread_mutex_t *mutex, const struct timespec *abstime)
{
    int rc;
#ifndef GB_NO_GIL
    struct _gil_runtime_state *gil = gil_of(cond);

    if (gil)
        episode_begins(gil);
#endif
    if (!real_timedwait)
        resolve();
    rc = real_timedwait(cond, mutex, abstime);
#ifndef GB_NO_GIL
    if (gil)
        wait_returned(gil);
#endif
    return rc;
}

__attribute__((visibility("default"))) int pthread_cond_wait(pthread_cond_t *cond,
                                                             pthread_mutex_t *mutex)
{
    int rc;
#ifndef GB_NO_GIL
    struct _gil_runtime_state *gil = gil_of(cond);
    int64_t handover = !gil && is_switch_cond(cond) ? now_ns() : 0;

    if (handover)
        mark(handover, GB_GIL_WAITING);

    if (gil)
        episode_begins(gil);
#endif
    if (!real_wait)
        resolve();
    rc = real_wait(cond, mutex);
#ifndef GB_NO_GIL
    if (gil)
        wait_returned(gil);
    if (handover) {
        int64_t t = now_ns();

        self.c.wait_ns += t - handover;
        mark(t, GB_GIL_RELEASED);
    }
#endif
    return rc;
}

/* take_gil() unlocks the mutex with locked = 1 (this thread holds the GIL), drop_gil()
 * with locked = 0 (it dropped it); both still hold the mutex here. */
__attribute__((visibility("default"))) int pthread_mutex_unlock(pthread_mutex_t *mutex)
{
#ifndef GB_NO_GIL
    struct _gil_runtime_state *gil = atomic_load_explicit(&watched, memory_order_relaxed);

    if (gil && mutex == &gil->mutex) {
        int64_t t = now_ns();

        if (GB_LOCKED(gil) == 1) {
            if (!self.hold_since) {
                self.hold_since = t;
                self.c.last_take_ns = t;
                self.hold_cpu_since = cpu_now_ns();
                mark(t, GB_GIL_HELD);
            }
        } else {
            if (self.hold_since) {
                self.c.held_ns += t - self.hold_since;
                self.c.held_cpu_ns += cpu_now_ns() - self.hold_cpu_since;
            }
            self.hold_since = 0;
            gil_free_since = t;
            mark(t, GB_GIL_RELEASED);
        }
    }
#endif
    if (!real_unlock)
        resolve();
    return real_unlock(mutex);
}

/* ---- the API ---------------------------------------------------------------------- */

int gb_gil_watch_start(void)
{
#ifdef GB_NO_GIL
    method = GB_NO_GIL;
    return 0;
#else
    struct _gil_runtime_state *gil;
    void *bound = dlsym(RTLD_DEFAULT, "pthread_cond_timedwait");
    const char *env = getenv("GILBENCH_GIL_WATCH"), *why = NULL;

    if (env && strcmp(env, "off") == 0) { /* ci/bench-harness: what watching costs */
        method = "none: turned off (GILBENCH_GIL_WATCH=off)";
        return 0;
    }

#if PY_VERSION_HEX >= 0x030C0000
    gil = PyInterpreterState_Get()->ceval.gil;
#else
    gil = &_PyRuntime.ceval.gil;
#endif
    if (!real_timedwait || !real_wait || !real_unlock)
        why = GB_GIL_SAMPLED ": the C library's wait functions were not found";
    /* a libpython that binds elsewhere (another interposer first) would not be seen */
    else if (bound && bound != (void *)pthread_cond_timedwait)
        why = GB_GIL_SAMPLED ": pthread_cond_timedwait is bound elsewhere";
    else if (env && strcmp(env, "sample") == 0) /* tests, and users who want to see it */
        why = GB_GIL_SAMPLED ": asked (GILBENCH_GIL_WATCH=sample)";
    pthread_atfork(NULL, NULL, stat_forget);
    atomic_store(&found, gil);
    if (why) {
        method = why;
        return 1;
    }
    atomic_store(&watched, gil);
    method = "interposed";
    return 1;
#endif
}

void gb_gil_watch_stop(void)
{
#ifndef GB_NO_GIL
    atomic_store(&watched, NULL);
    atomic_store(&found, NULL);
#endif
}

int gb_gil_watch_sampled(void)
{
    return strncmp(method, GB_GIL_SAMPLED, strlen(GB_GIL_SAMPLED)) == 0;
}

uintptr_t gb_gil_watch_holder(void)
{
#ifdef GB_NO_GIL
    return 0;
#else
    struct _gil_runtime_state *gil = atomic_load_explicit(&found, memory_order_relaxed);

    if (!gil || GB_LOCKED(gil) != 1)
        return 0;
#if PY_VERSION_HEX >= 0x030D0000
    return (uintptr_t)__atomic_load_n(&gil->last_holder, __ATOMIC_RELAXED);
#else
    return (uintptr_t)_Py_atomic_load_relaxed(&gil->last_holder);
#endif
#endif
}

uintptr_t gb_gil_watch_tstate(void)
{
    return (uintptr_t)PyThreadState_Get();
}

const char *gb_gil_watch_method(void)
{
    return method;
}

const char *gb_gil_watch_path(void)
{
#ifdef GB_NO_GIL
    return "none";
#else
    return GB_GIL_PATH;
#endif
}

void gb_gil_watch_read(gb_gil_counters *out)
{
    *out = self.c;
    if (self.hold_since) {
        out->held_ns += now_ns() - self.hold_since;
        out->held_cpu_ns += cpu_now_ns() - self.hold_cpu_since;
    }
}

void gb_gil_watch_holding(void)
{
#ifndef GB_NO_GIL
    if (!atomic_load_explicit(&watched, memory_order_relaxed))
        return; /* not counting: no holds, no states */
#endif
    if (!self.hold_since) {
        self.hold_since = now_ns();
        self.hold_cpu_since = cpu_now_ns();
        mark(self.hold_since, GB_GIL_HELD);
    }
}

void gb_gil_watch_log_reset(void)
{
    nmarks = 0;
    self.logging = 1;
}

const gb_gil_mark *gb_gil_watch_log(size_t *n)
{
    self.logging = 0;
    *n = nmarks;
    return marks;
}

int gb_gil_watch_blocking(int begins, int marked)
{
#ifndef GB_NO_GIL
    if (begins) {
        /* holding the GIL (or waiting for it) says more than being blocked */
        if (!self.logging || self.blocked || self.hold_since || self.episode_at ||
            !atomic_load_explicit(&watched, memory_order_relaxed))
            return 0;
        self.blocked = 1;
        mark(now_ns(), GB_GIL_BLOCKED);
        return 1;
    }
    if (marked) {
        self.blocked = 0;
        mark(now_ns(), GB_GIL_RELEASED);
    }
#else
    (void)begins, (void)marked;
#endif
    return 0;
}

int64_t gb_gil_switches(void)
{
#ifdef GB_NO_GIL
    return -1;
#else
    struct _gil_runtime_state *gil = atomic_load_explicit(&found, memory_order_relaxed);

    return gil ? (int64_t)gil->switch_number : -1;
#endif
}

int64_t gb_thread_run_delay_ns(void)
{
#ifndef GB_NO_GIL
    if (!atomic_load_explicit(&found, memory_order_relaxed))
        return -1; /* not watching: not even the CPU */
#endif
    return run_delay_of(0);
}
