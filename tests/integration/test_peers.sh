#!/bin/sh
# The peers (docs/peers.md): the implementations table of a fixture report in markdown and
# HTML, the same table in the terminal after a run of scenarios named base[module=...], the
# folders the workers import from, and the shipped scenarios/peers against every peer built
# (a ratio expectation may fail on a shared machine: only the verdicts are checked).
. "$(dirname "$0")/lib.sh"

# --- the table from a fixture report (no clock) --------------------------------------------
run_gb report -f markdown -o - "$GB_TESTS_DIR/integration/reports/peers.json"
[ "$rc" -eq 0 ] || fail "report -f markdown: exit status $rc"
cat >"$TMP/want.md" <<'MD'
| module | gil | nogil | gil+gil | nogil+gil | gil+nogil | gil vs gilbench |
|:---|---:|---:|---:|---:|---:|---:|
| gilbench | 92.0 ms single | 92.0 ms single | 182.0 ms serial | 92.0 ms parallel | 182.0 ms serial | 1.00 × |
| gilbench\_pybind11 | 94.0 ms single | 94.0 ms single | 186.0 ms serial | 94.0 ms parallel | 186.0 ms serial | 1.02 × |
| gilbench\_pyo3 | 98.0 ms single | 98.0 ms single | 194.0 ms serial | 98.0 ms parallel | 194.0 ms serial | 1.07 × |
| gilbench\_cython | 93.0 ms single | 93.0 ms single | 184.0 ms serial | 93.0 ms parallel | **error** | 1.01 × |
MD
grep -A5 '^| module |' "$TMP/out" >"$TMP/got.md"
diff "$TMP/want.md" "$TMP/got.md" || fail "markdown: the implementations table differs (above)"
check "markdown: the implementations table of the fixture, exactly"

run_gb report -o "$TMP/peers.html" "$GB_TESTS_DIR/integration/reports/peers.json"
[ "$rc" -eq 0 ] || fail "report (html): exit status $rc"
"$GB_PYTHON" -I - "$TMP/peers.html" <<'PY' || fail "HTML: the implementations table"
import re, sys
page = open(sys.argv[1], encoding="utf-8").read()
start = page.index('<section id="implementations"')
assert start < page.index('<section id="summary"'), "the table comes first"
table = page[start:page.index("</section>", start)]
rows = re.findall(r'<tr><th scope="row">([^<]*)</th>', table)
assert rows == ["gilbench", "gilbench_pybind11", "gilbench_pyo3", "gilbench_cython"], rows
heads = re.findall(r'<th scope="col" class="num">([^<]*)</th>', table)
assert heads == ["gil", "nogil", "gil+gil", "nogil+gil", "gil+nogil", "gil vs gilbench"], heads
assert table.count('<span class="verdict verdict-parallel">parallel</span>') == 4
assert table.count('<span class="badge fail">error</span>') == 1
assert "1.07 &times;" in table
links = re.findall(r'href="#(scenario-\d+)"', table)
assert len(links) == 20 and all('id="%s"' % l in page for l in links), links
PY
check "HTML: the implementations table first, a row per module, cells linked to their sections"

# --- the terminal: scenarios named base[module=...] (what a sweep over module makes) -------
for m in gilbench other; do
    cat >"$TMP/fib-$m.json" <<J
{"name": "fib[module=$m]", "runs": 2, "warmup": 0,
 "threads": [{"call": "gilbench:fibonacci_gil", "args": [1000]}]}
J
    cat >"$TMP/pair-$m.json" <<J
{"name": "pair[module=$m]", "runs": 2, "warmup": 0, "threads": [
  {"call": "gilbench:fibonacci_nogil", "args": [1000]},
  {"call": "gilbench:fibonacci_gil", "args": [1000]}]}
J
done
run_gb run --no-save --color never "$TMP"/fib-*.json "$TMP"/pair-*.json
[ "$rc" -eq 0 ] || fail "exit status $rc"
sed -n '/^Implementations/,$p' "$TMP/out" >"$TMP/table"
grep -Eq '^  module +fib +pair +fib vs gilbench$' "$TMP/table" || fail "terminal: header"
grep -Eq '^  gilbench +[0-9.]+ .s single +[0-9.]+ .s [a-z]+ +1\.00 x$' "$TMP/table" ||
    fail "terminal: the gilbench row"
