/*
 * fp16_blas and bf16_blas: outputs within the correctness gate of ref_f64 on the kernel's
 * own dequantized weights, for M in {1, 2, 3, 7, 8, 64, 65}, K in {1, ..., 1000}, N in
 * {1, 17} (and 4096 for small M and K), and the same bits on every conversion path (forced
 * with Q35_DISABLE_CPU_FEATURES before packing) and at 1 to 4 threads.
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
#include "kernels/cpu_features.h"
#include "kernels/half_blas.h"
#include "kernels/registry.h"

/* Feature masks that select each conversion path, best first; "" = nothing disabled. */
typedef struct path {
    const char *disable;
    const char *codec; /* expected codec name */
    uint64_t needs;
} path;

#define AVX2_SET (CPU_FEATURE_AVX | CPU_FEATURE_AVX2 | CPU_FEATURE_FMA | CPU_FEATURE_F16C)
#define AVX512_SET                                                                           \
    (AVX2_SET | CPU_FEATURE_AVX512F | CPU_FEATURE_AVX512BW | CPU_FEATURE_AVX512VL |          \
     CPU_FEATURE_AVX512DQ)

static const path FP16_PATHS[] = {
    {"", "avx512", AVX512_SET},
    {"avx512f", "avx2", AVX2_SET},
    {"avx512f,avx2", "c", 0},
};
static const path BF16_PATHS[] = {
    {"", "avx512bf16", AVX512_SET | CPU_FEATURE_AVX512BF16},
    {"avx512bf16", "avx512", AVX512_SET},
    {"avx512f", "avx2", AVX2_SET},
    {"avx512f,avx2", "c", 0},
};

static void set_disabled(const char *list) {
    if (*list) setenv("Q35_DISABLE_CPU_FEATURES", list, 1);
    else unsetenv("Q35_DISABLE_CPU_FEATURES");
}

static const kernel *kern(half_kind kind) {
    const kernel *k = kernel_find(kind == HALF_FP16 ? "fp16_blas" : "bf16_blas");
    assert_non_null(k);
    return k;
}

static float *random_matrix(size_t rows, size_t cols, const char *name) {
    size_t count = rows * cols;
    float *a = malloc((count ? count : 1) * sizeof *a);
    assert_non_null(a);
    rng_fill_normal(a, count, 42, rng_stream(name), 0.0f, 1.0f, 1);
    return a;
}

static void run_kernel(const kernel *K, const kernel_weights *pw, const float *x, size_t m,
                       size_t n, int threads, float *y) {
    size_t ws_bytes = K->workspace_bytes(pw, m, threads);
    void *ws = aligned_alloc(64, (ws_bytes + 63) / 64 * 64 + 64);
    assert_non_null(ws);
    for (size_t i = 0; i < m * n; i++) y[i] = NAN;
    K->run(pw, x, m, y, threads, ws);
    free(ws);
}

/* Gate on the best path at one thread; every other path and thread count: same bits. */
static void check_case(half_kind kind, size_t m, size_t n, size_t k) {
    const kernel *K = kern(kind);
    const path *paths = kind == HALF_FP16 ? FP16_PATHS : BF16_PATHS;
    size_t npaths = kind == HALF_FP16 ? 3 : 4;
    char name[64];
    snprintf(name, sizeof name, "W:%zux%zu", n, k);
    float *w = random_matrix(n, k, name);
    snprintf(name, sizeof name, "X:%zux%zu", m, k);
    float *x = random_matrix(m, k, name);
    float *y0 = malloc(m * n * sizeof *y0), *y = malloc(m * n * sizeof *y);
    assert_non_null(y0), assert_non_null(y);
    quant_params qp = {0};
    kernel_error err = {{0}};
    bool have_y0 = false;
    for (size_t p = 0; p < npaths; p++) {
        if ((cpu_features_detected() & paths[p].needs) != paths[p].needs) continue;
        set_disabled(paths[p].disable);
        kernel_weights *pw = K->pack(w, n, k, &qp, &err);
        assert_non_null(pw);
        assert_non_null(strstr(K->isa_path(), paths[p].codec));
        for (int t = 1; t <= 4; t++) {
            run_kernel(K, pw, x, m, n, t, y);
            if (!have_y0) {
                memcpy(y0, y, m * n * sizeof *y);
                have_y0 = true;
                gate_inputs gi = {.k = K, .pw = pw, .w = w, .x = x, .y = y, .m = m, .n = n,
                                  .kdim = k, .bound = K->gate_bound, .max_macs = UINT64_MAX / 4,
                                  .seed = 1, .threads = 1};
                gate_result gr;
                assert_int_equal(gate_check(&gi, &gr), 0);
                if (!gr.passed) print_error("M=%zu N=%zu K=%zu: %s\n", m, n, k, gr.reason);
                assert_true(gr.passed);
                /* the weights the kernel multiplies are W rounded to the format */
                float *row = malloc(k * sizeof *row);
                assert_non_null(row);
                K->dequantize(pw, n - 1, 1, row);
                for (size_t kk = 0; kk < k; kk++) {
                    const float *src = w + (n - 1) * k + kk;
                    float want_v = kind == HALF_FP16 ? fp16_round(*src)
                                                     : bf16_to_fp32(fp32_to_bf16(*src));
                    assert_float_equal(row[kk], want_v, 0.0f);
                }
                free(row);
            } else if (memcmp(y, y0, m * n * sizeof *y) != 0) {
                print_error("M=%zu N=%zu K=%zu path '%s' threads %d: output bits differ\n", m,
                            n, k, paths[p].disable, t);
                fail();
            }
        }
        char desc[512], want[64];
        K->describe(pw, desc, sizeof desc);
        snprintf(want, sizeof want, "codec=%s ", paths[p].codec);
        if (!strstr(desc, want)) print_error("path '%s': %s\n", paths[p].disable, desc);
        assert_non_null(strstr(desc, want));
        assert_non_null(strstr(desc, "omp_threads=4 "));
        K->free(pw);
    }
    set_disabled("");
    free(w), free(x), free(y0), free(y);
}

