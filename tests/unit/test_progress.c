/* test_progress.c - the progress line of `gilbench run` (harness/term/progress.c): when it is
 * drawn (a terminal, not --quiet, not CI), its text fitted to the terminal, and silence on
 * a file. The pseudo-terminal run is tests/integration/test_progress.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "term/progress.h"

static void test_drawn_only_on_a_terminal_without_quiet_or_ci(void **state)
{
    (void)state;
    assert_true(gb_progress_wanted(1, 0, NULL));
    assert_false(gb_progress_wanted(0, 0, NULL)); /* a pipe or a file */
    assert_false(gb_progress_wanted(1, 1, NULL)); /* --quiet */
    assert_false(gb_progress_wanted(1, 0, "true"));
    assert_false(gb_progress_wanted(1, 0, "1"));
    assert_true(gb_progress_wanted(1, 0, ""));      /* set but empty: not CI */
    assert_true(gb_progress_wanted(1, 0, "false")); /* CI=false, as some set it */
    assert_true(gb_progress_wanted(1, 0, "0"));
}

static void test_the_line_says_scenario_run_elapsed_and_time_left(void **state)
{
    char buf[512];

    (void)state;
    gb_progress_format(buf, sizeof buf, "gil+gil", 2, 7, 3, 6, 0, 4.12, 1.23, 0, 100);
    assert_string_equal(buf, "[2/7] gil+gil  ##########----------  run 3/6  4.1 s elapsed, "
                             "~1.2 s left");
    gb_progress_format(buf, sizeof buf, "x", 1, 1, 6, 6, 0, 75, 0, 1, 100);
    assert_string_equal(buf, "[1/1] x  ████████████████████  run 6/6  1:15 elapsed");
    /* adaptive repetitions: the total is at most */
    gb_progress_format(buf, sizeof buf, "x", 1, 1, 2, 60, 1, 1, 10, 0, 100);
    assert_non_null(strstr(buf, "run 2/<=60"));
    assert_non_null(strstr(buf, "~10.0 s left at most"));
    /* before the first run */
    gb_progress_format(buf, sizeof buf, "x", 1, 2, 0, 0, 0, 0.2, -1, 0, 100);
    assert_string_equal(buf, "[1/2] x  starting  0.2 s elapsed");
}

static int chars_of(const char *s)
{
    int n = 0;

    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static void test_a_narrow_terminal_loses_the_bar_then_cuts_the_name(void **state)
{
    char buf[512];
    const char *name = "a-scenario-with-a-very-long-name[threads=16,gil=release]";

    (void)state;
    gb_progress_format(buf, sizeof buf, name, 3, 9, 1, 4, 0, 2, 3, 1, 60);
    assert_true(chars_of(buf) < 60);
    assert_null(strstr(buf, "█"));
    assert_non_null(strstr(buf, "..."));
    assert_non_null(strstr(buf, "run 1/4"));
    gb_progress_format(buf, sizeof buf, name, 3, 9, 1, 4, 0, 2, 3, 1, 200);
    assert_non_null(strstr(buf, name));
    assert_non_null(strstr(buf, "█"));
}

static void test_nothing_is_written_where_progress_is_not_wanted(void **state)
{
    FILE *f = tmpfile();
    gb_progress p;
    gb_scenario s;

    (void)state;
    memset(&s, 0, sizeof s);
    s.name = "x";
    assert_non_null(f);
    gb_progress_init(&p, f, 0, -1); /* a file is not a terminal */
    assert_int_equal(p.enabled, 0);
    assert_int_equal(p.color, 0);
    gb_progress_scenario(&p, &s, 1, 1);
    gb_progress_run(&p, 1, 2, 0, 0.5);
    gb_progress_round(&p, 2, 1, 3);
    gb_progress_clear(&p);
    gb_progress_run(NULL, 1, 2, 0, 0.5); /* no progress at all: fine */
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    assert_int_equal(ftell(f), 0);
    fclose(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_drawn_only_on_a_terminal_without_quiet_or_ci),
        cmocka_unit_test(test_the_line_says_scenario_run_elapsed_and_time_left),
        cmocka_unit_test(test_a_narrow_terminal_loses_the_bar_then_cuts_the_name),
        cmocka_unit_test(test_nothing_is_written_where_progress_is_not_wanted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
