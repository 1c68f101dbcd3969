/* test_proc.c - a command scenario's pieces without running anything: the quoting that
 * hyperfine -N splits back into the same argv (procspec.c), the arguments given to
 * hyperfine (proc_runner.c), and hyperfine's --export-json read into a result
 * (hyperfine_read.c), from fixtures in tests/unit/hyperfine/. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/procspec.h"
#include "run/proc_runner.h"
#include "run/hyperfine_read.h"
#include "scenario/scenario.h"
#include "measure/stats.h"

static char *read_fixture(const char *name)
{
    char path[512];
    FILE *f;
    char *text = calloc(1, 1 << 16);

    snprintf(path, sizeof path, "%s/unit/hyperfine/%s", GB_TESTS_DIR, name);
    f = fopen(path, "rb");
    assert_non_null(f);
    assert_non_null(text);
    assert_true(fread(text, 1, (1 << 16) - 1, f) > 0);
    fclose(f);
    return text;
}

static void test_quote_puts_every_element_in_single_quotes(void **state)
{
    (void)state;
    const char *argv[] = {"python3", "-c", "print(1)", "a b", ""};
    char why[128];
    char *line = gb_proc_quote(argv, 5, why, sizeof why);

    assert_string_equal(line, "'python3' '-c' 'print(1)' 'a b' ''");
    free(line);
}

static void test_quote_escapes_a_single_quote_and_leaves_the_rest_inert(void **state)
{
    (void)state;
    const char *argv[] = {"echo", "it's", "$HOME `x` \"q\" \\ * #c\nnext"};
    char why[128];
    char *line = gb_proc_quote(argv, 3, why, sizeof why);

    assert_string_equal(line, "'echo' 'it'\\''s' '$HOME `x` \"q\" \\ * #c\nnext'");
    free(line);
}

static void test_quote_refuses_an_empty_program_name(void **state)
{
    (void)state;
    const char *argv[] = {"", "x"};
    char why[128];

    assert_null(gb_proc_quote(argv, 2, why, sizeof why));
    assert_string_equal(why, "the program name is empty");
    assert_null(gb_proc_quote(argv, 0, why, sizeof why));
    assert_string_equal(why, "no program given");
}

static void test_hyperfine_is_given_no_shell_and_the_command_after_dashes(void **state)
{
    (void)state;
    gb_error err;
    gb_scenario *s = gb_scenario_parse(
        "{\"kind\": \"command\", \"command\": [\"-weird\", \"--help\"], \"prepare\": [\"sync\"],"
        " \"runs\": 7, \"warmup\": 2}",
        "c.json", NULL, &err);
    char buf[2][32];
    char **argv;
    size_t n = 0;

    assert_non_null(s);
    argv = gb_proc_hyperfine_argv(s, "/usr/bin/hyperfine", "--export-json=/tmp/x.json", buf);
    assert_non_null(argv);
    while (argv[n])
        n++;
    assert_int_equal(n, 10);
    assert_string_equal(argv[1], "--shell=none");
    assert_string_equal(argv[3], "--runs=7");
    assert_string_equal(argv[4], "--warmup=2");
    assert_string_equal(argv[6], "--prepare");
    assert_string_equal(argv[7], "'sync'");
    assert_string_equal(argv[8], "--");
    assert_string_equal(argv[9], "'-weird' '--help'");
    free(argv);
    gb_scenario_free(s);
}

static void test_a_shell_line_goes_to_bin_sh_as_written(void **state)
{
    (void)state;
    gb_error err;
    gb_scenario *s = gb_scenario_parse(
        "{\"kind\": \"command\", \"shell\": \"sleep 0 && true\", \"ignore_failure\": true}",
        "c.json", NULL, &err);
    char buf[2][32];
    char **argv;

    assert_non_null(s);
    argv = gb_proc_hyperfine_argv(s, "hf", "--export-json=/tmp/x.json", buf);
    assert_string_equal(argv[1], "--shell=/bin/sh");
    assert_string_equal(argv[6], "--ignore-failure");
    assert_string_equal(argv[8], "sleep 0 && true");
    free(argv);
    gb_scenario_free(s);
}

static void test_variables_reach_the_argv_and_the_environment(void **state)
{
    (void)state;
    gb_error err;
    gb_scenario *s = gb_scenario_parse(
        "{\"kind\": \"command\", \"vars\": {\"n\": 1000, \"dir\": \"build/python\"},"
        " \"command\": [\"prog\", \"$n\", \"$$n\"], \"env\": {\"PYTHONPATH\": \"$dir\"}}",
        "c.json", NULL, &err);

    assert_non_null(s);
    assert_int_equal(s->kind, GB_SCENARIO_COMMAND);
    assert_int_equal(s->nthreads, 0);
    assert_string_equal(s->command->line, "'prog' '1000' '$n'");
    assert_int_equal(s->command->nenv, 1);
    assert_string_equal(s->command->env[0], "PYTHONPATH=build/python");
    gb_scenario_free(s);
}

static void test_threads_do_not_apply_to_a_command(void **state)
{
    (void)state;
    gb_error err;
    gb_scenario *s =
        gb_scenario_parse("{\"kind\": \"command\", \"command\": [\"true\"],\n \"threads\": []}",
                          "c.json", NULL, &err);

    assert_null(s);
    assert_int_equal(err.line, 2);
    assert_string_equal(err.message, "\"threads\" does not apply to a command scenario: "
                                     "hyperfine times the whole process");
}

static void test_reading_keeps_times_and_exit_codes(void **state)
{
    (void)state;
    char *text = read_fixture("exit-codes.json");
    gb_hyperfine_runs h;
    gb_error err;
    gb_result r;

    assert_int_equal(gb_hyperfine_parse(text, "d.json", &h, &err), 0);
    assert_int_equal(h.n, 2);
    assert_true(h.have_exit_codes);
    assert_int_equal(h.exit_codes[0], 1);
    assert_true(fabs(h.times[1] - 0.001570842) < 1e-12);
    assert_true(fabs(h.user_mean - 0.000878) < 1e-12);
    memset(&r, 0, sizeof r);
    assert_int_equal(gb_hyperfine_fill(&h, 1, 2, &r), 0);
    gb_result_summarise(&r);
    assert_int_equal(r.nruns, 2);
    assert_int_equal(r.runs[0].wall_ns, 1338337);
    assert_int_equal(r.runs[1].user_ns, 878000); /* the mean, in every run */
    assert_int_equal(r.runs[0].nthreads, 0);
    assert_int_equal(r.verdict, GB_VERDICT_NONE);
    assert_int_equal(
        json_integer_value(json_array_get(json_object_get(r.process, "exit_codes"), 1)), 1);
    assert_int_equal(json_integer_value(json_object_get(r.process, "warmup_runs_unreported")), 1);
    gb_hyperfine_runs_clear(&h);
    gb_result_clear(&r);
    free(text);
}

