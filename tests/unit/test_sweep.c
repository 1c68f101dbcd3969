/* test_sweep.c - scenario files with a "sweep" (harness/scenario/scenario_sweep.c and scenario.c):
 * the product of the lists in order, the names of the points, parameters as variables in
 * "gil", "count", "call", "switch_interval" and "baseline", --set of a parameter, the
 * refusals; and the scaling figures of a threads sweep (harness/measure/scaling.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "measure/result.h"
#include "measure/scaling.h"
#include "scenario/scenario.h"

static const char scaling_text[] =
    "{\"name\": \"scaling\",\n"
    " \"sweep\": {\"gil\": [\"hold\", \"release\"], \"threads\": [1, 2, 4]},\n"
    " \"vars\": {\"n\": 1000},\n"
    " \"threads\": [{\"workload\": \"fibonacci\", \"gil\": \"$gil\", \"args\": [\"$n\"],\n"
    "              \"count\": \"$threads\"}],\n"
    " \"baseline\": \"scaling[gil=${gil},threads=1]\",\n"
    " \"expect\": {\"ratio\": {\"max\": 100}}}\n";

static void free_list(gb_scenario **list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        gb_scenario_free(list[i]);
    free(list);
}

static size_t parse_all_ok(const char *text, const gb_overrides *ov, gb_scenario ***list)
{
    gb_error err;
    size_t n;

    if (gb_scenario_parse_all(text, "s.json", ov, -1, list, &n, &err) != 0)
        fail_msg("unexpected error: %s", err.message);
    return n;
}

/* The one-line error of text, in buf. */
static void parse_error(const char *text, char *buf, size_t size)
{
    gb_scenario **list;
    gb_error err;
    size_t n;

    if (gb_scenario_parse_all(text, "s.json", NULL, -1, &list, &n, &err) == 0) {
        free_list(list, n);
        fail_msg("expected an error for %s", text);
    }
    gb_error_format(&err, buf, size);
}

static void test_sweep_runs_the_product_first_parameter_slowest(void **state)
{
    gb_scenario **list;
    size_t n = parse_all_ok(scaling_text, NULL, &list);
    const char *names[] = {"scaling[gil=hold,threads=1]",    "scaling[gil=hold,threads=2]",
                           "scaling[gil=hold,threads=4]",    "scaling[gil=release,threads=1]",
                           "scaling[gil=release,threads=2]", "scaling[gil=release,threads=4]"};

    (void)state;
    assert_int_equal(n, 6);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(list[i]->name, names[i]);
        assert_int_equal(list[i]->sweep_index, (int)i);
        assert_string_equal(json_string_value(json_object_get(list[i]->sweep, "base")), "scaling");
    }
    free_list(list, n);
}

static void test_parameters_are_variables_in_gil_count_and_baseline(void **state)
{
    gb_scenario **list;
    size_t n = parse_all_ok(scaling_text, NULL, &list);
    json_t *cfg;

    (void)state;
    assert_int_equal(list[2]->nthreads, 4);
    assert_int_equal(list[2]->threads[0].gil, GB_GIL_HOLD);
    assert_int_equal(list[5]->threads[3].gil, GB_GIL_RELEASE);
    assert_string_equal(list[5]->threads[3].label, "t4");
    assert_string_equal(list[5]->baseline, "scaling[gil=release,threads=1]");
    /* the one-thread point would be its own baseline: it has none, and no error */
    assert_null(list[0]->baseline);
    assert_int_equal(
        json_integer_value(json_object_get(json_object_get(list[4]->sweep, "params"), "threads")),
        2);
    cfg = gb_scenario_config(list[4]);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(cfg, "vars"), "threads")),
                     2);
    json_decref(cfg);
    free_list(list, n);
}

