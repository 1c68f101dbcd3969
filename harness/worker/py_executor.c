/* py_executor.c - the threads of a scenario, their clock reads and the canary after a run.
 * Two engines share one slot per thread and one function that calls the work:
 *  - native: a pool of C threads, created once per scenario, each with its own Python
 *    thread state. Starting a thread posts its semaphore; "sequential" then waits, with
 *    the GIL released, until the thread holds the GIL, and takes the GIL back: exactly
 *    what threading.Thread.start() does, at a fraction of the cost.
 *  - threading: Python's threading.Thread, as in the seed's code.
 * What the threads run (and the clock reads inside the workloads) is not owned here:
 * see ext/gilbench_probe.h; in a counted run, the window around a call and each thread's
 * count are py_count.c's (ext/gilbench_count.h, run/counter.h). The interpreter and the
 * protocol belong to py_worker.c. */
#include "worker/py_executor.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "gilbench_fib.h"
#include "gilbench_probe.h"
#include "util/clock.h"
#include "worker/py_count.h"
#include "worker/py_gil_record.h"
#include "worker/py_gil_sample.h"

typedef struct gb_slot {
    gb_executor *engine;
    size_t index;
    const gb_thread_spec *spec;
    PyObject *callable; /* CALL / WORKLOAD */
    PyObject *args;     /* tuple */
    PyObject *kwargs;   /* dict or NULL */
    PyObject *code;     /* PYTHON */
    PyObject *method;   /* threading engine: the target, a builtin bound to this slot */

    /* native pool */
    pthread_t thread;
    int thread_started;
    sem_t go, started, done, ready;
    volatile int quit;
    volatile int canary; /* the next "go" times the canary loop instead of the work */
    int64_t canary_ns;

    /* one run: absolute CLOCK_MONOTONIC nanoseconds */
    int64_t start_abs, started_abs, enter_abs, done_abs, return_abs, cpu_ns;
    int64_t count;     /* counted by perf: the work's count; -1 when it failed */
    gb_gil_record gil; /* what it waited for, held, and when (py_gil_record.h) */
    char error[512];   /* "" or the exception of this run */
} gb_slot;

struct gb_executor {
    const gb_scenario *scenario;
    PyObject *globals;
    gb_slot *slots;
    size_t nslots;
    size_t ncpu;                       /* the CPUs the worker may run on */
    size_t canary_next;                /* the slot that times the canary first after the next run */
    int64_t since_canary, last_canary; /* measured wall since the last canary, its time */
    int pool_ready;
    gb_gil_starter starter;    /* the starting thread's waits, charged to the thread it starts */
    int count;                 /* counted runs: GB_COUNT_CALLGRIND or GB_COUNT_PERF (py_count.h) */
    const gb_perf_event *perf; /* GB_COUNT_PERF: the event each thread counts */
    int run_index;             /* the run under way, for the dumps' names */

    /* threading engine in barrier mode: threads wait here until released */
    pthread_mutex_t barrier_lock;
    pthread_cond_t barrier_cond;
    sem_t barrier_arrived;
    unsigned long barrier_generation;
};

/* The one place where work is called. GIL held. Nothing but the call between the two
 * clock reads that bracket it; the workload's own reads (the probe) are finer. Counted: the
 * window is the probe's for a workload, else around the call (py_count.h). */
static void slot_invoke(gb_slot *s)
{
    PyObject *res = NULL;
    int64_t cpu0, call_ns, ret_ns;
    gb_count_window w;
    char cerr[256] = "";

    s->error[0] = '\0';
    gb_probe_current.recorded = 0;
    if (gb_count_prepare(&w, s->engine->count, s->engine->perf, s->spec->kind == GB_THREAD_WORKLOAD,
                         cerr, sizeof cerr) != 0) {
        snprintf(s->error, sizeof s->error, "%s: %s", s->spec->label, cerr);
        s->count = -1;
        return;
    }
    gb_gil_record_call(&s->gil);
    cpu0 = gb_thread_cpu_ns();
    call_ns = gb_clock_ns();
    gb_count_open(&w);
    if (s->code)
        res = PyEval_EvalCode(s->code, s->engine->globals, s->engine->globals);
    else
        res = PyObject_Call(s->callable, s->args, s->kwargs);
    gb_count_close(&w);
    ret_ns = gb_clock_ns();
    s->count = gb_count_finish(&w, s->engine->run_index, s->index, cerr, sizeof cerr);
    s->cpu_ns = gb_thread_cpu_ns() - cpu0;
    gb_gil_record_return(&s->gil);
    if (gb_probe_current.recorded) {
        s->enter_abs = gb_probe_current.enter_ns;
        s->done_abs = gb_probe_current.done_ns;
    } else {
        s->enter_abs = call_ns;
        s->done_abs = ret_ns;
    }
    s->return_abs = ret_ns;
    if (res) {
        Py_DECREF(res);
        if (s->count < 0)
            snprintf(s->error, sizeof s->error, "%s: %s", s->spec->label, cerr);
    } else {
        char line[480];

        gb_py_exception_line(line, sizeof line);
        if (s->spec->kind == GB_THREAD_CALL) /* "t1 (calling mod:f): TypeError: ..." */
            snprintf(s->error, sizeof s->error, "%s (calling %s): %s", s->spec->label,
                     s->spec->call, line);
        else
            snprintf(s->error, sizeof s->error, "%s: %s", s->spec->label, line);
    }
}

