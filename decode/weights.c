#include "weights.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/rng.h"

/* Value i of a stream: Irwin-Hall of four 8-bit uniforms (one half of draw i / 2), scaled to
 * variance 1. The sum takes 1021 distinct values over +-3.46: far finer than any format's
 * quantization grid. */
static inline float bell_of(uint32_t bits) {
    float sum = 0.0f;
    for (int j = 0; j < 4; j++) sum += (float)((bits >> (8 * j)) & 0xff);
    /* each uniform is (bits + 0.5) / 256; four of them have mean 2 and variance 1/3 */
    return ((sum + 2.0f) * (1.0f / 256.0f) - 2.0f) * 1.7320508075688772f;
}

static inline float bell(uint64_t seed, uint64_t stream, uint64_t i) {
    return bell_of((uint32_t)(rng_u64(seed, stream, i / 2) >> (32 * (i % 2))));
}

void decode_fill_bell(float *out, size_t count, uint64_t seed, uint64_t stream, float mean,
                      float std, int threads) {
    int64_t pairs = (int64_t)(count / 2);
#pragma omp parallel for num_threads(threads) schedule(static) if (count > 65536)
    for (int64_t p = 0; p < pairs; p++) {
        uint64_t r = rng_u64(seed, stream, (uint64_t)p);
        out[2 * p] = mean + std * bell_of((uint32_t)r);
        out[2 * p + 1] = mean + std * bell_of((uint32_t)(r >> 32));
    }
    if (count % 2) out[count - 1] = mean + std * bell(seed, stream, count - 1);
}

void decode_weights_fill(float *w, const decode_shape *s, uint64_t seed, decode_matrix_role role,
                         size_t layer, int threads) {
    size_t n, k;
    decode_matrix_dims(s, role, &n, &k);
    char name[96];
    snprintf(name, sizeof name, "decode:L%zu:%s", layer, decode_matrix_names[role]);
    decode_fill_bell(w, n * k, seed, rng_stream(name), 0.0f, 1.0f / sqrtf((float)k), threads);
}

void decode_norm_fill(float *g, size_t n, uint64_t seed, const char *which, size_t layer) {
    char name[96];
    snprintf(name, sizeof name, "decode:L%zu:%s_norm", layer, which);
    decode_fill_bell(g, n, seed, rng_stream(name), 1.0f, 0.1f, 1);
}

void decode_embed_row(float *out, size_t hidden, uint64_t seed, int32_t token) {
    uint64_t stream = rng_stream("decode:embed"), base = (uint64_t)token * hidden;
    for (size_t i = 0; i < hidden; i++) out[i] = bell(seed, stream, base + i);
}

static void matrix_free(decode_matrix *m) {
    if (m->pw) m->k->free(m->pw);
    m->pw = NULL;
}

void decode_weights_free(decode_weights *w) {
    if (w->layers)
        for (size_t l = 0; l < w->shape.layers; l++) {
            for (int r = 0; r < MAT_LM_HEAD; r++) matrix_free(&w->layers[l].mat[r]);
            free(w->layers[l].attn_norm);
            free(w->layers[l].ffn_norm);
        }
    free(w->layers);
    matrix_free(&w->lm_head);
    free(w->final_norm);
    memset(w, 0, sizeof *w);
}

/* Generates, optionally round-trips through opt->emulate, and packs one matrix. */
static int pack_one(decode_matrix *m, const kernel *kn, const decode_shape *s,
                    decode_matrix_role role, size_t layer, const decode_build_options *opt,
                    float *scratch, char *err, size_t len) {
    decode_matrix_dims(s, role, &m->n, &m->kdim);
    m->k = kn;
    decode_weights_fill(scratch, s, opt->seed, role, layer, opt->threads);
    quant_params qp = {0}; /* each kernel's own defaults */
    kernel_error kerr = {{0}};
    if (opt->emulate) {
        kernel_weights *pe = opt->emulate->pack(scratch, m->n, m->kdim, &qp, &kerr);
        if (!pe) {
            snprintf(err, len, "%s layer %zu: %s could not pack it: %s", decode_matrix_names[role],
                     layer, opt->emulate->name, kerr.msg);
            return -1;
        }
        opt->emulate->dequantize(pe, 0, m->n, scratch);
        opt->emulate->free(pe);
    }
    m->pw = kn->pack(scratch, m->n, m->kdim, &qp, &kerr);
    if (!m->pw) {
        snprintf(err, len, "%s layer %zu (%zux%zu): %s could not pack it: %s",
                 decode_matrix_names[role], layer, m->n, m->kdim, kn->name, kerr.msg);
        return -1;
    }
    return 0;
}

