/* gilbench_module.c - the extension module `gilbench`: workloads that hold or release the GIL.
 *
 * The same source is registered into the driver (PyImport_AppendInittab, GB_EMBEDDED) and
 * built as a module that a plain python3 imports. Each workload reads the clock when its
 * work begins (after releasing the GIL when asked to) and when it ends (before taking the
 * GIL back), and leaves both in the thread-local probe (gilbench_probe.h) for the harness;
 * in a counted run, its instructions are counted between the two (gilbench_count.h).
 * The module does not time calls itself, nor know about scenarios. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <errno.h>
#include <math.h>
#include <string.h>
#include <time.h>

#include "gilbench_count.h"
#include "gilbench_fib.h"
#include "gilbench_probe.h"

_Thread_local gb_probe gb_probe_current;

typedef struct gb_module_state {
    PyObject *hold;    /* the interned string "hold" */
    PyObject *release; /* the interned string "release" */
} gb_module_state;

static gb_module_state *get_state(PyObject *module)
{
    return (gb_module_state *)PyModule_GetState(module);
}

static void probe_record(int64_t enter, int64_t done)
{
    gb_probe_current.enter_ns = enter;
    gb_probe_current.done_ns = done;
    gb_probe_current.recorded = 1;
}

/* gil="hold" | "release" -> 0 | 1, or -1 with ValueError/TypeError. */
static int parse_gil(PyObject *module, PyObject *gil)
{
    gb_module_state *st = get_state(module);
    int eq;

    if (gil == NULL)
        return 0;
    if (!PyUnicode_Check(gil)) {
        PyErr_Format(PyExc_TypeError, "gil must be \"hold\" or \"release\", not %.100s",
                     Py_TYPE(gil)->tp_name);
        return -1;
    }
    eq = PyUnicode_Compare(gil, st->hold);
    if (eq == 0)
        return 0;
    if (PyErr_Occurred())
        return -1;
    eq = PyUnicode_Compare(gil, st->release);
    if (eq == 0)
        return 1;
    if (PyErr_Occurred())
        return -1;
    PyErr_Format(PyExc_ValueError, "gil must be \"hold\" or \"release\", not %R", gil);
    return -1;
}

static int parse_n(PyObject *obj, uint64_t *n)
{
    unsigned long long v;
    PyObject *zero;
    int negative;

    if (!PyLong_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "n must be an int, not %.100s", Py_TYPE(obj)->tp_name);
        return -1;
    }
    zero = PyLong_FromLong(0);
    negative = zero ? PyObject_RichCompareBool(obj, zero, Py_LT) : -1;
    Py_XDECREF(zero);
    if (negative < 0)
        return -1;
    if (negative) {
        PyErr_SetString(PyExc_ValueError, "n must be >= 0");
        return -1;
    }
    v = PyLong_AsUnsignedLongLong(obj);
    if (v == (unsigned long long)-1 && PyErr_Occurred()) {
        if (PyErr_ExceptionMatches(PyExc_OverflowError)) {
            PyErr_Clear();
            PyErr_SetString(PyExc_ValueError, "n must be <= 2**64-1");
        }
        return -1;
    }
    *n = (uint64_t)v;
    return 0;
}

/* The largest duration accepted: about 31 years, so that seconds * 1e9 fits an int64_t
 * and a time_t without overflow. */
#define GB_MAX_SECONDS 1e9

static int parse_seconds(PyObject *obj, double *seconds)
{
    double v;

    if (!PyFloat_Check(obj) && !PyLong_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "seconds must be a number, not %.100s",
                     Py_TYPE(obj)->tp_name);
        return -1;
    }
    v = PyFloat_AsDouble(obj);
    if (v == -1.0 && PyErr_Occurred()) {
        if (!PyErr_ExceptionMatches(PyExc_OverflowError))
            return -1;
        PyErr_Clear(); /* an int too large for a double: the range error below */
        v = HUGE_VAL;
    }
    if (!isfinite(v) || v < 0 || v > GB_MAX_SECONDS) {
        /* the value itself is named when it is short to print (a float or a small int) */
        if (PyFloat_Check(obj) || (v >= -1e18 && v <= 1e18))
            PyErr_Format(PyExc_ValueError, "seconds must be a finite number from 0 to 1e9, not %R",
                         obj);
        else
            PyErr_SetString(PyExc_ValueError, "seconds must be a finite number from 0 to 1e9");
        return -1;
    }
    *seconds = v;
    return 0;
}

