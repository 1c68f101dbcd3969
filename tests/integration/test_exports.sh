#!/bin/sh
# The views of a run (--html, --export-trace, --export-markdown, --export-hyperfine) and
# `gilbench report`: each file written through the same writer, -o BASE leaves them out,
# `report` on the JSON gives the very page `run --html` gave, the hyperfine file has the
# keys and types of a real `hyperfine --export-json` made here, the trace is well-formed
# Trace Event JSON, the scaling chart comes from a hand-written sweep report, and a bad
# report is one line with its position and exit 2.
. "$(dirname "$0")/lib.sh"

cat >"$TMP/pair.json" <<'J'
{"name": "pair", "threads": [
  {"workload": "spin", "gil": "release", "args": [0.01]},
  {"workload": "spin", "gil": "hold", "args": [0.01]}]}
J
cat >"$TMP/one.json" <<'J'
{"name": "one", "description": "<b> & \"it\"", "threads": [{"workload": "spin", "gil": "hold", "args": [0.01]}]}
J
run_gb run -r 3 -w 1 --color never --json "$TMP/r.json" --html "$TMP/r.html" \
    --export-trace "$TMP/trace.json" --export-markdown "$TMP/r.md" \
    --export-hyperfine "$TMP/hf.json" "$TMP/pair.json" "$TMP/one.json"
[ "$rc" -eq 0 ] || fail "run: exit status $rc"
for f in r.json r.html trace.json r.md hf.json; do
    [ -s "$TMP/$f" ] || fail "$f missing"
    grep -q "wrote $TMP/$f" "$TMP/err" || fail "no 'wrote $f' on stderr"
done
! ls "$TMP" | grep -q '\.tmp\.' || fail "a temporary file was left"
[ ! -e results ] || [ -z "$(find results -newer "$TMP/pair.json" 2>/dev/null)" ] ||
    fail "naming formats still wrote the default results/run-* files"
check "every view written whole, only the ones named"

# -o BASE writes the four data files and none of the views
run_gb run -r 1 -w 0 --color never -o "$TMP/base/b" "$TMP/one.json"
[ "$rc" -eq 0 ] || fail "run -o: exit status $rc"
[ "$(ls "$TMP/base" | sort | tr '\n' ' ')" = "b-runs.csv b-summary.csv b-threads.csv b.json " ] ||
    fail "-o BASE wrote: $(ls "$TMP/base")"
check "-o BASE: the JSON and CSV reports, no view"

# report: the same page from the JSON as from the run; other formats by name
run_gb report "$TMP/r.json" -o "$TMP/again.html"
[ "$rc" -eq 0 ] || fail "report: exit status $rc"
cmp -s "$TMP/r.html" "$TMP/again.html" || fail "report made another page than run --html"
cp "$TMP/r.json" "$TMP/copy.json"
run_gb report -f markdown "$TMP/copy.json"
[ "$rc" -eq 0 ] && cmp -s "$TMP/r.md" "$TMP/copy.md" || fail "report -f markdown (default name copy.md)"
run_gb report -f hyperfine -o - "$TMP/r.json"
cmp -s "$TMP/out" "$TMP/hf.json" || fail "report -f hyperfine -o - differs from --export-hyperfine"
check "report RESULTS.json gives the same files as the run did"

# the page: self-contained, every thread a lane, names escaped
! grep -qiE '<script|<link|@import|url\(["'"'"']?(https?:|//)|src=' "$TMP/r.html" ||
    fail "the page loads something"
grep -q '&lt;b&gt; &amp; &quot;it&quot;' "$TMP/r.html" && ! grep -q '<b> &' "$TMP/r.html" ||
    fail "a description was not escaped"
grep -q '<desc id="scenario-1-timeline-desc">' "$TMP/r.html" || fail "a timeline has no description"
check "the page needs nothing from outside, escapes text, describes its charts"

# markdown: a row per scenario, the markdown escaped
[ "$(grep -c '^| pair |' "$TMP/r.md")" -eq 1 ] && [ "$(grep -c '^| one |' "$TMP/r.md")" -eq 1 ] ||
    fail "markdown rows"
check "markdown: a row per scenario"

# hyperfine: the layout of a real export, made here
command -v hyperfine >/dev/null 2>&1 || { echo "skip: hyperfine is not installed (ci/setup installs it)"; exit 77; }
(cd "$TMP" && hyperfine --runs 3 --export-json real.json 'true' >/dev/null 2>&1 &&
    hyperfine --runs 2 -P threads 1 2 --export-json real-p.json 'true {threads}' >/dev/null 2>&1) ||
    fail "hyperfine could not run here"
"$GB_PYTHON" -I - "$TMP/real.json" "$TMP/real-p.json" "$TMP/hf.json" \
    "$GB_TESTS_DIR/integration/reports/sweep.json" "$GILBENCH" "$TMP" <<'PY' || fail "hyperfine layout"
