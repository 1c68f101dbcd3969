/* test_pivot.c - sweeps over "module" as an implementation x scenario table
 * (harness/measure/pivot.c): rows and columns in the report's order, cells where the
 * results are, the one-thread ratio against the reference row, both ways of saying a
 * result came from a sweep, and no table where there is no such sweep. No clock. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "measure/pivot.h"

#define MAX 16

typedef struct fixture {
    gb_report rep;
    gb_result results[MAX];
    gb_scenario scenarios[MAX];
} fixture;

/* Append a measured result named name, of nthreads threads, median wall seconds. */
static gb_result *add(fixture *f, const char *name, size_t nthreads, double median)
{
    size_t i = f->rep.nresults++;
    gb_result *r = &f->results[i];

    assert_true(i < MAX);
    f->scenarios[i].name = (char *)name;
    f->scenarios[i].nthreads = nthreads;
    r->scenario = &f->scenarios[i];
    r->status = GB_STATUS_OK;
    r->wall.n = isnan(median) ? 0 : 3;
    r->wall.median = median;
    r->verdict = nthreads == 1 ? GB_VERDICT_SINGLE : GB_VERDICT_SERIAL;
    f->rep.results = f->results;
    return r;
}

static void test_rows_and_columns_keep_the_order_the_report_has_them_in(void **state)
{
    fixture f = {0};
    gb_pivot pv;

    (void)state;
    add(&f, "gil[module=gilbench]", 1, 0.1);
    add(&f, "gil[module=gilbench_pyo3]", 1, 0.2);
    add(&f, "gil+gil[module=gilbench]", 2, 0.2);
    add(&f, "plain", 1, 0.1); /* from no sweep: not in the table */
    add(&f, "gil+gil[module=gilbench_pyo3]", 2, 0.4);
    add(&f, "gil[module=gilbench_cython]", 1, 0.1);
    assert_int_equal(gb_pivot_build(&f.rep, "module", "gilbench", &pv), 1);
    assert_int_equal(pv.nrows, 3);
    assert_string_equal(pv.rows[0], "gilbench");
    assert_string_equal(pv.rows[1], "gilbench_pyo3");
    assert_string_equal(pv.rows[2], "gilbench_cython");
    assert_int_equal(pv.ncols, 2);
    assert_string_equal(pv.cols[0], "gil");
    assert_string_equal(pv.cols[1], "gil+gil");
    assert_ptr_equal(gb_pivot_cell(&pv, 1, 1), &f.results[4]);
    assert_ptr_equal(gb_pivot_cell(&pv, 0, 1), &f.results[2]);
    assert_null(gb_pivot_cell(&pv, 2, 1)); /* cython never ran gil+gil */
    assert_null(gb_pivot_cell(&pv, 3, 0)); /* out of the table */
    gb_pivot_clear(&pv);
    gb_pivot_clear(&pv); /* twice is fine */
}

static void test_one_thread_ratio_is_against_the_reference_row_wherever_it_is(void **state)
{
    fixture f = {0};
    gb_pivot pv;

    (void)state;
    add(&f, "gil+gil[module=gilbench_pybind11]", 2, 0.5);
    add(&f, "gil[module=gilbench_pybind11]", 1, 0.3);
    add(&f, "gil[module=gilbench]", 1, 0.2);
    add(&f, "gil+gil[module=gilbench]", 2, 0.4);
    add(&f, "nogil[module=gilbench_pybind11]", 1, 0.25);
    assert_int_equal(gb_pivot_build(&f.rep, "module", "gilbench", &pv), 1);
    assert_int_equal(pv.ref_row, 1);
    assert_int_equal(pv.solo_col, 1); /* "gil", the first one-thread column */
    assert_float_equal(gb_pivot_solo_ratio(&pv, 0), 1.5, 1e-12);
    assert_float_equal(gb_pivot_solo_ratio(&pv, 1), 1.0, 1e-12);
    assert_true(isnan(gb_pivot_solo_ratio(&pv, 7)));
    gb_pivot_clear(&pv);
}

static void test_without_the_reference_the_first_row_is_the_reference(void **state)
{
    fixture f = {0};
    gb_pivot pv;

    (void)state;
    add(&f, "gil[module=a]", 1, 0.2);
    add(&f, "gil[module=b]", 1, 0.1);
    assert_int_equal(gb_pivot_build(&f.rep, "module", "gilbench", &pv), 1);
    assert_int_equal(pv.ref_row, 0);
    assert_float_equal(gb_pivot_solo_ratio(&pv, 1), 0.5, 1e-12);
    gb_pivot_clear(&pv);
}

