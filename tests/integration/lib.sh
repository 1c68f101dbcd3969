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
