#!/bin/sh
# One invalid-scenario case: `gilbench validate scenario.json` run from the case folder must
# exit 2 and print exactly the line in the file `error` (and nothing else) on stderr.
set -u
gilbench=$1
dir=$2
cd "$dir" || exit 1
out=$("$gilbench" validate scenario.json 2>&1 >/dev/null)
status=$?
expected=$(cat error)
if [ "$status" -ne 2 ]; then
    echo "expected exit status 2, got $status; stderr was:"
    echo "$out"
    exit 1
fi
if [ "$out" != "$expected" ]; then
    echo "stderr differs from $dir/error"
    echo "expected: $expected"
    echo "actual:   $out"
    exit 1
fi
exit 0
