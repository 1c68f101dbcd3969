/* test_scenario.c - loading and resolving scenario files (harness/scenario.c): defaults,
 * variables, every kind of thread, the configuration kept for reports, overrides, and
 * the position of errors. The exact messages of bad files are in tests/invalid/. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "json_locate.h"
#include "scenario.h"
#include "suggest.h"

static gb_scenario *parse_ok(const char *text)
{
    gb_error err;
    gb_scenario *s = gb_scenario_parse(text, "dir/my-scenario.json", NULL, &err);

    if (!s)
        fail_msg("unexpected error: %s", err.message);
    return s;
}

static void test_defaults_are_filled_and_name_comes_from_file(void **state)
{
    gb_scenario *s = parse_ok("{\"threads\": [{\"workload\": \"empty\", \"gil\": \"hold\"}]}");

    (void)state;
    assert_string_equal(s->name, "my-scenario");
    assert_string_equal(s->description, "");
    assert_int_equal(s->runs, GB_DEFAULT_RUNS);
    assert_int_equal(s->warmup, GB_DEFAULT_WARMUP);
    assert_true(s->timeout == GB_DEFAULT_TIMEOUT);
    assert_true(isnan(s->switch_interval));
    assert_int_equal(s->start, GB_START_SEQUENTIAL);
    assert_int_equal(s->engine, GB_ENGINE_NATIVE);
    assert_null(s->setup);
    assert_null(s->baseline);
    assert_int_equal(s->expect.verdict, GB_VERDICT_NONE);
    assert_int_equal(s->expect.crash, 0);
    assert_string_equal(s->threads[0].label, "t1");
    gb_scenario_free(s);
}

static void test_variables_are_substituted_and_escaped(void **state)
{
    gb_scenario *s = parse_ok("{\"vars\": {\"n\": 42, \"who\": \"x\"}, \"threads\": ["
                              "{\"workload\": \"fibonacci\", \"gil\": \"release\", \"args\": [\"$n\"]},"
                              "{\"call\": \"m:f\", \"args\": [\"$$n\", [\"$who\"]], "
                              "\"kwargs\": {\"k\": \"$n\"}}]}");

    (void)state;
    assert_int_equal(json_integer_value(json_array_get(s->threads[0].args, 0)), 42);
    assert_int_equal(s->threads[0].gil, GB_GIL_RELEASE);
    assert_string_equal(json_string_value(json_array_get(s->threads[1].args, 0)), "$n");
    assert_string_equal(
        json_string_value(json_array_get(json_array_get(s->threads[1].args, 1), 0)), "x");
    assert_int_equal(json_integer_value(json_object_get(s->threads[1].kwargs, "k")), 42);
    gb_scenario_free(s);
}

static void test_overrides_replace_vars_runs_warmup_and_timeout(void **state)
{
    const char *vars[] = {"n=7", "absent=1"};
    gb_overrides ov;
    gb_error err;
    gb_scenario *s;

    (void)state;
    gb_overrides_init(&ov);
    ov.runs = 2;
    ov.warmup = 0;
    ov.timeout = 1.5;
    ov.vars = vars;
    ov.nvars = 2;
    s = gb_scenario_parse("{\"vars\": {\"n\": 1000}, \"runs\": 9, \"threads\": [{\"workload\": "
                          "\"fibonacci\", \"gil\": \"hold\", \"args\": [\"$n\"]}]}",
                          "o.json", &ov, &err);
    assert_non_null(s);
    assert_int_equal(json_integer_value(json_array_get(s->threads[0].args, 0)), 7);
    assert_int_equal(s->runs, 2);
    assert_int_equal(s->warmup, 0);
    assert_true(s->timeout == 1.5);
    /* a variable the file does not declare is not added */
    assert_null(json_object_get(json_object_get(s->config, "vars"), "absent"));
    gb_scenario_free(s);
}

static void test_named_workload_arguments_become_positional(void **state)
{
    gb_scenario *s = parse_ok("{\"threads\": [{\"workload\": \"spin\", \"gil\": \"hold\", "
                              "\"args\": {\"seconds\": 0.25}}]}");

    (void)state;
    assert_true(json_is_array(s->threads[0].args));
    assert_true(json_real_value(json_array_get(s->threads[0].args, 0)) == 0.25);
    gb_scenario_free(s);
}

static void test_each_kind_of_thread_is_kept_with_its_label(void **state)
{
    gb_scenario *s = parse_ok(
        "{\"setup\": \"x = 1\", \"start\": \"barrier\", \"engine\": \"threading\", \"threads\": ["
        "{\"workload\": \"double_release\", \"name\": \"boom\"},"
        "{\"call\": \"pkg.mod:Class.method\"},"
        "{\"python\": \"y = x + 1\"}]}");

    (void)state;
    assert_int_equal(s->nthreads, 3);
    assert_int_equal(s->threads[0].kind, GB_THREAD_WORKLOAD);
    assert_string_equal(s->threads[0].label, "boom");
    assert_int_equal(s->threads[1].kind, GB_THREAD_CALL);
    assert_string_equal(s->threads[1].call, "pkg.mod:Class.method");
    assert_int_equal(json_array_size(s->threads[1].args), 0);
    assert_int_equal(s->threads[2].kind, GB_THREAD_PYTHON);
    assert_string_equal(s->threads[2].label, "t3");
    assert_string_equal(s->setup, "x = 1");
    assert_int_equal(s->start, GB_START_BARRIER);
    assert_int_equal(s->engine, GB_ENGINE_THREADING);
    gb_scenario_free(s);
}