static void test_a_worker_loads_only_its_point(void **state)
{
    gb_scenario **list;
    gb_error err;
    size_t n;

    (void)state;
    assert_int_equal(gb_scenario_parse_all(scaling_text, "s.json", NULL, 4, &list, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_string_equal(list[0]->name, "scaling[gil=release,threads=2]");
    assert_int_equal(list[0]->sweep_index, 4);
    free_list(list, n);
    assert_int_equal(gb_scenario_parse_all(scaling_text, "s.json", NULL, 6, &list, &n, &err), -1);
}

static void test_set_of_a_parameter_runs_that_value_only(void **state)
{
    const char *vars[] = {"threads=2", "n=7"};
    gb_overrides ov;
    gb_scenario **list;
    size_t n;

    (void)state;
    gb_overrides_init(&ov);
    ov.vars = vars;
    ov.nvars = 2;
    n = parse_all_ok(scaling_text, &ov, &list);
    assert_int_equal(n, 2);
    assert_string_equal(list[0]->name, "scaling[gil=hold,threads=2]");
    assert_string_equal(list[1]->name, "scaling[gil=release,threads=2]");
    assert_int_equal(json_integer_value(json_array_get(list[1]->threads[1].args, 0)), 7);
    free_list(list, n);
}

static void test_call_and_switch_interval_take_variables(void **state)
{
    gb_scenario **list;
    size_t n = parse_all_ok(
        "{\"name\": \"m\", \"sweep\": {\"module\": [\"hashlib\", \"zlib\"], \"si\": [0.001]},\n"
        " \"threads\": [{\"call\": \"${module}:f\", \"count\": 2, \"name\": \"w\"},\n"
        "              {\"call\": \"$module.sub:g\"}],\n"
        " \"switch_interval\": \"$si\"}",
        NULL, &list);

    (void)state;
    assert_int_equal(n, 2);
    assert_string_equal(list[1]->name, "m[module=zlib,si=0.001]");
    assert_string_equal(list[1]->threads[0].call, "zlib:f");
    assert_string_equal(list[1]->threads[0].label, "w1");
    assert_string_equal(list[1]->threads[1].label, "w2");
    assert_string_equal(list[1]->threads[2].label, "t3");
    assert_string_equal(list[1]->threads[2].call, "zlib.sub:g");
    assert_true(list[0]->switch_interval == 0.001);
    free_list(list, n);
}

static void test_sweep_is_refused_with_its_place(void **state)
{
    char buf[1400];

    (void)state;
    parse_error("{\"sweep\": {\"n\": [1, 2]}, \"vars\": {\"n\": 1},\n"
                " \"threads\": [{\"workload\": \"empty\", \"gil\": \"hold\"}]}",
                buf, sizeof buf);
    assert_non_null(strstr(buf, "s.json:1:12: error: sweep.n: \"n\" is also in \"vars\""));
    parse_error("{\"sweep\": {\"n\": []},\n"
                " \"threads\": [{\"workload\": \"empty\", \"gil\": \"hold\"}]}",
                buf, sizeof buf);
    assert_non_null(strstr(buf, "sweep.n: expected a non-empty array of values, found []"));
    parse_error("{\"sweep\": {\"n\": [1, \"a b\"]},\n"
                " \"threads\": [{\"workload\": \"empty\", \"gil\": \"hold\"}]}",
                buf, sizeof buf);
    assert_non_null(strstr(buf, "sweep.n[1]: expected a number or a string of letters"));
    parse_error("{\"sweep\": {\"a\": [1,2,3,4,5,6,7,8,9,10], \"b\": [1,2,3,4,5,6,7,8,9,10],\n"
                "  \"c\": [1,2,3,4,5,6,7,8,9,10], \"d\": [1,2,3,4,5,6,7,8,9,10]},\n"
                " \"threads\": [{\"workload\": \"empty\", \"gil\": \"hold\"}]}",
                buf, sizeof buf);
    assert_non_null(strstr(buf, "sweep: the product of the lists has 10000 points or more"));
}

static void test_a_bad_point_is_named_in_the_error(void **state)
{
    char buf[1400];

    (void)state;
    parse_error("{\"name\": \"c\", \"sweep\": {\"k\": [2, 65]},\n"
                " \"threads\": [{\"workload\": \"empty\", \"gil\": \"hold\", \"count\": \"$k\"}]}",
                buf, sizeof buf);
    assert_string_equal(buf, "s.json:2:60: error: threads[0].count: expected an integer from 1 "
                             "to 64, found 65 (in c[k=65])");
    parse_error("{\"sweep\": {\"g\": [\"hold\", \"relase\"]},\n"
                " \"threads\": [{\"workload\": \"empty\", \"gil\": \"$g\"}]}",
                buf, sizeof buf);
    assert_non_null(strstr(buf, "found \"relase\"; did you mean \"release\"? (in s[g=relase])"));
}

/* A finished result of a sweep point with this median. */
static gb_result point(const char *params, double median)
{
    gb_result r;

    memset(&r, 0, sizeof r);
    r.wall.n = 3;
    r.wall.median = median;
    r.sweep = json_pack("{s:s,s:o}", "base", "scaling", "params", json_loads(params, 0, NULL));
    return r;
}

static void test_scaling_compares_with_the_one_thread_point_of_the_same_line(void **state)
{
    gb_result r[6];
    gb_scaling sc;
    gb_scalings all;

    (void)state;
    r[0] = point("{\"gil\": \"hold\", \"threads\": 1}", 1.0);
    r[1] = point("{\"gil\": \"hold\", \"threads\": 4}", 4.0);
    r[2] = point("{\"gil\": \"release\", \"threads\": 1}", 2.0);
    r[3] = point("{\"threads\": 4, \"gil\": \"release\"}", 4.0); /* keys in another order */
    r[4] = point("{\"gil\": \"other\", \"threads\": 4}", 1.0);
    r[5] = point("{\"gil\": \"hold\", \"threads\": 1}", 9.0); /* the first one counts */
    assert_int_equal(gb_scalings_init(&all, r, 6), 0);
    assert_int_equal(gb_scaling_of(&all, 1, &sc), 0);
    assert_true(fabs(sc.speedup - 1.0) < 1e-9);
    assert_true(fabs(sc.efficiency - 0.25) < 1e-9);
    assert_int_equal(sc.against, 0);
    assert_int_equal(gb_scaling_of(&all, 3, &sc), 0);
    assert_true(fabs(sc.speedup - 2.0) < 1e-9);
    assert_true(fabs(sc.efficiency - 0.5) < 1e-9);
    assert_int_equal(sc.against, 2);
    assert_int_equal(gb_scaling_of(&all, 4, &sc), -1); /* no one-thread point */
    assert_int_equal(gb_scaling_of(&all, 5, &sc), 0);  /* against the first such point */
    assert_int_equal(sc.against, 0);
    /* the index leaves the report's objects as they were */
    assert_non_null(json_object_get(json_object_get(r[1].sweep, "params"), "threads"));
    gb_scalings_free(&all);
    for (size_t i = 0; i < 6; i++)
        gb_result_clear(&r[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sweep_runs_the_product_first_parameter_slowest),
        cmocka_unit_test(test_parameters_are_variables_in_gil_count_and_baseline),
        cmocka_unit_test(test_a_worker_loads_only_its_point),
        cmocka_unit_test(test_set_of_a_parameter_runs_that_value_only),
        cmocka_unit_test(test_call_and_switch_interval_take_variables),
        cmocka_unit_test(test_sweep_is_refused_with_its_place),
        cmocka_unit_test(test_a_bad_point_is_named_in_the_error),
        cmocka_unit_test(test_scaling_compares_with_the_one_thread_point_of_the_same_line),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
