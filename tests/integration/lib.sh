# lib.sh - shared by the integration tests: a scratch folder, JSON queries, failing loudly.
# Environment from CTest: GILBENCH, GB_PYTHON, GB_SOURCE_DIR, GB_TESTS_DIR, GB_MODULE_DIR.
set -u
: "${GILBENCH:?run through ctest}" "${GB_PYTHON:?}" "${GB_SOURCE_DIR:?}" "${GB_TESTS_DIR:?}"
SCENARIOS="$GB_SOURCE_DIR/scenarios"
HERE="$GB_TESTS_DIR/integration/scenarios"
TMP=$(mktemp -d)
trap 'stop_loops; rm -rf "$TMP"' EXIT
trap 'stop_loops; exit 130' INT TERM

# start_loops N: busy loops beside the test until stop_loops (or its end); the loops that
# ci/test-busy keeps running beside the whole suite (GB_BUSY_LOOPS) count towards N: two
# busy loops means two, not two more.
pids=""
start_loops() {
    _gb_loop=${GB_BUSY_LOOPS:-0}
    while [ "$_gb_loop" -lt "$1" ]; do
        sh -c 'while :; do :; done' &
        pids="$pids $!"
        _gb_loop=$((_gb_loop + 1))
    done
}
stop_loops() {
    # shellcheck disable=SC2086
    [ -z "$pids" ] || kill $pids 2>/dev/null
    pids=""
}

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

# run_gb_watched ARGS...: run_gb, and also measure how much CPU other processes took while
# it ran (from /proc/stat, minus gilbench's own and its workers'), in CPUs: $others
# (0.00 on a quiet machine, ~1.00 when something else kept one CPU busy). Printed by the
# tests of verdicts, to show what they held beside; it excuses nothing: a verdict comes from
# the evidence of the GIL, which a busy machine cannot fake (ci/test-busy).
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
