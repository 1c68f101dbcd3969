/* test_gil_samples.c - the arithmetic of the sampled evidence of the GIL
 * (harness/measure/gil_samples.c), on synthetic samples: which samples fall in a thread's
 * work, in how many it held the GIL, and when a share says nothing. What the shares decide
 * is tested with the other rules of the verdict (test_evidence.c). No clock. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "measure/gil_samples.h"

#define MS 1000000LL
#define A ((uintptr_t)0x1000) /* two threads' states */
#define B ((uintptr_t)0x2000)

static void test_only_samples_in_the_work_count_and_only_the_threads_own_holds(void **state)
{
    /* every 2 ms: A holds, then the GIL is free, then B holds */
    gb_gil_sample s[12];
    int64_t n, held;

    (void)state;
    for (int i = 0; i < 12; i++)
        s[i] = (gb_gil_sample){2 * MS * i, i < 4 ? A : i < 8 ? 0 : B};
    gb_gil_samples_count(s, 12, 2 * MS, 10 * MS, A, &n, &held); /* [2, 10] ms: 5 samples */
    assert_int_equal(n, 5);
    assert_int_equal(held, 3); /* 2, 4 and 6 ms: A; 8 and 10 ms: free */
    gb_gil_samples_count(s, 12, 0, 100 * MS, B, &n, &held);
    assert_int_equal(n, 12);
    assert_int_equal(held, 4);                                     /* A's are not B's */
    gb_gil_samples_count(s, 12, 1 * MS, 1 * MS + 1, A, &n, &held); /* between two samples */
    assert_int_equal(n, 0);
    assert_int_equal(held, 0);
    gb_gil_samples_count(s, 0, 0, 100 * MS, A, &n, &held);
    assert_int_equal(n, 0);
    gb_gil_samples_count(s, 12, 0, 100 * MS, 0, &n, &held); /* no state: it holds nothing */
    assert_int_equal(held, 0);
}

static void test_a_share_needs_enough_samples_and_sane_counts(void **state)
{
    (void)state;
    assert_true(fabs(gb_gil_samples_share(3, 4 * GB_GIL_SAMPLES_MIN) - 0.15) < 1e-12);
    assert_true(gb_gil_samples_share(GB_GIL_SAMPLES_MIN, GB_GIL_SAMPLES_MIN) == 1);
    assert_true(gb_gil_samples_share(0, GB_GIL_SAMPLES_MIN) == 0);
    assert_true(isnan(gb_gil_samples_share(1, GB_GIL_SAMPLES_MIN - 1)));
    assert_true(isnan(gb_gil_samples_share(0, 0)));
    assert_true(isnan(gb_gil_samples_share(11, 10)));
    assert_true(isnan(gb_gil_samples_share(-1, 10)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_only_samples_in_the_work_count_and_only_the_threads_own_holds),
        cmocka_unit_test(test_a_share_needs_enough_samples_and_sane_counts),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
