/*
 * The integer kernels q35_baseline, q35_lut, q35_simd, q35d_simd and int4_simd:
 *  - their INT32 accumulators (sum of qx * qw per row, channel, scale group and part) equal
 *    a plain reference built from quant_row and quant_int8_row, bit for bit, for M in
 *    {1, 2, 3, 7, 8, 64, 65}, K in {1, 2, 3, 7, 16, 63, 64, 65, 1000, 8192}, N in
 *    {1, 17, 4096} (4096 only with small M and K), 1 to 4 threads, on every instruction-set
 *    path this CPU has (the fallbacks forced with Q35_DISABLE_CPU_FEATURES before packing);
 *  - their outputs pass the correctness gate against ref_f64 of the dequantized inputs;
 *  - dequantize() returns exactly dequant_row() of the quantizer's codes;
 *  - options are honoured and reported, bad options refused, and dequant=seed is wrong.
 * No timings here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "formats/quant.h"
#include "harness/gate.h"
#include "base/rng.h"
#include "kernels/q35_rows.h"
#include "kernels/qk.h"
#include "kernels/registry.h"

typedef int (*accumulate_fn)(const kernel_weights *, const float *, size_t, int, int32_t *);

typedef struct kcase {
    const char *kernel;
    accumulate_fn accumulate;
    bool tiled;               /* qk engine: has ISA paths */
    const int *groups;        /* group sizes to rotate through (0 = default, -1 = channel) */
    size_t n_groups;
} kcase;

static const int rows_groups[] = {0, 2, 64, 1000};
static const int q35_groups[] = {0, 8, 64, 16};
static const int q35d_groups[] = {0, 64, -1, 128};
static const int int4_groups[] = {0, 8, -1, 128};

static const kcase kcases[] = {
    {"q35_baseline", q35_baseline_accumulate, false, rows_groups, 4},
    {"q35_lut", q35_lut_accumulate, false, rows_groups, 4},
    {"q35_simd", qk_accumulate, true, q35_groups, 4},
    {"q35d_simd", qk_accumulate, true, q35d_groups, 4},
    {"int4_simd", qk_accumulate, true, int4_groups, 4},
};

/* ISA paths, best first: the feature list that forces each one. */
static const struct {
    const char *name, *disable;
} paths[] = {{"avx512_vnni", ""}, {"avx2", "avx512vnni"}, {"scalar", "avx512f,avx2"}};

static const quant_scheme *scheme_of(const kcase *kc, const kernel_weights *pw) {
    return kc->tiled ? &qk_of(pw)->qp.scheme : &q35_rows_of(pw)->qp.scheme;
}

/* Uniform in (-2, 2): cheap to draw, and quantization does not care about the shape. */
static void fill_uniform(float *out, size_t count, uint64_t seed, const char *stream) {
    uint64_t s = rng_stream(stream);
    for (size_t i = 0; i < count; i++) out[i] = (float)(rng_uniform(seed, s, i) * 4.0 - 2.0);
}

static void fill_inputs(float *w, size_t n, size_t k, float *x, size_t m, uint64_t seed) {
    fill_uniform(w, n * k, seed, "test-W");
    fill_uniform(x, m * k, seed, "test-X");
    if (n > 1)
        for (size_t kk = 0; kk < k; kk++) w[kk] = 0.25f; /* constant row: scale 0 */
    if (m > 1)
        for (size_t kk = 0; kk < k; kk++) x[kk] = 0.0f; /* all-zero row: s_x = 0 */
    if (m > 2) { /* amax 127 makes 127/amax = 1: every x.5 is a rounding tie */
        float *r = x + 2 * k;
        for (size_t kk = 0; kk < k; kk++) r[kk] = (float)((int)(kk % 9) - 4) + 0.5f;
        r[0] = 127.0f;
    }
}

