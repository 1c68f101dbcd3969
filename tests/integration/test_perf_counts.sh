#!/bin/sh
# Counted runs by perf_event_open (gilbench run --measure perf-instructions), without
# valgrind. The hardware instruction counter is missing on most virtual machines (this
# project's included), so the code path is run end to end with the test switch
# GILBENCH_PERF_EVENT=task-clock, which makes each thread open the kernel's software task
# clock instead: the same window, the same two reads, the same report fields, counting
# nanoseconds of the thread's CPU time. Checked here: the counts are present, positive and
# per thread, grow with the work (fibonacci 10**7 against 10**6: at least 3x, wide margins
# for a clock), compare judges two such reports, metadata.counter names the event and says
# plainly that the counts are not instructions; the hardware counter itself is either
# refused in one line with exit 2 and the errno explained, or (on a machine that has it)
# counts; a bad GILBENCH_PERF_EVENT, callgrind and perf in one run, and compare of perf
# counts with callgrind counts, or with another event's, are each one line, exit 2.
. "$(dirname "$0")/lib.sh"

cat >"$TMP/fib.json" <<'JSON'
{
  "name": "fib",
  "vars": {"n": 1000000},
  "setup": "def work(k):\n    s = 0\n    for i in range(k):\n        s += i * i\n    return s",
  "threads": [
    {"name": "hold", "workload": "fibonacci", "gil": "hold", "args": ["$n"]},
    {"name": "release", "workload": "fibonacci", "gil": "release", "args": ["$n"]},
    {"name": "call", "call": "setup:work", "args": [20000]}
  ],
  "measure": "perf-instructions", "runs": 3, "warmup": 1
}
JSON

# the test switch: the software task clock, which this kernel opens
export GILBENCH_PERF_EVENT=task-clock
for n in 1000000 10000000; do
    run_gb run --json "$TMP/r-$n.json" --csv-threads "$TMP/t-$n.csv" --color never \
        --set n=$n "$TMP/fib.json"
    if [ "$rc" -eq 2 ] && grep -q "refuses perf_event_open" "$TMP/err"; then
        echo "skip: this kernel opens no software task clock either: $(cat "$TMP/err")"
        exit 77
    fi
    [ "$rc" -eq 0 ] || fail "counted by perf_event_open (task-clock), n=$n: exit $rc"
    grep -q "under perf_event_open" "$TMP/out" || fail "the terminal does not say perf_event_open"
    head -1 "$TMP/t-$n.csv" | grep -q ",instructions,cycles" || fail "no counts in the CSV"
done
"$GB_PYTHON" -I - "$TMP" <<'PY' || fail "perf counts"
import json, sys
bad = []
def load(n):
    return json.load(open("%s/r-%d.json" % (sys.argv[1], n)))
small, large = load(1000000), load(10000000)
for r in (small, large):
    s = r["scenarios"][0]
    if s["measure"] != "perf-instructions" or s["status"] != "ok":
        bad.append("measure %s status %s" % (s["measure"], s["status"]))
    runs = [run for run in s["runs"] if not run["warmup"]]
    if len(runs) != 3:
        bad.append("%d measured runs" % len(runs))
    for run in runs:
        for t in run["threads"]:
            if not isinstance(t.get("instructions"), int) or t["instructions"] <= 0:
                bad.append("%s: instructions %s" % (t["name"], t.get("instructions")))
            if t.get("cycles") is not None:
                bad.append("%s: cycles %s, where perf measures none" % (t["name"], t["cycles"]))
    summ = s["summary"]
    if summ["verdict"] != "none" or summ["wall_s"]["median"] is not None:
        bad.append("a counted result with a verdict or a wall: %s" % summ)
    if not summ["instructions"]["median"] or summ["instructions"]["cycles"]["median"] is not None:
        bad.append("summary.instructions: %s" % summ["instructions"])
    c = r["metadata"].get("counter") or {}
    want = {"measure": "perf-instructions", "tool": "perf_event_open", "event": "task-clock",
            "perf_event": "PERF_TYPE_SOFTWARE/PERF_COUNT_SW_TASK_CLOCK", "unit": "nanoseconds"}
    if any(c.get(k) != v for k, v in want.items()) or "not instructions" not in c.get("note", ""):
        bad.append("metadata.counter: %s" % c)
    if not any("not instructions" in w for w in r["metadata"].get("warnings", [])):
        bad.append("no warning that the counts are not instructions")
