/* test_scenario.c - loading and resolving scenario files (harness/scenario/scenario.c): defaults,
 * variables, every kind of thread, the configuration kept for reports, overrides, and
 * the position of errors. The exact messages of bad files are in tests/bad/. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/json_locate.h"
#include "scenario/scenario.h"

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
    gb_scenario *s =
        parse_ok("{\"vars\": {\"n\": 42, \"who\": \"x\"}, \"threads\": ["
                 "{\"workload\": \"fibonacci\", \"gil\": \"release\", \"args\": [\"$n\"]},"
                 "{\"call\": \"m:f\", \"args\": [\"$$n\", [\"$who\"]], "
                 "\"kwargs\": {\"k\": \"$n\"}}]}");

    (void)state;
    assert_int_equal(json_integer_value(json_array_get(s->threads[0].args, 0)), 42);
    assert_int_equal(s->threads[0].gil, GB_GIL_RELEASE);
    assert_string_equal(json_string_value(json_array_get(s->threads[1].args, 0)), "$n");
    assert_string_equal(json_string_value(json_array_get(json_array_get(s->threads[1].args, 1), 0)),
                        "x");
    assert_int_equal(json_integer_value(json_object_get(s->threads[1].kwargs, "k")), 42);
    gb_scenario_free(s);
}

static void test_each_double_dollar_of_a_literal_is_one_dollar(void **state)
{
    gb_scenario *s = parse_ok("{\"threads\": [{\"call\": \"m:f\", "
                              "\"args\": [\"$$$$\", \"$$x$$y\", \"$$$\"]}]}");

    (void)state;
    assert_string_equal(json_string_value(json_array_get(s->threads[0].args, 0)), "$$");
    assert_string_equal(json_string_value(json_array_get(s->threads[0].args, 1)), "$x$y");
    assert_string_equal(json_string_value(json_array_get(s->threads[0].args, 2)), "$$");
    gb_scenario_free(s);
}

static void test_overrides_replace_vars_runs_warmup_and_timeout(void **state)
{
    const char *vars[] = {"n=7", "absent=1"};
    gb_overrides ov;
    gb_error err;
    gb_scenario *s;
    json_t *cfg;

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
    cfg = gb_scenario_config(s);
    assert_non_null(cfg);
    assert_non_null(json_object_get(cfg, "vars"));
    assert_null(json_object_get(json_object_get(cfg, "vars"), "absent"));
    json_decref(cfg);
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
    const char *keys[] = {"name",  "description",     "file",     "vars",   "threads",
                          "start", "engine",          "runs",     "warmup", "timeout",
                          "setup", "switch_interval", "baseline", "expect"};
    json_t *cfg = gb_scenario_config(s), *x = json_object_get(cfg, "expect");

    (void)state;
    assert_non_null(cfg);
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        assert_non_null(json_object_get(cfg, keys[i]));
    assert_true(json_is_null(json_object_get(cfg, "setup")));
    assert_string_equal(json_string_value(json_object_get(x, "verdict")), "serial");
    assert_true(json_is_null(json_object_get(json_object_get(x, "ratio"), "max")));
    assert_int_equal(
        json_integer_value(json_array_get(
            json_object_get(json_array_get(json_object_get(cfg, "threads"), 0), "args"), 0)),
        3);
    assert_int_equal(s->expect.verdict, GB_VERDICT_SERIAL);
    assert_true(s->expect.ratio_min == 1.5);
    assert_true(isnan(s->expect.ratio_max));
    json_decref(cfg);
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

static gb_scenario *parse_file_ok(const char *text, const char *file)
{
    gb_error err;
    gb_scenario *s = gb_scenario_parse(text, file, NULL, &err);

    if (!s)
        fail_msg("unexpected error: %s", err.message);
    return s;
}

static void test_one_file_given_twice_is_refused_as_such(void **state)
{
    gb_scenario *a = parse_ok("{\"threads\": [{\"python\": \"pass\"}]}");
    gb_scenario *b = parse_ok("{\"threads\": [{\"python\": \"pass\"}]}");
    gb_scenario *list[2] = {a, b};
    gb_error err;

    (void)state;
    assert_int_equal(gb_scenarios_check_set(list, 2, &err), -1);
    assert_string_equal(err.message, "given twice: a run has each scenario once");
    gb_scenario_free(a);
    gb_scenario_free(b);
}

static void test_baselines_in_a_cycle_are_refused_with_the_whole_cycle(void **state)
{
    gb_scenario *list[3] = {
        parse_file_ok("{\"name\": \"x\", \"baseline\": \"z\", \"threads\": [{\"python\": \"1\"}]}",
                      "x.json"),
        parse_file_ok("{\"name\": \"y\", \"baseline\": \"x\", \"threads\": [{\"python\": \"1\"}]}",
                      "y.json"),
        parse_file_ok("{\"name\": \"z\", \"baseline\": \"y\", \"threads\": [{\"python\": \"1\"}]}",
                      "z.json")};
    gb_error err;

    (void)state;
    assert_int_equal(gb_scenarios_check_set(list, 3, &err), -1);
    assert_string_equal(err.file, "x.json");
    assert_string_equal(err.message, "baselines go round in a cycle: x -> z -> y -> x");
    for (int i = 0; i < 3; i++)
        gb_scenario_free(list[i]);
}

static void test_baseline_found_nowhere_is_refused_with_a_suggestion(void **state)
{
    gb_scenario *list[2] = {
        parse_file_ok("{\"name\": \"base\", \"threads\": [{\"python\": \"1\"}]}",
                      "no-such-dir/base.json"),
        parse_file_ok(
            "{\"name\": \"new\", \"baseline\": \"bsae\", \"threads\": [{\"python\": \"1\"}]}",
            "no-such-dir/new.json")};
    gb_error err;

    (void)state;
    assert_int_equal(gb_scenarios_check_set(list, 2, &err), -1);
    assert_string_equal(err.path, "baseline");
    assert_non_null(strstr(err.message, "did you mean \"base\"?"));
    assert_int_equal(gb_scenarios_check_set(list, 1, &err), 0); /* base alone is fine */
    for (int i = 0; i < 2; i++)
        gb_scenario_free(list[i]);
}