static void test_a_run_killed_by_a_signal_has_a_null_exit_code(void **state)
{
    (void)state;
    char *text = read_fixture("signal.json");
    gb_hyperfine_runs h;
    gb_error err;
    gb_result r;
    json_t *codes;

    assert_int_equal(gb_hyperfine_parse(text, "s.json", &h, &err), 0);
    memset(&r, 0, sizeof r);
    assert_int_equal(gb_hyperfine_fill(&h, 0, 1, &r), 0);
    codes = json_object_get(r.process, "exit_codes");
    assert_true(json_is_null(json_array_get(codes, 0)));
    assert_int_equal(json_integer_value(json_array_get(codes, 1)), 0);
    gb_hyperfine_runs_clear(&h);
    gb_result_clear(&r);
    free(text);
}

static void test_a_file_that_is_not_hyperfines_says_where(void **state)
{
    (void)state;
    gb_hyperfine_runs h;
    gb_error err;

    assert_int_equal(gb_hyperfine_parse("{\"results\": []}", "x.json", &h, &err), -1);
    assert_string_equal(err.path, "results");
    assert_int_equal(
        gb_hyperfine_parse("{\"results\": [{\"times\": [0.1, -1]}]}", "x.json", &h, &err), -1);
    assert_string_equal(err.path, "results[0].times[1]");
    assert_string_equal(err.message, "expected a number of seconds from 0 to 9007199 (104 "
                                     "days) (not hyperfine's --export-json?)");
    /* found by fuzzing: 1e300 s made a time in nanoseconds overflow */
    assert_int_equal(
        gb_hyperfine_parse("{\"results\": [{\"times\": [1e300]}]}", "x.json", &h, &err), -1);
    assert_string_equal(err.path, "results[0].times[0]");
    assert_int_equal(
        gb_hyperfine_parse("{\"results\": [{\"times\": [1], \"user\": 1e19}]}", "x.json", &h, &err),
        -1);
    assert_string_equal(err.path, "results[0].user");
    assert_int_equal(gb_hyperfine_parse("{\"results\": [{\"times\": [0.1], \"exit_codes\": []}]}",
                                        "x.json", &h, &err),
                     -1);
    assert_string_equal(err.message,
                        "expected as many exit codes as times (not hyperfine's --export-json?)");
    assert_int_equal(gb_hyperfine_parse("{\"results\": ", "x.json", &h, &err), -1);
    assert_int_equal(strncmp(err.message, "invalid JSON from hyperfine", 27), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quote_puts_every_element_in_single_quotes),
        cmocka_unit_test(test_quote_escapes_a_single_quote_and_leaves_the_rest_inert),
        cmocka_unit_test(test_quote_refuses_an_empty_program_name),
        cmocka_unit_test(test_hyperfine_is_given_no_shell_and_the_command_after_dashes),
        cmocka_unit_test(test_a_shell_line_goes_to_bin_sh_as_written),
        cmocka_unit_test(test_variables_reach_the_argv_and_the_environment),
        cmocka_unit_test(test_threads_do_not_apply_to_a_command),
        cmocka_unit_test(test_reading_keeps_times_and_exit_codes),
        cmocka_unit_test(test_a_run_killed_by_a_signal_has_a_null_exit_code),
        cmocka_unit_test(test_a_file_that_is_not_hyperfines_says_where),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
