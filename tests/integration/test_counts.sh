#!/bin/sh
# Counted runs (gilbench run --measure instructions): each thread's work counted under
# callgrind, between its enter and done only. Checked here: the counts of fibonacci holding
# and releasing the GIL, of a `call` of a Python function and of a `python` statement agree
# within 0.1 % over 10 counted runs, with two busy loops that this test starts beside them
# (agreement, not time); the count of fibonacci(n) is linear in n with the harness's share
# (the intercept) under 1000 instructions; compare flags a 1 % heavier workload and not the
# same build twice; a counted result has no wall and no verdict; perf-instructions refused
# on a machine without the counter is one line, exit 2. Skipped without valgrind.
. "$(dirname "$0")/lib.sh"

cat >"$TMP/counts.json" <<'JSON'
{
  "name": "counts",
  "vars": {"n": 1000000},
  "setup": "def work(k):\n    s = 0\n    for i in range(k):\n        s += i * i\n    return s",
  "threads": [
    {"name": "hold", "workload": "fibonacci", "gil": "hold", "args": ["$n"]},
    {"name": "release", "workload": "fibonacci", "gil": "release", "args": ["$n"]},
    {"name": "call", "call": "setup:work", "args": [20000]},
    {"name": "python", "python": "x = sorted(str(i) for i in range(5000))"}
  ],
  "measure": "instructions",
  "runs": 10,
  "warmup": 1
}
JSON

run_gb run --no-save --color never "$TMP/counts.json" --runs 1 --warmup 0
if [ "$rc" -eq 2 ] && grep -q -e "built without" -e "built with sanitizers" \
    -e "valgrind is not on PATH" "$TMP/err"; then
    echo "skip: $(cat "$TMP/err")"
    exit 77
fi

start_loops 2 # two busy loops beside the counted runs
run_gb run --json "$TMP/r.json" --csv-threads "$TMP/threads.csv" --color never "$TMP/counts.json"
stop_loops
[ "$rc" -eq 0 ] || fail "the counted run failed: exit $rc"
"$GB_PYTHON" -I - "$TMP/r.json" <<'PY' || fail "counts disagree"
import json, sys
r = json.load(open(sys.argv[1]))
(s,) = r["scenarios"]
assert s["measure"] == "instructions", s.get("measure")
runs = [run for run in s["runs"] if not run["warmup"]]
assert len(runs) == 10, len(runs)
bad = []
for k, name in enumerate(("hold", "release", "call", "python")):
    counts = [run["threads"][k]["instructions"] for run in runs]
    cycles = [run["threads"][k]["cycles"] for run in runs]
    spread = (max(counts) - min(counts)) / sorted(counts)[5]
    print("%-8s %12d .. %12d instructions, spread %.5f %%" % (name, min(counts), max(counts),
                                                             100 * spread))
    if spread > 0.001:
        bad.append("%s: spread %.4f %% over 10 runs" % (name, 100 * spread))
    if min(counts) <= 0 or any(c is None or c < n for c, n in zip(cycles, counts)):
        bad.append("%s: counts %s cycles %s" % (name, counts, cycles))
# fibonacci(10**6): the loop's 2.5 instructions a step and little else
for k in (0, 1):
    c = runs[0]["threads"][k]["instructions"]
    if not 2500000 <= c < 2501000:
        bad.append("thread %d: %d instructions for fibonacci(10**6)" % (k + 1, c))
summ = s["summary"]
if summ["verdict"] != "none" or summ["wall_s"]["median"] is not None:
    bad.append("a counted result with a verdict or a wall: %s" % summ)
if summ["instructions"]["median"] is None or summ["runs"] != 10:
    bad.append("summary.instructions: %s" % summ.get("instructions"))
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
    run_gb run --no-save --json "$TMP/lin-$n.json" --color never --runs 1 --warmup 0 \
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
run_gb run --no-save --json "$TMP/heavy.json" --color never --runs 1 --warmup 0 \
    --set n=1010000 "$TMP/fib.json"
run_gb compare "$TMP/lin-1000000.json" "$TMP/heavy.json"
[ "$rc" -eq 1 ] || fail "1 % more work: exit $rc, expected 1"
grep -q "REGRESSION fib \[instructions\]: 1.00 % more instructions" "$TMP/out" ||
    fail "1 % more work not flagged by its count"
run_gb compare --count-threshold 5 "$TMP/lin-1000000.json" "$TMP/heavy.json"
[ "$rc" -eq 0 ] || fail "1 % more work flagged with --count-threshold 5"
check "compare judges counts: A/A exit 0, 1 % heavier flagged, --count-threshold decides"

# timed and counted results of one scenario in one report, apart
run_gb run --no-save --json "$TMP/both.json" --color never --runs 2 --warmup 0 \
    --measure wall,instructions --set n=100000 "$TMP/counts.json"
[ "$rc" -eq 0 ] || fail "--measure wall,instructions: exit $rc"
[ "$(q "$TMP/both.json" '[s.get("measure", "wall") for s in r["scenarios"]]')" = \
    "['wall', 'instructions']" ] || fail "not a timed result, then a counted one"
[ "$(q "$TMP/both.json" 'r["scenarios"][0]["summary"]["verdict"] != "none" and "instructions" not in r["scenarios"][0]["summary"]')" = True ] ||
    fail "the timed result lost its verdict or got counts"
check "timed runs then counted runs of one scenario, kept apart in one report"

# where the kernel refuses the instruction counter: one line, exit 2, nothing run
run_gb run --no-save --measure perf-instructions "$TMP/counts.json"
[ "$rc" -eq 2 ] && [ "$(wc -l <"$TMP/err")" -eq 1 ] &&
    grep -q "perf-instructions" "$TMP/err" || fail "perf-instructions: exit $rc"
check "--measure perf-instructions: one line, exit 2 ($(cut -c1-80 "$TMP/err")...)"
