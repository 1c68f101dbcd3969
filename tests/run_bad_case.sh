#!/bin/sh
# One bad-input case (tests/bad/<case>/): run from the case folder, gilbench must exit 2 and
# print exactly the lines of the file `error` on stderr, nothing on stdout, and write nothing.
#   args          the command, one word a line (default: validate scenario.json): several
#                 files, a missing one, `run`, options
#   prepare       a sh script that makes the input (too big, or unreadable, to keep in the
#                 tree); then the case runs in a scratch copy of its folder; exit 77 skips
#   unprivileged  run gilbench as a user who cannot read what prepare made unreadable:
#                 as root, `nobody` through setpriv (skip when there is none)
set -u
gilbench=$1
dir=$2
expected=$(cat "$dir/error") || exit 1
tmp=$(mktemp -d) || exit 1
trap 'chmod -R u+rwX "$tmp"; rm -rf "$tmp"' EXIT
if [ -f "$dir/prepare" ]; then
    cp -R "$dir/." "$tmp/work" || exit 1
    dir=$tmp/work
    (cd "$dir" && sh ./prepare) || exit $?
fi
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
if [ -f unprivileged ] && [ "$(id -u)" -eq 0 ]; then
    command -v setpriv >/dev/null || { echo "skip: root reads any file and there is no setpriv"; exit 77; }
    chmod 755 "$tmp" "$dir"
    set -- setpriv --reuid=65534 --regid=65534 --clear-groups "$gilbench" "$@"
else
    set -- "$gilbench" "$@"
fi
before=$(ls -A)
out=$("$@" 2>&1 >"$tmp/stdout")
status=$?
if [ "$status" -ne 2 ]; then
    echo "expected exit status 2, got $status; stderr was:"
    printf "%s\n" "$out"
    exit 1
fi
if [ "$out" != "$expected" ]; then
    echo "stderr differs from $2/error"
    printf "expected: %s\n" "$expected"
    printf "actual:   %s\n" "$out"
    exit 1
fi
if [ -s "$tmp/stdout" ]; then
    echo "something was printed on stdout:"
    cat "$tmp/stdout"
    exit 1
fi
if [ "$(ls -A)" != "$before" ]; then
    echo "a file was written in the case folder:"
    ls -A
    exit 1
fi
exit 0