/* ---- native engine: a pool of C threads -------------------------------------------- */

static void sem_wait_all(sem_t *sem)
{
    while (sem_wait(sem) != 0 && errno == EINTR)
        ;
}

static void *pool_main(void *arg)
{
    gb_slot *s = arg;
    PyGILState_STATE gstate = PyGILState_Ensure();
    PyThreadState *ts = PyEval_SaveThread();

    sem_post(&s->ready);
    for (;;) {
        sem_wait_all(&s->go);
        if (s->quit)
            break;
        if (s->canary) {
            /* on this thread's CPU, without the GIL: how fast is the machine here now? */
            s->canary_ns = gb_canary_ns();
            s->canary = 0;
            sem_post(&s->done);
            continue;
        }
        gb_gil_record_go(&s->gil);
        PyEval_RestoreThread(ts);
        /* the thread holds the GIL: this is when threading.Thread.start() returns */
        sem_post(&s->started);
        slot_invoke(s);
        ts = PyEval_SaveThread();
        sem_post(&s->done);
    }
    PyEval_RestoreThread(ts);
    PyGILState_Release(gstate);
    return NULL;
}

static int pool_start(gb_executor *e, gb_error *err)
{
    int rc = 0;

    for (size_t i = 0; i < e->nslots; i++) {
        gb_slot *s = &e->slots[i];

        if (sem_init(&s->go, 0, 0) || sem_init(&s->started, 0, 0) || sem_init(&s->done, 0, 0) ||
            sem_init(&s->ready, 0, 0)) {
            gb_error_set(err, NULL, 0, 0, NULL, "sem_init: %s", strerror(errno));
            return -1;
        }
    }
    Py_BEGIN_ALLOW_THREADS
    for (size_t i = 0; i < e->nslots; i++) {
        gb_slot *s = &e->slots[i];
        int prc = pthread_create(&s->thread, NULL, pool_main, s);

        if (prc != 0) {
            gb_error_set(err, NULL, 0, 0, NULL, "cannot create thread %zu: %s", i + 1,
                         strerror(prc));
            rc = -1;
            break;
        }
        s->thread_started = 1;
        sem_wait_all(&s->ready);
    }
    Py_END_ALLOW_THREADS
    e->pool_ready = 1;
    return rc;
}

static void pool_stop(gb_executor *e)
{
    if (!e->pool_ready)
        return;
    Py_BEGIN_ALLOW_THREADS
    for (size_t i = 0; i < e->nslots; i++) {
        gb_slot *s = &e->slots[i];

        if (!s->thread_started)
            continue;
        s->quit = 1;
        sem_post(&s->go);
        pthread_join(s->thread, NULL);
        s->thread_started = 0;
    }
    Py_END_ALLOW_THREADS
    for (size_t i = 0; i < e->nslots; i++) {
        gb_slot *s = &e->slots[i];

        sem_destroy(&s->go);
        sem_destroy(&s->started);
        sem_destroy(&s->done);
        sem_destroy(&s->ready);
    }
    e->pool_ready = 0;
}

