/*
 * The decode engine (decode/): its configs, its parts against plain formulas, the whole
 * forward pass against an FP64 LLaMA written out here, and each fast kernel's decode against
 * the FP64 reference kernel within bounds derived from the formats' own measured error.
 *
 * Error bounds, from first-order error propagation over the tiny model
 * (configs/models/llama-tiny.ini, L = 2 layers):
 *   FP32 engine vs FP64 oracle   every FP32 reduction of n terms errs by at most n u
 *                                (Higham's gamma_n, u = 2^-24); the logits are bounded by
 *                                the sum over the reductions a token passes:
 *                                R x n_max x u, R = 8 L + 2 reductions, n_max the longest
 *   fast kernel vs ref_f64       e is measured here, per kernel, on this model's own
 *                                matrices: the output nrmse against FP64 products of the
 *                                kernel's own dequantized weights (e_kernel: its arithmetic,
 *                                e.g. INT8 activations) and of the original weights (e_format:
 *                                what the format costs). Each of the P = 7 L + 1 products
 *                                adds its error to what flows on:
 *                                - against an FP64 decode of the kernel's own weights, at most
 *                                  P x e_kernel (the errors summed, worst case)
 *                                - against an FP64 decode of the original weights, sqrt(P) x
 *                                  e_format: quantization errors of different matrices are
 *                                  independent, so they add in quadrature (summed, the bound
 *                                  would exceed 1 for the 3.5- and 4-bit formats and could not
 *                                  fail)
 *   FP16 KV cache vs FP32        every cached value is rounded once (2^-11 relative), and a
 *                                token reads keys and values at every layer: 2 L x 2^-11
 */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "decode/decode_config.h"
#include "decode/engine.h"
#include "decode/memory_plan.h"
#include "decode/ops.h"
#include "decode/timing.h"
#include "base/rng.h"
#include "kernels/registry.h"

#define TINY "llama-tiny"
#define PROMPT 4
#define STEPS 5 /* the prompt's logits, then 4 generated tokens */
#define U32 (FLT_EPSILON / 2) /* unit roundoff of FP32 */

static decode_shape tiny(void) {
    decode_shape s;
    char err[600];
    assert_int_equal(decode_shape_load("configs/models", TINY, &s, err, sizeof err), 0);
    return s;
}

static double nrmse(const float *a, const float *ref, size_t n) {
    double num = 0, den = 0;
    for (size_t i = 0; i < n; i++) {
        num += ((double)a[i] - ref[i]) * ((double)a[i] - ref[i]);
        den += (double)ref[i] * ref[i];
    }
    return sqrt(num / den);
}

/* ---- configs ----------------------------------------------------------------------------- */

static void expect_config_error(const char *text, const char *needle) {
    decode_config *cfg = malloc(sizeof *cfg);
    char err[800] = "";
    assert_int_equal(decode_config_load_text(text, "x.ini", cfg, err, sizeof err), 2);
    if (!strstr(err, needle)) fail_msg("expected '%s' in: %s", needle, err);
    free(cfg);
}

