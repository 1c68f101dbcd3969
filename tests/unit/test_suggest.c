/* test_suggest.c - "did you mean": the edit distance (harness/util/suggest.c) and the choice of
 * the nearest candidate, including no suggestion when nothing is close. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "util/suggest.h"
#include "scenario/workloads.h"

static void test_distance_counts_insertions_deletions_and_substitutions(void **state)
{
    (void)state;
    assert_int_equal(gb_edit_distance("", ""), 0);
    assert_int_equal(gb_edit_distance("", "abc"), 3);
    assert_int_equal(gb_edit_distance("abc", ""), 3);
    assert_int_equal(gb_edit_distance("thread", "threads"), 1); /* insertion */
    assert_int_equal(gb_edit_distance("warmups", "warmup"), 1); /* deletion */
    assert_int_equal(gb_edit_distance("hold", "gold"), 1);      /* substitution */
    assert_int_equal(gb_edit_distance("kitten", "sitting"), 3);
}

static void test_distance_counts_a_transposition_as_one_edit(void **state)
{
    (void)state;
    assert_int_equal(gb_edit_distance("gli", "gil"), 1);
    assert_int_equal(gb_edit_distance("rnus", "runs"), 1);
    /* optimal string alignment: no substring is edited twice, so "ca" -> "abc" is 3 */
    assert_int_equal(gb_edit_distance("ca", "abc"), 3);
}

static void test_distance_ignores_case(void **state)
{
    (void)state;
    assert_int_equal(gb_edit_distance("THREADS", "threads"), 0);
    assert_int_equal(gb_edit_distance("Relase", "release"), 1);
}

static void test_distance_is_symmetric(void **state)
{
    const char *words[] = {"", "a", "gil", "release", "relase", "fibonacci", "fibonaci", "spin"};
    const size_t n = sizeof words / sizeof words[0];

    (void)state;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            assert_int_equal(gb_edit_distance(words[i], words[j]),
                             gb_edit_distance(words[j], words[i]));
}

static void test_suggests_the_nearest_key(void **state)
{
    const char *keys[] = {"name", "threads", "runs", "warmup", "timeout", "start"};

    (void)state;
    assert_string_equal(gb_suggest("thread", keys, 6), "threads");
    assert_string_equal(gb_suggest("warmups", keys, 6), "warmup");
    assert_string_equal(gb_suggest("timout", keys, 6), "timeout");
    assert_string_equal(gb_suggest("RUNS", keys, 6), "runs");
}

static void test_suggests_enum_values_and_workload_names(void **state)
{
    const char *gil[] = {"hold", "release"};
    const char *names[16];
    size_t n = 0;

    (void)state;
    for (size_t i = 0; i < gb_nworkloads && i < 16; i++)
        names[n++] = gb_workloads[i].name;
    assert_string_equal(gb_suggest("relase", gil, 2), "release");
    assert_string_equal(gb_suggest("hodl", gil, 2), "hold");
    assert_string_equal(gb_suggest("fibonaci", names, n), "fibonacci");
    assert_string_equal(gb_suggest("double-release", names, n), "double_release");
}

static void test_no_suggestion_when_nothing_is_close(void **state)
{
    const char *keys[] = {"threads", "runs", "warmup", "gil"};

    (void)state;
    assert_null(gb_suggest("completely", keys, 4));
    assert_null(gb_suggest("xyz", keys, 4)); /* 3 edits from "gil": more than max(1, 3/3) */
    assert_null(gb_suggest("anything", keys, 0));
    assert_null(gb_suggest("", keys, 4));
}

static void test_short_words_allow_one_edit_only(void **state)
{
    const char *words[] = {"ab"};

    (void)state;
    assert_string_equal(gb_suggest("ac", words, 1), "ab");
    assert_null(gb_suggest("cd", words, 1));
}

static void test_ties_go_to_the_first_candidate(void **state)
{
    const char *words[] = {"cat", "car"};

    (void)state;
    assert_string_equal(gb_suggest("caX", words, 2), "cat");
}

static void test_very_long_words_are_never_close(void **state)
{
    char long_word[200];
    const char *words[1];

    (void)state;
    memset(long_word, 'a', sizeof long_word - 1);
    long_word[sizeof long_word - 1] = '\0';
    words[0] = long_word;
    assert_null(gb_suggest("a", words, 1));
    assert_true(gb_edit_distance(long_word, "a") >= strlen(long_word) - 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_distance_counts_insertions_deletions_and_substitutions),
        cmocka_unit_test(test_distance_counts_a_transposition_as_one_edit),
        cmocka_unit_test(test_distance_ignores_case),
        cmocka_unit_test(test_distance_is_symmetric),
        cmocka_unit_test(test_suggests_the_nearest_key),
        cmocka_unit_test(test_suggests_enum_values_and_workload_names),
        cmocka_unit_test(test_no_suggestion_when_nothing_is_close),
        cmocka_unit_test(test_short_words_allow_one_edit_only),
        cmocka_unit_test(test_ties_go_to_the_first_candidate),
        cmocka_unit_test(test_very_long_words_are_never_close),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
