#!/bin/sh
# Help that teaches, the version with its Python, the listing commands.
. "$(dirname "$0")/lib.sh"

run_gb --help
[ "$rc" -eq 0 ] || fail "--help"
for word in run validate list workloads "Exit status" 130; do
    grep -q "$word" "$TMP/out" || fail "--help does not mention $word"
done
check "--help lists the commands and exit statuses"
run_gb --version
grep -q "Python" "$TMP/out" || fail "--version does not name Python"
check "--version: $(head -2 "$TMP/out" | tr '\n' ' ')"
for args in "help run" "run --help"; do
    # shellcheck disable=SC2086
    run_gb $args
    [ "$rc" -eq 0 ] && grep -q -- "--runs" "$TMP/out" || fail "$args"
done
check "help run / run --help list --runs"
run_gb workloads
for w in fibonacci spin sleep empty double_release; do
    grep -q "^  $w(" "$TMP/out" || fail "workloads does not list $w"
done
check "workloads lists all five"
run_gb list "$SCENARIOS"/*.json
grep -q "gil+nogil" "$TMP/out" || fail "list"
run_gb validate "$SCENARIOS"/*.json
[ "$rc" -eq 0 ] || fail "a shipped scenario is invalid"
check "list and validate on the shipped scenarios"

# closed standard descriptors: the pipes to the worker must not take their place
printf '{"name": "closedfds", "threads": [{"workload": "fibonacci", "gil": "hold", "args": [1000]}], "runs": 3, "warmup": 0}\n' >"$TMP/closedfds.json"
"$GILBENCH" run --json "$TMP/closedfds-r.json" "$TMP/closedfds.json" <&- >&- 2>&-
rc=$?
[ "$rc" -eq 0 ] || fail "stdin, stdout and stderr closed: exit $rc"
[ "$(q "$TMP/closedfds-r.json" "sc['closedfds']['status']")" = ok ] ||
    fail "closed descriptors: $(q "$TMP/closedfds-r.json" "sc['closedfds']['message']")"
check "run with stdin, stdout and stderr closed measures"

# the worker runs the scenario the driver validated, never the path again: a pipe is read
# once, and a file edited during the run changes nothing
printf '{"name": "piped", "threads": [{"python": "pass"}], "runs": 2, "warmup": 0}\n' |
    "$GILBENCH" run --json "$TMP/piped.json" /dev/stdin >"$TMP/out" 2>"$TMP/err"
rc=$?
[ "$rc" -eq 0 ] && [ "$(q "$TMP/piped.json" "sc['piped']['status']")" = ok ] ||
    fail "a scenario on a pipe: exit $rc, $(cat "$TMP/err")"
printf '{"name": "edited", "threads": [{"python": "pass"}], "runs": 2, "warmup": 0}\n' >"$TMP/edited.json"
cat >"$TMP/editor.json" <<EOF2
{"name": "editor", "setup": "open('$TMP/edited.json', 'w').write('{\"name\": \"edited\", \"threads\": [{\"python\": \"raise RuntimeError(1)\"}]}')",
 "threads": [{"python": "pass"}], "runs": 1, "warmup": 0}
EOF2
run_gb run --json "$TMP/e.json" "$TMP/editor.json" "$TMP/edited.json"
grep -q RuntimeError "$TMP/edited.json" || fail "the editor scenario did not edit"
[ "$rc" -eq 0 ] && [ "$(q "$TMP/e.json" "sc['edited']['status']")" = ok ] ||
    fail "an edited file: the worker ran the new text: $(q "$TMP/e.json" "sc['edited']['message']")"
check "the worker runs the validated scenario: from a pipe, and unchanged by an edit"

# text from a scenario or a worker reaches the terminal with its control characters escaped
printf '%s\n' '{"name": "esc", "description": "x\n\u001b[2Jcleared\u009b",
 "threads": [{"name": "t\u001b[31m", "python": "raise RuntimeError(\"boom\\u001b[2J\")"}],
 "runs": 1, "warmup": 0}' >"$TMP/esc.json"
for cmd in list validate "run --no-save --color never"; do
    # shellcheck disable=SC2086
    "$GILBENCH" $cmd "$TMP/esc.json" >"$TMP/out" 2>&1
    ! LC_ALL=C grep -q "$(printf '\033')" "$TMP/out" || fail "$cmd: an escape reached the terminal"
    ! LC_ALL=C grep -q "$(printf '\302\233')" "$TMP/out" || fail "$cmd: a C1 control reached it"
done
grep -q 'x\\n\\x1b\[2Jcleared' "$TMP/out" || fail "run: the description is not shown escaped"
grep -q 'RuntimeError: boom\\x1b\[2J' "$TMP/out" || fail "run: the exception is not shown escaped"
check "list, validate and run show control characters escaped"

# a report on standard output that cannot be written says where it went
printf '{"name": "full", "threads": [{"python": "pass"}], "runs": 1, "warmup": 0}\n' >"$TMP/full.json"
"$GILBENCH" run --json - --color never "$TMP/full.json" >/dev/full 2>"$TMP/err"
rc=$?
[ "$rc" -eq 1 ] || fail "--json - on a full disk: exit $rc"
grep -q "cannot write the json report to standard output (-): No space left on device" "$TMP/err" ||
    fail "--json - on a full disk: $(tail -1 "$TMP/err")"
check "a failing --json - names standard output and why"
