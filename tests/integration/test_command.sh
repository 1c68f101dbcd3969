#!/bin/sh
# Command scenarios through hyperfine: a tiny command timed and brought into every report;
# the argv reaches the program unchanged (no shell, never taken as an option); a missing
# hyperfine, a missing program, a failing command, a time-out and Ctrl-C, one line each.
. "$(dirname "$0")/lib.sh"

command -v hyperfine >/dev/null 2>&1 || {
    echo "skipped: hyperfine is not installed (ci/setup installs it)"
    exit 77
}

cat >"$TMP/sleep.json" <<'J'
{"name": "nap", "kind": "command", "vars": {"t": 0.01}, "command": ["sleep", "$t"],
 "runs": 3, "warmup": 1}
J
cat >"$TMP/true.json" <<'J'
{"name": "nothing", "kind": "command", "command": ["true"], "runs": 3, "warmup": 0,
 "baseline": "nap", "expect": {"ratio": {"max": 0.9}}}
J
run_gb run --json "$TMP/a.json" --csv "$TMP/a.csv" --color never "$TMP/sleep.json" "$TMP/true.json"
[ "$rc" -eq 0 ] || fail "exit status $rc"
[ "$(q "$TMP/a.json" "[sc['nap']['status'], len(sc['nap']['runs']), sc['nap']['summary']['verdict']]")" = "['ok', 3, 'none']" ] ||
    fail "nap: status, runs, verdict"
[ "$(q "$TMP/a.json" "min(x['wall_ns'] for x in sc['nap']['runs']) >= 10**7")" = True ] || fail "a run of sleep 0.01 took less than 10 ms"
[ "$(q "$TMP/a.json" "sc['nap']['process']['exit_codes']")" = "[0, 0, 0]" ] || fail "exit codes"
[ "$(q "$TMP/a.json" "sc['nap']['process']['absent_per_run']")" = "['user_ns', 'sys_ns', 'canary_ns', 'threads']" ] || fail "absent fields"
[ "$(q "$TMP/a.json" "sc['nap']['config']['command']['line']")" = "'sleep' '0.01'" ] || fail "the line given to hyperfine"
[ "$(q "$TMP/a.json" "sc['nothing']['summary']['baseline_ratio'] < 0.9")" = True ] || fail "ratio to the baseline"
grep -q "Process: *whole command timed by hyperfine, exit status 0 in every run" "$TMP/out" || fail "terminal"
grep -q "^nap,3," "$TMP/a.csv" || grep -q "^nap,2," "$TMP/a.csv" || fail "CSV has no runs of nap"
check "sleep and true timed by hyperfine: runs, exit codes, baseline ratio, CSV"

run_gb run --json "$TMP/b.json" --color never "$TMP/sleep.json" "$TMP/true.json"
run_gb compare "$TMP/a.json" "$TMP/b.json"
[ "$rc" -eq 0 ] || [ "$rc" -eq 1 ] || fail "compare of two reports with command scenarios: exit status $rc"
grep -q nap "$TMP/out" || fail "compare does not list nap"
run_gb report -o "$TMP/a.html" "$TMP/a.json"
[ "$rc" -eq 0 ] && [ -s "$TMP/a.html" ] || fail "report --html: exit status $rc"
check "compare and the HTML report read them back"

cat >"$TMP/swept.json" <<'J'
{"name": "naps", "kind": "command", "sweep": {"t": ["0.01", "0.02"]}, "command": ["sleep", "$t"],
 "runs": 2, "warmup": 0}
J
run_gb run --json "$TMP/s.json" --color never "$TMP/swept.json"
[ "$rc" -eq 0 ] || fail "a swept command: exit status $rc"
[ "$(q "$TMP/s.json" "[sc['naps[t=0.01]']['config']['command']['line'], sc['naps[t=0.02]']['sweep']['params']]")" = \
    "[\"'sleep' '0.01'\", {'t': '0.02'}]" ] || fail "a swept command: its points"
check "a command scenario is swept like any other"

