#!/bin/sh
# gilbench compare: the CI gate. Regressions (slower beyond the threshold, a GIL verdict
# that got worse, a scenario that now crashes) exit 1; noise and A/A exit 0; bad input 2; a
# wall-clock change on a busy machine (run-queue delay, canary) inconclusive, 3; counted
# results judged by their counts.
. "$(dirname "$0")/lib.sh"

# synthetic reports: exact figures, no clock involved
"$GB_PYTHON" -I - "$TMP" <<'PY'
import json, sys
d = sys.argv[1]
def report(scenarios, host="h"):
    return {"schema_version": 1, "metadata": {"hostname": host, "cpu": {"model": "m"}},
            "scenarios": scenarios}
# every key the report reader requires: two threads whose serial score gives the verdict
SCORE = {"serial": 1.0, "parallel": 0.0}
def run(index, wall_ms, verdict, canary, warmup=False, delay=None, count=None):
    wall = int(wall_ms * 1e6)
    threads = [{"name": "t%d" % (k + 1), "start_ns": 0, "enter_ns": 0, "done_ns": wall,
                "return_ns": wall, "cpu_ns": wall} for k in range(2)]
    r = {"index": index, "warmup": warmup, "wall_ns": wall, "user_ns": wall, "sys_ns": 0,
         "canary_ns": canary, "serial_score": SCORE.get(verdict), "threads": threads}
    if delay is not None:  # the threads waited for a CPU for this share of their work
        r["evidence"] = {"gil": False, "cpu": True}
        for t in threads:
            t["run_delay_ns"] = int(delay * wall)
    if count is not None:  # a counted run: the instructions of each thread
        for t in threads:
            t["instructions"], t["cycles"] = count, 2 * count
    return r
def scenario(name, walls_ms, verdict="serial", status="ok", canary=300000, delay=None):
    runs = [run(0, 999, verdict, canary, warmup=True, delay=delay)] if walls_ms else []
    runs += [run(i + 1, w, verdict, canary, delay=delay) for i, w in enumerate(walls_ms)]
    return {"name": name, "status": status, "message": None,
            "config": {"threads": [{"name": "t1", "workload": "fibonacci", "gil": "release"},
                                   {"name": "t2", "workload": "fibonacci", "gil": "hold"}]},
            "runs": runs}
base = [100 + (i % 5 - 2) * 0.5 for i in range(10)]
json.dump(report([scenario("a", base), scenario("b", base, "parallel"), scenario("c", base),
                  scenario("gone", base)]), open(d + "/base.json", "w"))
json.dump(report([scenario("a", [w * 1.10 for w in base]),           # 10 % slower
                  scenario("b", base, "serial"),                      # stopped releasing
                  scenario("c", [w * 1.003 for w in base]),           # noise
                  scenario("fresh", base)], host="other"), open(d + "/new.json", "w"))
json.dump(report([scenario("a", base), scenario("b", base, "parallel"),
                  scenario("c", [], "none", "crashed"), scenario("gone", base)]),
          open(d + "/crash.json", "w"))
json.dump(report([scenario("a", [w * 1.03 for w in base]), scenario("b", base, "parallel"),
                  scenario("c", base), scenario("gone", base)]), open(d + "/small.json", "w"))
# the whole machine 30 % slower (the canary loop too): not the code's fault
json.dump(report([scenario("a", [w * 1.3 for w in base], canary=390000),
                  scenario("b", base, "parallel"), scenario("c", base), scenario("gone", base)]),
          open(d + "/slowmachine.json", "w"))
# the code 30 % slower on a machine running as usual
json.dump(report([scenario("a", [w * 1.3 for w in base]), scenario("b", base, "parallel"),
                  scenario("c", base), scenario("gone", base)]), open(d + "/slowcode.json", "w"))
