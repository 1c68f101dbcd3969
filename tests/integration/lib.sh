# lib.sh - shared by the integration tests: a scratch folder, JSON queries, failing loudly.
# Environment from CTest: GILBENCH, GB_PYTHON, GB_SOURCE_DIR, GB_TESTS_DIR, GB_MODULE_DIR.
set -u
: "${GILBENCH:?run through ctest}" "${GB_PYTHON:?}" "${GB_SOURCE_DIR:?}" "${GB_TESTS_DIR:?}"
SCENARIOS="$GB_SOURCE_DIR/scenarios"
HERE="$GB_TESTS_DIR/integration/scenarios"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

fail() {
    echo "FAIL: $*"
    [ -f "$TMP/out" ] && { echo "--- stdout"; cat "$TMP/out"; }
    [ -f "$TMP/err" ] && { echo "--- stderr"; cat "$TMP/err"; }
    exit 1
}

check() { echo "ok: $*"; }

# q FILE EXPR: evaluate a Python expression over the JSON report `r` (with helper `sc`).
q() {
    "$GB_PYTHON" -I -c '
import json, sys
r = json.load(open(sys.argv[1]))
sc = {s["name"]: s for s in r["scenarios"]}
print(eval(sys.argv[2]))' "$1" "$2"
}

# run_gb ARGS...: gilbench with stdout/stderr kept in $TMP/out and $TMP/err; sets $rc.
run_gb() {
    "$GILBENCH" "$@" >"$TMP/out" 2>"$TMP/err"
    rc=$?
}

cpus() { "$GB_PYTHON" -I -c 'import os; print(len(os.sched_getaffinity(0)))'; }

# run_gb_watched ARGS...: run_gb, and also measure how much CPU other processes took while
# it ran (from /proc/stat, minus gilbench's own and its workers'), in CPUs: $others
# (0.00 on a quiet machine, ~1.00 when something else kept one CPU busy). A parallel verdict
# needs two free CPUs: a check of one that fails on a shared machine is skipped, not failed.
run_gb_watched() {
    others=$("$GB_PYTHON" -I - "$TMP" "$GILBENCH" "$@" <<'PY'
import os, resource, subprocess, sys, time
def busy():  # jiffies the CPUs spent on anything but idle and iowait
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:9]]
    return sum(v) - v[3] - v[4]
def own():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime
tick = os.sysconf("SC_CLK_TCK")
b0, c0, t0 = busy(), own(), time.monotonic()
with open(sys.argv[1] + "/out", "w") as out, open(sys.argv[1] + "/err", "w") as err:
    rc = subprocess.call(sys.argv[2:], stdout=out, stderr=err)
b1, c1, t1 = busy(), own(), time.monotonic()
others = max(0.0, ((b1 - b0) / tick - (c1 - c0)) / max(t1 - t0, 1e-3))
with open(sys.argv[1] + "/rc", "w") as f:
    f.write(str(rc))
print("%.2f" % others)
PY
)
    rc=$(cat "$TMP/rc")
}

# machine_shared: true when other work took more than a quarter of a CPU during the last
# run_gb_watched (the load average would count gilbench itself).
# machine_shared: 0 when the run could not have two CPUs: other processes used them (seen
# in /proc/stat), or the host did not give them (seen by two_cpus_now, run before; the host's
# steal does not show in /proc/stat here)
host_busy=no
machine_shared() {
    [ "$host_busy" = yes ] || [ "$("$GB_PYTHON" -I -c "print($others > 0.25)")" = True ]
}

# fail_parallel MESSAGE: a parallel check failed. On a quiet machine a failure; on a shared
# one the check is noted and the test goes on with the others, to end as a skip (finish).
skipped=""
fail_parallel() {
    machine_shared || fail "$* (other processes used $others CPUs meanwhile: the machine was quiet)"
    echo "not judged: $* - other processes used $others CPUs during the run, host busy: $host_busy"
    skipped="$skipped; $*"
}

# finish: the end of a test: exit 77 (skip) when a parallel check could not be judged.
finish() {
    if [ -n "$skipped" ]; then
        echo "skip: the machine was shared: a parallel check needs two free CPUs"
        exit 77
    fi
    exit 0
}

# two_cpus_now: 0 when the machine gives two threads a CPU each right now. A shared virtual
# machine sometimes does not (the host runs both virtual CPUs on one): then two threads that
# release the GIL get half a CPU each, gilbench rightly calls them serial, and a test of the
# parallel case has nothing to test. The control is two threads in C with the GIL released;
# each must have had the CPU for at least 75 % of its work.
two_cpus_now() {
    [ "$(cpus)" -ge 2 ] || return 1
    printf '{"name": "control", "runs": 3, "warmup": 1, "threads": [
      {"workload": "spin", "gil": "release", "args": [0.05]},
      {"workload": "spin", "gil": "release", "args": [0.05]}]}\n' >"$TMP/control.json"
    "$GILBENCH" run --json "$TMP/control.out.json" --color never "$TMP/control.json" \
        >/dev/null 2>&1 || return 1
    [ "$(q "$TMP/control.out.json" "sorted(min(t['cpu_ns'] / max(1, t['done_ns'] - t['enter_ns']) for t in x['threads']) for x in sc['control']['runs'] if not x['warmup'])[1] >= 0.75")" = True ]
}
