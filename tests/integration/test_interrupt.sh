#!/bin/sh
# Ctrl-C: the worker is stopped, what was measured is saved, exit status 130, in a moment.
. "$(dirname "$0")/lib.sh"

# interrupt ARGS...: start gilbench ARGS in the background, SIGINT to it alone (not the
# group) after 1.5 s; it must be gone within 5 s more. Sets $rc. With $worker set, a
# worker for that scenario file must be running when the signal is sent.
interrupt() {
    "$GILBENCH" "$@" >"$TMP/out" 2>"$TMP/err" &
    pid=$!
    sleep 1.5
    if [ -n "${worker:-}" ] && command -v pgrep >/dev/null; then
        pgrep -f "__worker.*$worker" >/dev/null || fail "no worker running for $worker"
    fi
    kill -INT "$pid"
    i=0
    while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
    if kill -0 "$pid" 2>/dev/null; then
        kill -KILL "$pid"
        wait "$pid"
        fail "still running 5 s after SIGINT"
    fi
    wait "$pid"
    rc=$?
}

# many short runs: the runs made before Ctrl-C are kept
cat >"$TMP/long.json" <<'J'
{"name": "long", "threads": [{"workload": "sleep", "gil": "release", "args": [0.2]}],
 "runs": 200, "warmup": 0}
J
interrupt run --json "$TMP/r.json" --color never "$TMP/long.json" "$SCENARIOS/gil.json"
[ "$rc" -eq 130 ] || fail "exit status $rc, expected 130"
[ "$(q "$TMP/r.json" "sc['long']['status']")" = interrupted ] || fail "status"
[ "$(q "$TMP/r.json" "len(sc['long']['runs']) >= 2")" = True ] || fail "the runs made were lost"
[ "$(q "$TMP/r.json" "sc['gil']['status']")" = not_run ] || fail "the next scenario ran"
grep -q "Summary" "$TMP/out" || fail "no summary printed"
check "interrupted: $(q "$TMP/r.json" "len(sc['long']['runs'])") runs kept, next not run, exit 130"

# one long run (30 s, timeout 60): interrupted in the middle, all formats written by -o
cat >"$TMP/sleep.json" <<'J'
{"name": "sleepy", "threads": [{"workload": "sleep", "gil": "release", "args": [30]}],
 "timeout": 60, "runs": 1, "warmup": 0}
J
worker="$TMP/sleep.json"
interrupt run -o "$TMP/res/r" --color never "$TMP/sleep.json"
[ "$rc" -eq 130 ] || fail "exit status $rc, expected 130"
[ "$(q "$TMP/res/r.json" "sc['sleepy']['status']")" = interrupted ] || fail "status"
for f in r-runs.csv r-summary.csv r-threads.csv; do
    [ -f "$TMP/res/$f" ] || fail "$f not written"
done
! ls "$TMP/res" | grep -q '\.tmp' || fail "a temporary file was left"
if command -v pgrep >/dev/null; then
    ! pgrep -f "__worker.*$worker" >/dev/null || fail "the worker is still running"
fi
check "interrupted in the middle of a 30 s run: exit 130, reports written, worker gone"