/* Reference sums: acc[((i*N + n)*G + g)*P + p] = sum over the positions of (g, p). */
static void reference(const quant_scheme *s, const float *w, size_t n, size_t k, const float *x,
                      size_t m, int32_t *acc) {
    size_t GP = quant_groups(s, k) * quant_parts(s);
    int8_t *qw = malloc(n * k + 1), *qx = malloc(m * k + 1);
    float *sc = malloc((GP + 1) * sizeof *sc), *ze = malloc((GP + 1) * sizeof *ze);
    assert_non_null(qw), assert_non_null(qx), assert_non_null(sc), assert_non_null(ze);
    for (size_t j = 0; j < n; j++) quant_row(s, w + j * k, k, qw + j * k, sc, ze, NULL);
    for (size_t i = 0; i < m; i++) quant_int8_row(x + i * k, k, qx + i * k);
    size_t *at = malloc((k + 1) * sizeof *at);
    assert_non_null(at);
    for (size_t kk = 0; kk < k; kk++) at[kk] = quant_param_index(s, kk);
    memset(acc, 0, m * n * GP * sizeof *acc);
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++) {
            int32_t *a = acc + (i * n + j) * GP;
            for (size_t kk = 0; kk < k; kk++)
                a[at[kk]] += (int32_t)qx[i * k + kk] * qw[j * k + kk];
        }
    free(qw), free(qx), free(sc), free(ze), free(at);
}

static quant_params params_for(const kcase *kc, size_t idx) {
    quant_params qp = {0};
    int g = kc->groups[idx % kc->n_groups];
    qp.group_size = g == -1 ? QUANT_GROUP_PER_CHANNEL : g;
    switch ((idx / kc->n_groups) % 4) { /* scales, symmetry and scale type in rotation */
    case 1: qp.scales = QUANT_SCALES_SPLIT; qp.scale_type = QUANT_SCALE_FP16; break;
    case 2: qp.scales = QUANT_SCALES_SHARED; qp.symmetry = QUANT_SYMMETRIC; break;
    case 3: qp.symmetry = QUANT_ASYMMETRIC; qp.scale_type = QUANT_SCALE_FP32; break;
    default: break;
    }
    return qp;
}

/* Runs the kernel and checks its output against ref_f64 through the correctness gate. */
static void gate_case(const kernel *kern, const kernel_weights *pw, const float *w,
                      const float *x, size_t m, size_t n, size_t k, int threads,
                      const char *path) {
    size_t ws_bytes = kern->workspace_bytes ? kern->workspace_bytes(pw, m, threads) : 0;
    void *ws = ws_bytes ? aligned_alloc(64, (ws_bytes + 63) / 64 * 64) : NULL;
    float *y = malloc(m * n * sizeof *y);
    assert_non_null(y);
    kern->run(pw, x, m, y, threads, ws);
    gate_inputs gi = {.k = kern, .pw = pw, .w = w, .x = x, .y = y, .m = m, .n = n, .kdim = k,
                      .bound = kern->gate_bound, .max_macs = 1u << 22, .seed = 7,
                      .threads = 1};
    gate_result gr;
    assert_int_equal(gate_check(&gi, &gr), 0);
    if (!gr.passed)
        fail_msg("%s [%s] M=%zu K=%zu N=%zu threads=%d: %s", kern->name, path, m, k, n, threads,
                 gr.reason);
    free(y), free(ws);
}