import json, subprocess, sys
real, real_p, ours, sweep, gilbench, tmp = sys.argv[1:]
def kind(v):
    if isinstance(v, bool): return "bool"
    if isinstance(v, (int, float)): return "number"
    if v is None: return "null"
    if isinstance(v, list): return "list of " + (",".join(sorted({kind(x) for x in v})) or "-")
    return type(v).__name__
def shape(doc):
    assert list(doc) == ["results"], list(doc)
    return [{k: kind(v) for k, v in r.items()} for r in doc["results"]]
want = shape(json.load(open(real)))[0]
got = shape(json.load(open(ours)))
assert len(got) == 2, got
for g in got:
    assert set(g) == set(want), (sorted(g), sorted(want))
    for k in want:
        # stddev is null for one run in both; a number otherwise
        assert g[k] == want[k] or k == "stddev", (k, g[k], want[k])
doc = json.load(open(ours))
for r in doc["results"]:
    assert len(r["times"]) == len(r["exit_codes"]) == 3
    assert r["min"] <= r["median"] <= r["max"] and r["min"] == min(r["times"])
    assert 0.005 < r["median"] < 5, r["median"]              # seconds, not ns or ms
# a sweep: "parameters" as hyperfine writes them (values as strings)
subprocess.check_call([gilbench, "report", "-f", "hyperfine", "-o", tmp + "/sweep-hf.json", sweep],
                      stderr=subprocess.DEVNULL)
want_p = json.load(open(real_p))["results"][0]
got_p = json.load(open(tmp + "/sweep-hf.json"))["results"]
assert set(got_p[0]) == set(want_p), (sorted(got_p[0]), sorted(want_p))
assert {type(v) for v in want_p["parameters"].values()} == {str}
assert got_p[0]["parameters"] == {"gil": "hold", "threads": "1"}, got_p[0]["parameters"]
assert got_p[-1]["parameters"] == {"threads": "2"}, got_p[-1]["parameters"]   # from the name
PY
check "hyperfine: the keys and types of hyperfine $(hyperfine --version | cut -d' ' -f2)'s own export, parameters of sweeps"

# trace: Trace Event format, a process per run, a track per thread, spans that nest
"$GB_PYTHON" -I - "$TMP/trace.json" "$TMP/r.json" <<'PY' || fail "trace"
import json, sys
t = json.load(open(sys.argv[1])); r = json.load(open(sys.argv[2]))
ev = t["traceEvents"]
assert t["displayTimeUnit"] == "ms"
runs = sum(len(s["runs"]) for s in r["scenarios"])
procs = {e["pid"] for e in ev if e["ph"] == "M" and e["name"] == "process_name"}
assert len(procs) == runs, (len(procs), runs)
for e in ev:
    assert isinstance(e["pid"], int) and isinstance(e["tid"], int) and e["ph"] in "MX", e
    if e["ph"] == "X":
        assert e["dur"] > 0 and e["ts"] >= 0, e
named = {(e["pid"], e["tid"]) for e in ev if e["ph"] == "M" and e["name"] == "thread_name"}
assert all((e["pid"], e["tid"]) in named for e in ev if e["ph"] == "X")
work = [e for e in ev if e["ph"] == "X" and e["name"] == "working"]
assert len(work) == sum(len(x["threads"]) for s in r["scenarios"] for x in s["runs"])
x0 = r["scenarios"][0]["runs"][0]["threads"][0]
w0 = [e for e in work if e["pid"] == 1 and e["tid"] == 2][0]
assert abs(w0["ts"] - x0["enter_ns"] / 1000) < 1e-3 and abs(w0["dur"] - (x0["done_ns"] - x0["enter_ns"]) / 1000) < 1e-3
PY
check "trace: a process per run, a named track per thread"

# spans of one track nest or follow each other, read back as floats the way every reader
# does (ts + dur, no tolerance): in a run with boundaries of every nanosecond (the sweep
# report, its times moved to odd values such as 27.992 us + 67.12 us, which a decimal
# microsecond makes 95.11200000000001 > 95.112) and in the run above
"$GB_PYTHON" -I - "$GB_TESTS_DIR/integration/reports/sweep.json" "$TMP/odd.json" <<'PY' ||
import json, random, sys
r = json.load(open(sys.argv[1]))
rnd = random.Random(14)
for s in r["scenarios"]:
    for run in s["runs"]:
        t0 = 0
        for t in run["threads"]:
            start = t0 + rnd.randrange(0, 100000)
            enter = start + rnd.choice([67120, rnd.randrange(1, 200000)])
            done = enter + rnd.randrange(1, 90000000)
            ret = done + rnd.randrange(0, 300000)
            if not t0:
                start, enter, done = 0, 27992, 95112   # the pair of the issue
            t.update(start_ns=start, enter_ns=enter, done_ns=done, return_ns=ret,
                     started_ns=min(enter + rnd.randrange(0, 50000), ret),
                     wait_start_ns=enter - start, wait_gil_ns=ret - done)
            t0 = start + rnd.randrange(1, 1000)
        run["wall_ns"] = max(t["return_ns"] for t in run["threads"]) + rnd.randrange(0, 1000)
