/*
 * The llama.cpp peers (kernels/ggml_engine.h): every ggml_* variant passes the correctness
 * gate on small and odd shapes that ggml supports (K a multiple of its block of 32 or 256,
 * M odd, N odd where the layout allows), at 1 and 2 threads; shapes ggml does not support
 * are refused with the reason; the dequantized weights are ggml's format (not a copy of W);
 * the activations are what ggml multiplies (quantized where the type says so).
 * Without the library (an offline machine) every test says it skipped, with the reason, and
 * passes (cmocka's skip() would count as "not ok" in the TAP summary).
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

#include "harness/gate.h"
#include "base/rng.h"
#include "kernels/ggml_library.h"
#include "kernels/registry.h"

static bool is_peer(const kernel *k) { return strncmp(k->name, "ggml_", 5) == 0; }

static bool library_or_skip(void) {
    const ggml_library *L = ggml_library_get();
    if (!L->ok) {
        printf("# skipped: %s\n", L->why);
        return false;
    }
    return true;
}

static float *normal(size_t count, const char *stream) {
    float *v = malloc((count ? count : 1) * sizeof *v);
    assert_non_null(v);
    rng_fill_normal(v, count, 42, rng_stream(stream), 0.0f, 1.0f, 1);
    return v;
}

/* Packs, runs at each thread count and gates one case; returns the gate's max error. */
static double gate_case(const kernel *k, size_t m, size_t n, size_t kd) {
    float *w = normal(n * kd, "peers:W"), *x = normal(m * kd, "peers:X");
    float *y = malloc(m * n * sizeof *y);
    assert_non_null(y);
    quant_params qp = {0};
    kernel_error err = {{0}};
    kernel_weights *pw = k->pack(w, n, kd, &qp, &err);
    if (!pw) fail_msg("%s %zux%zu: pack failed: %s", k->name, n, kd, err.msg);
    double worst = 0;
    for (int threads = 1; threads <= 2; threads++) {
        for (size_t i = 0; i < m * n; i++) y[i] = NAN;
        k->run(pw, x, m, y, threads, NULL);
        gate_inputs gi = {.k = k, .pw = pw, .w = w, .x = x, .y = y, .m = m, .n = n, .kdim = kd,
                          .bound = k->gate_bound, .max_macs = UINT64_MAX, .seed = 1, .threads = 1};
        gate_result g;
        assert_int_equal(gate_check(&gi, &g), 0);
        if (!g.passed)
            fail_msg("%s M=%zu N=%zu K=%zu threads=%d: %s", k->name, m, n, kd, threads, g.reason);
        if (g.max_error > worst) worst = g.max_error;
    }
    char params[256];
    k->describe(pw, params, sizeof params);
    assert_non_null(strstr(params, "ggml="));
    assert_non_null(strstr(params, "lib="));
    k->free(pw);
    free(w);
    free(x);
    free(y);
    return worst;
}

static size_t block_of(const kernel *k) {
    return k->format == FORMAT_F32 || k->format == FORMAT_BF16 ? 1
           : k->format == FORMAT_Q4_0 || k->format == FORMAT_Q8_0 ? 32 : 256;
}

static void test_every_peer_passes_the_gate(void **state) {
    (void)state;
    if (!library_or_skip()) return; /* a pass that says it skipped */
    size_t tested = 0;
    for (size_t i = 0; i < kernel_count(); i++) {
        const kernel *k = kernel_at(i);
        if (!is_peer(k)) continue;
        char why[1024];
        if (!kernel_is_available(k, why, sizeof why)) {
            printf("# %s skipped: %s\n", k->name, why);
            continue;
        }
        bool repack = strstr(k->name, "repack") != NULL;
        size_t b = block_of(k), kmin = b > 32 ? 256 : 32;
        /* odd N where the layout allows it; N = 8, 16 for the 8-row interleave */
        const size_t ns[] = {repack ? 8 : 1, repack ? 16 : 17};
        const size_t ks[] = {kmin, kmin * 3};
        const size_t ms[] = {1, 3, 17};
        for (size_t a = 0; a < 2; a++)
            for (size_t c = 0; c < 2; c++)
                for (size_t d = 0; d < 3; d++) {
                    double e = gate_case(k, ms[d], ns[a], ks[c]);
                    assert_true(e <= k->gate_bound);
                }
        tested++;
    }
    assert_true(tested >= 10);
}