/* One case: accumulators bit for bit, output within the gate, dequantize exact. */
static void check_case(const kcase *kc, const char *path, size_t m, size_t k, size_t n,
                       int threads, size_t idx) {
    const kernel *kern = kernel_find(kc->kernel);
    assert_non_null(kern);
    float *w = malloc(n * k * sizeof *w), *x = malloc(m * k * sizeof *x);
    assert_non_null(w), assert_non_null(x);
    fill_inputs(w, n, k, x, m, 1000 + idx);
    quant_params qp = params_for(kc, idx);
    kernel_error err = {{0}};
    kernel_weights *pw = kern->pack(w, n, k, &qp, &err);
    if (!pw) fail_msg("%s pack M=%zu K=%zu N=%zu: %s", kc->kernel, m, k, n, err.msg);
    if (kc->tiled) assert_string_equal(qk_weights_isa(pw), path);
    const quant_scheme *s = scheme_of(kc, pw);
    size_t GP = quant_groups(s, k) * quant_parts(s);

    int32_t *got = malloc(m * n * GP * sizeof *got), *want = malloc(m * n * GP * sizeof *want);
    assert_non_null(got), assert_non_null(want);
    reference(s, w, n, k, x, m, want);
    assert_int_equal(kc->accumulate(pw, x, m, threads, got), 0);
    for (size_t i = 0; i < m * n * GP; i++)
        if (got[i] != want[i]) {
            size_t row = i / (n * GP), ch = (i / GP) % n, gp = i % GP;
            fail_msg("%s [%s] M=%zu K=%zu N=%zu threads=%d: acc[row %zu][ch %zu][gp %zu] = %d, "
                     "reference %d",
                     kc->kernel, path, m, k, n, threads, row, ch, gp, got[i], want[i]);
        }

    /* dequantize() is the quantizer's own dequant_row, exactly (sampled rows) */
    float *dq = malloc(k * sizeof *dq), *ref = malloc(k * sizeof *ref);
    int8_t *codes = malloc(k);
    float *sc = malloc(GP * sizeof *sc), *ze = malloc(GP * sizeof *ze);
    assert_non_null(dq), assert_non_null(ref), assert_non_null(codes), assert_non_null(sc),
        assert_non_null(ze);
    size_t sample[3] = {0, n / 2, n - 1};
    for (size_t r = 0; r < 3; r++) {
        size_t j = sample[r];
        kern->dequantize(pw, j, 1, dq);
        quant_row(s, w + j * k, k, codes, sc, s->symmetric ? NULL : ze, NULL);
        dequant_row(s, codes, sc, s->symmetric ? NULL : ze, k, ref);
        for (size_t kk = 0; kk < k; kk++)
            if (dq[kk] != ref[kk])
                fail_msg("%s dequantize row %zu k %zu: %g, quantizer %g", kc->kernel, j, kk,
                         (double)dq[kk], (double)ref[kk]);
    }

    /* the float output through the correctness gate (the larger cases one in three, to keep
     * the sanitizer run short) */
    if (m * n * k <= (1u << 20) || idx % 3 == 0) gate_case(kern, pw, w, x, m, n, k, threads, path);

    free(dq), free(ref), free(codes), free(sc), free(ze);
    free(got), free(want);
    kern->free(pw);
    free(w), free(x);
}

static const size_t Ms[] = {1, 2, 3, 7, 8, 64, 65};
static const size_t Ks[] = {1, 2, 3, 7, 16, 63, 64, 65, 1000, 8192};

static void run_grid(const kcase *kc, const char *path) {
    size_t idx = 0;
    /* N = 17 (one full tile and one of a single channel): every M and K */
    for (size_t a = 0; a < sizeof Ms / sizeof *Ms; a++)
        for (size_t b = 0; b < sizeof Ks / sizeof *Ks; b++, idx++)
            check_case(kc, path, Ms[a], Ks[b], 17, 1 + (int)(idx % 4), idx);
    /* N = 1: every K, a few M */
    static const size_t m1[] = {1, 8, 65};
    for (size_t a = 0; a < 3; a++)
        for (size_t b = 0; b < sizeof Ks / sizeof *Ks; b++, idx++)
            check_case(kc, path, m1[a], Ks[b], 1, 1 + (int)(idx % 4), idx);
    /* N = 4096 (many tiles: the split between threads) with small M and K */
    for (int t = 1; t <= 4; t++, idx++) check_case(kc, path, 1, 64, 4096, t, idx);
    static const struct { size_t m, k; int t; } big[] = {{2, 63, 2}, {3, 7, 3}, {8, 16, 4}, {1, 1, 1}};
    for (size_t a = 0; a < sizeof big / sizeof *big; a++, idx++)
        check_case(kc, path, big[a].m, big[a].k, 4096, big[a].t, idx);
}