static void test_config_holds_every_key_resolved(void **state)
{
    gb_scenario *s = parse_ok("{\"name\": \"a\", \"vars\": {\"n\": 3}, \"baseline\": \"b\", "
                              "\"expect\": {\"verdict\": \"serial\", \"ratio\": {\"min\": 1.5}},"
                              "\"threads\": [{\"workload\": \"fibonacci\", \"gil\": \"hold\", "
                              "\"args\": [\"$n\"]}]}");
    const char *keys[] = {"name",    "description", "file",   "vars",     "threads",
                          "start",   "engine",      "runs",   "warmup",   "timeout",
                          "setup",   "switch_interval", "baseline", "expect"};
    json_t *cfg = s->config, *x = json_object_get(cfg, "expect");

    (void)state;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        assert_non_null(json_object_get(cfg, keys[i]));
    assert_true(json_is_null(json_object_get(cfg, "setup")));
    assert_string_equal(json_string_value(json_object_get(x, "verdict")), "serial");
    assert_true(json_is_null(json_object_get(json_object_get(x, "ratio"), "max")));
    assert_int_equal(json_integer_value(json_array_get(
                         json_object_get(json_array_get(json_object_get(cfg, "threads"), 0), "args"),
                         0)),
                     3);
    assert_int_equal(s->expect.verdict, GB_VERDICT_SERIAL);
    assert_true(s->expect.ratio_min == 1.5);
    assert_true(isnan(s->expect.ratio_max));
    gb_scenario_free(s);
}

static void test_error_points_at_line_and_column_of_the_typo(void **state)
{
    gb_error err;
    gb_scenario *s = gb_scenario_parse("{\n  \"threads\": [\n    {\"workload\": \"empty\", "
                                       "\"gli\": \"hold\"}\n  ]\n}\n",
                                       "t.json", NULL, &err);

    (void)state;
    assert_null(s);
    assert_string_equal(err.file, "t.json");
    assert_int_equal(err.line, 3);
    assert_int_equal(err.column, 27);
    assert_string_equal(err.path, "threads[0]");
    assert_string_equal(err.message, "unknown key \"gli\"; did you mean \"gil\"?");
}

static void test_overrides_are_validated_too(void **state)
{
    const char *vars[] = {"novalue"};
    gb_overrides ov;
    gb_error err;

    (void)state;
    gb_overrides_init(&ov);
    ov.vars = vars;
    ov.nvars = 1;
    assert_null(gb_scenario_parse("{\"threads\": [{\"workload\": \"empty\", \"gil\": \"hold\"}]}",
                                  "o.json", &ov, &err));
    assert_string_equal(err.message, "--set \"novalue\": expected NAME=VALUE");
}

static void test_duplicate_names_across_files_are_refused(void **state)
{
    gb_scenario *a = parse_ok("{\"name\": \"same\", \"threads\": [{\"python\": \"pass\"}]}");
    gb_scenario *b = parse_ok("{\"name\": \"same\", \"threads\": [{\"python\": \"pass\"}]}");
    gb_scenario *list[2] = {a, b};
    gb_error err;

    (void)state;
    assert_int_equal(gb_scenarios_check_set(list, 2, &err), -1);
    assert_string_equal(err.path, "name");
    assert_non_null(strstr(err.message, "is also the name of"));
    gb_scenario_free(a);
    gb_scenario_free(b);
}

static void test_locate_counts_characters_not_bytes(void **state)
{
    int line = 0, column = 0;

    (void)state;
    assert_int_equal(gb_json_locate("{\"d\": \"\xc3\xa9t\xc3\xa9\", \"x\": 1}", "x", GB_LOCATE_KEY,
                                    &line, &column),
                     0);
    assert_int_equal(line, 1);
    assert_int_equal(column, 14);
    assert_int_equal(gb_json_locate("[1,\n [2, {\"a\": [true, \"s\\\"]\"]}]]", "[1][1].a[1]",
                                    GB_LOCATE_VALUE, &line, &column),
                     0);
    assert_int_equal(line, 2);
    assert_int_equal(column, 19);
}

static void test_suggestions_need_a_close_word(void **state)
{
    const char *words[] = {"threads", "runs", "warmup", "gil"};

    (void)state;
    assert_string_equal(gb_suggest("thread", words, 4), "threads");
    assert_string_equal(gb_suggest("GLI", words, 4), "gil");
    assert_string_equal(gb_suggest("rnus", words, 4), "runs");
    assert_null(gb_suggest("completely", words, 4));
    assert_int_equal(gb_edit_distance("abc", "acb"), 1);
    assert_int_equal(gb_edit_distance("", "abc"), 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults_are_filled_and_name_comes_from_file),
        cmocka_unit_test(test_variables_are_substituted_and_escaped),
        cmocka_unit_test(test_overrides_replace_vars_runs_warmup_and_timeout),
        cmocka_unit_test(test_named_workload_arguments_become_positional),
        cmocka_unit_test(test_each_kind_of_thread_is_kept_with_its_label),
        cmocka_unit_test(test_config_holds_every_key_resolved),
        cmocka_unit_test(test_error_points_at_line_and_column_of_the_typo),
        cmocka_unit_test(test_overrides_are_validated_too),
        cmocka_unit_test(test_duplicate_names_across_files_are_refused),
        cmocka_unit_test(test_locate_counts_characters_not_bytes),
        cmocka_unit_test(test_suggestions_need_a_close_word),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
