#!/bin/sh
# One bad-input case (tests/bad/<case>/): run from the case folder, gilbench must exit 2 and
# print exactly the lines of the file `error` on stderr, nothing on stdout, no traceback.
# The command is `gilbench validate scenario.json`, or the words of the file `args` (one
# argument a line) when the case needs several files, a missing one or another command.
set -u
gilbench=$1
dir=$2
cd "$dir" || exit 1
if [ -f args ]; then
    set -f  # arguments are taken literally, one a line: no globbing
    IFS='
'
    # shellcheck disable=SC2046
    set -- $(cat args)
    unset IFS
    set +f
else
    set -- validate scenario.json
fi
tmp=$(mktemp) || exit 1
out=$("$gilbench" "$@" 2>&1 >"$tmp")
status=$?
stdout=$(cat "$tmp")
rm -f "$tmp"
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
if [ -n "$stdout" ]; then
    echo "something was printed on stdout: $stdout"
    exit 1
fi
exit 0
