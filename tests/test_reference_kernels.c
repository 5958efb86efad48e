/* The FP32 reference kernels against the oracle over a grid of shapes and thread counts,
 * and the oracle itself against a hand-computed product. */
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

static void test_fp32_kernels_match_oracle(void **state) {
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
                        ref_f64_gemm(x, w, m, n, kd, ref, 1);
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
        cmocka_unit_test(test_fp32_kernels_match_oracle),
        cmocka_unit_test(test_cost_model),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