# a noisy neighbour: half of the runs twice as slow, the fastest ones untouched
json.dump(report([scenario("a", base[:6] + [w * 2 for w in base[6:]]), scenario("b", base, "parallel"),
                  scenario("c", base), scenario("gone", base)]), open(d + "/burst.json", "w"))
# a busy machine: the new side's threads waited for a CPU 40 % of their work, its times 90 %
# slower and its verdict parallel -> serial: inconclusive, not a regression
json.dump(report([scenario("a", [w * 1.9 for w in base], delay=0.4),
                  scenario("b", base, "serial", delay=0.4), scenario("c", base),
                  scenario("gone", base)]), open(d + "/busy.json", "w"))
# counted results beside the timed ones: the same name, judged by their counts
def counted(name, count, walls_ms=base):
    s = scenario(name, walls_ms)
    s["measure"] = "instructions"
    for i, r in enumerate(s["runs"]):
        s["runs"][i] = run(r["index"], 2000, "none", 0, r["warmup"], count=count)
    return s
json.dump(report([scenario("a", base), counted("a", 25000000)]), open(d + "/cb.json", "w"))
json.dump(report([scenario("a", [w * 1.9 for w in base], delay=0.4),
                  counted("a", 25300000)]), open(d + "/cn.json", "w"))
json.dump(report([scenario("a", base), counted("a", 25100000)]), open(d + "/cs.json", "w"))
# a side that lacks a scenario of the base, and nothing else differs
json.dump(report([scenario("a", base), scenario("b", base, "parallel"), scenario("c", base)]),
          open(d + "/lacking.json", "w"))
# invalid or incomplete sides: the gate fails closed on each (exit 2, one line)
def bad(name, mutate):
    r = report([scenario("a", base), scenario("b", base, "parallel"), scenario("c", base),
                scenario("gone", base)])
    mutate(r)
    json.dump(r, open(d + "/bad-" + name + ".json", "w"), indent=1)
def setrun(k, v):
    def f(r): r["scenarios"][0]["runs"][2][k] = v
    return f
bad("runs-null", lambda r: r["scenarios"][0].update(runs=None))
bad("name-null", lambda r: r["scenarios"][1].update(name=None))
bad("negative-time", setrun("wall_ns", -5))
bad("zero-runs", lambda r: r["scenarios"][2].update(runs=[]))
bad("only-warmup", lambda r: r["scenarios"][2].update(runs=r["scenarios"][2]["runs"][:1]))
bad("interrupted", lambda r: r["scenarios"][1].update(status="interrupted"))
bad("not-run", lambda r: r["scenarios"][3].update(status="not_run", runs=[]))
bad("no-scenario", lambda r: r.update(scenarios=[]))
bad("duplicate", lambda r: r["scenarios"][3].update(name="a"))
bad("newer-schema", lambda r: r.update(schema_version=2))
# names and metadata from a report are text to show, not to obey: escapes, markdown
odd = "a|b*_\u001b[2J"
json.dump(report([scenario(odd, base), scenario("b", base, "parallel")], host="h\u001b[31m"),
          open(d + "/odd-base.json", "w"))
json.dump(report([scenario(odd, [w * 1.3 for w in base]), scenario("b", base, "parallel")]),
          open(d + "/odd-new.json", "w"))
PY

run_gb compare "$TMP/base.json" "$TMP/new.json"
[ "$rc" -eq 1 ] || fail "exit status $rc, expected 1"
grep -q "REGRESSION a: 10.0 % slower" "$TMP/out" || fail "a (10 % slower) not flagged"
grep -q "REGRESSION b: GIL verdict parallel -> serial" "$TMP/out" || fail "b (verdict) not flagged"
! grep -q "REGRESSION c" "$TMP/out" || fail "c (0.3 %) flagged"
grep -q "gone is in the base report only" "$TMP/out" || fail "a missing scenario was dropped"
grep -q "fresh is in the new report only" "$TMP/out" || fail "a new scenario was dropped"
grep -q "different machines (h and other)" "$TMP/out" || fail "different machines not said"
check "slower and worse verdict flagged, noise not, scenarios in one file listed"