static void test_config(void **state) {
    (void)state;
    decode_config *cfg = malloc(sizeof *cfg);
    char err[800];
    const char *good = "[decode]\nthreads = 1, 2\npp = 4\ntg = 3\nkv_cache = f32\n"
                       "memory_limit_gib = 2\ntoo_big = skip\n"
                       "[models]\nllama-tiny = q35d, mixed\nllama3-8b = all\n"
                       "[formats]\nq35d = q35d_simd\nmixed = q35d_simd, lm_head: f32_blas\n"
                       "half = bf16_blas, fp16_blas\n";
    assert_int_equal(decode_config_load_text(good, "good.ini", cfg, err, sizeof err), 0);
    assert_int_equal(cfg->n_threads, 2);
    assert_int_equal(cfg->pp, 4);
    assert_false(cfg->kv_fp16);
    assert_true(cfg->skip_too_big);
    assert_int_equal(decode_config_context(cfg), 4);
    assert_int_equal(cfg->n_formats, 3);
    assert_ptr_equal(cfg->formats[1].role[MAT_Q].k[0], kernel_find("q35d_simd"));
    assert_ptr_equal(cfg->formats[1].role[MAT_LM_HEAD].k[0], kernel_find("f32_blas"));
    assert_int_equal(cfg->formats[1].role[MAT_LM_HEAD].n, 1);
    assert_int_equal(cfg->formats[2].role[MAT_DOWN].n, 2);
    assert_int_equal(cfg->models[0].n_formats, 2);
    assert_int_equal(cfg->models[1].n_formats, 3);
    free(cfg);
    expect_config_error("[decode]\npp = 0\n", "x.ini:2:");
    expect_config_error("[decode]\n[formats]\nq = nope\n[models]\nllama-tiny = q\n", "unknown kernel 'nope'");
    expect_config_error("[decode]\n[formats]\nq = q35d_simd, lm_hed: f32_blas\n", "unknown matrix role 'lm_hed'");
    expect_config_error("[decode]\n[formats]\nq = q35d_simd\n[models]\nllama-tiny = r\n", "x.ini:5: format 'r'");
    expect_config_error("[decode]\n[formats]\nQ = q35d_simd\n", "format name");
    expect_config_error("[decode]\nkv_cache = f8\n", "x.ini:2:");
    expect_config_error("[decode]\n[formats]\nq = q35d_simd\n", "no model");
    expect_config_error("[formats]\nq = q35d_simd\n[models]\nllama-tiny = q\n", "no [decode] section");
}

static void test_shape_and_memory(void **state) {
    (void)state;
    decode_shape s;
    char err[600];
    assert_int_equal(decode_shape_load("configs/models", "llama3-8b", &s, err, sizeof err), 0);
    assert_int_equal(s.q_dim, 4096);
    assert_int_equal(s.kv_dim, 1024);
    /* the published count less the embedding table and the norm gains */
    assert_true(decode_matrix_weights(&s) == 8030261248.0 - 128256.0 * 4096 - 65.0 * 4096);
    /* llama3-70b-shaped model: refused in bf16 by a small limit, with the numbers */
    const kernel *k[MAT_COUNT];
    for (int r = 0; r < MAT_COUNT; r++) k[r] = kernel_find("bf16_blas");
    decode_memory m;
    assert_int_equal(decode_memory_plan(&s, k, 16, 16, 2, true, 4.0 * 1073741824.0, &m, err, sizeof err), 0);
    assert_false(m.fits);
    assert_true(m.weights > 2 * decode_matrix_weights(&s) && m.weights < 2.01 * decode_matrix_weights(&s));
    char d[400];
    decode_memory_describe(&m, d, sizeof d);
    assert_non_null(strstr(d, "> budget 4 GiB"));
    assert_int_not_equal(decode_shape_load("configs/models", "seed-70e9", &s, err, sizeof err), 0);
    assert_non_null(strstr(err, "no architecture"));
}

/* ---- parts ------------------------------------------------------------------------------- */

static void test_ops(void **state) {
    (void)state;
    float x[37], g[37], out[37], gate[37], up[37], v[37];
    for (int i = 0; i < 37; i++) {
        x[i] = (float)rng_normal(1, 1, (uint64_t)i);
        g[i] = 1.0f + 0.1f * (float)rng_normal(1, 2, (uint64_t)i);
        gate[i] = up[i] = v[i] = x[i];
    }
    double ss = 0;
    for (int i = 0; i < 37; i++) ss += (double)x[i] * x[i];
    op_rmsnorm(out, x, g, 37, 1e-5f);
    for (int i = 0; i < 37; i++) assert_float_equal(out[i], x[i] / sqrt(ss / 37 + 1e-5) * g[i], 1e-5);
    op_swiglu(gate, up, 37);
    for (int i = 0; i < 37; i++) assert_float_equal(gate[i], x[i] / (1 + exp(-x[i])) * x[i], 1e-5);
    op_softmax(v, 37);
    double mx = x[0], sum = 0;
    for (int i = 0; i < 37; i++) mx = x[i] > mx ? x[i] : mx;
    for (int i = 0; i < 37; i++) sum += exp(x[i] - mx);
    for (int i = 0; i < 37; i++) assert_float_equal(v[i], exp(x[i] - mx) / sum, 1e-6);
    size_t best = 0;
    for (size_t i = 1; i < 37; i++) best = x[i] > x[best] ? i : best;
    assert_int_equal(op_argmax(x, 37), best);
}

