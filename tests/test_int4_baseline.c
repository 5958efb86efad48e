/*
 * int4_baseline: INT32 accumulators bit for bit against an independent scalar reference
 * (formats/quant.h codes, 64-bit sums), outputs within the correctness gate of ref_f64 on
 * the kernel's own dequantized weights and activations, the same bits at 1 to 4 threads,
 * the packed layout (nibble order, odd K), the cost model, and the INT32 overflow proof.
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

#include "formats/quant.h"
#include "harness/gate.h"
#include "base/rng.h"
#include "kernels/int4_baseline.h"
#include "kernels/int4_format.h"
#include "kernels/registry.h"

static const kernel *kern(void) {
    const kernel *k = kernel_find("int4_baseline");
    assert_non_null(k);
    return k;
}

static float *random_matrix(size_t rows, size_t cols, const char *name) {
    size_t count = rows * cols;
    float *a = malloc((count ? count : 1) * sizeof *a);
    assert_non_null(a);
    rng_fill_normal(a, rows * cols, 42, rng_stream(name), 0.0f, 1.0f, 1);
    return a;
}

/* ---- INT32 overflow: the proof behind max_k ---------------------------------------- */

static void test_int32_worst_case(void **state) {
    (void)state;
    /* Largest K with K * 128 * 8 <= INT32_MAX, found by search rather than by formula. */
    int64_t lo = 1, hi = (int64_t)1 << 40;
    while (lo < hi) { /* largest K whose worst-case sum fits */
        int64_t mid = lo + (hi - lo + 1) / 2;
        if (mid * 128 * 8 <= INT32_MAX) lo = mid;
        else hi = mid - 1;
    }
    size_t largest = (size_t)lo;
    print_message("# largest K safe for INT32 with |x_q| = 128, |w_q| = 8: %zu\n", largest);
    assert_true(largest >= 8192);
    assert_int_equal(largest, INT4_MAX_SAFE_K);
    assert_int_equal(kern()->max_k, largest);

    /* The kernel's dot product on worst-case codes: every product +1024, at K = 8192 and
     * at the largest safe K the INT32 sum is exact (no wrap-around; UBSan would flag
     * signed overflow in the sanitizer build). */
    size_t ks[] = {8192, largest};
    for (int t = 0; t < 2; t++) {
        size_t k = ks[t];
        int8_t *w = malloc(k), *x = malloc(k);
        assert_non_null(w), assert_non_null(x);
        memset(w, -8, k);
        memset(x, -128, k);
        int32_t acc = int4_baseline_dot(w, x, k);
        assert_true((int64_t)acc == (int64_t)k * 1024);
        /* the most negative sum: x = -128 against w = 7 is -896 per term */
        memset(w, 7, k);
        acc = int4_baseline_dot(w, x, k);
        assert_true((int64_t)acc == -(int64_t)k * 896);
        free(w), free(x);
    }
    /* one more weight could overflow */
    assert_true((int64_t)(largest + 1) * 1024 > INT32_MAX);
}

/* ---- packed layout ------------------------------------------------------------------ */

static void test_nibble_order_and_odd_k(void **state) {
    (void)state;
    /* K = 5, symmetric per channel, amax 7 -> scale 1: codes are the values */
    const float w[] = {1, -2, 3, -8 + 1, 7};
    quant_params qp = {.group_size = QUANT_GROUP_PER_CHANNEL, .symmetry = QUANT_SYMMETRIC};
    kernel_error err = {{0}};
    kernel_weights *pw = kern()->pack(w, 1, 5, &qp, &err);
    assert_non_null(pw);
    const int4_weights *iw = int4_weights_of(pw);
    assert_int_equal(iw->row_bytes, 3);
    /* low nibble = even k, high nibble = odd k; the odd trailing weight's high nibble is 0 */
    assert_int_equal(iw->codes[0], (uint8_t)((unsigned)(-2 & 15) << 4 | 1));
    assert_int_equal(iw->codes[1], (uint8_t)((unsigned)(-7 & 15) << 4 | 3));
    assert_int_equal(iw->codes[2], 0x07);
    int8_t codes[5];
    int4_baseline_unpack_row(pw, 0, codes);
    for (int i = 0; i < 5; i++) assert_int_equal(codes[i], (int)w[i]);
    float back[5];
    kern()->dequantize(pw, 0, 1, back);
    for (int i = 0; i < 5; i++) assert_float_equal(back[i], w[i], 0.0f);
    kern()->free(pw);
}

static void test_bad_group_is_refused(void **state) {
    (void)state;
    const float w[8] = {0};
    kernel_error err = {{0}};
    quant_params qp = {.group_size = 3};
    assert_null(kern()->pack(w, 1, 8, &qp, &err));
    assert_non_null(strstr(err.msg, "even"));
}

/* ---- accumulators, gate, threads ---------------------------------------------------- */