run_gb compare "$TMP/base.json" "$TMP/crash.json"
[ "$rc" -eq 1 ] && grep -q "REGRESSION c: was ok, now crashed" "$TMP/out" || fail "crash not flagged"
check "a scenario that now crashes is a regression"

run_gb compare "$TMP/base.json" "$TMP/small.json"
[ "$rc" -eq 0 ] || fail "3 % slower flagged with the default 5 % threshold"
run_gb compare --threshold 2 "$TMP/base.json" "$TMP/small.json"
[ "$rc" -eq 1 ] || fail "3 % slower not flagged with --threshold 2"
check "the threshold decides"

run_gb compare "$TMP/base.json" "$TMP/slowmachine.json"
[ "$rc" -eq 3 ] || fail "a slower machine (canary 30 % slower too): exit $rc, expected 3"
grep -q "INCONCLUSIVE a: 30.0 % slower .*, but the machine ran the canary loop 30 % slower too" \
    "$TMP/out" || fail "no canary inconclusive"
! grep -q "^REGRESSION" "$TMP/out" || fail "a slower machine made a regression"
run_gb compare "$TMP/base.json" "$TMP/slowcode.json"
[ "$rc" -eq 1 ] || fail "30 % slower code on a steady machine was not flagged"
check "the canary tells a slower machine from slower code"

run_gb compare "$TMP/base.json" "$TMP/busy.json"
[ "$rc" -eq 3 ] || fail "a busy machine: exit $rc, expected 3 (inconclusive)"
grep -q "INCONCLUSIVE a: 90.0 % slower .*, but the new side ran on a busy machine (its threads waited for a CPU 40 % of their work)" \
    "$TMP/out" || fail "a: no busy machine said"
grep -q "INCONCLUSIVE b: GIL verdict parallel -> serial, but the new side ran on a busy machine" \
    "$TMP/out" || fail "b: the verdict on a busy machine not inconclusive"
! grep -q "^REGRESSION" "$TMP/out" || fail "a busy machine made a regression"
run_gb compare "$TMP/busy.json" "$TMP/base.json"
[ "$rc" -eq 0 ] && grep -q "note: a: the base side ran on a busy machine" "$TMP/out" ||
    fail "a busy base not said (exit $rc)"
check "a busy machine (run-queue delay) is said per scenario; what it did to the times is inconclusive, exit 3"

run_gb compare "$TMP/cb.json" "$TMP/cn.json"
[ "$rc" -eq 1 ] || fail "counted 1.2 % more: exit $rc, expected 1"
grep -q "REGRESSION a \[instructions\]: 1.20 % more instructions (50,000,000 -> 50,600,000" \
    "$TMP/out" || fail "counts not judged"
grep -q "INCONCLUSIVE a: 90.0 % slower" "$TMP/out" || fail "the timed a not judged apart"
run_gb compare "$TMP/cb.json" "$TMP/cs.json"
[ "$rc" -eq 0 ] || fail "counted 0.4 % more flagged with the default 1 % (exit $rc)"
run_gb compare --count-threshold 0.2 "$TMP/cb.json" "$TMP/cs.json"
[ "$rc" -eq 1 ] || fail "counted 0.4 % more not flagged with --count-threshold 0.2"
check "counted results judged by their counts, apart from the timed ones of the same name"

run_gb compare "$TMP/base.json" "$TMP/burst.json"
[ "$rc" -eq 0 ] || fail "a burst that slowed some runs only was flagged"
check "a burst of noise on some runs is not a regression"

run_gb compare --markdown "$TMP/base.json" "$TMP/base.json"
[ "$rc" -eq 0 ] || fail "A/A comparison failed"
grep -q "^| scenario | base | new |" "$TMP/out" && grep -q "no regression" "$TMP/out" ||
    fail "markdown"
