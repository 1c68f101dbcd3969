#!/bin/sh
# Ctrl-C: the worker is stopped, what was measured is saved, exit status 130.
. "$(dirname "$0")/lib.sh"

cat >"$TMP/long.json" <<'J'
{"name": "long", "threads": [{"workload": "sleep", "gil": "release", "args": [0.2]}],
 "runs": 200, "warmup": 0}
J
"$GILBENCH" run --json "$TMP/r.json" --color never "$TMP/long.json" "$SCENARIOS/gil.json" \
    >"$TMP/out" 2>"$TMP/err" &
pid=$!
sleep 1.5
kill -INT "$pid"
i=0
while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
wait "$pid"
rc=$?
[ "$rc" -eq 130 ] || fail "exit status $rc, expected 130"
[ "$(q "$TMP/r.json" "sc['long']['status']")" = interrupted ] || fail "status"
[ "$(q "$TMP/r.json" "len(sc['long']['runs']) >= 2")" = True ] || fail "the runs made were lost"
[ "$(q "$TMP/r.json" "sc['gil']['status']")" = not_run ] || fail "the next scenario ran"
check "interrupted: $(q "$TMP/r.json" "len(sc['long']['runs'])") runs kept, exit 130"