static uint64_t run_fibonacci(uint64_t n, int release)
{
    uint64_t r;
    int64_t t0, t1;

    if (release) {
        Py_BEGIN_ALLOW_THREADS
        t0 = gb_probe_enter();
        r = gb_opaque_u64(gb_fibonacci_loop(gb_opaque_u64(n)));
        t1 = gb_probe_done();
        Py_END_ALLOW_THREADS
    } else {
        t0 = gb_probe_enter();
        r = gb_opaque_u64(gb_fibonacci_loop(gb_opaque_u64(n)));
        t1 = gb_probe_done();
    }
    probe_record(t0, t1);
    return r;
}

PyDoc_STRVAR(fibonacci_doc,
             "fibonacci(n, gil=\"hold\") -> int\n\n"
             "Run the seed's loop of n steps (a, b = b, a + b on uint64_t, wrapping) and\n"
             "return a. gil=\"release\" releases the GIL around the loop; \"hold\" keeps it.\n"
             "fibonacci(50) == 12586269025; 10**9 steps take about 0.3 s.");

static PyObject *gb_fibonacci(PyObject *module, PyObject *args, PyObject *kwargs)
{
    static char *kwlist[] = {"n", "gil", NULL};
    PyObject *nobj, *gil = NULL;
    uint64_t n;
    int release;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O|O:fibonacci", kwlist, &nobj, &gil))
        return NULL;
    if (parse_n(nobj, &n) < 0 || (release = parse_gil(module, gil)) < 0)
        return NULL;
    return PyLong_FromUnsignedLongLong(run_fibonacci(n, release));
}

PyDoc_STRVAR(fibonacci_gil_doc,
             "fibonacci_gil(n) -> int\n\n"
             "fibonacci(n) holding the GIL for the whole loop (the seed's name).");

static PyObject *gb_fibonacci_gil(PyObject *module, PyObject *args, PyObject *kwargs)
{
    static char *kwlist[] = {"n", NULL};
    PyObject *nobj;
    uint64_t n;

    (void)module;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O:fibonacci_gil", kwlist, &nobj))
        return NULL;
    if (parse_n(nobj, &n) < 0)
        return NULL;
    return PyLong_FromUnsignedLongLong(run_fibonacci(n, 0));
}

PyDoc_STRVAR(fibonacci_nogil_doc,
             "fibonacci_nogil(n) -> int\n\n"
             "fibonacci(n) with the loop inside Py_BEGIN_ALLOW_THREADS (the seed's name).");

static PyObject *gb_fibonacci_nogil(PyObject *module, PyObject *args, PyObject *kwargs)
{
    static char *kwlist[] = {"n", NULL};
    PyObject *nobj;
    uint64_t n;

    (void)module;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O:fibonacci_nogil", kwlist, &nobj))
        return NULL;
    if (parse_n(nobj, &n) < 0)
        return NULL;
    return PyLong_FromUnsignedLongLong(run_fibonacci(n, 1));
}

/* Busy loop reading the clock at every iteration; returns the number of iterations. */
static uint64_t spin_until(int64_t end)
{
    uint64_t count = 0;

    do
        count++;
    while (gb_clock_ns() < end);
    return count;
}

PyDoc_STRVAR(spin_doc, "spin(seconds, gil=\"hold\") -> int\n\n"
                       "Busy loop until `seconds` have passed on the monotonic clock, holding or\n"
                       "releasing the GIL; returns the number of iterations. For scenarios\n"
                       "written in time rather than in steps.");

static PyObject *gb_spin(PyObject *module, PyObject *args, PyObject *kwargs)
{
    static char *kwlist[] = {"seconds", "gil", NULL};
    PyObject *sobj, *gil = NULL;
    double seconds;
    int release;
    uint64_t count;
    int64_t t0, t1;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O|O:spin", kwlist, &sobj, &gil))
        return NULL;
    if (parse_seconds(sobj, &seconds) < 0 || (release = parse_gil(module, gil)) < 0)
        return NULL;
    if (release) {
        Py_BEGIN_ALLOW_THREADS
        t0 = gb_probe_enter();
        count = spin_until(t0 + (int64_t)(seconds * 1e9));
        t1 = gb_probe_done();
        Py_END_ALLOW_THREADS
    } else {
        t0 = gb_probe_enter();
        count = spin_until(t0 + (int64_t)(seconds * 1e9));
        t1 = gb_probe_done();
    }
    probe_record(t0, t1);
    return PyLong_FromUnsignedLongLong(count);
}

