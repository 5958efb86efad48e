#include "q35_rows.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/half.h"
#include "formats/q35.h"
#include "weights_alloc.h"

static const qparams_defaults q35_rows_defaults = {
    .bits_even = Q35_BITS_FIRST, .bits_odd = Q35_BITS_SECOND,
    .group = 0,         /* the seeds: one scale and zero per output channel */
    .split = false,     /* ... shared by both codes of every pair */
    .symmetric = false, /* ... asymmetric (min/max) */
    .fp16 = false,      /* ... FP32 */
    .group_multiple = 2,
};

static size_t round64(size_t b) { return (b + 63) / 64 * 64; }

kernel_weights *q35_rows_pack(const char *kernel, const float *w, size_t n, size_t k,
                              const quant_params *qp, kernel_error *err) {
    q35_rows *r = calloc(1, sizeof *r);
    if (!r) goto oom;
    if (qparams_resolve(kernel, qp, &q35_rows_defaults, k, &r->qp, err)) {
        free(r);
        return NULL;
    }
    r->n = n;
    r->k = k;
    r->row_bytes = (k + 1) / 2;
    size_t per_row = r->qp.groups * r->qp.parts;
    bool asym = !r->qp.scheme.symmetric, fp16 = r->qp.scheme.fp16_params;
    r->code_alloc = round64(n * r->row_bytes);
    size_t one = round64(n * per_row * (fp16 ? 2 : 4));
    r->param_alloc = asym ? 2 * one : one;
    r->codes = weights_alloc(r->code_alloc ? r->code_alloc : 64);
    void *params = aligned_alloc(64, r->param_alloc ? r->param_alloc : 64);
    if (!r->codes || !params) {
        free(params);
        q35_rows_free((kernel_weights *)(void *)r);
        goto oom;
    }
    memset(r->codes, 0, r->code_alloc);
    memset(params, 0, r->param_alloc);
    if (fp16) {
        r->scale16 = params;
        r->zero16 = asym ? (uint16_t *)((char *)params + one) : NULL;
    } else {
        r->scale32 = params;
        r->zero32 = asym ? (float *)(void *)((char *)params + one) : NULL;
    }

    int failed = 0;
#pragma omp parallel
    {
        int8_t *codes = malloc(k ? k : 1);
        float *sc = malloc(per_row * sizeof *sc), *ze = malloc(per_row * sizeof *ze);
        if (!codes || !sc || !ze) {
#pragma omp atomic write
            failed = 1;
        } else {
#pragma omp for schedule(static)
            for (int64_t j = 0; j < (int64_t)n; j++) {
                quant_row(&r->qp.scheme, w + (size_t)j * k, k, codes, sc, asym ? ze : NULL,
                          NULL);
                q35_pack_row(codes, k, r->codes + (size_t)j * r->row_bytes);
                for (size_t p = 0; p < per_row; p++) {
                    size_t at = (size_t)j * per_row + p;
                    if (fp16) {
                        r->scale16[at] = fp32_to_fp16(sc[p]);
                        if (asym) r->zero16[at] = fp32_to_fp16(ze[p]);
                    } else {
                        r->scale32[at] = sc[p];
                        if (asym) r->zero32[at] = ze[p];
                    }
                }
            }
        }
        free(codes), free(sc), free(ze);
    }
    if (failed) {
        q35_rows_free((kernel_weights *)(void *)r);
        goto oom;
    }
    return (kernel_weights *)(void *)r;
oom:
    snprintf(err->msg, sizeof err->msg, "%s: out of memory for %zu x %zu weights", kernel, n,
             k);
    return NULL;
}

static float param_at(const float *p32, const uint16_t *p16, size_t at) {
    if (p32) return p32[at];
    if (p16) return fp16_to_fp32(p16[at]);
    return 0.0f;
}

size_t q35_rows_workspace(const kernel_weights *pw, size_t m, int threads) {
    (void)threads;
    const q35_rows *r = q35_rows_of(pw);
    size_t gp = r->qp.groups * r->qp.parts;
    return round64(m * r->k) + round64(m * sizeof(float)) + round64(m * gp * sizeof(float));
}

static q35_rows_act act_layout(const q35_rows *r, size_t m, void *ws) {
    char *p = ws;
    q35_rows_act a = {.m = m};
    a.xq = (int8_t *)p;
    p += round64(m * r->k);
    a.sx = (float *)(void *)p;
    p += round64(m * sizeof(float));
    a.xsum = (float *)(void *)p;
    return a;
}

/* Activation codes, scales and per-(group, part) code sums (exact in FP32: |sum| < 2^24
 * as long as k < 132,104; larger k round the sum, which only the zero-point term sees). */