typedef struct param_set {
    int group_size;
    quant_symmetry sym;
    quant_scale_type st;
} param_set;

static const param_set PARAMS[] = {
    {QUANT_GROUP_DEFAULT, QUANT_SYMMETRY_DEFAULT, QUANT_SCALE_TYPE_DEFAULT},
    {QUANT_GROUP_DEFAULT, QUANT_ASYMMETRIC, QUANT_SCALE_FP32},
    {QUANT_GROUP_PER_CHANNEL, QUANT_SYMMETRIC, QUANT_SCALE_FP16},
    {QUANT_GROUP_PER_CHANNEL, QUANT_ASYMMETRIC, QUANT_SCALE_FP32},
    {2, QUANT_ASYMMETRIC, QUANT_SCALE_FP16},
    {16, QUANT_SYMMETRIC, QUANT_SCALE_FP32},
    {64, QUANT_ASYMMETRIC, QUANT_SCALE_FP32},
};
#define N_PARAMS (sizeof PARAMS / sizeof PARAMS[0])

/* Independent reference: quant_row codes for W, 64-bit sums, the dequantization formula. */
static void check_case(size_t m, size_t n, size_t k, const param_set *ps) {
    const kernel *K = kern();
    char name[64];
    snprintf(name, sizeof name, "W:%zux%zu", n, k);
    float *w = random_matrix(n, k, name);
    snprintf(name, sizeof name, "X:%zux%zu", m, k);
    float *x = random_matrix(m, k, name);
    quant_params qp = {.group_size = ps->group_size, .symmetry = ps->sym, .scale_type = ps->st};
    kernel_error err = {{0}};
    kernel_weights *pw = K->pack(w, n, k, &qp, &err);
    assert_non_null(pw);
    const int4_weights *iw = int4_weights_of(pw);
    size_t groups = iw->groups;
    size_t want_group = ps->group_size == QUANT_GROUP_DEFAULT ? 128
                        : ps->group_size == QUANT_GROUP_PER_CHANNEL ? k
                                                                    : (size_t)ps->group_size;
    assert_int_equal(iw->group, want_group < k ? want_group : k);
    assert_int_equal(iw->symmetric, ps->sym != QUANT_ASYMMETRIC);
    assert_int_equal(iw->fp16_scales, ps->st != QUANT_SCALE_FP32); /* default FP16 */

    /* X's codes as the kernel makes them */
    int8_t *xq = malloc(m * k);
    float *sx = malloc(m * sizeof *sx);
    assert_non_null(xq), assert_non_null(sx);
    for (size_t i = 0; i < m; i++) sx[i] = quant_int8_row(x + i * k, k, xq + i * k);

    int32_t *acc = malloc(m * n * groups * sizeof *acc), *xsum = malloc(m * groups * sizeof *xsum);
    assert_non_null(acc), assert_non_null(xsum);
    int4_baseline_accumulators(pw, xq, m, acc, xsum);

    /* the reference codes: quant_row with the same scheme */
    quant_scheme s = {4, 4, iw->symmetric, false, iw->group, iw->fp16_scales};
    int8_t *wq = malloc(n * k);
    float *sc = malloc(n * groups * sizeof *sc), *ze = malloc(n * groups * sizeof *ze);
    assert_non_null(wq), assert_non_null(sc), assert_non_null(ze);
    for (size_t j = 0; j < n; j++)
        quant_row(&s, w + j * k, k, wq + j * k, sc + j * groups, ze + j * groups, NULL);
    float *y_ref = malloc(m * n * sizeof *y_ref);
    assert_non_null(y_ref);
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++) {
            float total = 0.0f;
            for (size_t g = 0; g < groups; g++) {
                int64_t a = 0, xs = 0;
                for (size_t kk = g * iw->group; kk < k && kk < (g + 1) * iw->group; kk++) {
                    a += (int64_t)xq[i * k + kk] * wq[j * k + kk];
                    xs += xq[i * k + kk];
                }
                assert_true(acc[(i * n + j) * groups + g] == a);
                assert_true(xsum[i * groups + g] == xs);
                float z = iw->symmetric ? 0.0f : ze[j * groups + g];
                total += sc[j * groups + g] * (float)a + z * (float)xs;
            }
            y_ref[i * n + j] = sx[i] * total;
        }

    /* run at 1..4 threads: the gate, the formula, and the same bits every time */
    float *y = malloc(m * n * sizeof *y);
    size_t ws_bytes = K->workspace_bytes(pw, m, 4);
    void *ws = aligned_alloc(64, (ws_bytes + 63) / 64 * 64);
    assert_non_null(y), assert_non_null(ws);
    for (int t = 1; t <= 4; t++) {
        for (size_t i = 0; i < m * n; i++) y[i] = NAN;
        K->run(pw, x, m, y, t, ws);
        if (memcmp(y, y_ref, m * n * sizeof *y) != 0) {
            print_error("M=%zu N=%zu K=%zu group=%d threads=%d: output differs from the "
                        "formula on the reference accumulators\n",
                        m, n, k, ps->group_size, t);
            fail();
        }
        if (t == 1) {
            gate_inputs gi = {.k = K, .pw = pw, .w = w, .x = x, .y = y, .m = m, .n = n,
                              .kdim = k, .bound = K->gate_bound, .max_macs = UINT64_MAX / 4,
                              .seed = 1, .threads = 1};
            gate_result gr;
            assert_int_equal(gate_check(&gi, &gr), 0);
            if (!gr.passed)
                print_error("M=%zu N=%zu K=%zu group=%d: %s\n", m, n, k, ps->group_size,
                            gr.reason);
            assert_true(gr.passed);
            assert_int_equal(gr.channels_checked, n);
        }
    }
    free(ws), free(y), free(y_ref), free(wq), free(sc), free(ze), free(acc), free(xsum);
    free(xq), free(sx), free(w), free(x);
    K->free(pw);
}