json.dump(r, open(sys.argv[2], "w"))
PY
    fail "could not make the report of odd times"
run_gb report -f trace -o "$TMP/odd-trace.json" "$TMP/odd.json"
[ "$rc" -eq 0 ] || fail "report -f trace of odd times: exit $rc"
for trace in "$TMP/odd-trace.json" "$TMP/trace.json"; do
    "$GB_PYTHON" -I - "$trace" <<'PY' || fail "spans overlap in $trace"
import json, sys
ev = json.load(open(sys.argv[1]))["traceEvents"]
by_track, n = {}, 0
for e in ev:
    if e["ph"] == "X":
        assert isinstance(e["ts"], (int, float)) and isinstance(e["dur"], (int, float)), e
        by_track.setdefault((e["pid"], e["tid"]), []).append((e["ts"], e["ts"] + e["dur"], e["name"]))
for spans in by_track.values():
    spans.sort(key=lambda s: (s[0], -s[1]))
    stack = []
    for a, b, name in spans:
        while stack and stack[-1][1] <= a:
            stack.pop()
        # inside the span below it, or after it: never across its end
        assert not stack or b <= stack[-1][1], ("overlap", stack[-1], (a, b, name))
        stack.append((a, b, name))
        n += 1
print("ok: %d spans on %d tracks, none across another's end" % (n, len(by_track)))
PY
done
check "trace: spans of a track nest or follow each other exactly, read as floats"

# the scaling chart, from a hand-written sweep report
run_gb report "$GB_TESTS_DIR/integration/reports/sweep.json" -o "$TMP/sweep.html"
[ "$rc" -eq 0 ] || fail "report of the sweep fixture: exit $rc"
[ "$(grep -c '<svg class="chart scaling"' "$TMP/sweep.html")" -eq 2 ] || fail "two scaling charts expected"
[ "$(grep -o '<g class="series' "$TMP/sweep.html" | wc -l)" -eq 3 ] || fail "three lines expected (hold, release, convoy)"
grep -q '<td>gil=release</td><td>4</td>.*<td>2.02</td><td>50 %</td><td>parallel</td>' "$TMP/sweep.html" ||
    fail "the release line at 4 threads: speedup 2.02, efficiency 50 %"
grep -q '<td>gil=hold</td><td>4</td>.*<td>1.01</td><td>25 %</td>' "$TMP/sweep.html" ||
    fail "the hold line at 4 threads: speedup 1.01, efficiency 25 %"
grep -q 'class="ideal"' "$TMP/sweep.html" || fail "no ideal line"
check "scaling: a chart per sweep, a line per other parameter, speedup and efficiency"

# bad reports: one line each, with where, and exit 2
printf '{"schema_version": 1, "scenarios": [\n  {"name": "x", "status": "ok", "runs": [\n    {"index": 0, "wall_ns": "soon"}]}]}\n' >"$TMP/bad-type.json"
printf '{"schema_version": 1,\n "scenarios": [}\n' >"$TMP/bad-json.json"
echo '{"hello": 1}' >"$TMP/not-report.json"
printf '{"schema_version": 9, "scenarios": []}\n' >"$TMP/newer.json"
for c in "bad-type.json:3:29: error: scenarios[0].runs[0].wall_ns: expected an integer" \
         "bad-json.json:2:16: error: invalid JSON" \
         "not-report.json: error: not a gilbench report" \
         "newer.json: error: schema_version: schema_version 9" \
         "missing.json: error: cannot read the report: No such file"; do
    f=${c%%:*}
    run_gb report "$TMP/$f" -o "$TMP/x.html"
    [ "$rc" -eq 2 ] || fail "report $f: exit $rc, expected 2"
    [ "$(wc -l <"$TMP/err")" -eq 1 ] || fail "report $f: not one line"
    grep -qF "$TMP/$c" "$TMP/err" || fail "report $f: expected '$c'"
    [ ! -e "$TMP/x.html" ] || fail "report $f wrote a file"
done
run_gb report -f htm "$TMP/r.json"
[ "$rc" -eq 2 ] && grep -q 'unknown format "htm"; did you mean "html"?' "$TMP/err" || fail "unknown format"
run_gb report "$TMP/r.json" "$TMP/r.json"
[ "$rc" -eq 2 ] || fail "two reports: exit $rc"
check "bad reports: one line with file, line, column and path; exit 2; nothing written"
exit 0