/* ---- the FP64 oracle: LLaMA written out plainly -------------------------------------------- */

typedef struct oracle {
    decode_shape s;
    double *w[8][MAT_COUNT]; /* layer x role (the LM head in layer 0's slot) */
    double *attn_g[8], *ffn_g[8], *final_g;
    double *kc, *vc; /* [layer][pos][kv_dim] */
} oracle;

static double *to_double(const float *f, size_t n) {
    double *d = malloc(n * sizeof *d);
    for (size_t i = 0; i < n; i++) d[i] = f[i];
    return d;
}

static void oracle_init(oracle *o, const decode_shape *s, uint64_t seed) {
    memset(o, 0, sizeof *o);
    o->s = *s;
    assert_true(s->layers <= 8);
    for (size_t l = 0; l < s->layers; l++)
        for (int r = 0; r < MAT_COUNT; r++) {
            if (r == MAT_LM_HEAD && l) continue;
            size_t n, k;
            decode_matrix_dims(s, (decode_matrix_role)r, &n, &k);
            float *f = malloc(n * k * sizeof *f);
            decode_weights_fill(f, s, seed, (decode_matrix_role)r, l, 1);
            o->w[l][r] = to_double(f, n * k);
            free(f);
        }
    float *g = malloc(s->hidden * sizeof *g);
    for (size_t l = 0; l < s->layers; l++) {
        decode_norm_fill(g, s->hidden, seed, "attn", l);
        o->attn_g[l] = to_double(g, s->hidden);
        decode_norm_fill(g, s->hidden, seed, "ffn", l);
        o->ffn_g[l] = to_double(g, s->hidden);
    }
    decode_norm_fill(g, s->hidden, seed, "final", 0);
    o->final_g = to_double(g, s->hidden);
    free(g);
    o->kc = calloc(s->layers * 64 * s->kv_dim, sizeof(double));
    o->vc = calloc(s->layers * 64 * s->kv_dim, sizeof(double));
}

static void oracle_free(oracle *o) {
    for (size_t l = 0; l < o->s.layers; l++) {
        for (int r = 0; r < MAT_COUNT; r++) free(o->w[l][r]);
        free(o->attn_g[l]);
        free(o->ffn_g[l]);
    }
    free(o->final_g);
    free(o->kc);
    free(o->vc);
}

static void mv(const double *w, const double *x, size_t n, size_t k, double *y) {
    for (size_t i = 0; i < n; i++) {
        double a = 0;
        for (size_t j = 0; j < k; j++) a += w[i * k + j] * x[j];
        y[i] = a;
    }
}

static void rms(const double *x, const double *g, size_t n, double eps, double *y) {
    double ss = 0;
    for (size_t i = 0; i < n; i++) ss += x[i] * x[i];
    for (size_t i = 0; i < n; i++) y[i] = x[i] / sqrt(ss / (double)n + eps) * g[i];
}

