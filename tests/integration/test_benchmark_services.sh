#!/bin/sh
# The files for the continuous-benchmarking services: --export-bencher (Bencher Metric
# Format, for `bencher run --adapter json`) and --export-github-benchmark
# (github-action-benchmark, `tool: customSmallerIsBetter`), from a run with a scenario that
# crashes in its first run. Each file is checked against the field rules of its project's
# documentation and source (below, in the checker), `gilbench report -f` makes the same
# bytes from the JSON report, and the crashed scenario does not vanish: it is a benchmark
# with "failed": 1 in the BMF, and counted and named in the action's "failed scenarios"
# entry, which the action's own comparison turns into an alert against a run without it.
. "$(dirname "$0")/lib.sh"

cat >"$TMP/pair.json" <<'J'
{"name": "pair", "threads": [
  {"workload": "spin", "gil": "release", "args": [0.01]},
  {"workload": "spin", "gil": "hold", "args": [0.01]}]}
J
printf '{"name": "abort", "setup": "import os", "threads": [{"python": "os.abort()"}], "timeout": 5}\n' \
    >"$TMP/abort.json"

run_gb run -r 3 -w 1 --color never --json "$TMP/r.json" --export-bencher "$TMP/bmf.json" \
    --export-github-benchmark "$TMP/gab.json" "$TMP/pair.json" "$TMP/abort.json"
[ "$rc" -eq 1 ] || fail "run with a crash: exit status $rc, expected 1"
for f in bmf.json gab.json; do
    grep -q "wrote $TMP/$f" "$TMP/err" || fail "no 'wrote $f' on stderr"
done
run_gb run -r 2 -w 0 --color never --json "$TMP/ok.json" --export-github-benchmark "$TMP/gab-ok.json" \
    "$TMP/pair.json"
[ "$rc" -eq 0 ] || fail "run without a crash: exit status $rc"
check "run --export-bencher FILE --export-github-benchmark FILE write both"

run_gb report -f bencher -o - "$TMP/r.json"
cmp -s "$TMP/out" "$TMP/bmf.json" || fail "report -f bencher differs from run --export-bencher"
run_gb report -f github-benchmark -o - "$TMP/r.json"
cmp -s "$TMP/out" "$TMP/gab.json" || fail "report -f github-benchmark differs from run --export-github-benchmark"
for fmt in bencher github-benchmark; do
    run_gb report -f "$fmt" -o "$TMP/sweep-$fmt.json" "$GB_TESTS_DIR/integration/reports/sweep.json"
    [ "$rc" -eq 0 ] || fail "report -f $fmt of the sweep: exit $rc"
done
check "report -f bencher|github-benchmark make the same files from the JSON report"

"$GB_PYTHON" -I - "$TMP" "$GB_TESTS_DIR/integration/reports/sweep.json" <<'PY' || fail "the field rules"
import json, math, re, sys
tmp, sweep = sys.argv[1:]

def number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)

def check_bmf(doc):
    """Bencher Metric Format, as bencher.dev/docs/reference/bencher-metric-format and its JSON
    schema define it and the server validates it (bencher_valid: BenchmarkName, Slug):
    an object of benchmark name -> object of measure -> metric; a name 1..1024 bytes, not
    ending in an ignore suffix (that silences its alerts); a measure named by a slug
    (lowercase letters and digits in words joined by single hyphens, at most 64); a metric
    has a number "value" and may have numbers "lower_value" and "upper_value", nothing else."""
    assert isinstance(doc, dict), type(doc)
    for name, measures in doc.items():
        assert 1 <= len(name.encode()) <= 1024, name
        assert not re.search(r"(-bencher-ignore|_bencher_ignore|BencherIgnore)$", name), name
        assert isinstance(measures, dict) and measures, (name, measures)
        for slug, m in measures.items():
            assert len(slug) <= 64 and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug), slug
            assert isinstance(m, dict) and "value" in m, (name, slug, m)
            assert set(m) <= {"value", "lower_value", "upper_value"}, (name, slug, m)
            assert all(number(v) for v in m.values()), (name, slug, m)
            assert m.get("lower_value", m["value"]) <= m["value"] <= m.get("upper_value", m["value"]), m

def check_gab(doc):
    """github-action-benchmark's custom tools (README "customSmallerIsBetter", src/extract.ts:
    BenchmarkResult {name: string, value: number, unit: string, range?: string, extra?:
    string}): a JSON array of such objects, not empty (an empty one is an error: "No
    benchmark result was found"), keys beyond these dropped, so none is written; entries are
    matched by name between runs, so names are unique; smaller is better, so no value is
    negative."""
    assert isinstance(doc, list) and doc, doc
    for e in doc:
        assert isinstance(e, dict) and {"name", "unit", "value"} <= set(e), e
        assert set(e) <= {"name", "unit", "value", "range", "extra"}, e
        assert isinstance(e["name"], str) and e["name"] and isinstance(e["unit"], str) and e["unit"], e
        assert number(e["value"]) and e["value"] >= 0, e
        assert all(isinstance(e[k], str) for k in ("range", "extra") if k in e), e
    names = [e["name"] for e in doc]
    assert len(set(names)) == len(names), names

