/* Summary statistics: hand-computed values. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "harness/stats.h"

static void test_known_values(void **state) {
    (void)state;
    const double v[] = {4, 1, 3, 2, 5};
    sample_stats s;
    stats_compute(v, 5, &s);
    assert_int_equal(s.n, 5);
    assert_float_equal(s.min, 1, 1e-12);
    assert_float_equal(s.max, 5, 1e-12);
    assert_float_equal(s.mean, 3, 1e-12);
    assert_float_equal(s.median, 3, 1e-12);
    assert_float_equal(s.stddev, sqrt(2.5), 1e-12); /* n - 1 denominator */
    assert_float_equal(s.cv, sqrt(2.5) / 3, 1e-12);
    assert_float_equal(s.p10, 1.4, 1e-12); /* 1 + 0.4 * (2 - 1) */
    assert_float_equal(s.p90, 4.6, 1e-12);
}

static void test_even_count_median(void **state) {
    (void)state;
    const double v[] = {10, 2, 8, 4};
    sample_stats s;
    stats_compute(v, 4, &s);
    assert_float_equal(s.median, 6, 1e-12);
}

static void test_single_value(void **state) {
    (void)state;
    const double v[] = {7};
    sample_stats s;
    stats_compute(v, 1, &s);
    assert_float_equal(s.median, 7, 0);
    assert_float_equal(s.stddev, 0, 0);
    assert_float_equal(s.cv, 0, 0);
    assert_float_equal(s.p10, 7, 0);
}

static void test_input_not_modified(void **state) {
    (void)state;
    double v[] = {3, 1, 2};
    sample_stats s;
    stats_compute(v, 3, &s);
    assert_float_equal(v[0], 3, 0);
    assert_float_equal(v[1], 1, 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_values),
        cmocka_unit_test(test_even_count_median),
        cmocka_unit_test(test_single_value),
        cmocka_unit_test(test_input_not_modified),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