static void rope(double *v, size_t heads, size_t hd, size_t pos, double theta) {
    for (size_t h = 0; h < heads; h++)
        for (size_t j = 0; j < hd / 2; j++) {
            double a = (double)pos * pow(theta, -2.0 * (double)j / (double)hd);
            double x0 = v[h * hd + 2 * j], x1 = v[h * hd + 2 * j + 1];
            v[h * hd + 2 * j] = x0 * cos(a) - x1 * sin(a);
            v[h * hd + 2 * j + 1] = x0 * sin(a) + x1 * cos(a);
        }
}

/* One token at position pos; logits (vocab doubles). */
static void oracle_step(oracle *o, int32_t token, size_t pos, uint64_t seed, double *logits) {
    const decode_shape *s = &o->s;
    size_t H = s->hidden, hd = s->head_dim, group = s->heads / s->kv_heads;
    double *x = calloc(H, sizeof *x), *n = calloc(H, sizeof *n), *q = calloc(s->q_dim, sizeof *q),
           *k = calloc(s->kv_dim, sizeof *k), *v = calloc(s->kv_dim, sizeof *v),
           *att = calloc(s->q_dim, sizeof *att), *t = calloc(H, sizeof *t),
           *gt = calloc(s->ffn, sizeof *gt), *up = calloc(s->ffn, sizeof *up),
           *sc = calloc(pos + 1, sizeof *sc);
    float *e = malloc(H * sizeof *e);
    decode_embed_row(e, H, seed, token);
    for (size_t i = 0; i < H; i++) x[i] = e[i];
    for (size_t l = 0; l < s->layers; l++) {
        rms(x, o->attn_g[l], H, s->norm_eps, n);
        mv(o->w[l][MAT_Q], n, s->q_dim, H, q);
        mv(o->w[l][MAT_K], n, s->kv_dim, H, k);
        mv(o->w[l][MAT_V], n, s->kv_dim, H, v);
        rope(q, s->heads, hd, pos, s->rope_theta);
        rope(k, s->kv_heads, hd, pos, s->rope_theta);
        memcpy(o->kc + (l * 64 + pos) * s->kv_dim, k, s->kv_dim * sizeof *k);
        memcpy(o->vc + (l * 64 + pos) * s->kv_dim, v, s->kv_dim * sizeof *v);
        for (size_t h = 0; h < s->heads; h++) {
            size_t g = h / group;
            double mx = -INFINITY, sum = 0;
            for (size_t p = 0; p <= pos; p++) {
                double d = 0;
                for (size_t j = 0; j < hd; j++) d += q[h * hd + j] * o->kc[(l * 64 + p) * s->kv_dim + g * hd + j];
                sc[p] = d / sqrt((double)hd);
                mx = sc[p] > mx ? sc[p] : mx;
            }
            for (size_t p = 0; p <= pos; p++) sum += sc[p] = exp(sc[p] - mx);
            for (size_t j = 0; j < hd; j++) {
                double a = 0;
                for (size_t p = 0; p <= pos; p++) a += sc[p] / sum * o->vc[(l * 64 + p) * s->kv_dim + g * hd + j];
                att[h * hd + j] = a;
            }
        }
        mv(o->w[l][MAT_O], att, H, s->q_dim, t);
        for (size_t i = 0; i < H; i++) x[i] += t[i];
        rms(x, o->ffn_g[l], H, s->norm_eps, n);
        mv(o->w[l][MAT_GATE], n, s->ffn, H, gt);
        mv(o->w[l][MAT_UP], n, s->ffn, H, up);
        for (size_t i = 0; i < s->ffn; i++) gt[i] = gt[i] / (1 + exp(-gt[i])) * up[i];
        mv(o->w[l][MAT_DOWN], gt, H, s->ffn, t);
        for (size_t i = 0; i < H; i++) x[i] += t[i];
    }
    rms(x, o->final_g, H, s->norm_eps, n);
    mv(o->w[0][MAT_LM_HEAD], n, s->vocab, H, logits);
    free(x), free(n), free(q), free(k), free(v), free(att), free(t), free(gt), free(up), free(sc), free(e);
}

/* ---- running the engine --------------------------------------------------------------------- */

