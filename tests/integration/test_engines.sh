#!/bin/sh
# The threading engine (the seed's threading.Thread) and the barrier start agree with the
# native engine on what the GIL does: hold+hold serial everywhere, release+hold parallel
# (sequential start), hold+release in barrier mode runs (the GIL decides, not the start).
. "$(dirname "$0")/lib.sh"

mk() { # NAME ENGINE START GIL1 GIL2
    printf '{"name": "%s", "engine": "%s", "start": "%s", "runs": 3, "warmup": 1, "threads": [
      {"workload": "fibonacci", "gil": "%s", "args": [100000000]},
      {"workload": "fibonacci", "gil": "%s", "args": [100000000]}]}\n' "$1" "$2" "$3" "$4" "$5" \
        >"$TMP/$1.json"
}
mk native-hold native sequential hold hold
mk threading-hold threading sequential hold hold
mk barrier-hold threading barrier hold hold
mk threading-gil-nogil threading sequential hold release
mk native-release native sequential release hold
mk threading-release threading sequential release hold
mk barrier-release native barrier release release
mk barrier-gil-nogil native barrier hold release
mk threading-barrier-gil-nogil threading barrier hold release
run_gb_watched run --json "$TMP/r.json" --color never "$TMP"/*.json
[ "$rc" -eq 0 ] || fail "exit status $rc (these scenarios expect nothing: they must all be ok)"
echo "other processes used $others CPUs during the run"
[ "$(q "$TMP/r.json" "[s['status'] for s in r['scenarios']] == ['ok'] * 9")" = True ] ||
    fail "a scenario is not ok"
[ "$(q "$TMP/r.json" "all(len(s['runs']) == 4 for s in r['scenarios'])")" = True ] ||
    fail "not every scenario made its 4 runs"
check "9 scenarios, 4 runs each (3 + 1 warmup)"

# the verdicts come from the evidence of the GIL: they hold on a busy machine, and on one CPU
for pair in native-hold:serial threading-hold:serial barrier-hold:serial \
    threading-gil-nogil:serial native-release:parallel threading-release:parallel \
    barrier-release:parallel; do
    name=${pair%%:*}
    want=${pair#*:}
    got=$(q "$TMP/r.json" "sc['$name']['summary']['verdict']")
    [ "$got" = "$want" ] || fail "$name: $got, expected $want"
    check "$name: $got"
done
for name in barrier-gil-nogil threading-barrier-gil-nogil; do
    got=$(q "$TMP/r.json" "sc['$name']['summary']['verdict']")
    case $got in
    parallel | partial | serial) check "$name ran: $got" ;;
    *) fail "$name: verdict $got" ;;
    esac
done
[ "$(q "$TMP/r.json" "all(t['start_ns'] == 0 for r in sc['barrier-release']['runs'] for t in r['threads'])")" = True ] ||
    fail "barrier: threads were not released together"
check "barrier: all threads released at the same moment"
[ "$(q "$TMP/r.json" "all(x['threads'][1]['start_ns'] >= 0.9 * x['threads'][0]['done_ns'] for x in sc['threading-gil-nogil']['runs'])")" = True ] ||
    fail "threading, hold+release: the second thread started before the first was done"
check "threading, hold+release: the second thread could not start before the first was done"