static void test_duplicate_names_across_files_are_refused(void **state)
{
    gb_scenario *a =
        parse_file_ok("{\"name\": \"same\", \"threads\": [{\"python\": \"pass\"}]}", "a.json");
    gb_scenario *b =
        parse_file_ok("{\"name\": \"same\", \"threads\": [{\"python\": \"pass\"}]}", "b.json");
    gb_scenario *list[2] = {a, b};
    gb_error err;

    (void)state;
    assert_int_equal(gb_scenarios_check_set(list, 2, &err), -1);
    assert_string_equal(err.path, "name");
    assert_non_null(strstr(err.message, "is also the name of"));
    gb_scenario_free(a);
    gb_scenario_free(b);
}

/* A sweep makes thousands of scenarios: the set check is one pass (fuzzing found the pairwise
 * one taking seconds), and still names the first scenario whose name came before, and the
 * file of the first with that name. */
static void test_the_first_duplicate_of_a_large_set_is_named(void **state)
{
    enum { N = 20000 };
    gb_scenario *all = calloc(N, sizeof *all), **list = calloc(N, sizeof *list);
    char(*names)[16] = calloc(N, sizeof *names);
    gb_error err;

    (void)state;
    assert_non_null(all);
    assert_non_null(list);
    assert_non_null(names);
    for (int i = 0; i < N; i++) {
        snprintf(names[i], sizeof names[i], "p%d", i);
        all[i].name = names[i];
        all[i].file = i == 7 ? "first.json" : "other.json";
        list[i] = &all[i];
    }
    assert_int_equal(gb_scenarios_check_set(list, N, &err), 0);
    all[N - 1].name = "p7";
    all[N - 2].name = "p9";
    all[N - 2].file = "later.json";
    assert_int_equal(gb_scenarios_check_set(list, N, &err), -1);
    assert_string_equal(err.file, "later.json");
    assert_string_equal(err.message, "\"p9\" is also the name of other.json: names must be "
                                     "unique in a run");
    all[N - 2].name = names[N - 2];
    assert_int_equal(gb_scenarios_check_set(list, N, &err), -1);
    assert_string_equal(err.message, "\"p7\" is also the name of first.json: names must be "
                                     "unique in a run");
    free(names);
    free(list);
    free(all);
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

static gb_error parse_error(const char *text)
{
    gb_error err;
    gb_scenario *s = gb_scenario_parse(text, "s.json", NULL, &err);

    if (s) {
        gb_scenario_free(s);
        fail_msg("expected an error for: %s", text);
    }
    return err;
}

static void test_bad_enum_value_suggests_the_nearest_value(void **state)
{
    gb_error err =
        parse_error("{\"threads\": [\n  {\"workload\": \"fibonacci\", \"gil\": \"relase\","
                    " \"args\": [1]}\n]}");
    char line[2048];

    (void)state;
    gb_error_format(&err, line, sizeof line);
    assert_string_equal(line, "s.json:2:36: error: threads[0].gil: expected \"hold\" or "
                              "\"release\", found \"relase\"; did you mean \"release\"?");
}

static void test_missing_key_points_at_the_brace_of_its_object(void **state)
{
    gb_error err = parse_error("{\"threads\": [\n    {\"workload\": \"spin\", \"args\": [1]}]}");

    (void)state;
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 5);
    assert_string_equal(err.path, "threads[0]");
    assert_string_equal(err.message, "missing required key \"gil\" (\"hold\" or \"release\")");
}

