#!/bin/sh
# The threading engine (the seed's threading.Thread) and the barrier start agree with the
# native engine on what the GIL does.
. "$(dirname "$0")/lib.sh"

[ "$(cpus)" -ge 2 ] || { echo "skip: needs two CPUs"; exit 77; }
mk() { # NAME ENGINE START GIL1 GIL2
    printf '{"name": "%s", "engine": "%s", "start": "%s", "runs": 3, "warmup": 1, "threads": [
      {"workload": "fibonacci", "gil": "%s", "args": [100000000]},
      {"workload": "fibonacci", "gil": "%s", "args": [100000000]}]}\n' "$1" "$2" "$3" "$4" "$5" \
        >"$TMP/$1.json"
}
mk native-hold native sequential hold hold
mk threading-hold threading sequential hold hold
mk threading-release threading sequential release hold
mk threading-gil-nogil threading sequential hold release
mk barrier-release native barrier release release
mk barrier-hold threading barrier hold hold
run_gb run --json "$TMP/r.json" --color never "$TMP"/*.json
[ "$rc" -eq 0 ] || fail "exit status $rc"
for pair in native-hold:serial threading-hold:serial threading-release:parallel \
    threading-gil-nogil:serial barrier-release:parallel barrier-hold:serial; do
    name=${pair%%:*}
    want=${pair#*:}
    got=$(q "$TMP/r.json" "sc['$name']['summary']['verdict']")
    [ "$got" = "$want" ] || fail "$name: $got, expected $want"
    check "$name: $got"
done
[ "$(q "$TMP/r.json" "all(t['start_ns'] == 0 for r in sc['barrier-release']['runs'] for t in r['threads'])")" = True ] ||
    fail "barrier: threads were not released together"
check "barrier: all threads released at the same moment"
