/* py_worker.c - the worker: one scenario in a process of its own.
 *
 * The parent (runner.c) re-executes gilbench as `gilbench __worker`; the worker loads
 * the scenario, embeds Python with an isolated PyConfig, runs setup, then the runs, and
 * writes one JSON line per event to the result descriptor (protocol in runner.h). If the
 * work crashes the process, what was written so far is already with the parent.
 * Running the threads is py_executor.c's job; judging the runs is the parent's. */
#include <Python.h>

#include "worker/py_worker.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "util/cli.h"
#include "util/file.h"
#include "gilbench_probe.h"
#include "worker/py_executor.h"
#include "run/runner.h"
#include "scenario/scenario.h"
#include "measure/stats.h"
#include "worker/py_gil_watch.h"

typedef struct worker_args {
    int fd;
    int interactive;
    int count; /* counted runs: under callgrind, or by perf_event_open (run/counter.h) */
    const gb_perf_event *perf; /* --count-perf: the event each thread counts, else NULL */
    int point;                 /* the point of the file's sweep, or -1 */
    int scenario_fd; /* the file's text as the driver validated it, or -1: read the path */
    gb_overrides ov;
    const char *vars[256];
} worker_args;

enum {
    W_FD,
    W_SCENARIO_FD,
    W_RUNS,
    W_WARMUP,
    W_TIMEOUT,
    W_SET,
    W_MIN_RUNS,
    W_MAX_RUNS,
    W_PRECISION,
    W_INTERACTIVE,
    W_POINT,
    W_COUNT,
    W_COUNT_PERF
};

static const gb_option worker_options[] = {
    {"result-fd", 0, "FD", W_FD, "descriptor for the results"},
    {"scenario-fd", 0, "FD", W_SCENARIO_FD, "descriptor holding the scenario file's text"},
    {"runs", 0, "N", W_RUNS, "measured runs"},
    {"warmup", 0, "N", W_WARMUP, "warmup runs"},
    {"timeout", 0, "S", W_TIMEOUT, "seconds per run"},
    {"set", 0, "NAME=VALUE", W_SET, "set a variable"},
    {"min-runs", 0, "N", W_MIN_RUNS, "adaptive: least runs"},
    {"max-runs", 0, "N", W_MAX_RUNS, "adaptive: most runs"},
    {"precision", 0, "F", W_PRECISION, "adaptive: target half-width / median"},
    {"interactive", 0, NULL, W_INTERACTIVE, "one run per line read on standard input"},
    {"point", 0, "K", W_POINT, "the K-th point (from 0) of the file's sweep"},
    {"count", 0, NULL, W_COUNT, "count each thread's instructions (under callgrind)"},
    {"count-perf", 0, "EVENT", W_COUNT_PERF, "count each thread's EVENT with perf_event_open"},
};

static int worker_option(int id, const char *value, void *ctx, gb_error *err)
{
    worker_args *a = ctx;
    long v;

    switch (id) {
    case W_FD:
        if (gb_cli_int("result-fd", value, 0, 1 << 20, &v, err))
            return -1;
        a->fd = (int)v;
        return 0;
    case W_SCENARIO_FD:
        if (gb_cli_int("scenario-fd", value, 0, 1 << 20, &v, err))
            return -1;
        a->scenario_fd = (int)v;
        return 0;
    case W_RUNS:
        return gb_cli_count("runs", value, 1, GB_MAX_RUNS, &a->ov.runs, err);
    case W_WARMUP:
        return gb_cli_count("warmup", value, 0, GB_MAX_RUNS, &a->ov.warmup, err);
    case W_TIMEOUT:
        return gb_cli_double("timeout", value, 0, &a->ov.timeout, err);
    case W_MIN_RUNS:
        return gb_cli_count("min-runs", value, 1, GB_MAX_RUNS, &a->ov.min_runs, err);
    case W_MAX_RUNS:
        return gb_cli_count("max-runs", value, 1, GB_MAX_RUNS, &a->ov.max_runs, err);
    case W_PRECISION:
        return gb_cli_double("precision", value, 0, &a->ov.precision, err);
    case W_INTERACTIVE:
        a->interactive = 1;
        return 0;
    case W_COUNT:
        a->count = 1;
        return 0;
    case W_COUNT_PERF:
        a->count = 1;
        a->perf = gb_perf_event_find(value);
        return a->perf ? 0 : -1;
    case W_POINT:
        if (gb_cli_int("point", value, 0, GB_MAX_SWEEP_POINTS, &v, err))
            return -1;
        a->point = (int)v;
        return 0;
    case W_SET:
        if (a->ov.nvars >= sizeof a->vars / sizeof a->vars[0]) {
            gb_error_set(err, NULL, 0, 0, NULL, "too many --set");
            return -1;
        }
        a->vars[a->ov.nvars++] = value;
        return 0;
    }
    return -1;
}

