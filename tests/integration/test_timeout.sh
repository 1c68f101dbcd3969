#!/bin/sh
# A hung scenario is killed after its timeout and reported; the run goes on.
. "$(dirname "$0")/lib.sh"

cat >"$TMP/hang.json" <<'J'
{"name": "hang", "threads": [{"workload": "sleep", "gil": "release", "args": [30]}],
 "timeout": 0.5, "runs": 1, "warmup": 0}
J
start=$(date +%s)
run_gb run --json "$TMP/r.json" --color never "$TMP/hang.json" "$SCENARIOS/gil.json" --set n=1000
elapsed=$(($(date +%s) - start))
[ "$rc" -eq 1 ] || fail "exit status $rc, expected 1"
[ "$elapsed" -lt 10 ] || fail "took $elapsed s: the timeout did not stop the worker"
[ "$(q "$TMP/r.json" "sc['hang']['status']")" = timeout ] || fail "status"
grep -q "timed out" "$TMP/out" || fail "terminal does not say timed out"
[ "$(q "$TMP/r.json" "sc['gil']['status']")" = ok ] || fail "the next scenario did not run"
check "timed out in ${elapsed} s, killed, next scenario ran"
