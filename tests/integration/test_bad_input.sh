#!/bin/sh
# Bad input: one clear line, exit status 2, nothing run, no report, never a traceback.
. "$(dirname "$0")/lib.sh"

expect_usage_error() { # DESCRIPTION PATTERN ARGS...
    what=$1
    pattern=$2
    shift 2
    (cd "$TMP/out.d" && "$GILBENCH" "$@") >"$TMP/out" 2>"$TMP/err"
    rc=$?
    [ "$rc" -eq 2 ] || fail "$what: exit status $rc, expected 2"
    [ "$(wc -l <"$TMP/err")" -eq 1 ] || fail "$what: expected one line on stderr"
    [ ! -s "$TMP/out" ] || fail "$what: something was printed on stdout (was a scenario run?)"
    grep -q -- "$pattern" "$TMP/err" || fail "$what: stderr does not match $pattern"
    ! grep -q Traceback "$TMP/out" "$TMP/err" || fail "$what: a traceback was printed"
    [ -z "$(ls -A "$TMP/out.d")" ] || fail "$what: something was written"
    check "$what: $(cat "$TMP/err")"
}
mkdir "$TMP/out.d"
printf '{\n  "threads": [\n    {"workload": "fibonacci", "gli": "hold", "args": [10]}\n  ]\n}\n' >"$TMP/typo.json"

expect_usage_error "typo in a key" "^$TMP/typo.json:3:31: error: threads\[0\]: unknown key \"gli\"; did you mean \"gil\"?$" \
    validate "$TMP/typo.json"
expect_usage_error "run refuses a bad file before running anything" "unknown key \"gli\"" \
    run "$TMP/typo.json" "$SCENARIOS/gil.json"
expect_usage_error "missing file" "nope.json: error: cannot read: No such file or directory" \
    run nope.json
expect_usage_error "unknown option" "unknown option --rnus; did you mean --runs?" \
    run --rnus 3 "$SCENARIOS/gil.json"
expect_usage_error "no file" "no scenario file given" run
expect_usage_error "--set without =" "expected NAME=VALUE" run --set novalue "$SCENARIOS/gil.json"
expect_usage_error "--runs 0" "expected an integer from 1" run --runs 0 "$SCENARIOS/gil.json"
expect_usage_error "unknown command" "did you mean \"run\"" rn
expect_usage_error "--set of a variable no file has" "no scenario has a variable \"m\"; did you mean \"n\"" \
    run --set m=3 "$SCENARIOS/gil.json"
cp "$TMP/typo.json" "$TMP/typo2.json"
"$GILBENCH" validate "$TMP/typo.json" "$TMP/typo2.json" >"$TMP/out" 2>"$TMP/err"
rc=$?
[ "$rc" -eq 2 ] || fail "validate of two bad files: exit status $rc, expected 2"
[ "$(wc -l <"$TMP/err")" -eq 2 ] || fail "validate: expected one line per bad file"
check "validate reports every bad file, one line each"
