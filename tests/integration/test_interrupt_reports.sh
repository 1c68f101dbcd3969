#!/bin/sh
# Interrupts and report files: SIGTERM writes every requested format with what was
# measured and says `interrupted`; a second Ctrl-C stops at once and takes the worker along;
# a report that cannot be written (full disk, a path under a file, a directory) is named
# and the others are still written; a FIFO is written in place; a report on standard
# output (-, /dev/stdout, ...) has it to itself.
. "$(dirname "$0")/lib.sh"

cat >"$TMP/long.json" <<'J'
{"name": "long", "threads": [{"workload": "sleep", "gil": "release", "args": [0.1]}],
 "runs": 300, "warmup": 0}
J
cat >"$TMP/sleepy.json" <<'J'
{"name": "sleepy", "threads": [{"workload": "sleep", "gil": "release", "args": [30]}],
 "runs": 1, "warmup": 0, "timeout": 60}
J
printf '{"name": "quick", "threads": [{"workload": "empty", "gil": "hold"}], "runs": 2, "warmup": 0}\n' \
    >"$TMP/quick.json"

# gone_within PID TENTHS: wait for PID to end; fail when it is still there after TENTHS/10 s
gone_within() {
    i=0
    while kill -0 "$1" 2>/dev/null && [ $i -lt "$2" ]; do sleep 0.1; i=$((i + 1)); done
    if kill -0 "$1" 2>/dev/null; then
        kill -KILL "$1"
        fail "still running $(($2 / 10)) s after the signal"
    fi
    wait "$1"
    rc=$?
}

# SIGTERM in the middle: every format is written, whole, and says so
out="$TMP/res"
"$GILBENCH" run --color never --json "$out/r.json" --csv "$out/runs.csv" \
    --csv-summary "$out/summary.csv" --csv-threads "$out/threads.csv" --html "$out/r.html" \
    --export-trace "$out/trace.json" --export-markdown "$out/r.md" \
    --export-hyperfine "$out/hf.json" "$TMP/long.json" "$TMP/quick.json" >"$TMP/out" 2>"$TMP/err" &
pid=$!
sleep 1.5
kill -TERM "$pid"
gone_within "$pid" 50
[ "$rc" -eq 130 ] || fail "exit status $rc after SIGTERM, expected 130"
for f in r.json runs.csv summary.csv threads.csv r.html trace.json r.md hf.json; do
    [ -s "$out/$f" ] || fail "$f not written after SIGTERM"
done
! ls "$out" | grep -q '\.tmp' || fail "a temporary file was left"
[ "$(q "$out/r.json" "(r['metadata']['interrupted'], r['metadata']['interrupt_signal'])")" = "(True, 'SIGTERM')" ] ||
    fail "the report does not say it was interrupted by SIGTERM"
[ "$(q "$out/r.json" "sc['long']['status'] == 'interrupted' and len(sc['long']['runs']) >= 2")" = True ] ||
    fail "the runs made before SIGTERM were lost"
grep -q interrupted "$out/r.md" || fail "the markdown table does not say interrupted"
grep -q interrupted "$out/r.html" || fail "the HTML page does not say interrupted"
"$GB_PYTHON" -I -c 'import json, sys; [json.load(open(f)) for f in sys.argv[1:]]' \
    "$out/trace.json" "$out/hf.json" || fail "an export is not whole JSON"
check "SIGTERM: exit 130, 8 formats written whole, metadata.interrupted, $(q "$out/r.json" "len(sc['long']['runs'])") runs kept"

# a second Ctrl-C stops at once, and the worker does not outlive the driver
"$GILBENCH" run --no-save --color never "$TMP/sleepy.json" >"$TMP/out" 2>"$TMP/err" &
pid=$!
sleep 1.5
kill -INT "$pid"
kill -INT "$pid"
gone_within "$pid" 30
[ "$rc" -eq 130 ] || fail "exit status $rc after two Ctrl-C, expected 130"
sleep 0.3
if command -v pgrep >/dev/null; then
    ! pgrep -f "__worker.*$TMP/sleepy.json" >/dev/null || fail "the worker outlived the driver"
fi
check "two Ctrl-C: gone at once with 130, worker gone too"

# a report that cannot be written is named, the others are still written, exit 1
: >"$TMP/afile"
run_gb run -q --color never --json /dev/full --csv "$TMP/afile/runs.csv" \
    --export-markdown "$TMP/ok.md" "$TMP/quick.json"
[ "$rc" -eq 1 ] || fail "exit status $rc when reports could not be written, expected 1"
grep -qx "gilbench: error: cannot write /dev/full: No space left on device" "$TMP/err" ||
    fail "the full disk is not named"
grep -qx "gilbench: error: cannot write $TMP/afile/runs.csv: Not a directory" "$TMP/err" ||
    fail "the path under a file is not named"
