#include "qk.h"

#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu_features.h"
#include "formats/half.h"
#include "qk_isa.h"
#include "weights_alloc.h"

static size_t round64(size_t b) { return (b + 63) / 64 * 64; }

/* ---- path selection ------------------------------------------------------------------ */

/* The AVX-512 file is compiled with F/BW/VL/DQ/VNNI/VBMI (and more), so the compiler may
 * use any of those; the path asks for the ones it uses on purpose and for what the
 * compiler is most likely to add (VBMI byte permutes). */
#define QK_NEED_AVX512                                                                    \
    (CPU_FEATURE_AVX512F | CPU_FEATURE_AVX512BW | CPU_FEATURE_AVX512VL |                    \
     CPU_FEATURE_AVX512DQ | CPU_FEATURE_AVX512VNNI | CPU_FEATURE_AVX512VBMI |               \
     CPU_FEATURE_AVX2 | CPU_FEATURE_FMA | CPU_FEATURE_F16C)
#define QK_NEED_AVX2 (CPU_FEATURE_AVX | CPU_FEATURE_AVX2 | CPU_FEATURE_FMA | CPU_FEATURE_F16C)

static const qk_isa *select_isa(void) {
#if defined(__x86_64__)
    uint64_t f = cpu_features();
    if ((f & QK_NEED_AVX512) == QK_NEED_AVX512) return &qk_isa_avx512;
    if ((f & QK_NEED_AVX2) == QK_NEED_AVX2) return &qk_isa_avx2;
#endif
    return &qk_isa_scalar;
}

const char *qk_isa_name(void) { return select_isa()->name; }

const char *qk_weights_isa(const kernel_weights *pw) { return qk_of(pw)->isa->name; }

/* ---- packing ------------------------------------------------------------------------- */

static float param_get(const qk_weights *w, size_t at) {
    if (w->qp.scheme.fp16_params) return fp16_to_fp32(((const uint16_t *)w->params)[at]);
    return ((const float *)w->params)[at];
}

static void param_set(qk_weights *w, size_t at, float v) {
    if (w->qp.scheme.fp16_params) ((uint16_t *)w->params)[at] = fp32_to_fp16(v);
    else ((float *)w->params)[at] = v;
}

/* Quantizes and lays out tile t. codes: QTILE_CH x steps*ks scratch, u: nv x 64 scratch,
 * sc/ze: G*P scratch each. */
static void pack_tile(qk_weights *w, const float *src, size_t t, int8_t *codes, uint8_t *u,
                      float *sc, float *ze) {
    const qtile_format *f = w->fmt;
    size_t ks = f->ks, nv = qtile_nv(f), kpad = w->steps * ks;
    size_t G = w->qp.groups, P = w->qp.parts;
    bool asym = !w->qp.scheme.symmetric;
    memset(codes, 0, QTILE_CH * kpad);
    for (size_t c = 0; c < QTILE_CH; c++) {
        size_t row = t * QTILE_CH + c;
        if (row >= w->n) break; /* padding channels: code 0, scale 0, zero 0 */
        quant_row(&w->qp.scheme, src + row * w->k, w->k, codes + c * kpad, sc, ze, NULL);
        for (size_t g = 0; g < G; g++)
            for (size_t p = 0; p < P; p++) {
                size_t at = qk_param_index(w, t, g, p) + c;
                param_set(w, at, sc[g * P + p]);
                if (asym) param_set(w, at + QTILE_CH, ze[g * P + p]);
            }
    }
    uint8_t *dst = w->codes + t * w->steps * f->step_bytes;
    for (size_t s = 0; s < w->steps; s++) {
        for (size_t v = 0; v < nv; v++) {
            int off = v < nv / 2 ? f->off_even : f->off_odd;
            for (size_t c = 0; c < QTILE_CH; c++)
                for (size_t j = 0; j < 4; j++)
                    u[v * QTILE_VEC + 4 * c + j] =
                        (uint8_t)(codes[c * kpad + s * ks + qtile_kpos(f, v, j)] + off);
        }
        f->encode(u, dst + s * f->step_bytes);
    }
}