static void prepare(const q35_rows *r, const float *x, size_t m, q35_rows_act *a) {
    const quant_scheme *s = &r->qp.scheme;
    size_t gp = r->qp.groups * r->qp.parts;
    for (size_t i = 0; i < m; i++) {
        int8_t *q = a->xq + i * r->k;
        a->sx[i] = quant_int8_row(x + i * r->k, r->k, q);
        float *xs = a->xsum + i * gp;
        for (size_t p = 0; p < gp; p++) xs[p] = 0.0f;
        int64_t sum[2] = {0, 0};
        size_t group = s->group ? s->group : r->k;
        for (size_t g = 0, k0 = 0; k0 < r->k; g++, k0 += group) {
            size_t k1 = k0 + group < r->k ? k0 + group : r->k;
            sum[0] = sum[1] = 0;
            for (size_t kk = k0; kk < k1; kk++) sum[kk & 1] += q[kk];
            if (r->qp.parts == 2) {
                xs[g * 2] = (float)sum[0];
                xs[g * 2 + 1] = (float)sum[1];
            } else {
                xs[g] = (float)(sum[0] + sum[1]);
            }
        }
    }
}

void q35_rows_compute(const kernel_weights *pw, const float *x, size_t m, float *y,
                      int32_t *acc_out, int threads, void *workspace, q35_rows_dot_fn dot) {
    const q35_rows *r = q35_rows_of(pw);
    q35_rows_act a = act_layout(r, m, workspace);
    prepare(r, x, m, &a);
    size_t n = r->n, k = r->k, G = r->qp.groups, P = r->qp.parts;
    size_t group = r->qp.scheme.group ? r->qp.scheme.group : k;
    bool seed = r->qp.dequant == QUANT_DEQUANT_SEED;
#pragma omp parallel for num_threads(threads) schedule(static)
    for (int64_t jj = 0; jj < (int64_t)n; jj++) {
        size_t j = (size_t)jj;
        const uint8_t *wrow = r->codes + j * r->row_bytes;
        for (size_t i = 0; i < m; i++) {
            const int8_t *xq = a.xq + i * k;
            const float *xs = a.xsum + i * G * P;
            float yacc = 0.0f;
            for (size_t g = 0, k0 = 0; k0 < k; g++, k0 += group) {
                size_t k1 = k0 + group < k ? k0 + group : k;
                int32_t acc[2] = {0, 0};
                dot(wrow, xq, k0, k1, acc);
                if (P == 1) acc[0] += acc[1];
                for (size_t p = 0; p < P; p++) {
                    size_t at = j * G * P + g * P + p;
                    if (acc_out) {
                        acc_out[(i * n + j) * G * P + g * P + p] = acc[p];
                        continue;
                    }
                    float sw = param_at(r->scale32, r->scale16, at);
                    float zw = param_at(r->zero32, r->zero16, at);
                    if (seed) yacc += sw * ((float)acc[p] + zw);
                    else yacc += sw * (float)acc[p] + zw * xs[g * P + p];
                }
            }
            if (!acc_out) y[i * n + j] = a.sx[i] * yacc;
        }
    }
}

void q35_rows_dequantize(const kernel_weights *pw, size_t row0, size_t rows, float *w_out) {
    const q35_rows *r = q35_rows_of(pw);
    size_t k = r->k, per_row = r->qp.groups * r->qp.parts;
    for (size_t j = row0; j < row0 + rows; j++) {
        const uint8_t *b = r->codes + j * r->row_bytes;
        float *out = w_out + (j - row0) * k;
        for (size_t kk = 0; kk < k; kk++) {
            int c = (kk & 1) ? q35_second(b[kk / 2]) : q35_first(b[kk / 2]);
            size_t at = j * per_row + quant_param_index(&r->qp.scheme, kk);
            out[kk] = (float)c * param_at(r->scale32, r->scale16, at) +
                      param_at(r->zero32, r->zero16, at);
        }
    }
}

void q35_rows_dequantize_activations(const kernel_weights *pw, const float *x, size_t m,
                                     float *x_out) {
    const q35_rows *r = q35_rows_of(pw);
    int8_t *q = malloc(r->k ? r->k : 1);
    for (size_t i = 0; i < m; i++) {
        const float *xr = x + i * r->k;
        float *o = x_out + i * r->k;
        if (!q) { /* cannot happen for sane k; keep the contract's shape anyway */
            memcpy(o, xr, r->k * sizeof *o);
            continue;
        }
        float s = quant_int8_row(xr, r->k, q);
        for (size_t kk = 0; kk < r->k; kk++) o[kk] = (float)q[kk] * s;
    }
    free(q);
}

void q35_rows_free(kernel_weights *pw) {
    q35_rows *r = (q35_rows *)(void *)pw;
    if (!r) return;
    free(r->codes);
    free(r->scale32 ? (void *)r->scale32 : (void *)r->scale16);
    free(r);
}

kernel_cost q35_rows_cost(const kernel_weights *pw, size_t m) {
    const q35_rows *r = q35_rows_of(pw);
    return kernel_cost_streamed((double)(r->code_alloc + r->param_alloc), m, r->n, r->k);
}

void q35_rows_describe(const kernel_weights *pw, char *buf, size_t len) {
    qparams_describe(&q35_rows_of(pw)->qp, buf, len);
}

int q35_rows_accumulate(const kernel_weights *pw, const float *x, size_t m, int threads,
                        int32_t *acc_out, q35_rows_dot_fn dot) {
    size_t bytes = q35_rows_workspace(pw, m, threads);
    void *ws = aligned_alloc(64, round64(bytes ? bytes : 64));
    if (!ws) return -1;
    q35_rows_compute(pw, x, m, NULL, acc_out, threads, ws, dot);
    free(ws);
    return 0;
}