/* One line of JSON to the parent. A parent that went away ends the worker. */
static void emit(int fd, json_t *obj)
{
    char *text = json_dumps(obj, JSON_COMPACT);
    size_t len, off = 0;

    json_decref(obj);
    if (!text)
        _exit(GB_WORKER_EXIT_ERROR);
    len = strlen(text);
    text[len] = '\n'; /* json_dumps leaves room for the terminator: reuse it */
    while (off < len + 1) {
        ssize_t w = write(fd, text + off, len + 1 - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            _exit(GB_WORKER_EXIT_ERROR);
        off += (size_t)w;
    }
    free(text);
}

static int emit_error(int fd, const char *stage, const gb_error *err)
{
    char buf[1400];

    /* the parent names the scenario and says "error": only the path and the message */
    snprintf(buf, sizeof buf, "%s%s%s", err->path, err->path[0] ? ": " : "", err->message);
    emit(fd, json_pack("{s:s,s:s,s:s}", "type", "error", "stage", stage, "message", buf));
    return GB_WORKER_EXIT_ERROR;
}

static void emit_run(int fd, const gb_run *run)
{
    json_t *threads = gb_run_threads_json(run), *events = gb_run_events_json(run);

    json_t *msg =
        json_pack("{s:s,s:i,s:b,s:I,s:I,s:I,s:I,s:i,s:I,s:o,s:o}", "type", "run", "index",
                  run->index, "warmup", run->warmup, "wall_ns", (json_int_t)run->wall_ns, "user_ns",
                  (json_int_t)run->user_ns, "sys_ns", (json_int_t)run->sys_ns, "canary_ns",
                  (json_int_t)run->canary_ns, "evidence", (int)run->evidence, "gil_switches",
                  (json_int_t)run->gil_switches, "threads", threads, "gil_events", events);
    json_t *counts = run->counted && msg ? json_array() : NULL;

    /* counted by perf_event_open: each thread's count (run/counter.h reads them) */
    for (size_t i = 0; counts && i < run->nthreads; i++)
        json_array_append_new(counts, json_integer((json_int_t)run->threads[i].instructions));
    if (counts)
        json_object_set_new(msg, "counts", counts);
    emit(fd, msg);
}

/* --interactive: wait for the parent's "run" line; 0 at the end of its commands. */
static int next_command(void)
{
    char line[16];
    size_t n = 0;

    for (;;) {
        char c;
        ssize_t r = read(0, &c, 1);

        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return 0;
        if (c == '\n')
            break;
        if (n + 1 < sizeof line)
            line[n++] = c;
    }
    line[n] = '\0';
    return strcmp(line, "run") == 0;
}

static const char python_info_code[] = "import sys, sysconfig, json, gilbench\n"
                                       "_gil = getattr(sys, '_is_gil_enabled', None)\n"
                                       "_info = {\n"
                                       "  'version': sys.version.split()[0],\n"
                                       "  'full_version': sys.version,\n"
                                       "  'implementation': sys.implementation.name,\n"
                                       "  'executable': sys.executable,\n"
                                       "  'prefix': sys.prefix,\n"
                                       "  'gil_enabled': _gil() if _gil else True,\n"
                                       "  'switch_interval_s': sys.getswitchinterval(),\n"
                                       "  'debug_build': hasattr(sys, 'gettotalrefcount'),\n"
                                       "  'cflags': sysconfig.get_config_var('CFLAGS'),\n"
                                       "  'config_args': sysconfig.get_config_var('CONFIG_ARGS'),\n"
                                       "  'module': gilbench.build_info(),\n"
                                       "}\n"
                                       "_result = json.dumps(_info)\n";

/* Facts about the interpreter that ran, as a JSON object (new reference) or NULL. */
static json_t *python_info(gb_error *err)
{
    PyObject *ns = PyDict_New();
    PyObject *r = NULL, *text;
    json_t *info = NULL;

    if (!ns)
        goto python_error;
    if (PyDict_SetItemString(ns, "__builtins__", PyEval_GetBuiltins()) < 0)
        goto python_error;
    r = PyRun_String(python_info_code, Py_file_input, ns, ns);
    if (!r)
        goto python_error;
    text = PyDict_GetItemString(ns, "_result");
    if (text && PyUnicode_Check(text)) {
        const char *s = PyUnicode_AsUTF8(text);
        if (s)
            info = json_loads(s, 0, NULL);
    }
    Py_DECREF(r);
    Py_DECREF(ns);
    if (!info)
        gb_error_set(err, NULL, 0, 0, NULL, "cannot describe the interpreter");
    return info;

python_error : {
    char line[480];

    gb_py_exception_line(line, sizeof line);
    gb_error_set(err, NULL, 0, 0, NULL, "describing the interpreter: %s", line);
    Py_XDECREF(ns);
    return NULL;
}
}

static int init_python(int count, gb_error *err)
{
    PyConfig config;
    PyStatus status;

    if (PyImport_AppendInittab("gilbench", PyInit_gilbench) != 0) {
        gb_error_set(err, NULL, 0, 0, NULL, "cannot register the gilbench module");
        return -1;
    }
    PyConfig_InitIsolatedConfig(&config);
    /* signals are the parent's business: Ctrl-C reaches it, not us */
    config.install_signal_handlers = 0;
    /* counted: one hash seed in every worker, so that the layout of dicts and sets (the
     * globals a statement looks up) and the instructions of their lookups are the same */
    config.use_hash_seed = count;
    config.hash_seed = 0;
    /* the interpreter gilbench was built against finds its own standard library */
    status = PyConfig_SetBytesString(&config, &config.program_name, GB_PYTHON_EXECUTABLE);
    if (PyStatus_Exception(status))
        goto fail;
    status = Py_InitializeFromConfig(&config);
    if (PyStatus_Exception(status))
        goto fail;
    PyConfig_Clear(&config);
    return 0;

fail:
    PyConfig_Clear(&config);
    gb_error_set(err, NULL, 0, 0, NULL, "cannot start Python %s: %s%s%s", GB_PYTHON_VERSION,
                 status.func ? status.func : "", status.func ? ": " : "",
                 status.err_msg ? status.err_msg : "unknown error");
    return -1;
}

/* dir as a str for sys.path, inserted at index (or appended when index < 0). */
static int add_to_sys_path(PyObject *path, const char *dir, size_t len, Py_ssize_t index)
{
    PyObject *entry = PyUnicode_DecodeFSDefaultAndSize(dir, (Py_ssize_t)len);
    int rc;

    if (!entry)
        return -1;
    rc = index < 0 ? PyList_Append(path, entry) : PyList_Insert(path, index, entry);
    Py_DECREF(entry);
    return rc;
}

/* Where the workers import from besides the interpreter's own sys.path (the interpreter is
 * isolated: PYTHONPATH is ignored): the folders of $GILBENCH_PYTHONPATH first, in their
 * order, and GB_PEERS_DIR last when it exists (the modules of an uninstalled build: the
 * peers of docs/peers.md). */
static int extend_sys_path(gb_error *err)
{
    PyObject *path = PySys_GetObject("path"); /* borrowed */
    const char *env = getenv("GILBENCH_PYTHONPATH");
    Py_ssize_t at = 0;

    if (!path || !PyList_Check(path)) {
        gb_error_set(err, NULL, 0, 0, NULL, "sys.path is not a list");
        return -1;
    }
    for (const char *p = env; p && *p;) {
        size_t len = strcspn(p, ":");

        if (len && add_to_sys_path(path, p, len, at++) != 0)
            goto python_error;
        p += len + (p[len] == ':');
    }
#ifdef GB_PEERS_DIR
    if (GB_PEERS_DIR[0] && access(GB_PEERS_DIR, R_OK | X_OK) == 0 &&
        add_to_sys_path(path, GB_PEERS_DIR, strlen(GB_PEERS_DIR), -1) != 0)
        goto python_error;
#endif
    return 0;

python_error : {
    char line[480];

    gb_py_exception_line(line, sizeof line);
    gb_error_set(err, NULL, 0, 0, NULL, "extending sys.path: %s", line);
    return -1;
}
}

/* Run setup in __main__'s namespace and set the switch interval. */
static PyObject *prepare(const gb_scenario *s, gb_error *err, const char **stage)
{
    PyObject *main_mod, *globals, *r;

    *stage = "setup";
    main_mod = PyImport_AddModule("__main__"); /* borrowed */
    if (!main_mod)
        goto python_error;
    globals = PyModule_GetDict(main_mod); /* borrowed */
    if (s->npath) { /* "path": first on sys.path, in the file's order, before setup runs */
        PyObject *sys_path = PySys_GetObject("path"); /* borrowed */

        for (size_t i = s->npath; sys_path && i-- > 0;) {
            PyObject *dir = PyUnicode_DecodeFSDefault(s->path[i]);
            int bad = !dir || PyList_Insert(sys_path, 0, dir) < 0;

            Py_XDECREF(dir);
            if (bad)
                goto python_error;
        }
    }
    if (!isnan(s->switch_interval)) {
        PyObject *sys = PyImport_ImportModule("sys");
        r = sys ? PyObject_CallMethod(sys, "setswitchinterval", "d", s->switch_interval) : NULL;
        Py_XDECREF(sys);
        if (!r)
            goto python_error;
        Py_DECREF(r);
    }
    if (s->setup) {
        PyObject *code = Py_CompileString(s->setup, "<setup>", Py_file_input);
        if (!code)
            goto python_error;
        r = PyEval_EvalCode(code, globals, globals);
        Py_DECREF(code);
        if (!r)
            goto python_error;
        Py_DECREF(r);
    }
    return globals;

python_error : {
    char line[480];

    gb_py_exception_line(line, sizeof line);
    gb_error_set(err, s->file, 0, 0, "setup", "%s", line);
    return NULL;
}
}

/* The scenario the driver validated: its text from --scenario-fd (the path only names it in
 * messages), else the file at path. */
static int load_scenario(const worker_args *a, const char *path, gb_scenario ***list, size_t *n,
                         gb_error *err)
{
    FILE *f;
    char *text;
    size_t len;
    int rc;

    if (a->scenario_fd < 0)
        return gb_scenario_load_all(path, &a->ov, a->point, list, n, err);
    f = fdopen(a->scenario_fd, "rb");
    if (!f || gb_read_stream(f, NULL, 0, 16u << 20, &text, &len) != 0) {
        gb_error_set(err, path, 0, 0, NULL, "cannot read the scenario from the driver: %s",
                     strerror(errno));
        if (f)
            fclose(f);
        return -1;
    }
    fclose(f);
    rc = gb_scenario_parse_all(text, path, &a->ov, a->point, list, n, err);
    free(text);
    return rc;
}

int gb_worker_main(int argc, char **argv)
{
    worker_args a;
    char *files[8];
    size_t nfiles = 0;
    gb_error err;
    gb_scenario *s;
    gb_executor *engine = NULL;
    PyObject *module = NULL, *globals;
    const char *stage = "load";
    json_t *info;
    int total, measured = 0, rc = GB_WORKER_EXIT_ERROR;
    double *walls = NULL;
    const char *reason = "runs";
    struct rlimit no_core = {0, 0};

    memset(&a, 0, sizeof a);
    a.fd = -1;
    a.scenario_fd = -1;
    a.point = -1;
    gb_overrides_init(&a.ov);
    a.ov.vars = a.vars;
    gb_error_clear(&err);
    if (argc > 8 + 2 * 256 ||
        gb_cli_parse(argc, argv, 2, worker_options,
                     sizeof worker_options / sizeof worker_options[0], worker_option, &a, files,
                     &nfiles, &err) != 0 ||
        nfiles != 1 || a.fd < 0) {
        fprintf(stderr, "gilbench __worker: internal command, run by `gilbench run`\n");
        return GB_WORKER_EXIT_ERROR;
    }
    /* a crash must not cost a core dump's time; an orphan must not outlive the parent */
    setrlimit(RLIMIT_CORE, &no_core);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    signal(SIGINT, SIG_IGN);
    signal(SIGPIPE, SIG_IGN);

    {
        gb_scenario **list;
        size_t n;

        if (load_scenario(&a, files[0], &list, &n, &err) != 0)
            return emit_error(a.fd, stage, &err);
        s = list[0];
        free(list);
    }

    stage = "python";
    if (init_python(a.count, &err) != 0) {
        gb_scenario_free(s);
        return emit_error(a.fd, stage, &err);
    }
    gb_gil_watch_start();
    if (extend_sys_path(&err) != 0)
        goto out;
    globals = prepare(s, &err, &stage);
    if (!globals)
        goto out;
    stage = "python";
    info = python_info(&err);
    if (!info)
        goto out;
    json_object_set_new(
        info, "gil_watch",
        json_pack("{s:s,s:s}", "method", gb_gil_watch_method(), "path", gb_gil_watch_path()));
    emit(a.fd, json_pack("{s:s,s:o}", "type", "python", "info", info));

    stage = "threads";
    module = PyImport_ImportModule("gilbench");
    if (!module) {
        char line[480];
        gb_py_exception_line(line, sizeof line);
        gb_error_set(&err, NULL, 0, 0, NULL, "import gilbench: %s", line);
        goto out;
    }
    engine = gb_executor_new(s, module, globals, &err);
    if (!engine)
        goto out;
    if (a.count)
        gb_executor_count(engine, a.perf);

    stage = "run";
    total = s->warmup + s->max_runs;
    walls = calloc((size_t)s->max_runs + 1, sizeof *walls);
    if (!walls)
        goto out;
    for (int i = 0; i < total; i++) {
        gb_run run;

        memset(&run, 0, sizeof run);
        run.index = i;
        run.warmup = i < s->warmup;
        if (a.interactive && !next_command()) {
            reason = "interleaved";
            break;
        }
        if (gb_executor_run(engine, &run, &err) != 0) {
            gb_run_free_threads(&run);
            goto out;
        }
        emit_run(a.fd, &run);
        gb_run_free_threads(&run);
        if (!run.warmup)
            walls[measured++] = (double)run.wall_ns * 1e-9;
        if (measured < s->runs)
            continue;
        if (isnan(s->precision))
            break;
        /* adaptive: enough once the median is known to the precision asked */
        {
            double lo, hi, med = gb_stats_median(walls, (size_t)measured);

            gb_stats_median_ci(walls, (size_t)measured, &lo, &hi);
            if (med > 0 && (hi - lo) / 2 / med <= s->precision) {
                reason = "precision";
                break;
            }
            if (measured >= s->max_runs)
                reason = "max_runs";
        }
    }
    emit(a.fd, json_pack("{s:s,s:s,s:i}", "type", "stop", "reason", reason, "runs", measured));
    rc = 0;

out:
    free(walls);
    gb_executor_free(engine);
    Py_XDECREF(module);
    if (rc != 0)
        emit_error(a.fd, stage, &err);
    gb_gil_watch_stop(); /* the GIL may be freed with its interpreter (3.12+) */
    if (Py_FinalizeEx() < 0 && rc == 0)
        rc = GB_WORKER_EXIT_ERROR;
    if (rc == 0)
        emit(a.fd, json_pack("{s:s}", "type", "end"));
    gb_scenario_free(s);
    return rc;
}