/* Returns the absolute time the run started; fills end_abs. */
static int64_t native_run(gb_executor *e, int64_t *end_abs)
{
    int64_t t0 = 0, t1 = 0;
    size_t n = e->nslots;

    if (e->scenario->start == GB_START_BARRIER) {
        Py_BEGIN_ALLOW_THREADS
        t0 = gb_clock_ns();
        for (size_t i = 0; i < n; i++) {
            e->slots[i].start_abs = e->slots[i].started_abs = t0;
            sem_post(&e->slots[i].go);
        }
        for (size_t i = 0; i < n; i++)
            sem_wait_all(&e->slots[i].done);
        t1 = gb_clock_ns();
        for (size_t i = 0; i < n; i++)
            sem_wait_all(&e->slots[i].started);
        Py_END_ALLOW_THREADS
    } else {
        for (size_t i = 0; i < n; i++) {
            gb_slot *s = &e->slots[i];

            gb_gil_record_started_by(&s->gil, &e->starter, i);
            s->start_abs = gb_clock_ns();
            if (i == 0)
                t0 = s->start_abs;
            sem_post(&s->go);
            /* like Thread.start(): wait until the thread runs, then take the GIL back */
            Py_BEGIN_ALLOW_THREADS
            sem_wait_all(&s->started);
            Py_END_ALLOW_THREADS
            s->started_abs = gb_clock_ns();
        }
        Py_BEGIN_ALLOW_THREADS
        for (size_t i = 0; i < n; i++)
            sem_wait_all(&e->slots[i].done);
        t1 = gb_clock_ns();
        Py_END_ALLOW_THREADS
    }
    *end_abs = t1;
    return t0;
}

/* The canary after a run whose walls since the last one add up to its time (0: not timed;
 * a 0.1 ms run does not pay a 0.3 ms loop each time): a pool thread a CPU times it on its
 * CPU, taking turns from run to run; the slowest counts. (docs/report.md) */
static int64_t canary(gb_executor *e, int64_t wall)
{
    size_t k = e->nslots < e->ncpu ? e->nslots : e->ncpu;
    int64_t slowest = 0;

    if ((e->since_canary += wall) < e->last_canary)
        return 0;
    if (e->scenario->engine != GB_ENGINE_NATIVE)
        k = 0, slowest = gb_canary_ns(); /* threading: on the main thread */
    Py_BEGIN_ALLOW_THREADS
    for (size_t j = 0; j < k; j++) {
        gb_slot *s = &e->slots[(e->canary_next + j) % e->nslots];

        s->canary = 1;
        sem_post(&s->go);
        sem_wait_all(&s->done);
        if (s->canary_ns > slowest)
            slowest = s->canary_ns;
    }
    Py_END_ALLOW_THREADS
    e->canary_next = k ? (e->canary_next + k) % e->nslots : 0;
    e->since_canary = 0;
    return e->last_canary = slowest;
}

/* ---- threading engine: Python's threading.Thread ------------------------------------- */

static PyObject *slot_target(PyObject *self, PyObject *unused)
{
    gb_slot *s = PyCapsule_GetPointer(self, "gilbench.slot");
    gb_executor *e;

    (void)unused;
    if (!s)
        return NULL;
    e = s->engine;
    gb_gil_record_born(&s->gil);
    if (e->scenario->start == GB_START_BARRIER) {
        unsigned long gen;

        Py_BEGIN_ALLOW_THREADS
        pthread_mutex_lock(&e->barrier_lock);
        gen = e->barrier_generation;
        sem_post(&e->barrier_arrived);
        while (e->barrier_generation == gen)
            pthread_cond_wait(&e->barrier_cond, &e->barrier_lock);
        pthread_mutex_unlock(&e->barrier_lock);
        Py_END_ALLOW_THREADS
    }
    slot_invoke(s);
    Py_RETURN_NONE;
}

static PyMethodDef slot_target_def = {"gilbench_thread", slot_target, METH_NOARGS,
                                      "Run one thread of a gilbench scenario."};

