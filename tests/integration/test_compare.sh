#!/bin/sh
# gilbench compare: the CI gate. Regressions (slower beyond the threshold, a GIL verdict
# that got worse, a scenario that now crashes) exit 1; noise and A/A exit 0; bad input 2.
. "$(dirname "$0")/lib.sh"

# synthetic reports: exact figures, no clock involved
"$GB_PYTHON" -I - "$TMP" <<'PY'
import json, sys
d = sys.argv[1]
def report(scenarios, host="h"):
    return {"schema_version": 1, "metadata": {"hostname": host, "cpu": {"model": "m"}},
            "scenarios": scenarios}
def scenario(name, walls_ms, verdict="serial", status="ok", canary=300000):
    runs = [{"index": 0, "warmup": True, "wall_ns": 999000000}]
    runs += [{"index": i + 1, "warmup": False, "wall_ns": int(w * 1e6), "canary_ns": canary}
             for i, w in enumerate(walls_ms)]
    return {"name": name, "status": status, "summary": {"verdict": verdict}, "runs": runs}
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
[ "$rc" -eq 0 ] || fail "a slower machine (canary 30 % slower too) was flagged"
grep -q "note: a: 30.0 % slower, but the machine ran the canary loop 30 % slower too" "$TMP/out" ||
    fail "no canary note"
run_gb compare "$TMP/base.json" "$TMP/slowcode.json"
[ "$rc" -eq 1 ] || fail "30 % slower code on a steady machine was not flagged"
check "the canary tells a slower machine from slower code"

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

