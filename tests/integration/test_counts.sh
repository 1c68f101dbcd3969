#!/bin/sh
# Counted runs (gilbench run --measure instructions): each thread's work counted under
# callgrind, between its enter and done only. Checked here: the counts of fibonacci holding
# and releasing the GIL, of a `call` of a Python function and of a `python` statement agree
# within 0.1 % over 10 counted runs, with two busy loops that this test starts beside them
# (agreement, not time); the count of fibonacci(n) is linear in n with the harness's share
# (the intercept) under 1000 instructions; compare flags a 1 % heavier workload and not the
# same build twice; a counted result has no wall and no verdict. Skipped without valgrind.
# perf-instructions (perf_event_open) is test_perf_counts.sh's.
. "$(dirname "$0")/lib.sh"

# a scenario a thread: threads of one process that contend for the GIL would count its
# hand-overs too (a call's window is the whole call), which is the GIL's, not the work's; and
# statements that allocate no containers: the cyclic GC, which runs after so many of them
# whatever statement reaches the count, would land in one run's count and not another's
"$GB_PYTHON" -I - "$TMP" <<'PY'
import json, sys
threads = {
    "hold": {"workload": "fibonacci", "gil": "hold", "args": ["$n"]},
    "release": {"workload": "fibonacci", "gil": "release", "args": ["$n"]},
    "call": {"call": "setup:work", "args": [20000]},
    "python": {"python": "s = 0\nfor i in range(20000):\n    s += i * i"},
}
for name, t in threads.items():
    json.dump({"name": name, "vars": {"n": 1000000}, "threads": [t],
               "setup": "def work(k):\n    s = 0\n    for i in range(k):\n        s += i * i\n"
                        "    return s",
               "measure": "instructions", "runs": 10, "warmup": 1},
              open("%s/%s.json" % (sys.argv[1], name), "w"))
PY
set -- "$TMP/hold.json" "$TMP/release.json" "$TMP/call.json" "$TMP/python.json"

run_gb run --no-save --color never "$TMP/hold.json" --runs 1 --warmup 0
if [ "$rc" -eq 2 ] && grep -q -e "built without" -e "built with sanitizers" \
    -e "valgrind is not on PATH" "$TMP/err"; then
    echo "skip: $(cat "$TMP/err")"
    exit 77
fi

start_loops 2 # two busy loops beside the counted runs
run_gb run --json "$TMP/r.json" --csv-threads "$TMP/threads.csv" --color never "$@"
stop_loops
[ "$rc" -eq 0 ] || fail "the counted run failed: exit $rc"
"$GB_PYTHON" -I - "$TMP/r.json" <<'PY' || fail "counts disagree"
import json, sys
r = json.load(open(sys.argv[1]))
bad = []
runs_of = {}
for s in r["scenarios"]:
    assert s["measure"] == "instructions", s.get("measure")
    runs = [run for run in s["runs"] if not run["warmup"]]
    assert len(runs) == 10, len(runs)
    runs_of[s["name"]] = runs
    counts = sorted(run["threads"][0]["instructions"] for run in runs)
    cycles = [run["threads"][0]["cycles"] for run in runs]
    spread = (counts[-1] - counts[0]) / counts[5]
    print("%-8s %12d .. %12d instructions, spread %.5f %%" % (s["name"], counts[0], counts[-1],
                                                             100 * spread))
    if spread > 0.001:
        bad.append("%s: spread %.4f %% over 10 runs" % (s["name"], 100 * spread))
    if counts[0] <= 0 or any(c is None or c < counts[0] for c in cycles):
        bad.append("%s: counts %s cycles %s" % (s["name"], counts, cycles))
    summ = s["summary"]
    if summ["verdict"] != "none" or summ["wall_s"]["median"] is not None:
        bad.append("%s: a counted result with a verdict or a wall: %s" % (s["name"], summ))
    if summ["instructions"]["median"] is None or summ["runs"] != 10:
        bad.append("%s: summary.instructions: %s" % (s["name"], summ.get("instructions")))
if sorted(runs_of) != ["call", "hold", "python", "release"]:
    bad.append("results: %s" % sorted(runs_of))
# fibonacci(10**6): the loop's 2.5 instructions a step and little else
for name in ("hold", "release"):
    c = runs_of.get(name, [{"threads": [{"instructions": 0}]}])[0]["threads"][0]["instructions"]
    if not 2500000 <= c < 2501000:
        bad.append("%s: %d instructions for fibonacci(10**6)" % (name, c))
counter = r["metadata"].get("counter") or {}
if counter.get("tool") != "callgrind" or not counter.get("version", "").startswith("valgrind"):
    bad.append("metadata.counter: %s" % counter)
for b in bad:
    print("FAILED:", b)