check "A/A: no regression; markdown table"

echo '{"x": 1}' >"$TMP/other.json"
echo 'not json' >"$TMP/bad.json"
for args in "$TMP/base.json $TMP/other.json" "$TMP/bad.json $TMP/base.json" \
    "$TMP/base.json $TMP/none.json" "$TMP/base.json"; do
    # shellcheck disable=SC2086
    run_gb compare $args
    [ "$rc" -eq 2 ] || fail "compare $args: exit $rc, expected 2"
    [ "$(wc -l <"$TMP/err")" -eq 1 ] || fail "compare $args: not one line"
done
check "bad input: one line, exit 2"

# the gate fails closed: an invalid or incomplete side (on either side) is exit 2 with one
# line saying what is wrong; `gilbench report` refuses the same files
for name in runs-null name-null negative-time zero-runs only-warmup interrupted not-run \
    no-scenario duplicate newer-schema; do
    for order in new base; do
        if [ $order = new ]; then
            run_gb compare "$TMP/base.json" "$TMP/bad-$name.json"
        else
            run_gb compare "$TMP/bad-$name.json" "$TMP/base.json"
        fi
        [ "$rc" -eq 2 ] || fail "compare with bad-$name.json as $order: exit $rc, expected 2"
        [ "$(wc -l <"$TMP/err")" -eq 1 ] || fail "bad-$name.json as $order: not one line"
        grep -q "bad-$name.json" "$TMP/err" || fail "bad-$name.json: the file is not named"
        ! grep -q "cannot read" "$TMP/err" || fail "bad-$name.json: $(cat "$TMP/err")"
        [ ! -s "$TMP/out" ] || fail "bad-$name.json as $order: a table was printed"
    done
done
run_gb compare "$TMP/base.json" "$TMP/bad-duplicate.json"
grep -q "bad-duplicate.json: error: scenarios: scenario \"a\" appears twice" "$TMP/err" ||
    fail "duplicate names: $(cat "$TMP/err")"
run_gb compare "$TMP/base.json" "$TMP/bad-negative-time.json"
grep -q "bad-negative-time.json:[0-9]*:[0-9]*: error: scenarios\[0\].runs\[2\].wall_ns: " \
    "$TMP/err" || fail "no position and path for a negative time: $(cat "$TMP/err")"
run_gb compare "$TMP/base.json" "$TMP/bad-interrupted.json"
grep -q "incomplete report: scenario \"b\" is interrupted" "$TMP/err" ||
    fail "an interrupted scenario not said: $(cat "$TMP/err")"
run_gb compare "$TMP/base.json" "$TMP/bad-zero-runs.json"
grep -q "incomplete report: scenario \"c\" is ok but has no measured run" "$TMP/err" ||
    fail "zero runs not said: $(cat "$TMP/err")"
check "an invalid or incomplete side is exit 2, said on one line with its place"

run_gb compare "$TMP/base.json" "$TMP/lacking.json"
[ "$rc" -eq 1 ] || fail "a scenario missing from the new report: exit $rc, expected 1"
grep -q "REGRESSION gone: missing from the new report" "$TMP/out" || fail "missing not said"
run_gb compare "$TMP/lacking.json" "$TMP/base.json"
[ "$rc" -eq 0 ] || fail "a scenario only in the new report: exit $rc, expected 0"
check "a scenario missing from the new report is a regression; a new one is not"

for m in "" --markdown; do
    # shellcheck disable=SC2086
    run_gb compare $m "$TMP/odd-base.json" "$TMP/odd-new.json"
    [ "$rc" -eq 1 ] || fail "odd names $m: exit $rc"
    ! LC_ALL=C grep -q "$(printf '\033')" "$TMP/out" || fail "compare $m: an escape reached the terminal"
done
grep -qF '| **a\|b\*\_\\x1b\[2J** |' "$TMP/out" ||
    fail "markdown: the name is not escaped: $(grep '^| \*\*' "$TMP/out")"
