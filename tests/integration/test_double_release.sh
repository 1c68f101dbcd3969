#!/bin/sh
# The double release aborts its worker; the run reports it and goes on.
. "$(dirname "$0")/lib.sh"

run_gb run -r 1 -w 0 --set n=1000000 --json "$TMP/r.json" --color never \
    "$SCENARIOS/double-release.json" "$SCENARIOS/gil.json"
[ "$rc" -eq 0 ] || fail "exit status $rc, expected 0 (the crash was expected)"
[ "$(q "$TMP/r.json" "sc['double-release']['status']")" = expected_crash ] || fail "status"
[ "$(q "$TMP/r.json" "(sc['double-release']['worker']['signal'], sc['double-release']['worker']['signal_name'])")" = "(6, 'SIGABRT')" ] ||
    fail "signal is not 6, SIGABRT"
q "$TMP/r.json" "sc['double-release']['message']" | grep -q "Fatal Python error: PyEval_SaveThread" ||
    fail "the fatal error is not in the message"
q "$TMP/r.json" "sc['double-release']['worker']['stderr_tail']" | grep -q "PyEval_SaveThread" ||
    fail "the fatal error is not in the stderr tail"
[ "$(q "$TMP/r.json" "len(sc['gil']['runs'])")" = 1 ] || fail "the next scenario did not run"
grep -q "crashed as expected" "$TMP/out" || fail "terminal does not say it crashed as expected"
check "expected crash reported, SIGABRT and the fatal error kept, next scenario ran"

# the same without expect.crash: a failure
sed 's/"expect": {"crash": true}/"expect": {}/' "$SCENARIOS/double-release.json" >"$TMP/dr.json"
run_gb run --json "$TMP/r2.json" --color never "$TMP/dr.json"
[ "$rc" -eq 1 ] || fail "exit status $rc, expected 1 for an unexpected crash"
[ "$(q "$TMP/r2.json" "sc['double-release']['status']")" = crashed ] || fail "status"
grep -q "crashed: killed by SIGABRT" "$TMP/out" || fail "terminal does not name SIGABRT"
q "$TMP/r2.json" "sc['double-release']['message']" | grep -q SIGABRT || fail "message does not name SIGABRT"
[ "$(q "$TMP/r2.json" "len(sc['double-release']['runs'])")" = 0 ] || fail "a run was recorded"
check "an unexpected crash fails the run with exit status 1"