/* state: index into kcases (rows kernels) or kcases * 3 + path (tiled kernels) */
static void test_grid(void **state) {
    size_t id = (size_t)(uintptr_t)*state;
    const kcase *kc = &kcases[id / 3];
    size_t p = id % 3;
    if (!kc->tiled) {
        check_case(kc, "c", 1, 1, 1, 1, 0); /* smoke first, then the grid */
        run_grid(kc, "c");
        return;
    }
    setenv("Q35_DISABLE_CPU_FEATURES", paths[p].disable, 1);
    if (strcmp(qk_isa_name(), paths[p].name) != 0) {
        unsetenv("Q35_DISABLE_CPU_FEATURES");
        skip(); /* this CPU lacks the path */
    }
    const kernel *kern = kernel_find(kc->kernel);
    assert_string_equal(kern->isa_path(), paths[p].name);
    run_grid(kc, paths[p].name);
    unsetenv("Q35_DISABLE_CPU_FEATURES");
}

static void test_describe_defaults(void **state) {
    (void)state;
    static const struct { const char *kernel, *text; } want[] = {
        {"q35_baseline", "group=channel scales=shared fp32 asymmetric dequant=correct"},
        {"q35_lut", "group=channel scales=shared fp32 asymmetric dequant=correct"},
        {"q35_simd", "group=channel scales=shared fp32 asymmetric dequant=correct"},
        {"q35d_simd", "group=128 scales=split fp16 asymmetric dequant=correct"},
        {"int4_simd", "group=128 scales=shared fp16 symmetric dequant=correct"},
    };
    float w[64 * 256];
    rng_fill_normal(w, 64 * 256, 1, 1, 0.0f, 1.0f, 1);
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        const kernel *kern = kernel_find(want[i].kernel);
        quant_params qp = {0};
        kernel_error err = {{0}};
        kernel_weights *pw = kern->pack(w, 64, 256, &qp, &err);
        assert_non_null(pw);
        char buf[256];
        kern->describe(pw, buf, sizeof buf);
        assert_string_equal(buf, want[i].text);
        kern->free(pw);
    }
}

/* Bytes as allocated: q35d codes are exactly 3.5 bits per weight when N and K fill tiles. */
static void test_cost(void **state) {
    (void)state;
    size_t n = 64, k = 512;
    float *w = malloc(n * k * sizeof *w);
    assert_non_null(w);
    rng_fill_normal(w, n * k, 2, 2, 0.0f, 1.0f, 1);
    quant_params qp = {0};
    kernel_error err = {{0}};
    const kernel *kern = kernel_find("q35d_simd");
    kernel_weights *pw = kern->pack(w, n, k, &qp, &err);
    assert_non_null(pw);
    kernel_cost c = kern->cost(pw, 8);
    /* 3.5 bits of codes + per 128 weights 2 parts x (scale, zero) x FP16 = 0.5 bits */
    assert_float_equal(c.weight_bytes, n * k * 3.5 / 8 + n * (k / 128) * 2 * 2 * 2, 0);
    assert_float_equal(c.ops, 2.0 * 8 * n * k, 0);
    assert_float_equal(c.bytes_moved, c.weight_bytes + (8.0 * k + 8.0 * n) * 4, 0);
    kern->free(pw);
    kern = kernel_find("q35_baseline");
    pw = kern->pack(w, n, k, &qp, &err);
    assert_non_null(pw);
    c = kern->cost(pw, 1);
    assert_float_equal(c.weight_bytes, n * k / 2 + n * 2 * 4, 0); /* 4 bits + FP32 s, z */
    kern->free(pw);
    free(w);
}

