#!/bin/sh
# Bad command-line use, table-driven: each row is the arguments (split at spaces) and the
# exact line gilbench must print on stderr; every row exits 2, prints nothing on stdout and
# writes nothing. Files are looked up in a scratch folder holding good.json, bad.json and a
# scenario named "-x.json" (an option-like name, given after --).
. "$(dirname "$0")/lib.sh"

mkdir "$TMP/d"
printf '{"threads": [{"workload": "empty", "gil": "hold"}]}\n' >"$TMP/d/good.json"
printf '{"threads": [{"workload": "empty", "gil": "hold"}], "runs": 0}\n' >"$TMP/d/-x.json"
n=0
while IFS='|' read -r args expected; do
    case $args in '' | '#'*) continue ;; esac
    args=$(echo "$args" | sed 's/ *$//')
    expected=$(echo "$expected" | sed 's/^ *//')
    before=$(ls -A "$TMP/d")
    # shellcheck disable=SC2086
    (cd "$TMP/d" && set -f && exec "$GILBENCH" $args) >"$TMP/out" 2>"$TMP/err"
    rc=$?
    [ "$rc" -eq 2 ] || fail "gilbench $args: exit status $rc, expected 2"
    [ "$(cat "$TMP/err")" = "$expected" ] ||
        fail "gilbench $args: expected on stderr: $expected"
    [ ! -s "$TMP/out" ] || fail "gilbench $args: something was printed on stdout"
    [ "$(ls -A "$TMP/d")" = "$before" ] || fail "gilbench $args: something was written"
    n=$((n + 1))
done <<'TABLE'
# unknown options, with the nearest one
run --rnus 3 good.json               | gilbench: error: unknown option --rnus; did you mean --runs?
run --Runs 3 good.json               | gilbench: error: unknown option --Runs; did you mean --runs?
run -runs 3 good.json                | gilbench: error: unknown option -runs; did you mean --runs? (a long option takes two dashes)
run -R 3 good.json                   | gilbench: error: unknown option -R; did you mean -r (--runs)?
run --frobnicate good.json           | gilbench: error: unknown option --frobnicate (see --help)
compare --treshold 5 a.json b.json   | gilbench: error: unknown option --treshold; did you mean --threshold?
--versoin                            | gilbench: unknown option "--versoin"; did you mean --version?
rn good.json                         | gilbench: unknown command "rn"; did you mean "run"?
help rn                              | gilbench: unknown command "rn"; did you mean "run"?
# missing and bad values
run --runs                           | gilbench: error: option --runs needs a value (N)
run good.json -r                     | gilbench: error: option --runs needs a value (N)
run --json --csv runs.csv good.json  | gilbench: error: option --json needs a value (FILE), found the option --csv; write --json=--csv if that is the value
run --runs 0 good.json               | gilbench: error: option --runs: expected an integer from 1 to 100000, found "0"
run --runs 99999999999999999999 good.json | gilbench: error: option --runs: expected an integer from 1 to 100000, found "99999999999999999999"
run --timeout nan good.json          | gilbench: error: option --timeout: expected a number >= 0.001, found "nan"
run --timeout inf good.json          | gilbench: error: option --timeout: expected a number >= 0.001, found "inf"
run --quiet=yes good.json            | gilbench: error: option --quiet takes no value
run -qr3 good.json                   | gilbench: error: option -q takes no value (give flags one at a time)
run --set n good.json                | gilbench: error: option --set: expected NAME=VALUE, found "n"
run --color sometimes good.json      | gilbench: error: option --color: expected auto, always or never, found "sometimes"
run --affinity 0-999 good.json       | gilbench: error: option --affinity: expected CPU numbers such as 0,1 or 0-3 that this machine has, found "0-999"
report --format pdf x.json           | gilbench: error: option --format: unknown format "pdf" (see --help)
# conflicting options
run --no-save --json r.json good.json | gilbench run: --no-save cannot be used with --output or a format file
run --json - --csv - good.json       | gilbench run: the json and csv reports cannot both go to standard output (-): give one of them a file
run --json r.json --html r.json good.json | gilbench run: the json and html reports cannot both be written to r.json
run --json a.json --json b.json good.json | gilbench: error: the json report is given two files: a.json and b.json
run --seed 3 good.json               | gilbench run: --seed goes with --interleave (or --side): it seeds their shuffle
run --min-runs 3 good.json           | gilbench run: --min-runs and --max-runs go with --precision PCT
run -i --precision 5 good.json       | gilbench run: --interleave and --precision cannot be used together
run --side a good.json               | gilbench run: --side a: give at least two sides to compare, e.g. --side base:build=old --side new:build=new
# no files, and files that look like options
run                                  | gilbench run: no scenario file given (try: gilbench run scenarios/*.json)
validate                             | gilbench validate: no scenario file given (try: gilbench validate scenarios/*.json)
compare a.json                       | gilbench compare: expected two reports, BASE.json NEW.json (found 1)
workloads extra                      | gilbench workloads: takes no arguments (found "extra")
validate -x.json                     | gilbench: error: unknown option -x (see --help)
validate -- -x.json                  | -x.json:1:61: error: runs: expected an integer from 1 to 100000, found 0
run -- -x.json                       | -x.json:1:61: error: runs: expected an integer from 1 to 100000, found 0
run -- --json                        | --json: error: cannot read: No such file or directory
# report files: never over a scenario file, never empty or a folder (checked before running)
run -o good good.json                | gilbench run: -o good.json: that is a scenario file of this run; it would be written over
run --json good.json good.json       | gilbench run: --json good.json: that is a scenario file of this run; it would be written over
run --json ./good.json good.json     | gilbench run: --json ./good.json: that is a scenario file of this run; it would be written over
run --output= good.json              | gilbench run: -o: give a file name, not an empty one
run --json= good.json                | gilbench run: --json: give a file name, not an empty one
run -o sub/ good.json                | gilbench run: -o sub/: a folder, not a file name (e.g. sub/run)
run -o . good.json                   | gilbench run: -o .: a folder, not a file name (e.g. ./run)
run --export-markdown good.json good.json | gilbench run: --export-markdown good.json: that is a scenario file of this run; it would be written over
TABLE
check "$n rows of bad command-line use: one exact line each, exit 2, nothing run or written"