static float *norm_vector(size_t n, uint64_t seed, const char *which, size_t layer) {
    float *g = malloc(n * sizeof *g);
    if (g) decode_norm_fill(g, n, seed, which, layer);
    return g;
}

int decode_weights_build(decode_weights *w, const decode_shape *s,
                         const kernel *const kernels[MAT_COUNT], const decode_build_options *opt,
                         char *err, size_t len) {
    memset(w, 0, sizeof *w);
    w->shape = *s;
    w->seed = opt->seed;
    size_t largest = 0;
    for (int r = 0; r < MAT_COUNT; r++) {
        size_t n, k;
        decode_matrix_dims(s, (decode_matrix_role)r, &n, &k);
        w->kernel_of[r] = kernels[r];
        if (kernels[r]->max_k && k > kernels[r]->max_k) {
            snprintf(err, len, "%s has K = %zu, above kernel %s's largest safe K (%zu)",
                     decode_matrix_names[r], k, kernels[r]->name, kernels[r]->max_k);
            return -1;
        }
        if (n * k > largest) largest = n * k;
    }
    float *scratch = malloc(largest * sizeof *scratch);
    w->layers = calloc(s->layers, sizeof *w->layers);
    if (!scratch || !w->layers) {
        free(scratch);
        decode_weights_free(w);
        snprintf(err, len, "out of memory for %zu layers and a %.3g GB scratch matrix", s->layers,
                 (double)largest * sizeof *scratch / 1e9);
        return -1;
    }
    int rc = 0;
    size_t total = s->layers * MAT_LM_HEAD + 1, done = 0;
    for (size_t l = 0; !rc && l < s->layers; l++) {
        decode_layer *ly = &w->layers[l];
        for (int r = 0; !rc && r < MAT_LM_HEAD; r++) {
            rc = pack_one(&ly->mat[r], kernels[r], s, (decode_matrix_role)r, l, opt, scratch, err, len);
            if (!rc && opt->progress) opt->progress(opt->progress_ctx, ++done, total);
        }
        ly->attn_norm = norm_vector(s->hidden, opt->seed, "attn", l);
        ly->ffn_norm = norm_vector(s->hidden, opt->seed, "ffn", l);
        if (!rc && (!ly->attn_norm || !ly->ffn_norm)) rc = -1, snprintf(err, len, "out of memory");
    }
    if (!rc) rc = pack_one(&w->lm_head, kernels[MAT_LM_HEAD], s, MAT_LM_HEAD, 0, opt, scratch, err, len);
    if (!rc && opt->progress) opt->progress(opt->progress_ctx, ++done, total);
    w->final_norm = norm_vector(s->hidden, opt->seed, "final", 0);
    if (!rc && !w->final_norm) rc = -1, snprintf(err, len, "out of memory");
    free(scratch);
    if (rc) {
        decode_weights_free(w);
        return -1;
    }
    for (size_t l = 0; l < s->layers; l++)
        for (int r = 0; r < MAT_LM_HEAD; r++) {
            const decode_matrix *m = &w->layers[l].mat[r];
            w->matrix_bytes[r] += m->k->cost(m->pw, 1).weight_bytes;
        }
    w->matrix_bytes[MAT_LM_HEAD] = w->lm_head.k->cost(w->lm_head.pw, 1).weight_bytes;
    w->norm_bytes = (2.0 * (double)s->layers + 1.0) * (double)s->hidden * sizeof(float);
    return 0;
}

double decode_weights_bytes(const decode_weights *w) {
    double b = w->norm_bytes;
    for (int r = 0; r < MAT_COUNT; r++) b += w->matrix_bytes[r];
    return b;
}
