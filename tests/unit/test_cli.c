/* test_cli.c - the option parser shared by every subcommand (harness/util/cli.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "util/cli.h"

enum { O_RUNS, O_QUIET, O_SET };

static const gb_option table[] = {
    {"runs", 'r', "N", O_RUNS, "runs"},
    {"quiet", 'q', NULL, O_QUIET, "quiet"},
    {"set", 's', "NAME=VALUE", O_SET, "set"},
};

typedef struct seen {
    const char *runs;
    int quiet;
    const char *sets[4];
    int nsets;
} seen;

static int handler(int id, const char *value, void *ctx, gb_error *err)
{
    seen *s = ctx;

    (void)err;
    if (id == O_RUNS)
        s->runs = value;
    else if (id == O_QUIET)
        s->quiet = 1;
    else
        s->sets[s->nsets++] = value;
    return 0;
}

static int parse(int argc, char **argv, seen *s, char **pos, size_t *npos, gb_error *err)
{
    memset(s, 0, sizeof *s);
    return gb_cli_parse(argc, argv, 2, table, 3, handler, s, pos, npos, err);
}

static void test_long_short_and_attached_values_are_all_accepted(void **state)
{
    char *argv[] = {"gilbench", "run", "--runs", "3", "-q", "-sn=5", "--set=m=2", "a.json", NULL};
    char *pos[8];
    size_t npos;
    seen s;
    gb_error err;

    (void)state;
    assert_int_equal(parse(8, argv, &s, pos, &npos, &err), 0);
    assert_string_equal(s.runs, "3");
    assert_int_equal(s.quiet, 1);
    assert_int_equal(s.nsets, 2);
    assert_string_equal(s.sets[0], "n=5");
    assert_string_equal(s.sets[1], "m=2");
    assert_int_equal(npos, 1);
    assert_string_equal(pos[0], "a.json");
}

static void test_double_dash_makes_the_rest_positional(void **state)
{
    char *argv[] = {"gilbench", "run", "--", "-r", "b.json", NULL};
    char *pos[8];
    size_t npos;
    seen s;
    gb_error err;

    (void)state;
    assert_int_equal(parse(5, argv, &s, pos, &npos, &err), 0);
    assert_null(s.runs);
    assert_int_equal(npos, 2);
    assert_string_equal(pos[0], "-r");
}

static void test_unknown_option_suggests_the_nearest(void **state)
{
    char *argv[] = {"gilbench", "run", "--rnus", "3", NULL};
    char *pos[8];
    size_t npos;
    seen s;
    gb_error err;

    (void)state;
    assert_int_equal(parse(4, argv, &s, pos, &npos, &err), -1);
    assert_string_equal(err.message, "unknown option --rnus; did you mean --runs?");
}

static void test_missing_value_names_the_option(void **state)
{
    char *argv[] = {"gilbench", "run", "--runs", NULL};
    char *pos[8];
    size_t npos;
    seen s;
    gb_error err;

    (void)state;
    assert_int_equal(parse(3, argv, &s, pos, &npos, &err), -1);
    assert_string_equal(err.message, "option --runs needs a value (N)");
}

static void test_flag_given_a_value_is_refused(void **state)
{
    char *argv[] = {"gilbench", "run", "--quiet=yes", NULL};
    char *pos[8];
    size_t npos;
    seen s;
    gb_error err;

    (void)state;
    assert_int_equal(parse(3, argv, &s, pos, &npos, &err), -1);
    assert_string_equal(err.message, "option --quiet takes no value");
}

static void test_integer_option_range_is_checked(void **state)
{
    long v = 0;
    gb_error err;

    (void)state;
    assert_int_equal(gb_cli_int("runs", "12", 1, 100, &v, &err), 0);
    assert_int_equal(v, 12);
    assert_int_equal(gb_cli_int("runs", "0", 1, 100, &v, &err), -1);
    assert_string_equal(err.message,
                        "option --runs: expected an integer from 1 to 100, found \"0\"");
    assert_int_equal(gb_cli_int("runs", "3x", 1, 100, &v, &err), -1);
}

static void test_number_option_rejects_nan_and_text(void **state)
{
    double v = 0;
    gb_error err;

    (void)state;
    assert_int_equal(gb_cli_double("timeout", "0.5", 0, &v, &err), 0);
    assert_true(v == 0.5);
    assert_int_equal(gb_cli_double("timeout", "nan", 0, &v, &err), -1);
    assert_int_equal(gb_cli_double("timeout", "soon", 0, &v, &err), -1);
    assert_int_equal(gb_cli_double("timeout", "-1", 0, &v, &err), -1);
}

static void test_error_format_is_file_line_column_path_message(void **state)
{
    gb_error err;
    char buf[256];

    (void)state;
    gb_error_set(&err, "s.json", 7, 16, "threads[1].gil", "expected \"hold\", found %d", 3);
    gb_error_format(&err, buf, sizeof buf);
    assert_string_equal(buf, "s.json:7:16: error: threads[1].gil: expected \"hold\", found 3");
    gb_error_set(&err, NULL, 0, 0, NULL, "line one\nline two");
    gb_error_format(&err, buf, sizeof buf);
    assert_string_equal(buf, "error: line one line two");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_long_short_and_attached_values_are_all_accepted),
        cmocka_unit_test(test_double_dash_makes_the_rest_positional),
        cmocka_unit_test(test_unknown_option_suggests_the_nearest),
        cmocka_unit_test(test_missing_value_names_the_option),
        cmocka_unit_test(test_flag_given_a_value_is_refused),
        cmocka_unit_test(test_integer_option_range_is_checked),
        cmocka_unit_test(test_number_option_rejects_nan_and_text),
        cmocka_unit_test(test_error_format_is_file_line_column_path_message),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