static const size_t MS[] = {1, 2, 3, 7, 8, 64, 65};
static const size_t KS[] = {1, 2, 3, 7, 16, 63, 64, 65, 1000};

static void grid(half_kind kind) {
    for (size_t mi = 0; mi < sizeof MS / sizeof MS[0]; mi++)
        for (size_t ki = 0; ki < sizeof KS / sizeof KS[0]; ki++) {
            check_case(kind, MS[mi], 1, KS[ki]);
            check_case(kind, MS[mi], 17, KS[ki]);
        }
    const size_t small_m[] = {1, 2, 3}, small_k[] = {1, 7, 16, 65};
    for (size_t mi = 0; mi < 3; mi++)
        for (size_t ki = 0; ki < 4; ki++) check_case(kind, small_m[mi], 4096, small_k[ki]);
    /* more than one K-panel (kc = 8192) and a partial last panel */
    check_case(kind, 1, 5, 2 * 8192 + 5);
    check_case(kind, 3, 5, 2 * 8192 + 5);
}

static void test_fp16_grid(void **state) {
    (void)state;
    grid(HALF_FP16);
}

static void test_bf16_grid(void **state) {
    (void)state;
    grid(HALF_BF16);
}

static void test_blocking(void **state) {
    (void)state;
    size_t rb, kc;
    /* the matrix-vector panel is at most 128 KiB of FP32 */
    half_blas_blocking(28672, 8192, 1, &rb, &kc);
    assert_int_equal(kc, 8192);
    assert_true(rb >= 1 && rb * kc * sizeof(float) <= 128 * 1024);
    half_blas_blocking(3, 100000, 1, &rb, &kc);
    assert_int_equal(kc, 8192);
    assert_int_equal(rb, 3);
    half_blas_blocking(5, 1, 64, &rb, &kc);
    assert_int_equal(kc, 1);
    assert_int_equal(rb, 5);
}

static void test_cost_and_sbgemm_report(void **state) {
    (void)state;
    float *w = random_matrix(17, 65, "cost");
    quant_params qp = {0};
    kernel_error err = {{0}};
    for (int kind = 0; kind < 2; kind++) {
        const kernel *K = kern((half_kind)kind);
        kernel_weights *pw = K->pack(w, 17, 65, &qp, &err);
        assert_non_null(pw);
        kernel_cost c = K->cost(pw, 3);
        assert_float_equal(c.weight_bytes, (double)((17 * 65 * 2 + 63) / 64 * 64), 0);
        assert_float_equal(c.ops, 2.0 * 3 * 17 * 65, 0);
        bool sb = kind == HALF_BF16 && half_blas_sbgemm_exported() &&
                  (cpu_features() & CPU_FEATURE_AVX512BF16);
        assert_int_equal(strstr(K->isa_path(), "+sbgemm") != NULL, sb);
        assert_int_equal(strstr(K->isa_path(), "+sgemm") != NULL, !sb);
        K->free(pw);
    }
    print_message("# cblas_sbgemm %s by the loaded OpenBLAS\n",
                  half_blas_sbgemm_exported() ? "exported" : "not exported");
    free(w);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_blocking),
        cmocka_unit_test(test_cost_and_sbgemm_report),
        cmocka_unit_test(test_fp16_grid),
        cmocka_unit_test(test_bf16_grid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