[ -s "$TMP/ok.md" ] || fail "the writable report was not written"
# a folder given as a report file is refused before anything runs (issue 13, case 3)
run_gb run -q --color never --html "$TMP" --export-markdown "$TMP/ok3.md" "$TMP/quick.json"
[ "$rc" -eq 2 ] || fail "exit status $rc with a folder as a report, expected 2 (refused up front)"
grep -qx "gilbench run: --html $TMP: a folder, not a file name (e.g. $TMP/run)" "$TMP/err" ||
    fail "the directory is not named: $(cat "$TMP/err")"
[ ! -e "$TMP/ok3.md" ] || fail "a folder as a report: something ran and was written"
check "full disk, a path under a file: each named, the other report written; a folder refused"

# an unwritable folder (not as root: root writes anywhere)
if [ "$(id -u)" -ne 0 ]; then
    mkdir "$TMP/ro" && chmod 555 "$TMP/ro"
    run_gb run -q --color never --json "$TMP/ro/r.json" --export-markdown "$TMP/ok2.md" "$TMP/quick.json"
    grep -q "cannot write $TMP/ro/r.json: Permission denied" "$TMP/err" || fail "read-only folder"
    [ -s "$TMP/ok2.md" ] || fail "the other report was not written"
    check "an unwritable folder is named"
fi

# a FIFO is written in place (not replaced by a file), and so is /dev/stdout
mkfifo "$TMP/fifo"
"$GB_PYTHON" -I -c 'import json, sys; print(json.load(open(sys.argv[1]))["schema_version"])' \
    "$TMP/fifo" >"$TMP/fifo.out" &
reader=$!
run_gb run -q --color never --json "$TMP/fifo" "$TMP/quick.json"
wait "$reader"
[ "$rc" -eq 0 ] || fail "writing to a FIFO: exit status $rc"
[ -p "$TMP/fifo" ] || fail "the FIFO was replaced"
[ -s "$TMP/fifo.out" ] || fail "the reader of the FIFO got no report"
check "a FIFO is written in place"

# A report on standard output has it to itself, whatever name says so: the terminal output
# (scenario blocks, the summary) goes to standard error, so the order of the two on one
# stream is never a question (docs/report.md). Through a pipe, as a reader sees it.
sed 's/"quick"/"quick2"/' "$TMP/quick.json" >"$TMP/quick2.json"
for name in - /dev/stdout /dev/fd/1; do
    { "$GILBENCH" run --color never --json "$name" "$TMP/quick.json" "$TMP/quick2.json" \
        2>"$TMP/err"; echo $? >"$TMP/rc"; } | cat >"$TMP/out"
    [ "$(cat "$TMP/rc")" -eq 0 ] || fail "--json $name: exit status $(cat "$TMP/rc")"
    [ "$(q "$TMP/out" "[s['name'] for s in r['scenarios']]")" = "['quick', 'quick2']" ] ||
        fail "--json $name: standard output is not the report alone"
    grep -q "2 scenarios: 2 ok, 0 failed" "$TMP/err" ||
        fail "--json $name: the summary did not go to standard error"
done
# standard output redirected to the very file named: the report, whole, once
"$GILBENCH" run -q --color never --json "$TMP/same.json" "$TMP/quick.json" >"$TMP/same.json" 2>"$TMP/err" ||
    fail "--json FILE >FILE: exit status $?"
[ "$(q "$TMP/same.json" "len(r['scenarios'])")" = 1 ] || fail "--json FILE >FILE: not the report alone"
# two reports cannot share standard output under two names
run_gb run -q --no-save --color never --json - --csv /dev/stdout "$TMP/quick.json"
[ "$rc" -eq 2 ] || fail "--json - --csv /dev/stdout: exit status $rc, expected 2"
check "a report on standard output (-, /dev/stdout, /dev/fd/1, its own file) has it alone"

# a Ctrl-C during the final writes (the report on a pipe nobody reads yet): the reports are
# complete and say so, the write is not cut short
printf '{"name": "many", "threads": [{"python": "pass"}], "runs": 400, "warmup": 0}\n' >"$TMP/many.json"
(
    (
        "$GILBENCH" run --json - --color never "$TMP/many.json" 2>"$TMP/werr" &
        echo $! >"$TMP/wpid"
        wait $!
        echo $? >"$TMP/wrc"
    ) | (sleep 6 && cat >"$TMP/w.json")
) &
pipeline=$!
i=0
while ! grep -q "scenario: 1 ok" "$TMP/werr" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
sleep 0.5
kill -INT "$(cat "$TMP/wpid")"
wait $pipeline
[ "$(cat "$TMP/wrc")" -eq 0 ] || fail "Ctrl-C during the writes: exit $(cat "$TMP/wrc"), expected 0"
[ "$(q "$TMP/w.json" "[r['metadata']['interrupted'], len(sc['many']['runs'])]")" = "[False, 400]" ] ||
    fail "Ctrl-C during the writes: the report is not whole or says interrupted"
grep -q "SIGINT came after the last scenario: the reports are complete" "$TMP/werr" ||
    fail "not said: $(tail -1 "$TMP/werr")"
check "a Ctrl-C during the final writes leaves complete reports, labelled complete"
