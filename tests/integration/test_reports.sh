#!/bin/sh
# The reports: every file written, JSON and CSV readable, what they say about the machine
# and the interpreter, standard output for "-", and a failed write leaves nothing.
. "$(dirname "$0")/lib.sh"

# no expectations here: this test is about the files, not about timing
cat >"$TMP/pair.json" <<'J'
{"name": "pair", "baseline": "one", "threads": [
  {"workload": "fibonacci", "gil": "release", "args": [1000000]},
  {"workload": "fibonacci", "gil": "hold", "args": [1000000]}]}
J
cat >"$TMP/one.json" <<'J'
{"name": "one", "description": "a, \"quoted\" description", "threads": [
  {"workload": "fibonacci", "gil": "hold", "args": [1000000]}]}
J
run_gb run -r 3 -w 1 -o "$TMP/res/r" --color never "$TMP/pair.json" "$TMP/one.json"
[ "$rc" -eq 0 ] || fail "exit status $rc"
for f in r.json r-runs.csv r-summary.csv r-threads.csv; do
    [ -s "$TMP/res/$f" ] || fail "$f missing"
done
! ls "$TMP/res" | grep -q tmp || fail "a temporary file was left"
check "four files written, no temporary file left"

[ "$(q "$TMP/res/r.json" "r['schema_version']")" = 1 ] || fail "schema_version"
[ "$(q "$TMP/res/r.json" "r['metadata']['cpu']['count'] >= 1 and isinstance(r['metadata']['command_line'], list)")" = True ] ||
    fail "metadata"
want=$("$GB_PYTHON" -I -c 'import sys; print("%d.%d" % sys.version_info[:2])')
[ "$(q "$TMP/res/r.json" "'.'.join(r['metadata']['python']['runtime']['version'].split('.')[:2])")" = "$want" ] ||
    fail "the report does not name the Python that ran"
[ "$(q "$TMP/res/r.json" "r['metadata']['python']['executable']")" = "$GB_PYTHON" ] ||
    fail "the report does not name the interpreter built against"
[ "$(q "$TMP/res/r.json" "len(sc['pair']['runs'])")" = 4 ] || fail "runs in JSON"
check "JSON: schema_version, machine, Python $want, every run"

"$GB_PYTHON" -I - "$TMP/res" <<'PY' || fail "CSV"
import csv, sys
d = sys.argv[1]
rows = list(csv.DictReader(open(d + "/r-runs.csv", newline="")))
assert "wall_s" in rows[0] and "user_s" in rows[0], rows[0].keys()
assert len(rows) == 8, len(rows)                     # 2 scenarios x (3 + 1 warmup)
assert all(float(r["wall_s"]) > 0 for r in rows)
summary = list(csv.DictReader(open(d + "/r-summary.csv", newline="")))
assert [r["scenario"] for r in summary] == ["one", "pair"], summary  # baseline first
threads = list(csv.DictReader(open(d + "/r-threads.csv", newline="")))
assert len(threads) == 4 * 2 + 4 * 1, len(threads)
print("ok: CSV files parse: %d runs, %d scenarios, %d thread rows" % (len(rows), len(summary), len(threads)))
PY

"$GILBENCH" run -r 1 -w 0 --set n=1000 --json - --color never "$SCENARIOS/gil.json" \
    >"$TMP/stdout.json" 2>"$TMP/err" || fail "--json -"
[ "$(q "$TMP/stdout.json" "r['scenarios'][0]['name']")" = gil ] || fail "stdout is not the JSON alone"
grep -q "Summary" "$TMP/err" || fail "the human output did not move to stderr"
check "--json - writes only JSON to stdout"

: >"$TMP/file"
run_gb run -r 1 -w 0 --set n=1000 --json "$TMP/ok.json" --csv "$TMP/file/r.csv" --color never \
    "$SCENARIOS/gil.json"
[ "$rc" -eq 1 ] || fail "writing under a regular file: exit status $rc, expected 1"
[ "$(grep -c "error" "$TMP/err")" -eq 1 ] || fail "not one error line"
grep -q "cannot write $TMP/file/r.csv" "$TMP/err" || fail "no clear error"
[ ! -e "$TMP/file/r.csv" ] && [ ! -s "$TMP/file" ] || fail "something was written"
[ "$(q "$TMP/ok.json" "r['scenarios'][0]['name']")" = gil ] || fail "the writable report is not whole"
check "unwritable path: exit 1, $(grep "cannot write" "$TMP/err"); the other report whole"

leftover=$(find "$TMP" -name '*.tmp*')
[ -z "$leftover" ] || fail "temporary files left behind: $leftover"
check "no temporary file left anywhere"