typedef struct steps {
    float *logits[STEPS]; /* vocab each */
    int32_t argmax[STEPS];
} steps;

static void all_roles(const kernel *k, const kernel *out[MAT_COUNT]) {
    for (int r = 0; r < MAT_COUNT; r++) out[r] = k;
}

/* The prompt as one batch, then STEPS - 1 tokens one at a time: tokens[i] (teacher forced,
 * from the caller), or the engine's own greedy choice when tokens is NULL. */
static void run_engine(const decode_shape *s, const kernel *k, const kernel *emulate, bool fp16,
                       int threads, const int32_t *tokens, steps *out) {
    decode_weights w;
    const kernel *ks[MAT_COUNT];
    all_roles(k, ks);
    decode_build_options bo = {.seed = 7, .threads = 2, .emulate = emulate};
    char err[600];
    if (decode_weights_build(&w, s, ks, &bo, err, sizeof err)) fail_msg("%s", err);
    decode_engine e;
    if (decode_engine_init(&e, &w, 16, PROMPT, 2, fp16, err, sizeof err)) fail_msg("%s", err);
    e.threads = threads;
    int32_t prompt[PROMPT];
    decode_prompt_tokens(prompt, PROMPT, s->vocab, 7);
    for (int i = 0; i < STEPS; i++) {
        int32_t next = i == 0 ? decode_forward(&e, prompt, PROMPT, 0)
                              : decode_forward(&e, tokens ? &tokens[i - 1] : &out->argmax[i - 1], 1,
                                               PROMPT + (size_t)i - 1);
        out->argmax[i] = next;
        out->logits[i] = malloc(s->vocab * sizeof(float));
        memcpy(out->logits[i], e.logits, s->vocab * sizeof(float));
    }
    decode_engine_free(&e);
    decode_weights_free(&w);
}

static void steps_free(steps *st) {
    for (int i = 0; i < STEPS; i++) free(st->logits[i]);
}

static double worst_nrmse(const steps *a, const steps *ref, size_t vocab) {
    double worst = 0;
    for (int i = 0; i < STEPS; i++) {
        double e = nrmse(a->logits[i], ref->logits[i], vocab);
        worst = e > worst ? e : worst;
    }
    return worst;
}

static void test_engine_matches_fp64_oracle(void **state) {
    (void)state;
    decode_shape s = tiny();
    steps eng;
    run_engine(&s, kernel_find("ref_f64"), NULL, false, 2, NULL, &eng);
    oracle o;
    oracle_init(&o, &s, 7);
    int32_t prompt[PROMPT];
    decode_prompt_tokens(prompt, PROMPT, s.vocab, 7);
    double *lg = malloc(s.vocab * sizeof *lg);
    float *lf = malloc(s.vocab * sizeof *lf);
    size_t n_max = s.ffn > s.vocab ? s.ffn : s.vocab; /* the longest reduction (LM head: hidden) */
    double bound = (8.0 * (double)s.layers + 2.0) * (double)n_max * U32;
    for (size_t p = 0; p < PROMPT; p++) oracle_step(&o, prompt[p], p, 7, lg);
    for (int i = 0; i < STEPS; i++) {
        if (i) oracle_step(&o, eng.argmax[i - 1], PROMPT + (size_t)i - 1, 7, lg);
        for (size_t v = 0; v < s.vocab; v++) lf[v] = (float)lg[v];
        double err = nrmse(eng.logits[i], lf, s.vocab);
        if (!(err <= bound)) fail_msg("step %d: logits differ from the FP64 oracle by %.3g > %.3g", i, err, bound);
        assert_int_equal(eng.argmax[i], (int32_t)op_argmax(lf, s.vocab));
    }
    free(lg);
    free(lf);
    oracle_free(&o);
    steps_free(&eng);
}

/* The prompt as one batch and the same tokens one at a time give the same last logits, at
 * one and at two threads. */
