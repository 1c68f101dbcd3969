#!/bin/sh
# --interleave: every scenario gets all its runs, in shuffled rounds from a recorded seed;
# a crash or a hang among them is reported and does not stop the others.
. "$(dirname "$0")/lib.sh"

cat >"$TMP/hang.json" <<'J'
{"name": "hang", "threads": [{"workload": "sleep", "gil": "release", "args": [30]}],
 "timeout": 0.5, "runs": 2, "warmup": 0}
J
start=$(date +%s)
run_gb run --interleave --seed 3 -r 3 -w 1 --set n=1000000 --json "$TMP/r.json" --color never \
    "$SCENARIOS/gil.json" "$SCENARIOS/gil+gil.json" "$SCENARIOS/double-release.json" "$TMP/hang.json"
elapsed=$(($(date +%s) - start))
[ "$rc" -eq 1 ] || fail "exit status $rc, expected 1 (the hang times out)"
[ "$elapsed" -lt 20 ] || fail "took $elapsed s"
[ "$(q "$TMP/r.json" "r['metadata']['interleave']['seed']")" = 3 ] || fail "seed not recorded"
[ "$(q "$TMP/r.json" "[len(sc[n]['runs']) for n in ('gil', 'gil+gil')]")" = "[4, 4]" ] ||
    fail "not every run was made"
[ "$(q "$TMP/r.json" "sc['double-release']['status']")" = expected_crash ] || fail "crash"
[ "$(q "$TMP/r.json" "sc['hang']['status']")" = timeout ] || fail "hang"
# At n = 10^6 a run lasts about a millisecond, too short for the file's ratio expectation
# (>= 1.6 x gil) to hold on a busy host: only a crash, hang or error would be wrong here.
[ "$(q "$TMP/r.json" "sc['gil+gil']['status'] in ('ok', 'expectation_failed')")" = True ] ||
    fail "gil+gil: $(q "$TMP/r.json" "sc['gil+gil']['status']")"
check "interleaved: all runs made, seed recorded, crash and hang reported, ${elapsed} s"

run_gb run --interleave --precision 1 "$SCENARIOS/gil.json"
[ "$rc" -eq 2 ] || fail "--interleave with --precision accepted"
check "--interleave with --precision refused"

# a bounded number of workers alive at once, said on stderr: 40 scenarios under a limit of
# 80 open files (3 descriptors a worker in the driver) run in batches, every one of them ok
mkdir "$TMP/many"
i=0
while [ $i -lt 40 ]; do
    printf '{"name": "s%d", "threads": [{"python": "pass"}], "runs": 2, "warmup": 0}\n' $i \
        >"$TMP/many/s$i.json"
    i=$((i + 1))
done
(ulimit -n 80 && exec "$GILBENCH" run --interleave --seed 1 --json "$TMP/many.json" \
    --color never "$TMP"/many/s*.json) >"$TMP/out" 2>"$TMP/err"
rc=$?
[ "$rc" -eq 0 ] || fail "40 scenarios under ulimit -n 80: exit $rc: $(grep -m1 -i 'error\|files' "$TMP/err")"
grep -q "at most 8 workers at a time: 5 batches" "$TMP/err" ||
    fail "the bound is not said: $(grep interleaving "$TMP/err")"
[ "$(q "$TMP/many.json" "sorted(set(s['status'] for s in r['scenarios']))")" = "['ok']" ] ||
    fail "not every scenario ok"
[ "$(q "$TMP/many.json" "sum(len(s['runs']) for s in r['scenarios'])")" = 80 ] ||
    fail "not every run made"
check "--interleave keeps at most 8 workers alive under ulimit -n 80, and says so"