static void test_wrong_argument_count_names_the_arguments(void **state)
{
    gb_error err = parse_error("{\"threads\": [{\"workload\": \"fibonacci\", \"gil\": \"hold\", "
                               "\"args\": [1, 2]}]}");

    (void)state;
    assert_string_equal(err.path, "threads[0].args");
    assert_string_equal(err.message, "fibonacci takes 1 argument (n), found 2");
    assert_int_equal(err.line, 1);
    assert_int_equal(err.column, 63); /* the '[' of the array */
}

static void test_syntax_error_keeps_jansson_position(void **state)
{
    gb_error err = parse_error("{\n  \"runs\": 3\n  \"threads\": []\n}");

    (void)state;
    assert_int_equal(err.line, 3);
    assert_int_equal(err.column, 11);
    assert_string_equal(err.path, "");
    assert_string_equal(err.message, "invalid JSON: '}' expected near '\"threads\"'");
}

static void test_long_found_values_are_cut_on_a_character(void **state)
{
    /* 36 ASCII characters and then "é": a cut at byte 37 would split it */
    gb_error err = parse_error("{\"start\": \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\xc3\xa9\xc3\xa9"
                               "\xc3\xa9\", \"threads\": [{\"python\": \"pass\"}]}");
    const char *dots = strstr(err.message, "...");

    (void)state;
    assert_non_null(dots);
    assert_int_not_equal((unsigned char)dots[-1], 0xC3); /* no half of a character before */
    assert_string_equal(err.path, "start");
}

static void test_command_line_values_obey_the_file_bounds(void **state)
{
    const char *text = "{\"threads\": [{\"python\": \"pass\"}]}";
    gb_overrides ov;
    gb_error err;

    (void)state;
    gb_overrides_init(&ov);
    ov.runs = 0;
    assert_null(gb_scenario_parse(text, "o.json", &ov, &err));
    assert_string_equal(err.message, "--runs: expected an integer from 1 to 100000, found 0");
    assert_string_equal(err.file, "");
    gb_overrides_init(&ov);
    ov.timeout = 0;
    assert_null(gb_scenario_parse(text, "o.json", &ov, &err));
    assert_string_equal(err.message, "--timeout: expected a number of seconds > 0, found 0");
}

static void test_missing_file_is_reported_without_position(void **state)
{
    gb_error err;
    char line[2048];

    (void)state;
    assert_null(gb_scenario_load("/nonexistent/dir/s.json", NULL, &err));
    gb_error_format(&err, line, sizeof line);
    assert_string_equal(line, "/nonexistent/dir/s.json: error: cannot read: No such file or "
                              "directory");
}

static void test_duplicate_name_points_at_the_name_key_of_the_second_file(void **state)
{
    char dir[] = "/tmp/gb_test_scenario_XXXXXX";
    char a_path[256], b_path[256];
    gb_scenario *list[2];
    gb_error err;
    FILE *f;

    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(a_path, sizeof a_path, "%s/a.json", dir);
    snprintf(b_path, sizeof b_path, "%s/b.json", dir);
    f = fopen(a_path, "w");
    assert_non_null(f);
    fputs("{\"name\": \"x\", \"threads\": [{\"python\": \"pass\"}]}\n", f);
    fclose(f);
    f = fopen(b_path, "w");
    assert_non_null(f);
    fputs("{\n  \"threads\": [{\"python\": \"pass\"}],\n    \"name\": \"x\"\n}\n", f);
    fclose(f);
    list[0] = gb_scenario_load(a_path, NULL, &err);
    list[1] = gb_scenario_load(b_path, NULL, &err);
    assert_non_null(list[0]);
    assert_non_null(list[1]);
    assert_int_equal(gb_scenarios_check_set(list, 2, &err), -1);
    assert_string_equal(err.file, b_path);
    assert_int_equal(err.line, 3);
    assert_int_equal(err.column, 5);
    assert_string_equal(err.path, "name");
    assert_non_null(strstr(err.message, "\"x\" is also the name of "));
    assert_non_null(strstr(err.message, a_path));
    gb_scenario_free(list[0]);
    gb_scenario_free(list[1]);
    remove(a_path);
    remove(b_path);
    rmdir(dir);
}