def alerts(cur, prev, threshold=2.0):
    """The action's comparison (src/write.ts, findAlerts): same-named entries, ratio
    current / previous for smaller-is-better tools, an alert above the threshold (200 %)."""
    out = []
    for c in cur:
        p = next((x for x in prev if x["name"] == c["name"]), None)
        if p is None:
            continue
        ratio = c["value"] / p["value"] if p["value"] else (math.inf if c["value"] else math.nan)
        if ratio > threshold:
            out.append(c["name"])
    return out

rep = json.load(open(tmp + "/r.json"))
bmf = json.load(open(tmp + "/bmf.json"))
gab = json.load(open(tmp + "/gab.json"))
check_bmf(bmf)
check_gab(gab)
sc = {s["name"]: s for s in rep["scenarios"]}
assert sc["abort"]["status"] == "crashed" and sc["abort"]["summary"]["runs"] == 0, sc["abort"]["status"]
# BMF: every scenario a benchmark; the wall time in ns with its interval; failed 0 or 1
assert set(bmf) == set(sc), (sorted(bmf), sorted(sc))
lat = bmf["pair"]["latency"]
med, (lo, hi) = sc["pair"]["summary"]["wall_s"]["median"], sc["pair"]["summary"]["wall_median_ci_s"]
assert abs(lat["value"] - med * 1e9) < 1 and abs(lat["lower_value"] - lo * 1e9) < 1 and abs(lat["upper_value"] - hi * 1e9) < 1, (lat, med, lo, hi)
assert bmf["pair"]["failed"] == {"value": 0}, bmf["pair"]
assert bmf["abort"] == {"failed": {"value": 1}}, bmf["abort"]
# the evidence of the GIL, where the runs have it (GILBENCH_GIL_WATCH=off: none), as its measures
ev = sc["pair"]["summary"].get("evidence") or {}
gil = [x for x in sc["pair"]["runs"] if not x["warmup"] and (x.get("evidence") or {}).get("gil")]
if gil and ev.get("gil_wait_ratio") is not None:
    m = bmf["pair"]
    assert abs(m["gil-wait-ratio"]["value"] - ev["gil_wait_ratio"]) < 1e-6, (m, ev)
    assert abs(m["gil-held-share"]["value"] - ev["gil_held_share_max"]) < 1e-6, (m, ev)
    sw = ev["gil_switches"]
    assert (m["gil-switches"]["lower_value"], m["gil-switches"]["value"], m["gil-switches"]["upper_value"]) == (sw["min"], sw["median"], sw["max"]), (m, sw)
    gil_note = "GIL measures from %d runs" % len(gil)
else:
    assert not any(k.startswith("gil-") for k in bmf["pair"]), bmf["pair"]
    gil_note = "no evidence of the GIL in this run"
# the action: the measured scenario in seconds, the crashed one counted and named
by = {e["name"]: e for e in gab}
assert set(by) == {"pair", "failed scenarios"}, sorted(by)
assert by["pair"]["unit"] == "s" and abs(by["pair"]["value"] - med) < 1e-9, by["pair"]
assert "status: ok" in by["pair"]["extra"], by["pair"]
assert by["failed scenarios"]["value"] == 1 and "abort: crashed" in by["failed scenarios"]["extra"], by["failed scenarios"]
ok = json.load(open(tmp + "/gab-ok.json"))
check_gab(ok)
assert {e["name"]: e["value"] for e in ok}["failed scenarios"] == 0, ok
assert alerts(gab, ok) == ["failed scenarios"], alerts(gab, ok)
assert "failed scenarios" not in alerts(ok, ok)
# the sweep report: names with brackets and commas, every scenario there
sweep_rep = json.load(open(sweep))
for fmt, check in (("bencher", check_bmf), ("github-benchmark", check_gab)):
    doc = json.load(open("%s/sweep-%s.json" % (tmp, fmt)))
    check(doc)
    names = set(doc) if fmt == "bencher" else {e["name"] for e in doc} - {"failed scenarios"}
    assert names == {s["name"] for s in sweep_rep["scenarios"]}, (fmt, sorted(names))
    if fmt == "bencher":   # a report from before the evidence: no GIL measures
        assert not any(k.startswith("gil-") for b in doc.values() for k in b), doc
print("ok: BMF: %d benchmarks, measures %s (%s); action: %d entries; the crash: failed 1 in the "
      "BMF, counted and named in the action's list, an alert against a run without it"
      % (len(bmf), sorted({m for b in bmf.values() for m in b}), gil_note, len(gab)))
PY
check "bencher and github-benchmark files keep their projects' field rules, and a crash shows in both"
exit 0