static void sleep_for(double seconds)
{
    struct timespec ts, rem;

    ts.tv_sec = (time_t)seconds;
    ts.tv_nsec = (long)((seconds - (double)ts.tv_sec) * 1e9);
    while (nanosleep(&ts, &rem) != 0 && errno == EINTR)
        ts = rem;
}

PyDoc_STRVAR(sleep_doc, "sleep(seconds, gil=\"hold\") -> None\n\n"
                        "Sleep for `seconds`, holding the GIL (nobody else runs) or releasing it.");

static PyObject *gb_sleep(PyObject *module, PyObject *args, PyObject *kwargs)
{
    static char *kwlist[] = {"seconds", "gil", NULL};
    PyObject *sobj, *gil = NULL;
    double seconds;
    int release;
    int64_t t0, t1;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O|O:sleep", kwlist, &sobj, &gil))
        return NULL;
    if (parse_seconds(sobj, &seconds) < 0 || (release = parse_gil(module, gil)) < 0)
        return NULL;
    if (release) {
        Py_BEGIN_ALLOW_THREADS
        t0 = gb_probe_enter();
        sleep_for(seconds);
        t1 = gb_probe_done();
        Py_END_ALLOW_THREADS
    } else {
        t0 = gb_probe_enter();
        sleep_for(seconds);
        t1 = gb_probe_done();
    }
    probe_record(t0, t1);
    Py_RETURN_NONE;
}

PyDoc_STRVAR(empty_doc, "empty(gil=\"hold\") -> None\n\n"
                        "Read the clock twice with nothing between, holding or releasing the GIL:\n"
                        "what is left is the cost of the harness around a call.");

static PyObject *gb_empty(PyObject *module, PyObject *args, PyObject *kwargs)
{
    static char *kwlist[] = {"gil", NULL};
    PyObject *gil = NULL;
    int release;
    int64_t t0, t1;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "|O:empty", kwlist, &gil))
        return NULL;
    if ((release = parse_gil(module, gil)) < 0)
        return NULL;
    if (release) {
        Py_BEGIN_ALLOW_THREADS
        t0 = gb_probe_enter();
        t1 = gb_probe_done();
        Py_END_ALLOW_THREADS
    } else {
        t0 = gb_probe_enter();
        t1 = gb_probe_done();
    }
    probe_record(t0, t1);
    Py_RETURN_NONE;
}

PyDoc_STRVAR(double_release_doc,
             "double_release() -> never returns\n\n"
             "Release the GIL twice, as the seed did by nesting Py_BEGIN_ALLOW_THREADS: the\n"
             "second release finds no thread state and the process dies. Python 3.8 to 3.12\n"
             "abort with \"Fatal Python error: PyEval_SaveThread: ...\" (\"NULL tstate\" up to\n"
             "3.9, \"the current Python thread state is NULL\" since 3.10); 3.13 no longer\n"
             "checks and segfaults. Run it in a subprocess.");

static PyObject *gb_double_release(PyObject *module, PyObject *unused)
{
    PyThreadState *outer, *inner;

    (void)module;
    (void)unused;
    outer = PyEval_SaveThread();
    inner = PyEval_SaveThread(); /* aborts: the GIL is not held */
    PyEval_RestoreThread(inner);
    PyEval_RestoreThread(outer);
    Py_RETURN_NONE;
}

PyDoc_STRVAR(build_info_doc,
             "build_info() -> dict\n\n"
             "How this module was built: version, build type, C flags, compiler, whether it is\n"
             "the copy built into the gilbench driver, and the Python headers it was built with.\n"
             "A debug build runs fibonacci about 100x slower.");

static PyObject *gb_build_info(PyObject *module, PyObject *unused)
{
#ifdef GB_EMBEDDED
    PyObject *embedded = Py_True;
#else
    PyObject *embedded = Py_False;
#endif

    (void)module;
    (void)unused;
    return Py_BuildValue("{s:s,s:s,s:s,s:s,s:O,s:s}", "version", GB_VERSION, "build_type",
                         GB_BUILD_TYPE, "c_flags", GB_C_FLAGS, "compiler", GB_COMPILER, "embedded",
                         embedded, "python_compiled", PY_VERSION);
}

PyDoc_STRVAR(last_probe_doc,
             "last_probe() -> (enter_ns, done_ns) or None\n\n"
             "The two clock reads (CLOCK_MONOTONIC, ns) of this thread's last workload: when\n"
             "its work began and ended, inside C. This is what the harness sees.");