# The argv as the program sees it: quotes, spaces, an empty string, shell syntax left inert.
cat >"$TMP/argv.json" <<J
{"name": "argv", "kind": "command", "runs": 1, "warmup": 0,
 "command": ["$GB_PYTHON", "-c", "import sys, json; open(sys.argv[1], 'a').write(json.dumps(sys.argv[2:]) + '\\\\n')",
             "$TMP/argv.out", "a b", "it's", "", "\$\$HOME", "*", "#x", "new\\nline", "back\\\\slash", "é\\"q", "--help", "; rm -rf /"]}
J
run_gb run --no-save "$TMP/argv.json"
[ "$rc" -eq 0 ] || fail "argv scenario: exit status $rc"
expected='["a b", "it'"'"'s", "", "$HOME", "*", "#x", "new\nline", "back\\slash", "\u00e9\"q", "--help", "; rm -rf /"]'
[ "$(head -n 1 "$TMP/argv.out")" = "$expected" ] || { cat "$TMP/argv.out"; fail "the argv arrived changed"; }
check "every argument arrived as written"

# A program whose name looks like an option is run, not taken as one of hyperfine's.
mkdir "$TMP/bin"
printf '#!/bin/sh\ntouch "%s/ran"\n' "$TMP" >"$TMP/bin/--version"
chmod +x "$TMP/bin/--version"
cat >"$TMP/dash.json" <<J
{"name": "dash", "kind": "command", "command": ["--version"], "env": {"PATH": "$TMP/bin:/usr/bin:/bin"},
 "runs": 1, "warmup": 0}
J
PATH="$TMP/bin:$PATH" run_gb run --no-save "$TMP/dash.json"
[ "$rc" -eq 0 ] && [ -f "$TMP/ran" ] || fail "a program named --version was not run (exit status $rc)"
check "a name like an option is the program, after --"

# Failures: one line each, for that scenario only; the next one runs.
cat >"$TMP/missing.json" <<'J'
{"name": "missing", "kind": "command", "command": ["gilbench-no-such-program"], "runs": 1}
J
cat >"$TMP/fails.json" <<'J'
{"name": "fails", "kind": "command", "command": ["false"], "runs": 2, "warmup": 0}
J
cat >"$TMP/ignored.json" <<'J'
{"name": "ignored", "kind": "command", "shell": "exit 3", "ignore_failure": true, "runs": 2, "warmup": 0}
J
run_gb run --json "$TMP/f.json" --color never "$TMP/missing.json" "$TMP/fails.json" "$TMP/ignored.json" "$TMP/true.json"
[ "$rc" -eq 1 ] || fail "exit status $rc, expected 1"
grep -q 'error: command not found: "gilbench-no-such-program" (searched PATH)' "$TMP/out" || fail "missing program"
grep -q 'crashed: the command exited with status 1; add "ignore_failure": true' "$TMP/out" || fail "non-zero exit"
[ "$(q "$TMP/f.json" "[sc['missing']['status'], sc['fails']['status'], sc['ignored']['status'], sc['ignored']['process']['exit_codes'], sc['nothing']['status']]")" = "['error', 'crashed', 'ok', [3, 3], 'ok']" ] ||
    fail "statuses"
check "missing program, failing command, ignore_failure, and the next scenario ran"

env PATH=/nonexistent "$GILBENCH" run --no-save --color never "$TMP/true.json" >"$TMP/out" 2>"$TMP/err"
rc=$?
[ "$rc" -eq 1 ] || fail "without hyperfine: exit status $rc"
grep -q "error: hyperfine is not installed (not found in PATH)" "$TMP/out" || fail "without hyperfine: message"
check "hyperfine missing: one line"

cat >"$TMP/slow.json" <<'J'
{"name": "slow", "kind": "command", "command": ["sleep", "7.31"], "runs": 1, "warmup": 0, "timeout": 0.3}
J
start=$(date +%s)
run_gb run --no-save --color never "$TMP/slow.json"
elapsed=$(($(date +%s) - start))
[ "$rc" -eq 1 ] && [ "$elapsed" -lt 6 ] || fail "time-out: exit status $rc after $elapsed s"
grep -q "timed out: hyperfine took longer than 2.3 s" "$TMP/out" || fail "time-out: message"
sleep 0.2
pgrep -f "sleep 7.31" >/dev/null && fail "the command outlived the time-out"
check "time-out: killed with its command in $elapsed s"

"$GILBENCH" run --no-save --color never "$TMP/slow.json" "$TMP/true.json" >"$TMP/out" 2>"$TMP/err" &
pid=$!
sleep 1
kill -INT "$pid"
wait "$pid"
rc=$?
[ "$rc" -eq 130 ] || fail "Ctrl-C: exit status $rc, expected 130"
grep -q "interrupted: hyperfine reports its runs only at its end" "$TMP/out" || fail "Ctrl-C: message"
sleep 0.2
pgrep -f "sleep 7.31" >/dev/null && fail "the command outlived Ctrl-C"
check "Ctrl-C: hyperfine and its command stopped, exit status 130"

# The shipped process scenarios, shortened: the module is found, the figures come. A module
# built with sanitizers does not load into a plain python3 (it needs their runtimes first).
if ! PYTHONPATH="$GB_MODULE_DIR" "$GB_PYTHON" -c "import gilbench" 2>/dev/null; then
    echo "note: a plain python3 cannot import the module of this build (sanitizers?): the shipped process scenario is not run"
    exit 0
fi
run_gb run --json "$TMP/p.json" --color never -r 2 -w 0 --set n=10000000 --set "module_dir=$GB_MODULE_DIR" \
    --set "python=$GB_PYTHON" "$SCENARIOS/process/proc-gil.json"
[ "$rc" -eq 0 ] || fail "proc-gil: exit status $rc"
[ "$(q "$TMP/p.json" "sc['proc-gil']['process']['exit_codes']")" = "[0, 0]" ] || fail "proc-gil exit codes"
check "scenarios/process/proc-gil.json runs the built module in a whole python3"

# hyperfine's export file has no name: a driver killed with SIGKILL leaves nothing in TMPDIR
mkdir "$TMP/tmpd"
printf '{"name": "long", "kind": "command", "command": ["sleep", "1"], "runs": 5, "warmup": 0}\n' >"$TMP/long.json"
TMPDIR="$TMP/tmpd" "$GILBENCH" run --no-save --color never "$TMP/long.json" >/dev/null 2>&1 &
pid=$!
sleep 1.5
kill -KILL $pid
wait $pid 2>/dev/null
[ -z "$(ls -A "$TMP/tmpd")" ] || fail "a killed driver left $(ls "$TMP/tmpd")"
check "a killed driver leaves no hyperfine export behind"