kernel_weights *qk_pack(const char *kernel, const qtile_format *fmt,
                        const qparams_defaults *defaults, const float *src, size_t n, size_t k,
                        const quant_params *qp, kernel_error *err) {
    qk_weights *w = calloc(1, sizeof *w);
    if (!w) goto oom;
    qparams_defaults d = *defaults;
    d.bits_even = fmt->bits_even;
    d.bits_odd = fmt->bits_odd;
    d.group_multiple = fmt->ks;
    if (qparams_resolve(kernel, qp, &d, k, &w->qp, err)) {
        free(w);
        return NULL;
    }
    w->fmt = fmt;
    w->n = n;
    w->k = k;
    w->tiles = (n + QTILE_CH - 1) / QTILE_CH;
    w->steps = (k + fmt->ks - 1) / fmt->ks;
    w->group_steps = w->qp.scheme.group ? w->qp.scheme.group / fmt->ks : w->steps;
    if (w->group_steps == 0) w->group_steps = 1;
    w->param_set = w->qp.scheme.symmetric ? QTILE_CH : 2 * QTILE_CH;
    size_t G = w->qp.groups, P = w->qp.parts;
    w->code_alloc = round64(w->tiles * w->steps * fmt->step_bytes);
    w->param_alloc =
        round64(w->tiles * G * P * w->param_set * (w->qp.scheme.fp16_params ? 2 : 4));
    w->codes = weights_alloc(w->code_alloc);
    w->params = aligned_alloc(64, w->param_alloc ? w->param_alloc : 64);
    if (!w->codes || !w->params) {
        qk_free((kernel_weights *)(void *)w);
        goto oom;
    }
    memset(w->params, 0, w->param_alloc);
    memset(w->codes, 0, w->code_alloc);
    w->isa = select_isa();

    int failed = 0;
    size_t kpad = w->steps * fmt->ks, gp = G * P;
#pragma omp parallel
    {
        int8_t *codes = malloc(QTILE_CH * kpad);
        uint8_t *u = malloc(qtile_nv(fmt) * QTILE_VEC);
        float *sc = malloc(gp * sizeof *sc), *ze = malloc(gp * sizeof *ze);
        if (!codes || !u || !sc || !ze) {
#pragma omp atomic write
            failed = 1;
        } else {
#pragma omp for schedule(dynamic, 4)
            for (int64_t t = 0; t < (int64_t)w->tiles; t++)
                pack_tile(w, src, (size_t)t, codes, u, sc, ze);
        }
        free(codes), free(u), free(sc), free(ze);
    }
    if (failed) {
        qk_free((kernel_weights *)(void *)w);
        goto oom;
    }
    return (kernel_weights *)(void *)w;
oom:
    snprintf(err->msg, sizeof err->msg, "%s: out of memory for %zu x %zu weights", kernel, n,
             k);
    return NULL;
}

void qk_free(kernel_weights *pw) {
    qk_weights *w = (qk_weights *)(void *)pw;
    if (!w) return;
    free(w->codes);
    free(w->params);
    free(w);
}

/* ---- activations --------------------------------------------------------------------- */

static size_t xstride_of(const qk_weights *w) { return round64(w->steps * w->fmt->ks); }

size_t qk_workspace(const kernel_weights *pw, size_t m, int threads) {
    (void)threads;
    const qk_weights *w = qk_of(pw);
    size_t gp = w->qp.groups * w->qp.parts;
    return m * xstride_of(w) + round64(m * sizeof(float)) + 2 * round64(m * gp * 4);
}

static qk_act act_layout(const qk_weights *w, size_t m, void *ws) {
    size_t gp = w->qp.groups * w->qp.parts;
    char *p = ws;
    qk_act a = {.m = m, .xstride = xstride_of(w)};
    a.xq = (int8_t *)p;
    p += m * a.xstride;
    a.sx = (float *)(void *)p;
    p += round64(m * sizeof(float));
    a.xoff = (int32_t *)(void *)p;
    p += round64(m * gp * 4);
    a.xsum = (float *)(void *)p;
    return a;
}

/* Code sums of row i per group and part, from its tile-order codes. */
static void row_sums(const qk_weights *w, qk_act *a, size_t i) {
    const qtile_format *f = w->fmt;
    size_t ks = f->ks, G = w->qp.groups, P = w->qp.parts;
    const int8_t *q = a->xq + i * a->xstride;
    for (size_t g = 0; g < G; g++) {
        size_t s0 = g * w->group_steps, s1 = s0 + w->group_steps;
        if (s1 > w->steps) s1 = w->steps;
        int32_t se = 0, so = 0;
        for (size_t s = s0; s < s1; s++) {
            const int8_t *qs = q + s * ks;
            for (size_t b = 0; b < ks / 2; b++) se += qs[b];
            for (size_t b = ks / 2; b < ks; b++) so += qs[b];
        }
        size_t at = (i * G + g) * P;
        if (P == 2) {
            a->xoff[at] = f->off_even * se;
            a->xoff[at + 1] = f->off_odd * so;
            a->xsum[at] = (float)se;
            a->xsum[at + 1] = (float)so;
        } else {
            a->xoff[at] = f->off_even * se + f->off_odd * so;
            a->xsum[at] = (float)(se + so);
        }
    }
}

