/* Seeded weight matrices: the fast normal generator reproduces base/rng.h exactly,
 * rows are pure functions of (seed, shape, row), and the distributions have their shape. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "base/rng.h"
#include "quality/qdist.h"
#include "quality/qmetrics.h"

static void test_normals_equal_rng_normal(void **state) {
    (void)state;
    enum { COUNT = 4099 };
    float out[COUNT];
    uint64_t stream = rng_stream("quality:test");
    for (uint64_t first = 0; first < 3; first++) { /* even and odd starting indices */
        qdist_normals(11, stream, first, COUNT, out);
        for (size_t i = 0; i < COUNT; i++)
            assert_true(out[i] == (float)rng_normal(11, stream, first + i));
    }
}

static void test_rows_are_deterministic(void **state) {
    (void)state;
    qc_dist d = {.kind = QD_STUDENT_T, .dof = 4};
    qdist_gen g;
    assert_int_equal(qdist_prepare(&g, &d, 5, 10, 300), 0);
    float a[300], b[300], z[300], c[300];
    qdist_row(&g, 7, a);
    qdist_row(&g, 7, b);
    for (size_t i = 0; i < 300; i++) assert_true(a[i] == b[i]);
    /* the two-step form gives the same row */
    qdist_row_normal(&g, 7, z);
    qdist_row_from_normal(&g, 7, z, c);
    for (size_t i = 0; i < 300; i++) assert_true(a[i] == c[i]);
    qdist_row(&g, 8, b);
    size_t same = 0;
    for (size_t i = 0; i < 300; i++) same += a[i] == b[i];
    assert_true(same < 5);
    qdist_release(&g);
}

static void test_student_t_has_heavy_tails(void **state) {
    (void)state;
    /* t with 4 d.o.f.: variance 2, excess kurtosis infinite; N(0,1): variance 1. */
    enum { K = 4096, ROWS = 64 };
    qc_dist dn = {.kind = QD_NORMAL}, dt = {.kind = QD_STUDENT_T, .dof = 4};
    qdist_gen gn, gt;
    assert_int_equal(qdist_prepare(&gn, &dn, 3, ROWS, K), 0);
    assert_int_equal(qdist_prepare(&gt, &dt, 3, ROWS, K), 0);
    float *w = malloc(K * sizeof *w);
    qmoments mn = {0}, mt = {0};
    double maxn = 0, maxt = 0;
    for (size_t r = 0; r < ROWS; r++) {
        qdist_row(&gn, r, w);
        mn = qm_merge(mn, qm_moments_f(w, K));
        for (size_t i = 0; i < K; i++) maxn = fmax(maxn, fabs(w[i]));
        qdist_row(&gt, r, w);
        mt = qm_merge(mt, qm_moments_f(w, K));
        for (size_t i = 0; i < K; i++) maxt = fmax(maxt, fabs(w[i]));
    }
    assert_float_equal(mn.m2 / mn.n, 1.0, 0.02);
    assert_float_equal(mt.m2 / mt.n, 2.0, 0.2);
    assert_true(maxt > 2 * maxn);
    free(w);
}

static void test_outlier_channels(void **state) {
    (void)state;
    qc_dist d = {.kind = QD_OUTLIER_CHANNELS, .outlier_fraction = 0.001, .outlier_scale = 10};
    qc_dist dn = {.kind = QD_NORMAL};
    qdist_gen g, gn;
    assert_int_equal(qdist_prepare(&g, &d, 9, 4, 8192), 0);
    assert_int_equal(qdist_prepare(&gn, &dn, 9, 4, 8192), 0);
    assert_int_equal(g.n_outliers, 9); /* ceil(8.192) */
    for (size_t j = 1; j < g.n_outliers; j++) assert_true(g.outliers[j - 1] < g.outliers[j]);
    float *a = malloc(8192 * sizeof *a), *b = malloc(8192 * sizeof *b);
    qdist_row(&g, 2, a);
    qdist_row(&gn, 2, b);
    size_t scaled = 0;
    for (size_t i = 0; i < 8192; i++) {
        if (a[i] == b[i]) continue;
        assert_float_equal(a[i], 10.0f * b[i], 1e-5 * fabsf(a[i]) + 1e-30);
        scaled++;
    }
    assert_true(scaled == 9 || scaled == 8); /* a zero normal would not change */
    /* the same channels for another matrix with the same K */
    qdist_gen g2;
    assert_int_equal(qdist_prepare(&g2, &d, 9, 100, 8192), 0);
    for (size_t j = 0; j < g.n_outliers; j++) assert_int_equal(g.outliers[j], g2.outliers[j]);
    qdist_release(&g);
    qdist_release(&g2);
    free(a);
    free(b);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_normals_equal_rng_normal),
        cmocka_unit_test(test_rows_are_deterministic),
        cmocka_unit_test(test_student_t_has_heavy_tails),
        cmocka_unit_test(test_outlier_channels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
