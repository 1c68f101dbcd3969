#!/bin/sh
# run --side: the same files under two sets of variables in one interleaved session, a
# report per side under the files' own names (so that `compare` takes them as they are),
# each with the side in its metadata; and the refusals of the option.
. "$(dirname "$0")/lib.sh"

run_gb run --side small:n=1000000 --side big:n=20000000 -r 6 -w 1 --seed 5 -o "$TMP/ab" \
    --color never "$SCENARIOS/gil.json" "$SCENARIOS/gil+gil.json"
[ "$rc" -le 1 ] || fail "exit status $rc"
grep -q 'gil+gil\[side=big\]' "$TMP/out" || fail "the terminal does not tell the sides apart"
for side in small big; do
    for f in "$side.json" "$side-runs.csv" "$side-summary.csv" "$side-threads.csv"; do
        [ -s "$TMP/ab-$f" ] || fail "no $TMP/ab-$f"
    done
    r="$TMP/ab-$side.json"
    [ "$(q "$r" "sorted(sc)")" = "['gil', 'gil+gil']" ] || fail "$side: names $(q "$r" "sorted(sc)")"
    [ "$(q "$r" "sc['gil+gil']['summary']['baseline']")" = gil ] || fail "$side: baseline"
    [ "$(q "$r" "r['metadata']['side']['label'] + ' ' + ' '.join(r['metadata']['side']['sides'])")" = "$side small big" ] ||
        fail "$side: metadata.side"
    [ "$(q "$r" "r['metadata']['interleave']['seed']")" = 5 ] || fail "$side: not interleaved"
    [ "$(q "$r" "all(len(s['runs']) == 7 for s in r['scenarios'])")" = True ] || fail "$side: runs"
done
[ "$(q "$TMP/ab-big.json" "sc['gil']['config']['threads'][0]['args'][0]")" = 20000000 ] ||
    fail "the side's n is not in the config"
# 20x the steps: the worker must have been given the side's variables, not only the report
[ "$(q "$TMP/ab-big.json" "sc['gil']['summary']['wall_s']['median'] > 4 * $(q "$TMP/ab-small.json" "sc['gil']['summary']['wall_s']['median']")")" = True ] ||
    fail "side big was not run with its own n"
check "two sides interleaved, a report per side under the files' names"

run_gb compare "$TMP/ab-small.json" "$TMP/ab-big.json"
[ "$rc" -eq 1 ] || fail "compare of the sides: exit $rc, expected 1 (20x slower, 6 runs a side)"
grep -q 'the sides "small" and "big" of one session: runs are compared round by round' \
    "$TMP/out" || fail "compare did not pair the runs of one session"
check "the sides' reports compare as they are, run by run"

# --driver: a side's workers run by another build (here a wrapper that notes each call, and
# refuses, as builds before 2026-12-02 do, the validated scenario on a descriptor: another
# build is given the scenario's path, which every build takes)
printf '#!/bin/sh\ncase "$*" in *--scenario-fd*) echo "unknown option --scenario-fd" >&2; exit 2;; esac\necho "$1" >>"%s/calls"\nexec "%s" "$@"\n' \
    "$TMP" "$GILBENCH" >"$TMP/other-build"
chmod +x "$TMP/other-build"
for g in hold release; do
    printf '{"name": "%s", "threads": [{"workload": "fibonacci", "gil": "%s", "args": [1000]}]}\n' \
        "$g" "$g" >"$TMP/$g.json"
done
run_gb run --side base --side new --driver "base=$TMP/other-build" -r 2 -w 0 --json "$TMP/d.json" \
    --color never "$TMP/hold.json" "$TMP/release.json"
[ "$rc" -le 1 ] || fail "--driver: exit $rc"
[ "$(cat "$TMP/calls" 2>/dev/null | tr '\n' ' ')" = "__worker __worker " ] ||
    fail "--driver: the other build ran $(cat "$TMP/calls" 2>/dev/null | wc -l) workers, expected 2"
[ "$(q "$TMP/d-base.json" "r['metadata']['side']['driver']")" = "$TMP/other-build" ] ||
    fail "--driver: not in metadata.side"
[ "$(q "$TMP/d-new.json" "r['metadata']['side']['driver']")" = None ] || fail "--driver: new side"
[ "$(q "$TMP/d-base.json" "[s['status'] for s in r['scenarios']]")" = "['ok', 'ok']" ] ||
    fail "--driver: the base side did not run"
check "--driver: one side's workers run by another build"

refuse() { # EXPECTED-TEXT ARGS...: exit 2 and one line containing the text
    want=$1
    shift
    run_gb run --no-save "$@" "$SCENARIOS/gil.json"
    [ "$rc" -eq 2 ] || fail "$*: exit $rc, expected 2"
    [ "$(wc -l <"$TMP/err")" -eq 1 ] || fail "$*: not one line"
    grep -q -- "$want" "$TMP/err" || fail "$*: no \"$want\" in: $(cat "$TMP/err")"
}
refuse "at least two sides" --side a
refuse 'the label "a" is given twice' --side a --side a:n=1
refuse "expected LABEL" --side "a b" --side c
refuse "expected NAME=VALUE" --side a:n --side b
refuse 'no scenario has a variable "nn"; did you mean "n"' --side a:nn=1 --side b
refuse "not \"-\"" --side a --side b --json -
refuse "cannot be used together" --side a --side b --precision 5
refuse 'no --side is labelled "c"' --side a --side b --driver c=/bin/true
refuse "/nonexistent: No such file" --side a --side b --driver b=/nonexistent
refuse "expected LABEL=PATH" --side a --side b --driver b
check "bad --side and --driver use refused with one line each"