static void prepare_row(const qk_weights *w, const float *x, qk_act *a, size_t i) {
    a->sx[i] = w->isa->quantize_row(w, x + i * w->k, a->xq + i * a->xstride, a->xstride);
    row_sums(w, a, i);
}

/* Tiles go to threads in chunks handed out as threads become free (OpenMP dynamic
 * schedule): on a machine shared with other work a thread that loses its core for a while
 * does fewer chunks instead of holding back the whole call. A chunk is a whole number of
 * 4-tile blocks (the M = 1 microkernel's width), about 8 chunks per thread. Every channel is
 * still computed by one thread in one order, so the result does not depend on the schedule. */
static size_t chunk_tiles(size_t tiles, int nt) {
    size_t c = (tiles / (8 * (size_t)nt) + 3) / 4 * 4;
    return c < 4 ? 4 : c > 64 ? 64 : c;
}

static void compute(const qk_weights *w, const float *x, size_t m, float *y, int32_t *acc_out,
                    int threads, void *workspace) {
    qk_act a = act_layout(w, m, workspace);
#pragma omp parallel num_threads(threads)
    {
        int tid = omp_get_thread_num(), nt = omp_get_num_threads();
        for (size_t i = (size_t)tid; i < m; i += (size_t)nt) prepare_row(w, x, &a, i);
#pragma omp barrier
        size_t chunk = chunk_tiles(w->tiles, nt), chunks = (w->tiles + chunk - 1) / chunk;
#pragma omp for schedule(dynamic, 1) nowait
        for (int64_t c = 0; c < (int64_t)chunks; c++) {
            size_t t0 = (size_t)c * chunk, t1 = t0 + chunk < w->tiles ? t0 + chunk : w->tiles;
            w->isa->gemm(w, &a, t0, t1, y, acc_out);
        }
    }
}

void qk_run(const kernel_weights *pw, const float *x, size_t m, float *y, int threads,
            void *workspace) {
    compute(qk_of(pw), x, m, y, NULL, threads, workspace);
}

int qk_accumulate(const kernel_weights *pw, const float *x, size_t m, int threads,
                  int32_t *acc_out) {
    size_t bytes = qk_workspace(pw, m, threads);
    void *ws = aligned_alloc(64, round64(bytes ? bytes : 64));
    if (!ws) return -1;
    compute(qk_of(pw), x, m, NULL, acc_out, threads, ws);
    free(ws);
    return 0;
}

void qk_dequantize_activations(const kernel_weights *pw, const float *x, size_t m,
                               float *x_out) {
    const qk_weights *w = qk_of(pw);
    int8_t *q = malloc(w->k ? w->k : 1);
    for (size_t i = 0; i < m; i++) {
        const float *xr = x + i * w->k;
        float *o = x_out + i * w->k;
        if (!q) {
            memcpy(o, xr, w->k * sizeof *o);
            continue;
        }
        float s = quant_int8_row(xr, w->k, q);
        for (size_t kk = 0; kk < w->k; kk++) o[kk] = (float)q[kk] * s;
    }
    free(q);
}

/* ---- weights back to FP32 ------------------------------------------------------------ */

void qk_dequantize(const kernel_weights *pw, size_t row0, size_t rows, float *w_out) {
    const qk_weights *w = qk_of(pw);
    const qtile_format *f = w->fmt;
    size_t ks = f->ks, nv = qtile_nv(f);
    uint8_t u[16 * QTILE_VEC];
    for (size_t r = row0; r < row0 + rows; r++) {
        size_t t = r / QTILE_CH, c = r % QTILE_CH;
        const uint8_t *tile = w->codes + t * w->steps * f->step_bytes;
        float *out = w_out + (r - row0) * w->k;
        for (size_t s = 0; s < w->steps; s++) {
            f->decode(tile + s * f->step_bytes, u);
            size_t g = s / w->group_steps;
            for (size_t v = 0; v < nv; v++) {
                size_t p = w->qp.parts == 2 ? (v >= nv / 2) : 0;
                int off = v < nv / 2 ? f->off_even : f->off_odd;
                size_t at = qk_param_index(w, t, g, p) + c;
                float sc = param_get(w, at);
                float ze = w->qp.scheme.symmetric ? 0.0f : param_get(w, at + QTILE_CH);
                for (size_t j = 0; j < 4; j++) {
                    size_t kk = s * ks + qtile_kpos(f, v, j);
                    if (kk >= w->k) continue;
                    int code = (int)u[v * QTILE_VEC + 4 * c + j] - off;
                    out[kk] = (float)code * sc + ze;
                }
            }
        }
    }
}

kernel_cost qk_cost(const kernel_weights *pw, size_t m) {
    const qk_weights *w = qk_of(pw);
    return kernel_cost_streamed((double)(w->code_alloc + w->param_alloc), m, w->n, w->k);
}