static int threading_run(gb_executor *e, int64_t *t0_out, int64_t *end_abs, gb_error *err)
{
    PyObject *threading = PyImport_ImportModule("threading");
    PyObject *thread_cls = NULL, *threads = NULL;
    size_t n = e->nslots;
    int64_t t0 = 0;
    int rc = -1;

    if (!threading)
        goto python_error;
    thread_cls = PyObject_GetAttrString(threading, "Thread");
    if (!thread_cls)
        goto python_error;
    threads = PyList_New((Py_ssize_t)n);
    if (!threads)
        goto python_error;
    for (size_t i = 0; i < n; i++) {
        PyObject *kw = Py_BuildValue("{s:O,s:s}", "target", e->slots[i].method, "name",
                                     e->slots[i].spec->label);
        PyObject *empty = PyTuple_New(0);
        PyObject *t = (kw && empty) ? PyObject_Call(thread_cls, empty, kw) : NULL;

        Py_XDECREF(kw);
        Py_XDECREF(empty);
        if (!t)
            goto python_error;
        PyList_SET_ITEM(threads, (Py_ssize_t)i, t);
    }
    if (e->scenario->start == GB_START_BARRIER) {
        for (size_t i = 0; i < n; i++) {
            PyObject *r = PyObject_CallMethod(PyList_GET_ITEM(threads, i), "start", NULL);
            if (!r)
                goto python_error;
            Py_DECREF(r);
        }
        Py_BEGIN_ALLOW_THREADS
        for (size_t i = 0; i < n; i++)
            sem_wait_all(&e->barrier_arrived);
        pthread_mutex_lock(&e->barrier_lock);
        t0 = gb_clock_ns();
        for (size_t i = 0; i < n; i++)
            e->slots[i].start_abs = e->slots[i].started_abs = t0;
        e->barrier_generation++;
        pthread_cond_broadcast(&e->barrier_cond);
        pthread_mutex_unlock(&e->barrier_lock);
        Py_END_ALLOW_THREADS
    } else {
        for (size_t i = 0; i < n; i++) {
            PyObject *r;

            gb_gil_record_started_by(&e->slots[i].gil, &e->starter, i);
            e->slots[i].start_abs = gb_clock_ns();
            if (i == 0)
                t0 = e->slots[i].start_abs;
            r = PyObject_CallMethod(PyList_GET_ITEM(threads, i), "start", NULL);
            if (!r)
                goto python_error;
            Py_DECREF(r);
            e->slots[i].started_abs = gb_clock_ns();
        }
    }
    for (size_t i = 0; i < n; i++) {
        PyObject *r = PyObject_CallMethod(PyList_GET_ITEM(threads, i), "join", NULL);
        if (!r)
            goto python_error;
        Py_DECREF(r);
    }
    *end_abs = gb_clock_ns();
    *t0_out = t0;
    rc = 0;
    goto done;

python_error : {
    char line[480];

    gb_py_exception_line(line, sizeof line);
    gb_error_set(err, NULL, 0, 0, NULL, "threading engine: %s", line);
}
done:
    Py_XDECREF(threads);
    Py_XDECREF(thread_cls);
    Py_XDECREF(threading);
    return rc;
}

/* ---- resolving what each thread calls ------------------------------------------------ */

static int slot_resolve(gb_executor *e, gb_slot *s, PyObject *module, gb_error *err)
{
    const gb_thread_spec *t = s->spec;
    char where[64];

    snprintf(where, sizeof where, "threads[%zu]", s->index);
    switch (t->kind) {
    case GB_THREAD_PYTHON:
        s->code = Py_CompileString(t->python, where, Py_file_input);
        if (!s->code)
            goto python_error;
        break;
    case GB_THREAD_WORKLOAD:
        s->callable = PyObject_GetAttrString(module, t->workload);
        if (!s->callable)
            goto python_error;
        break;
    case GB_THREAD_CALL:
        s->callable = gb_py_resolve_call(t->call);
        if (!s->callable)
            goto python_error;
        if (!PyCallable_Check(s->callable)) {
            gb_error_set(err, e->scenario->file, 0, 0, where, "\"%s\" is not callable", t->call);
            return -1;
        }
        break;
    }
    if (!s->code && gb_py_call_args(t, &s->args, &s->kwargs) != 0)
        goto python_error;
    if (e->scenario->engine == GB_ENGINE_THREADING) {
        PyObject *capsule = PyCapsule_New(s, "gilbench.slot", NULL);

        if (!capsule)
            goto python_error;
        s->method = PyCFunction_New(&slot_target_def, capsule);
        Py_DECREF(capsule);
        if (!s->method)
            goto python_error;
    }
    return 0;

python_error : {
    char line[480], hint[600] = "";
    int not_found = PyErr_ExceptionMatches(PyExc_ModuleNotFoundError);

    gb_py_exception_line(line, sizeof line);
    if (not_found && t->kind == GB_THREAD_CALL)
        gb_py_import_hint(e->scenario, hint, sizeof hint);
    gb_error_set(err, e->scenario->file, 0, 0, where, "%s%s", line, hint);
    return -1;
}
}

gb_executor *gb_executor_new(const gb_scenario *s, PyObject *module, PyObject *globals,
                             gb_error *err)
{
    gb_executor *e = calloc(1, sizeof *e);
    cpu_set_t cpus;

    if (!e || !(e->slots = calloc(s->nthreads, sizeof *e->slots))) {
        free(e);
        gb_error_set(err, NULL, 0, 0, NULL, "out of memory");
        return NULL;
    }
    e->scenario = s;
    e->globals = globals;
    Py_INCREF(globals);
    e->nslots = s->nthreads;
    e->ncpu = sched_getaffinity(0, sizeof cpus, &cpus) == 0 && CPU_COUNT(&cpus) > 0
                  ? (size_t)CPU_COUNT(&cpus)
                  : 1;
    pthread_mutex_init(&e->barrier_lock, NULL);
    pthread_cond_init(&e->barrier_cond, NULL);
    sem_init(&e->barrier_arrived, 0, 0);
    for (size_t i = 0; i < e->nslots; i++) {
        e->slots[i].engine = e;
        e->slots[i].index = i;
        e->slots[i].spec = &s->threads[i];
        if (gb_gil_record_init(&e->slots[i].gil) != 0 ||
            slot_resolve(e, &e->slots[i], module, err) != 0) {
            gb_executor_free(e);
            return NULL;
        }
    }
    if (s->engine == GB_ENGINE_NATIVE && pool_start(e, err) != 0) {
        gb_executor_free(e);
        return NULL;
    }
    return e;
}

