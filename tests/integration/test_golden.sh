#!/bin/sh
# test_golden.sh - the deterministic outputs of gilbench are byte for byte those kept in
# tests/golden/expected/ (--help, `report` in every format, `compare`, `validate` and `list`
# of the shipped scenarios and of tests/bad; tests/golden/generate.sh). A change of output
# that is meant is recorded with `ci/golden --update`.
. "$(dirname "$0")/lib.sh"

sh "$GB_TESTS_DIR/golden/generate.sh" "$GILBENCH" "$TMP/expected" || fail "generate.sh failed"
diff -r "$GB_TESTS_DIR/golden/expected" "$TMP/expected" >"$TMP/diff" 2>&1 || {
    head -n 100 "$TMP/diff"
    fail "the outputs differ from tests/golden/expected/ (ci/golden --update if meant)"
}
check "$(find "$TMP/expected" -type f | wc -l) outputs identical to tests/golden/expected/"