void qk_describe(const kernel_weights *pw, char *buf, size_t len) {
    qparams_describe(&qk_of(pw)->qp, buf, len);
}

/* ---- the portable path --------------------------------------------------------------- */

static float scalar_quantize_row(const qk_weights *w, const float *x, int8_t *out,
                                 size_t xstride) {
    size_t ks = w->fmt->ks, k = w->k;
    int8_t *tmp = out; /* natural order first, then permuted step by step in place */
    float s = quant_int8_row(x, k, tmp);
    memset(out + k, 0, xstride - k);
    int8_t step[64];
    for (size_t s0 = 0; s0 < w->steps * ks; s0 += ks) {
        memcpy(step, out + s0, ks);
        for (size_t i = 0; i < ks; i++) out[s0 + i] = step[qk_xpos(ks, i)];
    }
    return s;
}

/* Loads the 16 scales and zeros of (tile, g, p) as FP32. */
static void params16(const qk_weights *w, size_t t, size_t g, size_t p, float *sc, float *ze) {
    size_t at = qk_param_index(w, t, g, p);
    for (size_t c = 0; c < QTILE_CH; c++) {
        sc[c] = param_get(w, at + c);
        ze[c] = w->qp.scheme.symmetric ? 0.0f : param_get(w, at + QTILE_CH + c);
    }
}

/* Rows at a time in the portable path: each step is decoded once per block of rows. */
#define QK_SCALAR_MB 8

static void scalar_gemm(const qk_weights *w, const qk_act *a, size_t t0, size_t t1, float *y,
                        int32_t *acc_out) {
    const qtile_format *f = w->fmt;
    size_t ks = f->ks, nv = qtile_nv(f), G = w->qp.groups, P = w->qp.parts;
    bool seed = w->qp.dequant == QUANT_DEQUANT_SEED;
    uint8_t u[16 * QTILE_VEC];
    for (size_t t = t0; t < t1; t++) {
        const uint8_t *tile = w->codes + t * w->steps * f->step_bytes;
        for (size_t i0 = 0; i0 < a->m; i0 += QK_SCALAR_MB) {
            size_t mb = a->m - i0 < QK_SCALAR_MB ? a->m - i0 : QK_SCALAR_MB;
            float yacc[QK_SCALAR_MB][QTILE_CH] = {{0}};
            for (size_t g = 0; g < G; g++) {
                int32_t acc[QK_SCALAR_MB][2][QTILE_CH] = {{{0}}};
                size_t s0 = g * w->group_steps, s1 = s0 + w->group_steps;
                if (s1 > w->steps) s1 = w->steps;
                for (size_t s = s0; s < s1; s++) {
                    f->decode(tile + s * f->step_bytes, u);
                    for (size_t r = 0; r < mb; r++) {
                        const int8_t *xs = a->xq + (i0 + r) * a->xstride + s * ks;
                        for (size_t v = 0; v < nv; v++) {
                            int part = v >= nv / 2;
                            for (size_t c = 0; c < QTILE_CH; c++)
                                for (size_t j = 0; j < 4; j++)
                                    acc[r][part][c] +=
                                        (int32_t)u[v * QTILE_VEC + 4 * c + j] * xs[4 * v + j];
                        }
                    }
                }
                for (size_t p = 0; p < P; p++) {
                    float sc[QTILE_CH], ze[QTILE_CH];
                    params16(w, t, g, p, sc, ze);
                    for (size_t r = 0; r < mb; r++) {
                        size_t i = i0 + r, at = (i * G + g) * P + p;
                        for (size_t c = 0; c < QTILE_CH; c++) {
                            int32_t ts = (P == 1 ? acc[r][0][c] + acc[r][1][c] : acc[r][p][c]) -
                                         a->xoff[at];
                            size_t ch = t * QTILE_CH + c;
                            if (acc_out) {
                                if (ch < w->n) acc_out[((i * w->n + ch) * G + g) * P + p] = ts;
                            } else if (seed) {
                                yacc[r][c] += sc[c] * ((float)ts + ze[c]);
                            } else {
                                yacc[r][c] += sc[c] * (float)ts + ze[c] * a->xsum[at];
                            }
                        }
                    }
                }
            }
            if (acc_out) continue;
            for (size_t r = 0; r < mb; r++)
                for (size_t c = 0; c < QTILE_CH && t * QTILE_CH + c < w->n; c++)
                    y[(i0 + r) * w->n + t * QTILE_CH + c] = a->sx[i0 + r] * yacc[r][c];
        }
    }
}

const qk_isa qk_isa_scalar = {
    .name = "scalar",
    .quantize_row = scalar_quantize_row,
    .gemm = scalar_gemm,
};
