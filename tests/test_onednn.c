/*
 * bf16_onednn and fp16_onednn (kernels/onednn_matmul.h): within the gate on odd shapes (K
 * not a multiple of any block, N and M odd, N past one 64-column block) at 1 and 2 threads;
 * the weights oneDNN multiplies (reordered and back, whole or one row at a time) are exactly
 * W rounded to the half type; the activations are X rounded
 * to it. A variant oneDNN does not implement on this CPU says why and refuses to pack.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "formats/half.h"
#include "harness/gate.h"
#include "base/rng.h"
#include "kernels/registry.h"

static float *normal(size_t count, const char *stream) {
    float *v = malloc((count ? count : 1) * sizeof *v);
    assert_non_null(v);
    rng_fill_normal(v, count, 7, rng_stream(stream), 0.0f, 1.0f, 1);
    return v;
}

static float round_to(const char *fmt, float v) {
    return strcmp(fmt, "bf16") == 0 ? bf16_to_fp32(fp32_to_bf16(v)) : fp16_to_fp32(fp32_to_fp16(v));
}

static void check_kernel(const char *name) {
    const kernel *k = kernel_find(name);
    assert_non_null(k);
    char why[512] = "";
    float one = 1.0f;
    kernel_error err = {{0}};
    quant_params qp = {0};
    if (!kernel_is_available(k, why, sizeof why)) {
        printf("# %s unavailable: %s\n", name, why);
        assert_non_null(strstr(why, "oneDNN"));
        assert_null(k->pack(&one, 1, 1, &qp, &err)); /* refuses, with the same reason */
        assert_non_null(strstr(err.msg, "oneDNN"));
        return;
    }
    const size_t ns[] = {1, 17, 130}, ks[] = {1, 7, 1000}, ms[] = {1, 3, 17};
    for (size_t a = 0; a < 3; a++)
        for (size_t b = 0; b < 3; b++) {
            size_t n = ns[a], kd = ks[b];
            float *w = normal(n * kd, "onednn:W");
            kernel_weights *pw = k->pack(w, n, kd, &qp, &err);
            if (!pw) fail_msg("%s %zux%zu: %s", name, n, kd, err.msg);
            float *wd = malloc(n * kd * sizeof *wd);
            assert_non_null(wd);
            k->dequantize(pw, 0, n, wd);
            for (size_t i = 0; i < n * kd; i++) assert_true(wd[i] == round_to(format_name(k->format), w[i]));
            /* one row at a time, as the gate asks (read from the blocked layout in place) */
            for (size_t j = 0; j < n; j++) {
                k->dequantize(pw, j, 1, wd);
                for (size_t i = 0; i < kd; i++)
                    if (wd[i] != round_to(format_name(k->format), w[j * kd + i]))
                        fail_msg("%s %zux%zu row %zu k %zu: %g, want %g", name, n, kd, j, i,
                                 (double)wd[i], (double)round_to(format_name(k->format), w[j * kd + i]));
            }
            for (size_t c = 0; c < 3; c++) {
                size_t m = ms[c];
                float *x = normal(m * kd, "onednn:X"), *y = malloc(m * n * sizeof *y);
                float *xd = malloc(m * kd * sizeof *xd);
                assert_non_null(y);
                assert_non_null(xd);
                k->dequantize_activations(pw, x, m, xd);
                for (size_t i = 0; i < m * kd; i++) assert_true(xd[i] == round_to(format_name(k->format), x[i]));
                void *ws = aligned_alloc(64, (k->workspace_bytes(pw, m, 2) + 63) / 64 * 64 + 64);
                for (int t = 1; t <= 2; t++) {
                    k->run(pw, x, m, y, t, ws);
                    gate_inputs gi = {.k = k, .pw = pw, .w = w, .x = x, .y = y, .m = m, .n = n,
                                      .kdim = kd, .bound = k->gate_bound, .max_macs = UINT64_MAX,
                                      .seed = 1, .threads = 1};
                    gate_result g;
                    assert_int_equal(gate_check(&gi, &g), 0);
                    if (!g.passed) fail_msg("%s M=%zu N=%zu K=%zu t=%d: %s", name, m, n, kd, t, g.reason);
                }
                free(ws);
                free(x);
                free(y);
                free(xd);
            }
            k->free(pw);
            free(w);
            free(wd);
        }
}

static void test_bf16_onednn(void **state) {
    (void)state;
    check_kernel("bf16_onednn");
}

static void test_fp16_onednn(void **state) {
    (void)state;
    check_kernel("fp16_onednn");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bf16_onednn),
        cmocka_unit_test(test_fp16_onednn),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