/* Shapes ggml does not support are refused with a reason, never run. */
static void test_unsupported_shapes_are_refused(void **state) {
    (void)state;
    if (!library_or_skip()) return; /* a pass that says it skipped */
    const struct {
        const char *kernel;
        size_t n, k;
        const char *reason;
    } cases[] = {
        {"ggml_q4_0", 4, 48, "multiple of 32"},
        {"ggml_q4_k", 4, 128, "multiple of 256"},
        {"ggml_iq3_s", 4, 300, "multiple of 256"},
        {"ggml_q4_0_repack", 17, 64, "multiple of 8"},
        {"ggml_q4_k", 0, 256, "N > 0"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const kernel *k = kernel_find(cases[i].kernel);
        assert_non_null(k);
        float *w = normal(cases[i].n * cases[i].k, "peers:W");
        kernel_error err = {{0}};
        quant_params qp = {0};
        assert_null(k->pack(w, cases[i].n, cases[i].k, &qp, &err));
        if (!strstr(err.msg, cases[i].reason))
            fail_msg("%s %zux%zu: '%s' lacks '%s'", cases[i].kernel, cases[i].n, cases[i].k,
                     err.msg, cases[i].reason);
        free(w);
    }
}

/* The gate's references are ggml's: quantized weights (not W itself) at the format's bits,
 * and activations quantized as the CPU backend does (q8_0, q8_K) or rounded (bf16). */
static void test_dequantized_inputs_are_ggmls(void **state) {
    (void)state;
    if (!library_or_skip()) return; /* a pass that says it skipped */
    const struct {
        const char *kernel;
        double w_lo, w_hi; /* NRMSE of the dequantized weights against W */
        bool x_changes;
    } cases[] = {
        {"ggml_f32", 0, 0, false},       {"ggml_bf16", 1e-4, 1e-2, true},
        {"ggml_q8_0", 1e-3, 0.02, true},  {"ggml_q4_0", 0.05, 0.15, true},
        {"ggml_q4_k", 0.04, 0.12, true},  {"ggml_q3_k", 0.10, 0.25, true},
        {"ggml_iq3_s", 0.10, 0.25, true}, {"ggml_iq4_xs", 0.04, 0.12, true},
    };
    size_t n = 16, kd = 512;
    float *w = normal(n * kd, "peers:W"), *x = normal(kd, "peers:X");
    float *wd = malloc(n * kd * sizeof *wd), *xd = malloc(kd * sizeof *xd);
    assert_non_null(wd);
    assert_non_null(xd);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const kernel *k = kernel_find(cases[i].kernel);
        assert_non_null(k);
        kernel_error err = {{0}};
        quant_params qp = {0};
        kernel_weights *pw = k->pack(w, n, kd, &qp, &err);
        assert_non_null(pw);
        k->dequantize(pw, 0, n, wd);
        double se = 0, ss = 0;
        for (size_t j = 0; j < n * kd; j++) {
            se += (double)(wd[j] - w[j]) * (wd[j] - w[j]);
            ss += (double)w[j] * w[j];
        }
        double nrmse = sqrt(se / ss);
        if (nrmse < cases[i].w_lo || nrmse > cases[i].w_hi)
            fail_msg("%s: weight NRMSE %g outside [%g, %g]", k->name, nrmse, cases[i].w_lo,
                     cases[i].w_hi);
        k->dequantize_activations(pw, x, 1, xd);
        bool changed = memcmp(x, xd, kd * sizeof *x) != 0;
        double xe = 0;
        for (size_t j = 0; j < kd; j++) xe = fmax(xe, fabs((double)xd[j] - x[j]));
        assert_int_equal(changed, cases[i].x_changes);
        assert_true(xe < 0.05); /* 8-bit or bf16 rounding of N(0,1) values */
        k->free(pw);
    }
    free(w);
    free(x);
    free(wd);
    free(xd);
}

/* The bits per weight of the cost model are ggml's row sizes. */
static void test_cost_model_uses_ggml_row_sizes(void **state) {
    (void)state;
    if (!library_or_skip()) return; /* a pass that says it skipped */
    const struct {
        const char *kernel;
        double bpw;
    } cases[] = {
        {"ggml_f32", 32},         {"ggml_bf16", 16},   {"ggml_q8_0", 8.5},
        {"ggml_q4_0", 4.5},       {"ggml_q4_k", 4.5},  {"ggml_q4_k_repack", 4.5},
        {"ggml_q3_k", 3.4375},    {"ggml_iq3_s", 3.4375}, {"ggml_iq4_xs", 4.25},
    };
    size_t n = 8, kd = 256;
    float *w = normal(n * kd, "peers:W");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const kernel *k = kernel_find(cases[i].kernel);
        kernel_error err = {{0}};
        quant_params qp = {0};
        kernel_weights *pw = k->pack(w, n, kd, &qp, &err);
        assert_non_null(pw);
        kernel_cost c = k->cost(pw, 3);
        assert_true(fabs(c.weight_bytes * 8.0 / (double)(n * kd) - cases[i].bpw) < 1e-12);
        assert_true(c.ops == 2.0 * 3 * n * kd);
        k->free(pw);
    }
    free(w);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_peer_passes_the_gate),
        cmocka_unit_test(test_unsupported_shapes_are_refused),
        cmocka_unit_test(test_dequantized_inputs_are_ggmls),
        cmocka_unit_test(test_cost_model_uses_ggml_row_sizes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