sys.exit(1 if bad else 0)
PY
head -1 "$TMP/threads.csv" | grep -q ",instructions,cycles" || fail "no counts in the CSV"
grep -q "Instructions (median):" "$TMP/out" || fail "no counts on the terminal"
check "counts of fibonacci hold and release, a call and a python statement agree within 0.1 % over 10 runs beside two busy loops"

# the count of fibonacci(n) is a line in n: only the work is counted
cat >"$TMP/fib.json" <<'JSON'
{
  "name": "fib",
  "vars": {"n": 1000000},
  "threads": [
    {"name": "hold", "workload": "fibonacci", "gil": "hold", "args": ["$n"]},
    {"name": "release", "workload": "fibonacci", "gil": "release", "args": ["$n"]}
  ],
  "measure": "instructions"
}
JSON
for n in 100000 1000000 10000000; do
    run_gb run --json "$TMP/lin-$n.json" --color never --runs 1 --warmup 0 \
        --set n=$n "$TMP/fib.json"
    [ "$rc" -eq 0 ] || fail "fibonacci($n) counted: exit $rc"
done
"$GB_PYTHON" -I - "$TMP" <<'PY' || fail "the count of fibonacci(n) is not linear"
import json, sys
xs, ys = [], []
for n in (100000, 1000000, 10000000):
    r = json.load(open("%s/lin-%d.json" % (sys.argv[1], n)))
    for k in (0, 1):  # hold and release
        xs.append(n)
        ys.append(r["scenarios"][0]["runs"][0]["threads"][k]["instructions"])
m = len(xs)
mx, my = sum(xs) / m, sum(ys) / m
sxx = sum((x - mx) ** 2 for x in xs)
slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx
icpt = my - slope * mx
ss_res = sum((y - (icpt + slope * x)) ** 2 for x, y in zip(xs, ys))
r2 = 1 - ss_res / sum((y - my) ** 2 for y in ys)
print("slope %.6f instructions a step, intercept %.1f, R^2 %.9f" % (slope, icpt, r2))
sys.exit(0 if r2 > 0.9999 and abs(icpt) < 1000 else 1)
PY
check "fibonacci(n) counts are linear in n (R^2 > 0.9999), the harness's share under 1000"

# compare: the same build twice is no regression; a workload 1 % heavier is one
run_gb compare "$TMP/lin-1000000.json" "$TMP/lin-1000000.json"
[ "$rc" -eq 0 ] || fail "A/A of counted reports: exit $rc"
run_gb run --json "$TMP/heavy.json" --color never --runs 1 --warmup 0 \
    --set n=1010000 "$TMP/fib.json"
run_gb compare "$TMP/lin-1000000.json" "$TMP/heavy.json"
[ "$rc" -eq 1 ] || fail "1 % more work: exit $rc, expected 1"
grep -q "REGRESSION fib \[instructions\]: 1.00 % more instructions" "$TMP/out" ||
    fail "1 % more work not flagged by its count"
run_gb compare --count-threshold 5 "$TMP/lin-1000000.json" "$TMP/heavy.json"
[ "$rc" -eq 0 ] || fail "1 % more work flagged with --count-threshold 5"
check "compare judges counts: A/A exit 0, 1 % heavier flagged, --count-threshold decides"

# a statement's count in two workers: one hash seed in every counted worker, so that its
# globals' dict is laid out, and looked up, the same way (seen: 29.9 to 35.5 million
# instructions from one process to the next before)
run_gb run --json "$TMP/py1.json" --color never --runs 1 "$TMP/python.json"
run_gb run --json "$TMP/py2.json" --color never --runs 1 "$TMP/python.json"
run_gb compare --count-threshold 0.1 "$TMP/py1.json" "$TMP/py2.json"
[ "$rc" -eq 0 ] || fail "a python statement counted by two workers differs: exit $rc"
check "a python statement counts the same in two workers (hash seed)"

# timed and counted results of one scenario in one report, apart
run_gb run --json "$TMP/both.json" --color never --runs 2 --warmup 0 \
    --measure wall,instructions --set n=100000 "$TMP/fib.json"
[ "$rc" -eq 0 ] || fail "--measure wall,instructions: exit $rc"
[ "$(q "$TMP/both.json" '[s.get("measure", "wall") for s in r["scenarios"]]')" = \
    "['wall', 'instructions']" ] || fail "not a timed result, then a counted one"
[ "$(q "$TMP/both.json" 'r["scenarios"][0]["summary"]["verdict"] != "none" and "instructions" not in r["scenarios"][0]["summary"]')" = True ] ||
    fail "the timed result lost its verdict or got counts"
check "timed runs then counted runs of one scenario, kept apart in one report"

