#!/bin/sh
# Python raising (import, setup, a thread during a run): that scenario is an error with a
# one-line message, the others run, the exit status is 1.
. "$(dirname "$0")/lib.sh"

cat >"$TMP/import.json" <<'J'
{"name": "bad-import", "threads": [{"call": "no_such_module_xyz:f"}], "runs": 1, "warmup": 0}
J
cat >"$TMP/setup.json" <<'J'
{"name": "bad-setup", "setup": "1/0", "threads": [{"python": "pass"}], "runs": 1, "warmup": 0}
J
cat >"$TMP/raise.json" <<'J'
{"name": "bad-thread", "threads": [{"python": "pass"}, {"python": "raise ValueError('boom')"}],
 "runs": 1, "warmup": 0}
J
cat >"$TMP/exit.json" <<'J'
{"name": "exits", "threads": [{"python": "raise SystemExit(3)"}], "runs": 1, "warmup": 0}
J
run_gb run --json "$TMP/r.json" --color never "$TMP/import.json" "$TMP/setup.json" \
    "$TMP/raise.json" "$TMP/exit.json" "$SCENARIOS/double-release.json"
[ "$rc" -eq 1 ] || fail "exit status $rc, expected 1"
for pair in "bad-import:ModuleNotFoundError: No module named 'no_such_module_xyz'" \
    "bad-setup:ZeroDivisionError" "bad-thread:t2: ValueError: boom" "exits:SystemExit: 3"; do
    name=${pair%%:*}
    want=${pair#*:}
    [ "$(q "$TMP/r.json" "sc['$name']['status']")" = error ] || fail "$name: status"
    q "$TMP/r.json" "sc['$name']['message']" | grep -qF "$want" || fail "$name: message"
    # on the terminal: the scenario's header, then its message, one line
    block=$(awk -v n="$name" 'index($0, n " [") == 1 { on = 1 } on && /^$/ { exit } on' "$TMP/out")
    [ "$(printf '%s\n' "$block" | wc -l)" -eq 2 ] || fail "$name: not one line on the terminal: $block"
    printf '%s\n' "$block" | tail -1 | grep -qF "error: " || fail "$name: no error line on the terminal"
    printf '%s\n' "$block" | tail -1 | grep -qF "$want" || fail "$name: the terminal does not say $want"
    check "$name is an error: $(q "$TMP/r.json" "sc['$name']['message']")"
done
! grep -q Traceback "$TMP/out" || fail "a traceback reached the terminal"
q "$TMP/r.json" "sc['bad-thread']['worker']['stderr_tail']" | grep -q "^Traceback" ||
    fail "the traceback is not kept in the report (worker.stderr_tail)"
[ "$(q "$TMP/r.json" "sc['double-release']['status']")" = expected_crash ] ||
    fail "the scenario after the errors did not run"
check "no traceback on the terminal; the run went on"

# forged lines on the result channel (descriptor 3) never make `run` write a report that
# `report` refuses: the line is refused, the scenario is an error that says so
cat >"$TMP/forged.json" <<'J'
{"name": "forged", "setup": "import os",
 "threads": [{"python": "os.write(3, b'{\"type\": \"run\", \"index\": 0, \"warmup\": false, \"wall_ns\": -5, \"user_ns\": 0, \"sys_ns\": 0, \"threads\": [[0,0,0,0,0,0,0,0,0,0,0,0,0,0]]}\\n')"}],
 "runs": 2, "warmup": 0}
J
run_gb run --json "$TMP/forged-r.json" --color never "$TMP/forged.json"
[ "$rc" -eq 1 ] || fail "forged line: exit $rc"
[ "$(q "$TMP/forged-r.json" "sc['forged']['status']")" = error ] || fail "forged line: status"
q "$TMP/forged-r.json" "sc['forged']['message']" | grep -q "invalid line on the worker's result channel" ||
    fail "forged line: $(q "$TMP/forged-r.json" "sc['forged']['message']")"
run_gb report -f csv -o "$TMP/forged.csv" "$TMP/forged-r.json"
[ "$rc" -eq 0 ] || fail "report refuses what run wrote: $(cat "$TMP/err")"
check "a forged result line is refused; the report stays readable"