def med(r, k):
    v = sorted(run["threads"][k]["instructions"] for run in r["scenarios"][0]["runs"]
               if not run["warmup"])
    return v[len(v) // 2]
for k, name in ((0, "hold"), (1, "release")):  # fibonacci grows with n; the call does not
    a, b = med(small, k), med(large, k)
    print("%-8s n=10**6 %10d  n=10**7 %10d  x%.1f" % (name, a, b, b / a))
    if b < 3 * a:
        bad.append("%s: %d -> %d for 10x the work" % (name, a, b))
for b in bad:
    print("FAILED:", b)
sys.exit(1 if bad else 0)
PY
check "task-clock by the perf path: counts per thread, positive, x3 and more for 10x the work"

# compare: the same report is no change; 10x the work is a regression, stated with counts
run_gb compare "$TMP/r-1000000.json" "$TMP/r-1000000.json"
[ "$rc" -eq 0 ] || fail "A/A of perf-counted reports: exit $rc"
grep -q "fib \[perf-instructions\]" "$TMP/out" || fail "compare does not show the measure"
run_gb compare "$TMP/r-1000000.json" "$TMP/r-10000000.json"
[ "$rc" -eq 1 ] && grep -q "REGRESSION fib \[perf-instructions\]: .* more instructions" \
    "$TMP/out" || fail "10x the work not flagged by its count: exit $rc"
check "compare judges perf counts: A/A exit 0, 10x the work a regression"

# never a perf count against a callgrind count, nor against another event's
"$GB_PYTHON" -I - "$TMP" <<'PY'
import json, sys
r = json.load(open("%s/r-1000000.json" % sys.argv[1]))
cg = json.loads(json.dumps(r))
cg["scenarios"][0]["measure"] = "instructions"
cg["metadata"]["counter"] = {"measure": "instructions", "tool": "callgrind", "event": "Ir"}
json.dump(cg, open("%s/callgrind.json" % sys.argv[1], "w"))
hw = json.loads(json.dumps(r))
hw["metadata"]["counter"]["event"] = "instructions"
json.dump(hw, open("%s/hardware.json" % sys.argv[1], "w"))
PY
run_gb compare "$TMP/callgrind.json" "$TMP/r-1000000.json"
[ "$rc" -eq 2 ] && [ "$(wc -l <"$TMP/err")" -eq 1 ] &&
    grep -q 'scenario "fib" was counted by callgrind (instructions) in .* and by perf_event_open, event task-clock (perf-instructions) in .*never compared' \
        "$TMP/err" || fail "callgrind against perf counts: exit $rc"
run_gb compare "$TMP/hardware.json" "$TMP/r-1000000.json"
[ "$rc" -eq 2 ] && [ "$(wc -l <"$TMP/err")" -eq 1 ] &&
    grep -q "event instructions (perf-instructions) .* event task-clock" "$TMP/err" ||
    fail "two events of perf compared: exit $rc"
check "compare refuses counts of different counters: one line, exit 2 ($(cut -c1-60 "$TMP/err")...)"

# callgrind and perf in one run: one counter a report
run_gb run --no-save --measure instructions,perf-instructions "$TMP/fib.json"
[ "$rc" -eq 2 ] && [ "$(wc -l <"$TMP/err")" -eq 1 ] || fail "two counters in one run: exit $rc"
GILBENCH_PERF_EVENT=cycles run_gb run --no-save "$TMP/fib.json"
[ "$rc" -eq 2 ] && [ "$(wc -l <"$TMP/err")" -eq 1 ] &&
    grep -q 'GILBENCH_PERF_EVENT: "cycles" is not an event' "$TMP/err" ||
    fail "a bad GILBENCH_PERF_EVENT: exit $rc"
check "two counters in one run, a bad GILBENCH_PERF_EVENT: one line, exit 2"

# the hardware counter: refused here (a virtual machine), in one line with the errno
# explained and nothing run; where the kernel offers it, it counts
unset GILBENCH_PERF_EVENT
run_gb run --json "$TMP/hw.json" --color never --runs 1 --warmup 0 "$TMP/fib.json"
if [ "$rc" -eq 0 ]; then
    [ "$(q "$TMP/hw.json" 'r["metadata"]["counter"]["event"]')" = instructions ] &&
        [ "$(q "$TMP/hw.json" 'min(t["instructions"] for t in r["scenarios"][0]["runs"][0]["threads"])')" -gt 1000000 ] ||
        fail "the hardware counter opened, but its counts are wrong"
    check "the hardware instruction counter counts (this kernel offers it)"
else
    [ "$rc" -eq 2 ] && [ "$(wc -l <"$TMP/err")" -eq 1 ] && [ ! -e "$TMP/hw.json" ] &&
        grep -q "refuses perf_event_open for the instruction counter (.*: .*); count under valgrind instead" \
            "$TMP/err" || fail "the refusal of the hardware counter: exit $rc"
    check "the hardware counter refused: one line, exit 2 ($(cat "$TMP/err"))"
fi
