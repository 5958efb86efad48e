/* The oracle (ref_f64_gemm) against a hand-computed product and against a second,
 * independent sum written here (long double, K summed backwards), and the FP32 reference
 * kernels (ref_f64, f32_naive, f32_blas) against that independent sum over a grid of shapes
 * and thread counts: nothing here compares the oracle with itself. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/rng.h"
#include "kernels/ref_f64.h"
#include "kernels/registry.h"

static void test_oracle_by_hand(void **state) {
    (void)state;
    const float x[] = {1, 2, 3, -1, 0, 0.5f};           /* 2 x 3 */
    const float w[] = {1, 0, 0, 0, 1, 0, 1, 1, 1, 2, -2, 4}; /* 4 x 3 */
    double y[8];
    ref_f64_gemm(x, w, 2, 4, 3, y, 2);
    const double want[] = {1, 2, 6, 10, -1, 0, -0.5, 0};
    for (int i = 0; i < 8; i++) assert_float_equal(y[i], want[i], 0);
}

/* y = x w^T summed another way than the oracle: long double, k from the last to the first. */
static void independent_product(const float *x, const float *w, size_t m, size_t n, size_t k,
                                double *y) {
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++) {
            long double acc = 0;
            for (size_t kk = k; kk-- > 0;) acc += (long double)x[i * k + kk] * w[j * k + kk];
            y[i * n + j] = (double)acc;
        }
}

/* The oracle and the independent sum agree to the rounding of an FP64 sum: at most
 * K x 2^-52 x sum |x w| (the products of two floats are exact in double). */
static void test_oracle_matches_independent_sum(void **state) {
    (void)state;
    const size_t ms[] = {1, 3, 8}, ns[] = {1, 5, 33}, ks[] = {1, 7, 129, 1000};
    for (size_t a = 0; a < 3; a++)
        for (size_t b = 0; b < 3; b++)
            for (size_t c = 0; c < 4; c++) {
                size_t m = ms[a], n = ns[b], k = ks[c];
                float *x = malloc(m * k * sizeof *x), *w = malloc(n * k * sizeof *w);
                double *y = malloc(m * n * sizeof *y), *want = malloc(m * n * sizeof *want);
                rng_fill_normal(x, m * k, 11, m * 7 + k, 0, 1, 1);
                rng_fill_normal(w, n * k, 12, n * 5 + k, 0, 1, 1);
                for (int t = 1; t <= 3; t += 2) {
                    ref_f64_gemm(x, w, m, n, k, y, t);
                    independent_product(x, w, m, n, k, want);
                    for (size_t i = 0; i < m; i++)
                        for (size_t j = 0; j < n; j++) {
                            double mag = 0;
                            for (size_t kk = 0; kk < k; kk++)
                                mag += fabs((double)x[i * k + kk] * w[j * k + kk]);
                            double tol = (double)k * 0x1p-52 * mag;
                            if (fabs(y[i * n + j] - want[i * n + j]) > tol)
                                fail_msg("oracle m=%zu n=%zu k=%zu t=%d y[%zu][%zu] = %.17g, the "
                                         "independent sum %.17g",
                                         m, n, k, t, i, j, y[i * n + j], want[i * n + j]);
                        }
                }
                free(x), free(w), free(y), free(want);
            }
}

static void test_fp32_kernels_match_independent_sum(void **state) {
    (void)state;
    const char *names[] = {"ref_f64", "f32_naive", "f32_blas"};
    const size_t ms[] = {1, 2, 3, 7, 8, 65}, ns[] = {1, 17, 257}, ks[] = {1, 2, 63, 1000};
    for (size_t a = 0; a < 3; a++) {
        const kernel *k = kernel_find(names[a]);
        for (size_t ni = 0; ni < 3; ni++)
            for (size_t ki = 0; ki < 4; ki++) {
                size_t n = ns[ni], kd = ks[ki];
                float *w = malloc(n * kd * sizeof *w);
                rng_fill_normal(w, n * kd, 5, n * 31 + kd, 0, 1, 1);
                kernel_error err;
                quant_params qp = {0};
                kernel_weights *pw = k->pack(w, n, kd, &qp, &err);
                assert_non_null(pw);
                for (size_t mi = 0; mi < 6; mi++)
                    for (int t = 1; t <= 3; t++) {
                        size_t m = ms[mi];
                        float *x = malloc(m * kd * sizeof *x), *y = malloc(m * n * sizeof *y);
                        double *ref = malloc(m * n * sizeof *ref);
                        rng_fill_normal(x, m * kd, 6, m, 0, 1, 1);
                        size_t ws = k->workspace_bytes ? k->workspace_bytes(pw, m, t) : 0;
                        void *wsp = ws ? malloc(ws) : NULL;
                        k->run(pw, x, m, y, t, wsp);
                        independent_product(x, w, m, n, kd, ref);
                        double s2 = 0, maxe = 0;
                        for (size_t i = 0; i < m * n; i++) {
                            s2 += ref[i] * ref[i];
                            if (fabs(y[i] - ref[i]) > maxe) maxe = fabs(y[i] - ref[i]);
                        }
                        double rms = sqrt(s2 / (double)(m * n));
                        if (maxe > k->gate_bound * rms)
                            fail_msg("%s m=%zu n=%zu k=%zu t=%d: error %g x rms", names[a], m, n,
                                     kd, t, maxe / rms);
                        free(x), free(y), free(ref), free(wsp);
                    }
                k->free(pw);
                free(w);
            }
    }
}

static void test_cost_model(void **state) {
    (void)state;
    const kernel *k = kernel_find("f32_naive");
    float w[6] = {0};
    kernel_error err;
    quant_params qp = {0};
    kernel_weights *pw = k->pack(w, 2, 3, &qp, &err);
    kernel_cost c = k->cost(pw, 4);
    assert_float_equal(c.weight_bytes, 24, 0);
    assert_float_equal(c.bytes_moved, 24 + (4 * 3 + 4 * 2) * 4, 0);
    assert_float_equal(c.ops, 2 * 4 * 2 * 3, 0);
    k->free(pw);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_oracle_by_hand),
        cmocka_unit_test(test_oracle_matches_independent_sum),
        cmocka_unit_test(test_fp32_kernels_match_independent_sum),
        cmocka_unit_test(test_cost_model),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