static void test_batch_equals_sequence(void **state) {
    (void)state;
    decode_shape s = tiny();
    decode_weights w;
    const kernel *ks[MAT_COUNT];
    all_roles(kernel_find("ref_f64"), ks);
    decode_build_options bo = {.seed = 3, .threads = 2};
    char err[600];
    assert_int_equal(decode_weights_build(&w, &s, ks, &bo, err, sizeof err), 0);
    decode_engine e;
    assert_int_equal(decode_engine_init(&e, &w, 8, PROMPT, 2, true, err, sizeof err), 0);
    int32_t prompt[PROMPT];
    decode_prompt_tokens(prompt, PROMPT, s.vocab, 3);
    float *batch = malloc(s.vocab * sizeof *batch);
    for (int threads = 1; threads <= 2; threads++) {
        e.threads = threads;
        int32_t a = decode_forward(&e, prompt, PROMPT, 0), b = -1;
        memcpy(batch, e.logits, s.vocab * sizeof *batch);
        for (size_t p = 0; p < PROMPT; p++) b = decode_forward(&e, &prompt[p], 1, p);
        assert_int_equal(a, b);
        assert_memory_equal(batch, e.logits, s.vocab * sizeof *batch);
    }
    free(batch);
    decode_engine_free(&e);
    decode_weights_free(&w);
}

static void test_fp16_cache(void **state) {
    (void)state;
    decode_shape s = tiny();
    steps f32, f16;
    run_engine(&s, kernel_find("ref_f64"), NULL, false, 1, NULL, &f32);
    run_engine(&s, kernel_find("ref_f64"), NULL, true, 1, f32.argmax, &f16);
    double err = worst_nrmse(&f16, &f32, s.vocab), bound = 2.0 * (double)s.layers * ldexp(1.0, -11);
    if (!(err > 0 && err <= bound)) fail_msg("FP16 cache: logits differ by %.3g, bound %.3g", err, bound);
    steps_free(&f32);
    steps_free(&f16);
}

/* ---- fast kernels against the reference -------------------------------------------------------- */

/* The largest output nrmse of kernel k over the model's matrices (layer 0 and the LM head)
 * on N(0, 1) inputs, against FP64 products of the original weights (own = false) or of k's
 * own dequantized weights (own = true). */
static double measured_error(const decode_shape *s, const kernel *k, bool own) {
    const kernel *ref = kernel_find("ref_f64");
    double worst = 0;
    for (int r = 0; r < MAT_COUNT; r++) {
        size_t n, kd, m = 4;
        decode_matrix_dims(s, (decode_matrix_role)r, &n, &kd);
        float *w = malloc(n * kd * sizeof *w), *x = malloc(m * kd * sizeof *x),
              *y = malloc(m * n * sizeof *y), *yr = malloc(m * n * sizeof *yr);
        decode_weights_fill(w, s, 11, (decode_matrix_role)r, 0, 2);
        rng_fill_normal(x, m * kd, 11, rng_stream("test_decode:x"), 0, 1, 1);
        quant_params qp = {0};
        kernel_error err;
        kernel_weights *pw = k->pack(w, n, kd, &qp, &err);
        assert_non_null(pw);
        size_t ws = k->workspace_bytes ? k->workspace_bytes(pw, m, 2) : 0;
        void *wsb = ws ? aligned_alloc(64, (ws + 63) / 64 * 64) : NULL;
        k->run(pw, x, m, y, 2, wsb);
        if (own) k->dequantize(pw, 0, n, w);
        kernel_weights *pr = ref->pack(w, n, kd, &qp, &err);
        void *wr = aligned_alloc(64, (ref->workspace_bytes(pr, m, 1) + 63) / 64 * 64);
        ref->run(pr, x, m, yr, 1, wr);
        double e = nrmse(y, yr, m * n);
        worst = e > worst ? e : worst;
        ref->free(pr);
        k->free(pw);
        free(wr), free(wsb), free(w), free(x), free(y), free(yr);
    }
    return worst;
}

