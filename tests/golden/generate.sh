#!/bin/sh
# tests/golden/generate.sh GILBENCH OUTDIR - write the deterministic outputs of gilbench into
# OUTDIR, one file a case: the command, its stdout, its stderr and its exit status.
#   help/      --help of gilbench and of every command
#   report/    `gilbench report -f FMT -o -` of the fixed reports of tests/golden/reports/ in
#              every format the report command has
#   compare/   `gilbench compare` of those reports (no clock: a seeded bootstrap)
#   scenarios/ `validate` and `list` of every shipped scenario file (scenarios/**/*.json)
#   bad/       `validate` and `list` of each case of tests/bad/ (its `args` when it has them;
#              the cases that `prepare` their input are left to tests/run_bad_case.sh)
# Commands run from the checkout's root (or the bad case's folder) with relative paths, so
# nothing depends on where the checkout is. tests/integration/test_golden.sh compares the
# result with tests/golden/expected/ byte for byte; ci/golden --update rewrites it.
set -eu
gilbench=$1
out=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
export LC_ALL=C NO_COLOR=1 CI=1
unset GILBENCH_PYTHONPATH 2>/dev/null || true

# case FILE ARGS...: run gilbench ARGS in the current folder, record it in FILE
case_() {
    file=$1
    shift
    mkdir -p "$(dirname "$file")"
    status=0
    "$gilbench" "$@" >"$file.stdout" 2>"$file.stderr" </dev/null || status=$?
    {
        printf '$ gilbench'
        printf ' %s' "$@"
        printf '\n--- stdout\n'
        cat "$file.stdout"
        printf -- '--- stderr\n'
        cat "$file.stderr"
        printf -- '--- exit %s\n' "$status"
    } >"$file"
    rm -f "$file.stdout" "$file.stderr"
}

mkdir -p "$out"
out=$(cd "$out" && pwd)

case_ "$out/help/gilbench.txt" --help
case_ "$out/help/help.txt" help
for cmd in run compare report validate list workloads; do
    case_ "$out/help/$cmd.txt" "$cmd" --help
    case_ "$out/help/help-$cmd.txt" help "$cmd"
done
case_ "$out/workloads.txt" workloads

formats="json csv csv-summary csv-threads html markdown trace hyperfine bencher github-benchmark"
for report in tests/golden/reports/*.json; do
    name=$(basename "$report" .json)
    for fmt in $formats; do
        case_ "$out/report/$name.$fmt" report "$report" -f "$fmt" -o -
    done
done
case_ "$out/compare/peers-peers.txt" compare tests/golden/reports/peers.json tests/golden/reports/peers.json
case_ "$out/compare/peers-sweep.txt" compare tests/golden/reports/peers.json tests/golden/reports/sweep.json
case_ "$out/compare/sweep-sweep.txt" compare tests/golden/reports/sweep.json tests/golden/reports/sweep.json
case_ "$out/compare/counted-counted.txt" compare tests/golden/reports/counted.json tests/golden/reports/counted.json

for f in $(find scenarios -name '*.json' | LC_ALL=C sort); do
    name=$(echo "$f" | sed 's|^scenarios/||; s|\.json$||; s|/|-|g')
    case_ "$out/scenarios/$name.validate.txt" validate "$f"
    case_ "$out/scenarios/$name.list.txt" list "$f"
done
case_ "$out/scenarios/all.validate.txt" validate $(find scenarios -name '*.json' | LC_ALL=C sort)
case_ "$out/scenarios/default.list.txt" list

for dir in tests/bad/*/; do
    name=$(basename "$dir")
    [ -f "$dir/prepare" ] && continue
    (
        cd "$dir"
        if [ -f args ]; then
            set -f
            IFS='
'
            # shellcheck disable=SC2046
            set -- $(cat args)
            unset IFS
            set +f
        else
            set -- validate scenario.json
        fi
        case_ "$out/bad/$name.txt" "$@"
        if [ "$1" = validate ]; then
            shift
            case_ "$out/bad/$name.list.txt" list "$@"
        fi
    )
done