static PyObject *gb_last_probe(PyObject *module, PyObject *unused)
{
    (void)module;
    (void)unused;
    if (!gb_probe_current.recorded)
        Py_RETURN_NONE;
    return Py_BuildValue("(LL)", (long long)gb_probe_current.enter_ns,
                         (long long)gb_probe_current.done_ns);
}

static PyMethodDef gb_methods[] = {
    {"fibonacci", (PyCFunction)(void (*)(void))gb_fibonacci, METH_VARARGS | METH_KEYWORDS,
     fibonacci_doc},
    {"fibonacci_gil", (PyCFunction)(void (*)(void))gb_fibonacci_gil, METH_VARARGS | METH_KEYWORDS,
     fibonacci_gil_doc},
    {"fibonacci_nogil", (PyCFunction)(void (*)(void))gb_fibonacci_nogil,
     METH_VARARGS | METH_KEYWORDS, fibonacci_nogil_doc},
    {"spin", (PyCFunction)(void (*)(void))gb_spin, METH_VARARGS | METH_KEYWORDS, spin_doc},
    {"sleep", (PyCFunction)(void (*)(void))gb_sleep, METH_VARARGS | METH_KEYWORDS, sleep_doc},
    {"empty", (PyCFunction)(void (*)(void))gb_empty, METH_VARARGS | METH_KEYWORDS, empty_doc},
    {"double_release", gb_double_release, METH_NOARGS, double_release_doc},
    {"build_info", gb_build_info, METH_NOARGS, build_info_doc},
    {"last_probe", gb_last_probe, METH_NOARGS, last_probe_doc},
    {NULL, NULL, 0, NULL},
};

static int gb_exec(PyObject *module)
{
    gb_module_state *st = get_state(module);

    st->hold = PyUnicode_InternFromString("hold");
    st->release = PyUnicode_InternFromString("release");
    if (!st->hold || !st->release)
        return -1;
    if (PyModule_AddStringConstant(module, "__version__", GB_VERSION) < 0)
        return -1;
    return 0;
}

static int gb_traverse(PyObject *module, visitproc visit, void *arg)
{
    gb_module_state *st = get_state(module);

    if (st == NULL) /* Python < 3.9 may call this before the state exists */
        return 0;
    Py_VISIT(st->hold);
    Py_VISIT(st->release);
    return 0;
}

static int gb_clear(PyObject *module)
{
    gb_module_state *st = get_state(module);

    if (st == NULL)
        return 0;
    Py_CLEAR(st->hold);
    Py_CLEAR(st->release);
    return 0;
}

static void gb_free(void *module)
{
    gb_clear((PyObject *)module);
}

static PyModuleDef_Slot gb_slots[] = {
    {Py_mod_exec, (void *)gb_exec},
#ifdef Py_mod_multiple_interpreters
    /* all state is per module, the probe is per thread: each interpreter may have its GIL */
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
#ifdef Py_mod_gil
    /* nothing here relies on the GIL for its own safety */
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
#endif
    {0, NULL},
};

PyDoc_STRVAR(module_doc,
             "C workloads that hold or release the GIL, for the gilbench harness.\n"
             "\n"
             "The gilbench driver runs threads that call these functions and times them;\n"
             "a plain python3 may import them too. The workloads take gil=\"hold\" (the\n"
             "GIL is kept, other Python threads wait) or gil=\"release\" (the work runs\n"
             "inside Py_BEGIN_ALLOW_THREADS, other threads run meanwhile):\n"
             "  fibonacci(n, gil), fibonacci_gil(n), fibonacci_nogil(n): the seed's loop;\n"
             "  spin(seconds, gil), sleep(seconds, gil): work measured in time;\n"
             "  empty(gil): no work, the cost of a call;\n"
             "  double_release(): releases the GIL twice, and the process aborts.\n"
             "Each records when its work began and ended, in C: see last_probe().");

static struct PyModuleDef gb_module = {
    .m_base = PyModuleDef_HEAD_INIT,
    .m_name = "gilbench",
    .m_doc = module_doc,
    .m_size = sizeof(gb_module_state),
    .m_methods = gb_methods,
    .m_slots = gb_slots,
    .m_traverse = gb_traverse,
    .m_clear = gb_clear,
    .m_free = gb_free,
};

PyMODINIT_FUNC PyInit_gilbench(void)
{
    return PyModuleDef_Init(&gb_module);
}