/* Steps where ref's top two logits are more than twice the largest difference apart; at
 * each, a's greedy token must be ref's. Returns their count. */
static int greedy_agrees(const steps *a, const steps *ref, size_t vocab) {
    int decided = 0;
    for (int st = 0; st < STEPS; st++) {
        double diff = 0;
        for (size_t v = 0; v < vocab; v++) {
            double d = fabs((double)a->logits[st][v] - ref->logits[st][v]);
            diff = d > diff ? d : diff;
        }
        float top = ref->logits[st][ref->argmax[st]], second = -INFINITY;
        for (size_t v = 0; v < vocab; v++)
            if ((int32_t)v != ref->argmax[st] && ref->logits[st][v] > second) second = ref->logits[st][v];
        if (top - second > 2 * diff) {
            decided++;
            assert_int_equal(a->argmax[st], ref->argmax[st]);
        }
    }
    return decided;
}

static void test_fast_kernels_against_reference(void **state) {
    (void)state;
    decode_shape s = tiny();
    const char *names[] = {"q35d_simd", "int4_simd", "bf16_blas", "fp16_blas", "f32_blas", "q35_simd"};
    steps ref;
    run_engine(&s, kernel_find("ref_f64"), NULL, false, 2, NULL, &ref);
    double products = 7.0 * (double)s.layers + 1.0;
    double floor = (double)s.ffn * U32; /* an FP32 reduction's own bound */
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const kernel *k = kernel_find(names[i]);
        char why[200];
        if (!k || !kernel_is_available(k, why, sizeof why)) continue;
        double e_format = measured_error(&s, k, false), e_kernel = measured_error(&s, k, true);
        /* the format: FP64 decode of the original weights, teacher forced on its tokens */
        steps fast, emu;
        run_engine(&s, k, NULL, false, 2, ref.argmax, &fast);
        double err = worst_nrmse(&fast, &ref, s.vocab), bound = sqrt(products) * (e_format > floor ? e_format : floor);
        print_message("# %-10s e_format %.3g e_kernel %.3g: logits vs FP64 decode %.3g (bound %.3g)\n",
                      names[i], e_format, e_kernel, err, bound);
        if (!(err <= bound)) fail_msg("%s: logits differ from the FP64 decode by %.3g > %.3g", names[i], err, bound);
        /* the kernel: FP64 decode of its own dequantized weights */
        run_engine(&s, kernel_find("ref_f64"), k, false, 2, ref.argmax, &emu);
        double err_k = worst_nrmse(&fast, &emu, s.vocab), bound_k = products * (e_kernel > floor ? e_kernel : floor);
        print_message("# %-10s logits vs FP64 decode of its own weights %.3g (bound %.3g)\n", names[i], err_k, bound_k);
        if (!(err_k <= bound_k)) fail_msg("%s: logits differ from the FP64 decode of its own weights by %.3g > %.3g", names[i], err_k, bound_k);
        /* greedy tokens agree wherever a reference's top two logits are further apart than
         * twice the largest logit difference; some steps must be so decided */
        int decided = greedy_agrees(&fast, &ref, s.vocab) + greedy_agrees(&fast, &emu, s.vocab);
        print_message("# %-10s greedy token decided by the gap at %d of %d steps\n", names[i], decided, 2 * STEPS);
        assert_true(decided > 0);
        steps_free(&fast);
        steps_free(&emu);
    }
    steps_free(&ref);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_config),
        cmocka_unit_test(test_shape_and_memory),
        cmocka_unit_test(test_ops),
        cmocka_unit_test(test_engine_matches_fp64_oracle),
        cmocka_unit_test(test_batch_equals_sequence),
        cmocka_unit_test(test_fp16_cache),
        cmocka_unit_test(test_fast_kernels_against_reference),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