static void test_distinct_names_pass_the_set_check(void **state)
{
    gb_scenario *a = parse_ok("{\"name\": \"a\", \"threads\": [{\"python\": \"pass\"}]}");
    gb_scenario *b = parse_ok("{\"name\": \"b\", \"baseline\": \"a\", \"threads\": "
                              "[{\"python\": \"pass\"}]}");
    gb_scenario *list[2] = {a, b};
    gb_error err;

    (void)state;
    assert_int_equal(gb_scenarios_check_set(list, 2, &err), 0);
    gb_scenario_free(a);
    gb_scenario_free(b);
}

static void test_locate_decodes_escaped_keys(void **state)
{
    int line = 0, column = 0;

    (void)state;
    /* "\u0067il" is the key "gil"; columns count the characters of the text as written */
    assert_int_equal(gb_json_locate("{\"\\ud83d\\ude00\": 1, \"\\u0067il\": 2}", "gil",
                                    GB_LOCATE_KEY, &line, &column),
                     0);
    assert_int_equal(column, 21);
    assert_int_equal(
        gb_json_locate("{\"a\\\"b\": [0, 1]}", "a\"b[1]", GB_LOCATE_VALUE, &line, &column), 0);
    assert_int_equal(column, 14);
}

static void test_locate_missing_key_gives_its_enclosing_object(void **state)
{
    int line = 0, column = 0;

    (void)state;
    assert_int_equal(gb_json_locate("[\n  {\"a\": 1}\n]", "[0].b", GB_LOCATE_KEY, &line, &column),
                     0);
    assert_int_equal(line, 2);
    assert_int_equal(column, 3);
}

static void test_locate_survives_bad_and_deep_text(void **state)
{
    static char deep[20002];
    const char *bad[] = {
        "",     "{", "[}]", "{\"a\" 1}", "{\"a\": [1, 2", "\"unterminated", "{\"a\": \"\\u12\"}",
        "[,,,]"};
    int line, column;

    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int rc = gb_json_locate(bad[i], "a[3].b", GB_LOCATE_VALUE, &line, &column);

        assert_true(rc == 0 || rc == -1);
        if (rc == 0)
            assert_true(line >= 1 && column >= 1);
    }
    memset(deep, '[', sizeof deep - 1);
    deep[sizeof deep - 1] = '\0';
    /* following a path needs no skipping: found however deep the text */
    assert_int_equal(gb_json_locate(deep, "[0][0][0]", GB_LOCATE_VALUE, &line, &column), 0);
    assert_int_equal(line, 1);
    assert_int_equal(column, 4);
    /* skipping a value deeper than any scenario is refused, not a stack overflow */
    assert_int_equal(gb_json_locate(deep, "[1]", GB_LOCATE_VALUE, &line, &column), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults_are_filled_and_name_comes_from_file),
        cmocka_unit_test(test_variables_are_substituted_and_escaped),
        cmocka_unit_test(test_each_double_dollar_of_a_literal_is_one_dollar),
        cmocka_unit_test(test_overrides_replace_vars_runs_warmup_and_timeout),
        cmocka_unit_test(test_named_workload_arguments_become_positional),
        cmocka_unit_test(test_each_kind_of_thread_is_kept_with_its_label),
        cmocka_unit_test(test_config_holds_every_key_resolved),
        cmocka_unit_test(test_error_points_at_line_and_column_of_the_typo),
        cmocka_unit_test(test_overrides_are_validated_too),
        cmocka_unit_test(test_duplicate_names_across_files_are_refused),
        cmocka_unit_test(test_one_file_given_twice_is_refused_as_such),
        cmocka_unit_test(test_baselines_in_a_cycle_are_refused_with_the_whole_cycle),
        cmocka_unit_test(test_baseline_found_nowhere_is_refused_with_a_suggestion),
        cmocka_unit_test(test_locate_counts_characters_not_bytes),
        cmocka_unit_test(test_bad_enum_value_suggests_the_nearest_value),
        cmocka_unit_test(test_missing_key_points_at_the_brace_of_its_object),
        cmocka_unit_test(test_wrong_argument_count_names_the_arguments),
        cmocka_unit_test(test_syntax_error_keeps_jansson_position),
        cmocka_unit_test(test_long_found_values_are_cut_on_a_character),
        cmocka_unit_test(test_command_line_values_obey_the_file_bounds),
        cmocka_unit_test(test_missing_file_is_reported_without_position),
        cmocka_unit_test(test_duplicate_name_points_at_the_name_key_of_the_second_file),
        cmocka_unit_test(test_distinct_names_pass_the_set_check),
        cmocka_unit_test(test_the_first_duplicate_of_a_large_set_is_named),
        cmocka_unit_test(test_locate_decodes_escaped_keys),
        cmocka_unit_test(test_locate_missing_key_gives_its_enclosing_object),
        cmocka_unit_test(test_locate_survives_bad_and_deep_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