static void test_bad_params(void **state) {
    (void)state;
    float w[16 * 64] = {0};
    kernel_error err = {{0}};
    quant_params qp = {.group_size = 96};
    assert_null(kernel_find("q35d_simd")->pack(w, 16, 64, &qp, &err));
    assert_non_null(strstr(err.msg, "multiple of 64"));
    qp.group_size = 12;
    assert_null(kernel_find("q35_simd")->pack(w, 16, 64, &qp, &err));
    assert_non_null(strstr(err.msg, "multiple of 8"));
    qp.group_size = 3; /* odd: a pair would straddle two groups */
    assert_null(kernel_find("q35_baseline")->pack(w, 16, 64, &qp, &err));
    assert_non_null(strstr(err.msg, "q35_baseline"));
}

/* The seeds' (acc + offset) * scale is not the product: the gate must fail it. */
static void test_seed_dequant_fails(void **state) {
    (void)state;
    size_t n = 32, k = 256, m = 2;
    float *w = malloc(n * k * sizeof *w), *x = malloc(m * k * sizeof *x), *y = malloc(m * n * 4);
    assert_non_null(w), assert_non_null(x), assert_non_null(y);
    rng_fill_normal(w, n * k, 3, 3, 0.0f, 1.0f, 1);
    rng_fill_normal(x, m * k, 3, 4, 0.0f, 1.0f, 1);
    const char *names[] = {"q35_baseline", "q35_lut", "q35_simd", "q35d_simd"};
    for (size_t i = 0; i < 4; i++) {
        const kernel *kern = kernel_find(names[i]);
        quant_params qp = {.dequant = QUANT_DEQUANT_SEED};
        kernel_error err = {{0}};
        kernel_weights *pw = kern->pack(w, n, k, &qp, &err);
        assert_non_null(pw);
        char buf[256];
        kern->describe(pw, buf, sizeof buf);
        assert_non_null(strstr(buf, "dequant=seed"));
        size_t ws_bytes = kern->workspace_bytes(pw, m, 1);
        void *ws = aligned_alloc(64, (ws_bytes + 63) / 64 * 64);
        kern->run(pw, x, m, y, 1, ws);
        gate_inputs gi = {.k = kern, .pw = pw, .w = w, .x = x, .y = y, .m = m, .n = n,
                          .kdim = k, .bound = kern->gate_bound, .max_macs = 1u << 22,
                          .seed = 7, .threads = 1};
        gate_result gr;
        assert_int_equal(gate_check(&gi, &gr), 0);
        assert_false(gr.passed);
        free(ws);
        kern->free(pw);
    }
    free(w), free(x), free(y);
}

#define GRID(name, i) {name, test_grid, NULL, NULL, (void *)(uintptr_t)(i)}

int main(int argc, char **argv) {
    (void)argc;
    /* The grid runs 1 to 4 threads on machines that may have 2 busy cores: OpenMP threads
     * that spin while waiting would eat the time of the ones working. libgomp reads its
     * wait policy once, when it loads, so set it and start again. */
    if (!getenv("OMP_WAIT_POLICY")) {
        setenv("OMP_WAIT_POLICY", "passive", 1);
        execv("/proc/self/exe", argv);
    }
    const struct CMUnitTest tests[] = {
        GRID("grid q35_baseline", 0),
        GRID("grid q35_lut", 3),
        GRID("grid q35_simd avx512_vnni", 6),
        GRID("grid q35_simd avx2", 7),
        GRID("grid q35_simd scalar", 8),
        GRID("grid q35d_simd avx512_vnni", 9),
        GRID("grid q35d_simd avx2", 10),
        GRID("grid q35d_simd scalar", 11),
        GRID("grid int4_simd avx512_vnni", 12),
        GRID("grid int4_simd avx2", 13),
        GRID("grid int4_simd scalar", 14),
        cmocka_unit_test(test_describe_defaults),
        cmocka_unit_test(test_cost),
        cmocka_unit_test(test_bad_params),
        cmocka_unit_test(test_seed_dequant_fails),
    };
    return cmocka_run_group_tests_name("qkernels", tests, NULL, NULL);
}
