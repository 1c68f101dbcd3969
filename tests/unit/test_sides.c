/* test_sides.c - `run --side`: parsing LABEL[:NAME=VALUE,...], the order of the variables
 * (the side's win), tagging and untagging names and baselines, and the report file names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "run/sides.h"

static void test_parses_a_label_alone_and_with_variables(void **state)
{
    gb_side sd;
    gb_error err;

    (void)state;
    assert_int_equal(gb_side_parse("base", &sd, &err), 0);
    assert_string_equal(sd.label, "base");
    assert_int_equal(sd.nvars, 0);
    gb_side_clear(&sd);

    assert_int_equal(gb_side_parse("pr-12:n=100,build=out/pr", &sd, &err), 0);
    assert_string_equal(sd.label, "pr-12");
    assert_int_equal(sd.nvars, 2);
    assert_string_equal(sd.vars[0], "n=100");
    assert_string_equal(sd.vars[1], "build=out/pr");
    gb_side_clear(&sd);
    gb_side_clear(&sd); /* a cleared side can be cleared again */
}

static void test_refuses_bad_labels_and_variables(void **state)
{
    const char *bad[] = {
        "",    ":n=1", "a b",     "a/b",
        "x:n", "x:=3", "x:n=1,m", "a_label_much_longer_than_thirty_two_characters"};
    gb_side sd;
    gb_error err;

    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(gb_side_parse(bad[i], &sd, &err), -1);
        assert_null(sd.label);
        assert_non_null(strstr(err.message, "--side"));
    }
}

static void test_the_sides_variables_come_after_the_global_ones(void **state)
{
    const char *global[] = {"n=1", "m=2"};
    const char *out[4];
    gb_side sd;
    gb_error err;

    (void)state;
    assert_int_equal(gb_side_parse("b:n=5", &sd, &err), 0);
    assert_int_equal(gb_side_vars(&sd, global, 2, out), 3);
    assert_string_equal(out[0], "n=1");
    assert_string_equal(out[1], "m=2");
    assert_string_equal(out[2], "n=5"); /* applied last, so it wins */
    gb_side_clear(&sd);
}

static void test_tags_and_untags_the_name_and_the_baseline(void **state)
{
    gb_scenario s;

    (void)state;
    memset(&s, 0, sizeof s);
    s.name = strdup("nogil+gil");
    s.baseline = strdup("gil");
    s.config = strdup("{\"name\": \"nogil+gil\", \"baseline\": \"gil\"}");
    assert_int_equal(gb_side_tag(&s, "new"), 0);
    assert_string_equal(s.name, "nogil+gil[side=new]");
    assert_string_equal(s.baseline, "gil[side=new]");
    assert_string_equal(s.config,
                        "{\"name\":\"nogil+gil[side=new]\",\"baseline\":\"gil[side=new]\"}");
    assert_true(gb_side_has(&s, "new"));
    assert_false(gb_side_has(&s, "ne"));
    assert_false(gb_side_has(&s, "base"));

    assert_int_equal(gb_side_untag(&s, "base"), 0); /* another side's label changes nothing */
    assert_string_equal(s.name, "nogil+gil[side=new]");
    assert_int_equal(gb_side_untag(&s, "new"), 0);
    assert_string_equal(s.name, "nogil+gil");
    assert_string_equal(s.baseline, "gil");
    assert_string_equal(s.config, "{\"name\":\"nogil+gil\",\"baseline\":\"gil\"}");
    assert_false(gb_side_has(&s, "new"));
    free(s.name);
    free(s.baseline);
    free(s.config);
}

static void test_report_names_carry_the_label_before_the_extension(void **state)
{
    char out[64];

    (void)state;
    assert_int_equal(gb_side_path("r.json", "base", out, sizeof out), 0);
    assert_string_equal(out, "r-base.json");
    assert_int_equal(gb_side_path("out.d/run", "new", out, sizeof out), 0);
    assert_string_equal(out, "out.d/run-new");
    assert_int_equal(gb_side_path("a/b.c/x-runs.csv", "a", out, sizeof out), 0);
    assert_string_equal(out, "a/b.c/x-runs-a.csv");
    assert_int_equal(gb_side_path(".hidden", "a", out, sizeof out), 0);
    assert_string_equal(out, ".hidden-a");
    assert_int_equal(gb_side_path("r.json", "base", out, 8), -1);
}

/* A round is a permutation of the slots in which each group's slots are adjacent; rounds
 * differ, and the same seed gives the same rounds. */
static void test_a_round_keeps_the_sides_of_a_scenario_together(void **state)
{
    /* 3 scenarios x 3 sides, as load_sides lays them out (side-major), and a slot alone */
    enum { N = 10 };
    const size_t grp[N] = {0, 1, 2, 0, 1, 2, 0, 1, 2, 9};
    size_t idx[N], first[N], again[N];
    uint64_t s1 = 42, s2 = 42;
    int differs = 0;

    (void)state;
    for (int round = 0; round < 50; round++) {
        int seen[N] = {0};

        gb_sides_round_order(idx, grp, N, &s1);
        gb_sides_round_order(again, grp, N, &s2);
        assert_memory_equal(idx, again, sizeof idx);
        for (size_t k = 0; k < N; k++) {
            assert_true(idx[k] < N);
            assert_int_equal(seen[idx[k]]++, 0);
        }
        for (size_t k = 0; k < N; k++) { /* a group, once left, never comes back */
            for (size_t j = k + 2; j < N; j++)
                if (grp[idx[j]] == grp[idx[k]])
                    assert_int_equal(grp[idx[j - 1]], grp[idx[k]]);
        }
        if (round == 0)
            memcpy(first, idx, sizeof idx);
        else if (memcmp(first, idx, sizeof idx) != 0)
            differs = 1;
    }
    assert_true(differs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parses_a_label_alone_and_with_variables),
        cmocka_unit_test(test_refuses_bad_labels_and_variables),
        cmocka_unit_test(test_the_sides_variables_come_after_the_global_ones),
        cmocka_unit_test(test_tags_and_untags_the_name_and_the_baseline),
        cmocka_unit_test(test_report_names_carry_the_label_before_the_extension),
        cmocka_unit_test(test_a_round_keeps_the_sides_of_a_scenario_together),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
