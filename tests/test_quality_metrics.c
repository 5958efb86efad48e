/* Quality-suite arithmetic on hand-made cases: NRMSE, SQNR, moments, constant columns,
 * Pareto dominance. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "quality/qmetrics.h"
#include "quality/qsweep.h"

static void test_nrmse_by_hand(void **state) {
    (void)state;
    /* w = {1, 2, 3, 4}: mean 2.5, m2 = 5, std = sqrt(1.25). Errors {0.1, -0.1, 0.1, -0.1}:
     * sse = 0.04, rmse = 0.1, NRMSE = 0.1 / sqrt(1.25) * 100 = 8.94427191 %. */
    const float w[] = {1, 2, 3, 4};
    qmoments m = qm_moments_f(w, 4);
    assert_float_equal(m.mean, 2.5, 1e-12);
    assert_float_equal(m.m2, 5.0, 1e-12);
    assert_float_equal(qm_std(m), sqrt(1.25), 1e-12);
    double v;
    assert_true(qm_nrmse_pct(0.04, 4, m.m2, &v));
    assert_float_equal(v, 0.1 / sqrt(1.25) * 100.0, 1e-9);
    assert_float_equal(v, 8.94427191, 1e-7);
}

static void test_sqnr_by_hand(void **state) {
    (void)state;
    double v;
    assert_true(qm_sqnr_db(100.0, 1.0, &v)); /* 10 log10(100) */
    assert_float_equal(v, 20.0, 1e-12);
    assert_true(qm_sqnr_db(1.0, 0.5, &v));
    assert_float_equal(v, 10.0 * log10(2.0), 1e-12);
    /* no error at all, or no signal: n/a, never inf */
    assert_false(qm_sqnr_db(1.0, 0.0, &v));
    assert_false(qm_sqnr_db(0.0, 1.0, &v));
}

static void test_constant_column_is_na(void **state) {
    (void)state;
    const float c[] = {5, 5, 5, 5}, approx[] = {5, 5, 5, 5};
    const float w[] = {1, 2, 3, 4}, wa[] = {1.1f, 1.9f, 3.1f, 3.9f};
    double v = -1;
    qmoments mc = qm_moments_f(c, 4);
    assert_float_equal(mc.m2, 0.0, 0.0);
    assert_false(qm_nrmse_pct(0.0, 4, mc.m2, &v)); /* std = 0: n/a */
    assert_false(qm_nrmse_pct(1.0, 4, 0.0, &v));
    assert_false(qm_nrmse_pct(1.0, 0, 1.0, &v));
    assert_float_equal(v, -1, 0); /* untouched */

    qerr e = {0};
    qerr_add_column(&e, c, approx, 4, mc, 0);
    assert_float_equal(e.na_cols, 1, 0);
    assert_false(qerr_colmean_pct(&e, &v)); /* only a constant column: n/a */
    qerr_add_column(&e, w, wa, 4, qm_moments_f(w, 4), 0);
    assert_float_equal(e.cols, 2, 0);
    assert_float_equal(e.na_cols, 1, 0);
    assert_true(qerr_colmean_pct(&e, &v)); /* the constant column is left out */
    assert_true(isfinite(v));
    /* sse of the second column: 4 * 0.01 (float rounding of 1.1 etc. allowed for) */
    assert_float_equal(v, 0.1 / sqrt(1.25) * 100.0, 1e-4);
    assert_float_equal(e.max_abs, 0.1, 1e-6);
}

static void test_moments_merge(void **state) {
    (void)state;
    const double a[] = {1, 2, 3}, b[] = {10, 20}, all[] = {1, 2, 3, 10, 20};
    qmoments m = qm_merge(qm_moments_d(a, 3), qm_moments_d(b, 2));
    qmoments ref = qm_moments_d(all, 5);
    assert_float_equal(m.n, 5, 0);
    assert_float_equal(m.mean, ref.mean, 1e-12);
    assert_float_equal(m.m2, ref.m2, 1e-9);
    qmoments empty = {0};
    m = qm_merge(empty, qm_moments_d(a, 3));
    assert_float_equal(m.mean, 2, 1e-12);
}

static void test_mean_std_population(void **state) {
    (void)state;
    /* np.std uses the denominator n: {16.42, 16.44, 17.61, 16.41}-like values by hand. */
    const double v[] = {1, 2, 3, 4};
    double mean, std;
    qm_mean_std(v, 4, &mean, &std);
    assert_float_equal(mean, 2.5, 1e-12);
    assert_float_equal(std, sqrt(1.25), 1e-12);
}

static void test_pareto_dominance(void **state) {
    (void)state;
    /* (bpw, err): A(4, 10) B(3, 20) C(4, 12) dominated by A, D(5, 10) dominated by A,
     * E(3, 20) equal to B: neither dominates the other. */
    const double bpw[] = {4, 3, 4, 5, 3}, err[] = {10, 20, 12, 10, 20};
    assert_true(qpareto_optimal(bpw, err, 5, 0));
    assert_true(qpareto_optimal(bpw, err, 5, 1));
    assert_false(qpareto_optimal(bpw, err, 5, 2));
    assert_false(qpareto_optimal(bpw, err, 5, 3));
    assert_true(qpareto_optimal(bpw, err, 5, 4));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nrmse_by_hand),         cmocka_unit_test(test_sqnr_by_hand),
        cmocka_unit_test(test_constant_column_is_na), cmocka_unit_test(test_moments_merge),
        cmocka_unit_test(test_mean_std_population),   cmocka_unit_test(test_pareto_dominance),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