grep -Eq '^  other +[0-9.]+ .s single +[0-9.]+ .s [a-z]+ +[0-9.]+ x$' "$TMP/table" ||
    fail "terminal: the other row"
[ "$(wc -l <"$TMP/table")" -eq 4 ] || fail "terminal: a title, a header and two rows"
check "terminal: the implementations table after the summary"
run_gb run --no-save --color never "$TMP/fib-gilbench.json"
! grep -q Implementations "$TMP/out" || fail "a table for a run without sweeps"
check "terminal: no table without a sweep over module"

# --- where the workers import from ----------------------------------------------------------
mkdir -p "$TMP/mods"
printf 'def work(n):\n    return n + 1\n' >"$TMP/mods/gb_test_mod.py"
printf '{"name": "mine", "runs": 1, "warmup": 0, "threads": [{"call": "gb_test_mod:work", "args": [1]}]}\n' \
    >"$TMP/mine.json"
(cd "$TMP" && "$GILBENCH" run --no-save --color never "$TMP/mine.json" >"$TMP/out" 2>"$TMP/err")
[ $? -eq 1 ] && grep -q "gb_test_mod" "$TMP/out" "$TMP/err" ||
    fail "a module outside sys.path was imported, or the error does not name it"
(cd "$TMP" && GILBENCH_PYTHONPATH="$TMP/nowhere::$TMP/mods" "$GILBENCH" run --no-save \
    --color never "$TMP/mine.json" >"$TMP/out" 2>"$TMP/err") || fail "GILBENCH_PYTHONPATH"
check "the workers import from \$GILBENCH_PYTHONPATH (empty and missing folders ignored)"

built=""
missing=""
for p in gilbench_pybind11 gilbench_pyo3 gilbench_cython; do
    if ls "$GB_MODULE_DIR/$p".*.so >/dev/null 2>&1; then built="$built $p"; else missing="$missing $p"; fi
done
for p in $built; do
    printf '{"name": "%s", "runs": 1, "warmup": 0, "threads": [{"call": "%s:fibonacci_nogil", "args": [50]}]}\n' \
        "$p" "$p" >"$TMP/$p.json"
    (cd "$TMP" && "$GILBENCH" run --no-save --color never "$TMP/$p.json" >"$TMP/out" 2>"$TMP/err") ||
        fail "$p: not imported from the build's module folder"
done
[ -z "$built" ] || check "the workers import the peers built here:$built"

# --- the shipped peers scenarios ------------------------------------------------------------
[ -z "$missing" ] || {
    echo "not run: scenarios/peers need every peer, and these were not built:$missing ($GB_PEERS_SKIPPED)"
    exit 0
}
run_gb_watched run -r 3 -w 1 --set n=100000000 --json "$TMP/p.json" --export-markdown "$TMP/p.md" \
    --color never "$SCENARIOS"/peers/*.json
[ "$rc" -eq 0 ] || [ "$rc" -eq 1 ] || fail "scenarios/peers: exit status $rc"
sed -n '/^Implementations/,$p' "$TMP/out"
for m in gilbench gilbench_pybind11 gilbench_pyo3 gilbench_cython; do
    for pair in gil:single nogil:single gil+gil:serial nogil+gil:parallel gil+nogil:serial; do
        name="${pair%%:*}[module=$m]"
        want=${pair#*:}
        [ "$(q "$TMP/p.json" "sc['$name']['status'] in ('ok', 'expectation_failed')")" = True ] ||
            fail "$name: $(q "$TMP/p.json" "sc['$name']['message']")"
        got=$(q "$TMP/p.json" "sc['$name']['summary']['verdict']")
        [ "$got" = "$want" ] || fail "$name: verdict $got, expected $want"
    done
    grep -Eq "^  $m +([0-9.]+ .s [a-z]+ +){5}[0-9.]+ x\$" "$TMP/out" || fail "terminal: no row for $m"
    grep -q "^| ${m%%_*}" "$TMP/p.md" || fail "markdown: no row for $m"
done
check "scenarios/peers: 4 implementations x 5 scenarios with their verdicts, in the terminal and in markdown"