static const size_t MS[] = {1, 2, 3, 7, 8, 64, 65};
static const size_t KS[] = {1, 2, 3, 7, 16, 63, 64, 65, 1000};

static void test_accumulators_and_gate(void **state) {
    (void)state;
    size_t cases = 0;
    for (size_t mi = 0; mi < sizeof MS / sizeof MS[0]; mi++)
        for (size_t ki = 0; ki < sizeof KS / sizeof KS[0]; ki++)
            for (size_t p = 0; p < N_PARAMS; p++) {
                check_case(MS[mi], 1, KS[ki], &PARAMS[p]);
                check_case(MS[mi], 17, KS[ki], &PARAMS[p]);
                cases += 2;
            }
    print_message("# %zu cases (M x K x N in {1, 17} x %zu parameter sets), threads 1-4\n",
                  cases, N_PARAMS);
}

static void test_many_channels(void **state) {
    (void)state;
    const size_t ms[] = {1, 2, 3}, ks[] = {1, 2, 3, 7, 16, 64};
    for (size_t mi = 0; mi < 3; mi++)
        for (size_t ki = 0; ki < 6; ki++)
            for (size_t p = 0; p < N_PARAMS; p += 3) check_case(ms[mi], 4096, ks[ki], &PARAMS[p]);
}

static void test_long_k(void **state) {
    (void)state;
    check_case(2, 5, 8192, &PARAMS[0]);
    check_case(1, 3, 8193, &PARAMS[3]);
}

/* ---- cost model and description ----------------------------------------------------- */

static size_t r64(size_t b) { return (b + 63) / 64 * 64; }

static void test_cost_is_allocated_bytes(void **state) {
    (void)state;
    const kernel *K = kern();
    float *w = random_matrix(17, 1000, "cost");
    kernel_error err = {{0}};
    quant_params sym = {0}, asym16 = {.group_size = 64, .symmetry = QUANT_ASYMMETRIC,
                                      .scale_type = QUANT_SCALE_FP16};
    kernel_weights *a = K->pack(w, 17, 1000, &sym, &err), *b = K->pack(w, 17, 1000, &asym16, &err);
    assert_non_null(a), assert_non_null(b);
    /* codes 17 x 500 bytes; 8 groups of 128 (the last partial) x FP16 scales (the default) */
    assert_float_equal(K->cost(a, 3).weight_bytes, (double)(r64(17 * 500) + r64(17 * 8 * 2)), 0);
    /* 16 groups of 64, FP16 scales and zeros */
    assert_float_equal(K->cost(b, 3).weight_bytes,
                       (double)(r64(17 * 500) + 2 * r64(17 * 16 * 2)), 0);
    kernel_cost c = K->cost(a, 3);
    assert_float_equal(c.ops, 2.0 * 3 * 17 * 1000, 0);
    assert_float_equal(c.bytes_moved, c.weight_bytes + (3.0 * 1000 + 3.0 * 17) * 4, 0);
    char buf[256];
    K->describe(a, buf, sizeof buf);
    assert_non_null(strstr(buf, "symmetric"));
    assert_non_null(strstr(buf, "group=128"));
    assert_non_null(strstr(buf, "scales=fp16"));
    K->describe(b, buf, sizeof buf);
    assert_non_null(strstr(buf, "asymmetric"));
    assert_non_null(strstr(buf, "group=64"));
    assert_non_null(strstr(buf, "scales=fp16"));
    K->free(a), K->free(b);
    free(w);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_int32_worst_case),
        cmocka_unit_test(test_nibble_order_and_odd_k),
        cmocka_unit_test(test_bad_group_is_refused),
        cmocka_unit_test(test_accumulators_and_gate),
        cmocka_unit_test(test_many_channels),
        cmocka_unit_test(test_long_k),
        cmocka_unit_test(test_cost_is_allocated_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
