/* Confidence intervals and rank tests: answers computed by hand (binomial and Mann-Whitney
 * null distributions of small samples) and the values scipy.stats gives for the same input. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "harness/intervals.h"

static void test_median_interval_nine(void **state) {
    (void)state;
    const double v[] = {9, 1, 8, 2, 7, 3, 6, 4, 5};
    estimate e;
    assert_int_equal(ci_median(v, 9, 0.95, &e), 0);
    assert_float_equal(e.value, 5, 0);
    /* k = 2: 1 - 2 (1 + 9) / 512 = 0.9609 >= 0.95; k = 3 gives 0.820 */
    assert_float_equal(e.lo, 2, 0);
    assert_float_equal(e.hi, 8, 0);
    assert_float_equal(e.coverage, 1 - 20.0 / 512, 1e-12);
}

static void test_median_interval_small(void **state) {
    (void)state;
    const double v[] = {3, 1, 2, 5, 4};
    estimate e;
    assert_int_equal(ci_median(v, 5, 0.95, &e), 0);
    /* five samples cannot reach 95 %: the whole range, and its true coverage 1 - 2/32 */
    assert_float_equal(e.lo, 1, 0);
    assert_float_equal(e.hi, 5, 0);
    assert_float_equal(e.coverage, 0.9375, 1e-12);
    assert_int_equal(ci_median(v, 0, 0.95, &e), -1);
    const double bad[] = {1, NAN};
    assert_int_equal(ci_median(bad, 2, 0.95, &e), -1);
    assert_int_equal(ci_median(v, 5, 1.0, &e), -1);
}

static void test_ratio_exact_scaling(void **state) {
    (void)state;
    double a[10], b[10];
    for (int i = 0; i < 10; i++) {
        a[i] = 1 + 0.37 * i * i;
        b[i] = a[i] / 2;
    }
    estimate e;
    assert_int_equal(ci_ratio(a, 10, b, 10, 0.95, &e), 0);
    /* log a_i - log b_j = log 2 + log(a_i / a_j): symmetric around log 2 */
    assert_float_equal(e.value, 2, 1e-12);
    assert_true(e.lo < 2 && e.hi > 2);
    assert_true(e.coverage >= 0.95);
    assert_true(ci_ratio_distinguishable(&e) == (e.lo > 1 || e.hi < 1));
}

static void test_ratio_small_samples(void **state) {
    (void)state;
    const double a[] = {2, 2.2, 2.1}, b[] = {1, 1.1, 1.05};
    estimate e;
    assert_int_equal(ci_ratio(a, 3, b, 3, 0.95, &e), 0);
    /* P(U <= 0) = 1 / C(6, 3) = 0.05: the widest interval covers only 90 % */
    assert_float_equal(e.coverage, 0.9, 1e-12);
    assert_float_equal(e.lo, 2 / 1.1, 1e-12);
    assert_float_equal(e.hi, 2.2 / 1, 1e-12);
    assert_true(ci_ratio_distinguishable(&e));
    const double z[] = {1, 0};
    assert_int_equal(ci_ratio(z, 2, b, 3, 0.95, &e), -1); /* a time of 0 has no log */
}

static void test_ratio_overlapping_is_not_distinguishable(void **state) {
    (void)state;
    const double a[] = {1.0, 1.3, 0.9, 1.1, 1.2, 0.95, 1.05, 1.15, 0.85};
    const double b[] = {1.1, 0.9, 1.2, 1.0, 1.25, 0.92, 1.08, 0.97, 1.12};
    estimate e;
    assert_int_equal(ci_ratio(a, 9, b, 9, 0.95, &e), 0);
    assert_false(ci_ratio_distinguishable(&e));
}

static void test_ratio_large_samples(void **state) {
    (void)state;
    double a[60], b[60];
    for (int i = 0; i < 60; i++) {
        a[i] = 3 + 0.01 * i;
        b[i] = 1 + 0.01 * ((i * 7) % 60);
    }
    estimate e; /* the normal approximation path (> 50 per sample) */
    assert_int_equal(ci_ratio(a, 60, b, 60, 0.95, &e), 0);
    assert_true(e.lo > 1.9 && e.hi < 3.4 && e.lo <= e.value && e.value <= e.hi);
    assert_true(e.coverage > 0.94 && e.coverage < 0.97);
}

static void test_mwu_exact(void **state) {
    (void)state;
    double u, p;
    const double a[] = {1, 2, 3}, b[] = {4, 5, 6};
    assert_int_equal(rank_test_mwu(a, 3, b, 3, &u, &p), 0);
    assert_float_equal(u, 0, 0);
    assert_float_equal(p, 0.1, 1e-12); /* scipy.stats.mannwhitneyu: 0.1 */
    const double c[] = {1, 2, 3, 4, 5}, d[] = {6, 7, 8, 9, 10};
    assert_int_equal(rank_test_mwu(d, 5, c, 5, &u, &p), 0);
    assert_float_equal(u, 25, 0);
    assert_float_equal(p, 2.0 / 252, 1e-12); /* scipy: 0.007936507936507936 */
    const double e[] = {1, 4, 5}, f[] = {2, 3, 6};
    assert_int_equal(rank_test_mwu(e, 3, f, 3, &u, &p), 0);
    assert_float_equal(u, 4, 0);
    assert_float_equal(p, 1.0, 1e-12); /* scipy: 1.0 */
}

static void test_mwu_ties_and_large(void **state) {
    (void)state;
    double u, p;
    /* ties: normal approximation with tie and continuity corrections
     * (scipy.stats.mannwhitneyu([1,1,2,2,3],[2,3,3,4,4]): U = 3, p = 0.0524116) */
    const double a[] = {1, 1, 2, 2, 3}, b[] = {2, 3, 3, 4, 4};
    assert_int_equal(rank_test_mwu(a, 5, b, 5, &u, &p), 0);
    assert_float_equal(u, 3, 1e-12);
    assert_float_equal(p, 0.05241162867102868, 1e-9);
    double x[60], y[60];
    for (int i = 0; i < 60; i++) {
        x[i] = i;
        y[i] = 60 + i;
    }
    assert_int_equal(rank_test_mwu(x, 60, y, 60, &u, &p), 0);
    assert_true(p < 1e-15);
    assert_int_equal(rank_test_mwu(x, 60, x, 60, &u, &p), 0);
    assert_float_equal(u, 1800, 0);
    assert_true(p > 0.99);
    assert_int_equal(rank_test_mwu(x, 0, y, 60, &u, &p), -1);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_median_interval_nine),
        cmocka_unit_test(test_median_interval_small),
        cmocka_unit_test(test_ratio_exact_scaling),
        cmocka_unit_test(test_ratio_small_samples),
        cmocka_unit_test(test_ratio_overlapping_is_not_distinguishable),
        cmocka_unit_test(test_ratio_large_samples),
        cmocka_unit_test(test_mwu_exact),
        cmocka_unit_test(test_mwu_ties_and_large),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