grep -qF -- '- **a\|b\*\_\\x1b\[2J**: 30.0 % slower' "$TMP/out" ||
    fail "markdown: the regression line is not escaped"
check "compare shows names and metadata escaped, for the terminal and for markdown"

# inputs are bounded: a stream that is not a report stops at its first bytes, a file over
# the limit (1 GiB, docs/reliability.md) is refused before it is read
yes 2>/dev/null | timeout 20 "$GILBENCH" compare /dev/stdin "$TMP/base.json" >"$TMP/out" 2>"$TMP/err"
rc=$?
[ "$rc" -eq 2 ] && [ "$(wc -l <"$TMP/err")" -eq 1 ] || fail "yes | compare: exit $rc, $(cat "$TMP/err")"
timeout 20 "$GILBENCH" report -o "$TMP/z.html" /dev/zero >"$TMP/out" 2>"$TMP/err"
rc=$?
[ "$rc" -eq 2 ] && grep -q "not a gilbench report" "$TMP/err" || fail "report /dev/zero: exit $rc"
printf '{' >"$TMP/huge.json"
truncate -s 1100M "$TMP/huge.json"
run_gb compare "$TMP/huge.json" "$TMP/base.json"
[ "$rc" -eq 2 ] && grep -q "huge.json: error: the report is larger than 1024 MiB" "$TMP/err" ||
    fail "a report over the limit: exit $rc, $(cat "$TMP/err")"
rm -f "$TMP/huge.json"
check "report and compare stop at once on endless or oversized input"

# one thread, so no verdict to change: holding the GIL where it released it is caught by the
# evidence of the GIL (its held share), whatever the machine does to the timings
one() {
    printf '{"name": "alone", "runs": 3, "warmup": 1, "threads": [
      {"workload": "fibonacci", "gil": "%s", "args": [20000000]}]}\n' "$1" >"$TMP/$2.json"
}
one release alone-before
one hold alone-after
"$GILBENCH" run --json "$TMP/a1.json" --color never "$TMP/alone-before.json" >/dev/null 2>&1
"$GILBENCH" run --json "$TMP/a2.json" --color never "$TMP/alone-after.json" >/dev/null 2>&1
run_gb compare "$TMP/a1.json" "$TMP/a2.json"
[ "$rc" -eq 1 ] && grep -q "t1 held the GIL [0-9]* % -> 100 % of its work" "$TMP/out" ||
    fail "one thread: release -> hold not caught by its held share"
check "one thread: release -> hold is a GIL regression (held share)"
run_gb compare "$TMP/a1.json" "$TMP/a1.json"
[ "$rc" -eq 0 ] || fail "a report against itself: exit $rc"

# and for real: a thread that stops releasing the GIL is caught (verdicts from the evidence
# of the GIL: a busy machine does not turn them)
mk() {
    printf '{"name": "work", "runs": 5, "warmup": 1, "threads": [
      {"workload": "fibonacci", "gil": "%s", "args": [100000000]},
      {"workload": "fibonacci", "gil": "hold", "args": [100000000]}]}\n' "$1" >"$TMP/$2.json"
}
mk release before
mk hold after
run_gb_watched run --json "$TMP/r1.json" --color never "$TMP/before.json"
[ "$rc" -eq 0 ] || fail "run before: exit status $rc"
[ "$(q "$TMP/r1.json" "sc['work']['summary']['verdict']")" = parallel ] ||
    fail "release + hold measured $(q "$TMP/r1.json" "sc['work']['summary']['verdict']")"
"$GILBENCH" run --json "$TMP/r2.json" --color never "$TMP/after.json" >/dev/null 2>&1
run_gb compare "$TMP/r1.json" "$TMP/r2.json"
[ "$rc" -eq 1 ] && grep -q "GIL verdict parallel -> serial" "$TMP/out" ||
    fail "release -> hold not caught"
check "release -> hold is a regression"

