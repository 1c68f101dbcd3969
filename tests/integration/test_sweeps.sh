#!/bin/sh
# A small sweep run end to end: the points run as base[k=v,...] with their "sweep" object and
# their "scaling" in the report, speedup and efficiency on the terminal and in markdown; any
# callable: "path", "setup:NAME", a variable in "call"; an import that fails is an error of
# that point only, naming the sys.path additions, and the other points run.
. "$(dirname "$0")/lib.sh"

mkdir "$TMP/mods"
cat >"$TMP/mods/mywork.py" <<'P'
def count(steps):
    total = 0
    for i in range(steps):
        total += i
    return total
P
cat >"$TMP/scaling.json" <<'J'
{"name": "sc", "sweep": {"gil": ["hold", "release"], "threads": [1, 2]},
 "vars": {"n": 1000000},
 "threads": [{"workload": "fibonacci", "gil": "$gil", "args": ["$n"], "count": "$threads"}],
 "start": "barrier", "runs": 2, "warmup": 0, "baseline": "sc[gil=${gil},threads=1]"}
J
cat >"$TMP/calls.json" <<'J'
{"name": "calls", "path": "mods", "sweep": {"module": ["mywork", "no_such_module_xyz"]},
 "setup": "def twice(steps):\n    return 2 * steps\n",
 "threads": [{"call": "${module}:count", "args": [1000]}, {"call": "setup:twice", "args": [3]}],
 "runs": 1, "warmup": 0}
J
run_gb validate "$TMP/scaling.json" "$TMP/calls.json"
[ "$rc" -eq 0 ] || fail "validate: exit status $rc"
grep -qF "ok (sc: a sweep of 4 scenarios, 1 to 2 threads)" "$TMP/out" || fail "validate: one line per sweep"
check "validate checks every point and says so in one line"

run_gb run -q --json "$TMP/r.json" --export-markdown "$TMP/r.md" --color never \
    "$TMP/scaling.json" "$TMP/calls.json"
[ "$rc" -eq 1 ] || fail "exit status $rc, expected 1 (one point cannot import its module)"
names=$(q "$TMP/r.json" "[s['name'] for s in r['scenarios']]")
[ "$names" = "['sc[gil=hold,threads=1]', 'sc[gil=hold,threads=2]', 'sc[gil=release,threads=1]', 'sc[gil=release,threads=2]', 'calls[module=mywork]', 'calls[module=no_such_module_xyz]']" ] ||
    fail "points: $names"
check "the points run in the sweep's order, named base[k=v,...]"
[ "$(q "$TMP/r.json" "sc['sc[gil=release,threads=2]']['sweep']")" = "{'base': 'sc', 'params': {'gil': 'release', 'threads': 2}}" ] ||
    fail "sweep object: $(q "$TMP/r.json" "sc['sc[gil=release,threads=2]']['sweep']")"
[ "$(q "$TMP/r.json" "len(sc['sc[gil=hold,threads=2]']['runs'][0]['threads'])")" = 2 ] ||
    fail "count: not two threads"
[ "$(q "$TMP/r.json" "sc['sc[gil=hold,threads=2]']['config']['baseline']")" = "sc[gil=hold,threads=1]" ] ||
    fail "baseline with a variable"
check "each point carries its sweep, its thread count and its baseline"
s=$(q "$TMP/r.json" "sc['sc[gil=release,threads=2]']['scaling']")
[ "$(q "$TMP/r.json" "(lambda x: x['against'] == 'sc[gil=release,threads=1]' and x['threads'] == 2 and abs(x['speedup'] - 2 * x['efficiency']) < 1e-6 and x['speedup'] > 0)(sc['sc[gil=release,threads=2]']['scaling'])")" = True ] ||
    fail "scaling in the JSON report: $s"
[ "$(q "$TMP/r.json" "sc['calls[module=mywork]']['scaling']")" = None ] || fail "scaling without threads"
check "the JSON report has speedup and efficiency against the one-thread point: $s"
grep -q "speedup  eff\." "$TMP/out" || fail "no speedup column in the summary"
grep -q "^  sc\[gil=hold,threads=1\] .* 1\.00 x 100 %" "$TMP/out" || fail "one-thread point not 1.00 x 100 %"
grep -q "| Speedup | Efficiency |" "$TMP/r.md" || fail "no speedup column in markdown"
check "speedup and efficiency on the terminal and in markdown"

[ "$(q "$TMP/r.json" "sc['calls[module=mywork]']['status']")" = ok ] ||
    fail "the point that imports from \"path\" and calls setup:twice: $(q "$TMP/r.json" "sc['calls[module=mywork]']['message']")"
check "\"path\", a variable in \"call\" and setup:NAME work"
msg=$(q "$TMP/r.json" "sc['calls[module=no_such_module_xyz]']['message']")
[ "$(q "$TMP/r.json" "sc['calls[module=no_such_module_xyz]']['status']")" = error ] || fail "bad import status"
printf '%s\n' "$msg" | grep -qF "No module named 'no_such_module_xyz' (sys.path additions: " ||
    fail "import error message: $msg"
printf '%s\n' "$msg" | grep -qF "/mods)" || fail "the import error does not name the path: $msg"
! grep -q Traceback "$TMP/out" || fail "a traceback reached the terminal"
check "a failed import is that point's error, with the sys.path additions: $msg"

# --set of a parameter runs that value only
run_gb run -q --no-save --set threads=2 --set n=1000 --color never "$TMP/scaling.json"
[ "$rc" -eq 0 ] || fail "--set threads=2: exit status $rc"
grep -q "2 scenarios: 2 ok" "$TMP/out" || fail "--set threads=2 did not run 2 points"
check "--set of a sweep parameter runs that value only"

# metadata.python.runtime holds the interpreter's own switch interval, never a scenario's
run_gb run -q --json "$TMP/si.json" --set n=1000 --color never "$SCENARIOS/convoy.json" "$SCENARIOS/gil.json"
[ "$rc" -eq 0 ] || [ "$rc" -eq 1 ] || fail "convoy and gil: exit status $rc"
[ "$(q "$TMP/si.json" "[r['metadata']['python']['runtime']['switch_interval_s'], sc['convoy[switch_interval=0.0005]']['python']['switch_interval_s']]")" = "[0.005, 0.0005]" ] ||
    fail "metadata.python.runtime.switch_interval_s is a scenario's, not the interpreter's"
check "the report's switch interval is the interpreter's; each scenario keeps its own"