static void test_a_ratio_needs_both_one_thread_medians(void **state)
{
    fixture f = {0};
    gb_pivot pv;

    (void)state;
    add(&f, "gil[module=gilbench]", 1, NAN)->status = GB_STATUS_ERROR;
    add(&f, "gil[module=x]", 1, 0.1);
    add(&f, "gil+gil[module=x]", 2, 0.2);
    assert_int_equal(gb_pivot_build(&f.rep, "module", "gilbench", &pv), 1);
    assert_true(isnan(gb_pivot_solo_ratio(&pv, 1)));
    gb_pivot_clear(&pv);

    memset(&f, 0, sizeof f); /* two-thread scenarios only: no one-thread column */
    add(&f, "gil+gil[module=gilbench]", 2, 0.2);
    add(&f, "gil+gil[module=x]", 2, 0.2);
    assert_int_equal(gb_pivot_build(&f.rep, "module", "gilbench", &pv), 1);
    assert_true(pv.solo_col == GB_PIVOT_NONE);
    assert_true(isnan(gb_pivot_solo_ratio(&pv, 1)));
    gb_pivot_clear(&pv);
}

static void
test_the_sweep_object_counts_like_the_name_and_other_parameters_make_columns(void **state)
{
    fixture f = {0};
    gb_pivot pv;
    gb_result *r;

    (void)state;
    r = add(&f, "anything", 2, 0.2);
    r->sweep = json_pack("{s:s,s:{s:s,s:i}}", "base", "pair", "params", "module", "m1", "n", 5);
    r = add(&f, "anything-else", 2, 0.2);
    r->sweep = json_pack("{s:s,s:{s:s,s:i}}", "base", "pair", "params", "module", "m2", "n", 5);
    add(&f, "pair[module=m1,n=7]", 2, 0.3);
    assert_int_equal(gb_pivot_build(&f.rep, "module", "gilbench", &pv), 1);
    assert_int_equal(pv.nrows, 2);
    assert_int_equal(pv.ncols, 2);
    assert_string_equal(pv.cols[0], "pair[n=5]");
    assert_string_equal(pv.cols[1], "pair[n=7]");
    assert_ptr_equal(gb_pivot_cell(&pv, 1, 0), &f.results[1]);
    gb_pivot_clear(&pv);
    json_decref(f.results[0].sweep);
    json_decref(f.results[1].sweep);
}

static void test_no_table_without_two_results_of_a_sweep_over_the_parameter(void **state)
{
    fixture f = {0};
    gb_pivot pv;

    (void)state;
    assert_int_equal(gb_pivot_build(&f.rep, "module", "gilbench", &pv), 0);
    add(&f, "gil", 1, 0.1);
    add(&f, "scaling[threads=1]", 1, 0.1);
    add(&f, "scaling[threads=2]", 2, 0.1);
    add(&f, "gil[module=gilbench]", 1, 0.1);
    assert_int_equal(gb_pivot_build(&f.rep, "module", "gilbench", &pv), 0);
    assert_int_equal(pv.nrows, 0);
    assert_null(gb_pivot_cell(&pv, 0, 0));
    gb_pivot_clear(&pv);
}

static void test_a_cell_says_its_verdict_or_why_there_is_none(void **state)
{
    fixture f = {0};
    gb_result *r;
    int failed = -1;

    (void)state;
    r = add(&f, "x", 2, 0.1);
    assert_string_equal(gb_pivot_cell_word(r, &failed), "serial");
    assert_int_equal(failed, 0);
    r->status = GB_STATUS_EXPECTATION_FAILED;
    assert_string_equal(gb_pivot_cell_word(r, &failed), "serial");
    assert_int_equal(failed, 1);
    r = add(&f, "y", 1, NAN);
    r->status = GB_STATUS_ERROR;
    assert_string_equal(gb_pivot_cell_word(r, &failed), "error");
    assert_int_equal(failed, 1);
    r->status = GB_STATUS_CRASHED;
    assert_string_equal(gb_pivot_cell_word(r, &failed), "crashed");
    r->status = GB_STATUS_NOT_RUN;
    assert_string_equal(gb_pivot_cell_word(r, &failed), "not run");
    assert_int_equal(failed, 0);
    assert_string_equal(gb_pivot_cell_word(NULL, &failed), "-");
    assert_int_equal(failed, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows_and_columns_keep_the_order_the_report_has_them_in),
        cmocka_unit_test(test_one_thread_ratio_is_against_the_reference_row_wherever_it_is),
        cmocka_unit_test(test_without_the_reference_the_first_row_is_the_reference),
        cmocka_unit_test(test_a_ratio_needs_both_one_thread_medians),
        cmocka_unit_test(
            test_the_sweep_object_counts_like_the_name_and_other_parameters_make_columns),
        cmocka_unit_test(test_no_table_without_two_results_of_a_sweep_over_the_parameter),
        cmocka_unit_test(test_a_cell_says_its_verdict_or_why_there_is_none),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