int gb_executor_run(gb_executor *e, gb_run *run, gb_error *err)
{
    struct rusage ru0, ru1;
    int64_t t0, t1, switches = gb_gil_switches();
    const gb_gil_record *records[64];
    int cpu_known = 1, sampled, failed = 0;

    e->run_index = run->index;
    run->nthreads = e->nslots;
    run->threads = calloc(e->nslots, sizeof *run->threads);
    if (!run->threads) {
        gb_error_set(err, NULL, 0, 0, NULL, "out of memory");
        return -1;
    }
    sampled = gb_gil_sampler_begin(); /* where the GIL's waits cannot be seen */
    getrusage(RUSAGE_SELF, &ru0);
    if (e->scenario->engine == GB_ENGINE_NATIVE)
        t0 = native_run(e, &t1);
    else
        failed = threading_run(e, &t0, &t1, err) != 0;
    getrusage(RUSAGE_SELF, &ru1);
    gb_gil_sampler_end();
    if (failed)
        return -1;
    run->gil_switches = switches < 0 ? -1 : gb_gil_switches() - switches;
    run->canary_ns = canary(e, t1 - t0);

    run->wall_ns = t1 - t0;
    run->user_ns = GB_TIMEVAL_NS(ru1.ru_utime) - GB_TIMEVAL_NS(ru0.ru_utime);
    run->sys_ns = GB_TIMEVAL_NS(ru1.ru_stime) - GB_TIMEVAL_NS(ru0.ru_stime);
    for (size_t i = 0; i < e->nslots; i++) {
        gb_slot *s = &e->slots[i];
        gb_thread_times *t = &run->threads[i];

        if (s->error[0]) {
            gb_error_set(err, NULL, 0, 0, NULL, "%s", s->error);
            return -1;
        }
        t->start_ns = s->start_abs - t0;
        t->enter_ns = s->enter_abs - t0;
        t->done_ns = s->done_abs - t0;
        t->return_ns = s->return_abs - t0;
        t->cpu_ns = s->cpu_ns;
        t->started_ns = s->started_abs - t0;
        if (e->count == GB_COUNT_PERF) { /* perf's count comes with the run; no cache model */
            t->instructions = s->count;
            t->cycles = -1;
        }
        gb_gil_record_times(&s->gil, s->done_abs, s->return_abs, t);
        gb_gil_record_sampled(&s->gil, s->enter_abs, s->done_abs, t);
        cpu_known &= t->run_delay_ns >= 0;
        if (i < 64)
            records[i] = &s->gil;
    }
    gb_gil_record_events(records, e->nslots < 64 ? e->nslots : 64, t0, run);
    /* sampled when the sampler ran, counted when the watch counts, else none */
    run->evidence = (run->gil_switches < 0 || (!sampled && gb_gil_watch_sampled()) ? 0u
                     : sampled ? GB_EVIDENCE_SAMPLED
                               : GB_EVIDENCE_GIL) |
                    (cpu_known ? GB_EVIDENCE_CPU : 0u);
    run->counted = e->count == GB_COUNT_PERF && e->nslots > 0;
    return 0;
}

void gb_executor_count(gb_executor *e, const gb_perf_event *perf)
{
    e->count = perf ? GB_COUNT_PERF : GB_COUNT_CALLGRIND;
    e->perf = perf;
}

void gb_executor_free(gb_executor *e)
{
    if (!e)
        return;
    pool_stop(e);
    for (size_t i = 0; i < e->nslots; i++) {
        gb_slot *s = &e->slots[i];

        Py_XDECREF(s->callable);
        Py_XDECREF(s->args);
        Py_XDECREF(s->kwargs);
        Py_XDECREF(s->code);
        Py_XDECREF(s->method);
        gb_gil_record_free(&s->gil);
    }
    Py_XDECREF(e->globals);
    sem_destroy(&e->barrier_arrived);
    pthread_cond_destroy(&e->barrier_cond);
    pthread_mutex_destroy(&e->barrier_lock);
    free(e->slots);
    free(e);
}
