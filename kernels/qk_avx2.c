/*
 * The AVX2 path of the qk engine (kernels/qk.h), for x86-64 CPUs without AVX-512 VNNI:
 * the same tile layouts and the same decoding as kernels/qk_avx512.c, 256 bits at a time
 * (a 16-channel vector is two halves: bytes 0..31 hold channels 0..7, 32..63 channels
 * 8..15), and the u8 x s8 dot product as vpmaddubsw + vpmaddwd: with u <= 15 and
 * |qx| <= 127 a pair sums to at most 3810, far from the INT16 saturation at 32767.
 */
#if defined(__x86_64__)

#include <immintrin.h>
#include <math.h>
#include <string.h>

#include "qk_isa.h"

#define QK_INLINE static inline __attribute__((always_inline))

static float avx2_quantize_row(const qk_weights *w, const float *x, int8_t *out,
                               size_t xstride) {
    size_t k = w->k, ks = w->fmt->ks, i = 0;
    const __m256 absmask = _mm256_castsi256_ps(_mm256_set1_epi32(0x7FFFFFFF));
    __m256 vmax = _mm256_setzero_ps();
    for (; i + 8 <= k; i += 8)
        vmax = _mm256_max_ps(_mm256_and_ps(_mm256_loadu_ps(x + i), absmask), vmax);
    float lanes[8];
    _mm256_storeu_ps(lanes, vmax);
    float amax = 0.0f;
    for (int l = 0; l < 8; l++)
        if (lanes[l] > amax) amax = lanes[l];
    for (size_t r = i; r < k; r++)
        if (fabsf(x[r]) > amax) amax = fabsf(x[r]);
    if (amax == 0.0f || !isfinite(amax)) {
        memset(out, 0, xstride);
        return 0.0f;
    }
    float inv = 127.0f / amax;
    const __m256 vinv = _mm256_set1_ps(inv);
    const __m256i lo = _mm256_set1_epi32(-127), hi = _mm256_set1_epi32(127);
    int8_t *nat = out; /* natural order first */
    for (i = 0; i + 8 <= k; i += 8) {
        __m256i q = _mm256_cvtps_epi32(_mm256_mul_ps(_mm256_loadu_ps(x + i), vinv));
        q = _mm256_max_epi32(_mm256_min_epi32(q, hi), lo);
        __m128i h16 = _mm_packs_epi32(_mm256_castsi256_si128(q), _mm256_extracti128_si256(q, 1));
        _mm_storel_epi64((__m128i *)(void *)(nat + i), _mm_packs_epi16(h16, h16));
    }
    for (; i < k; i++) {
        float v = nearbyintf(x[i] * inv);
        nat[i] = (int8_t)(v > 127.0f ? 127 : v < -127.0f ? -127 : v);
    }
    memset(out + k, 0, xstride - k);
    int8_t step[64];
    for (size_t s0 = 0; s0 < w->steps * ks; s0 += ks) {
        memcpy(step, out + s0, ks);
        for (size_t b = 0; b < ks; b++) out[s0 + b] = step[qk_xpos(ks, b)];
    }
    return amax / 127.0f;
}

QK_INLINE __m256i load32(const uint8_t *p) { return _mm256_load_si256((const __m256i *)(const void *)p); }

/* Half h (channels 8h .. 8h+7) of vector v of the step at p. */
QK_INLINE __m256i dec2(const int kind, const uint8_t *p, const int v, const int h) {
    const __m256i m0f = _mm256_set1_epi8(0x0F);
    p += 32 * h;
    if (kind == QTILE_Q35) {
        __m256i b = load32(p);
        if (v == 0)
            return _mm256_xor_si256(_mm256_and_si256(_mm256_srli_epi16(b, 3), m0f), _mm256_set1_epi8(8));
        return _mm256_xor_si256(_mm256_and_si256(b, _mm256_set1_epi8(7)), _mm256_set1_epi8(4));
    }
    if (kind == QTILE_INT4) {
        __m256i b = load32(p);
        return v == 0 ? _mm256_and_si256(b, m0f) : _mm256_and_si256(_mm256_srli_epi16(b, 4), m0f);
    }
    if (v < 8) {
        __m256i e = load32(p + 64 * (v / 2));
        return (v & 1) ? _mm256_and_si256(_mm256_srli_epi16(e, 4), m0f) : _mm256_and_si256(e, m0f);
    }
    const int o = v - 8;
    __m256i lo = load32(p + 256 + 64 * (o / 4));
    __m256i hb = load32(p + 384);
    if (o % 4) lo = _mm256_srli_epi16(lo, 2 * (o % 4));
    if (o < 2) hb = _mm256_slli_epi16(hb, 2 - o);
    else if (o > 2) hb = _mm256_srli_epi16(hb, o - 2);
    return _mm256_or_si256(_mm256_and_si256(lo, _mm256_set1_epi8(3)),
                           _mm256_and_si256(hb, _mm256_set1_epi8(4)));
}

QK_INLINE __m256i dot2(__m256i acc, __m256i wv, __m256i xb) {
    __m256i p = _mm256_maddubs_epi16(wv, xb);
    return _mm256_add_epi32(acc, _mm256_madd_epi16(p, _mm256_set1_epi16(1)));
}

QK_INLINE __m256i bcast4(const int8_t *p) {
    int32_t v;
    memcpy(&v, p, 4);
    return _mm256_set1_epi32(v);
}

QK_INLINE __m256 params8(const void *params, size_t at, bool fp16) {
    if (fp16) return _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(const void *)((const uint16_t *)params + at)));
    return _mm256_loadu_ps((const float *)params + at);
}

/* One tile, rows [i0, i0 + MB) (MB = 1 or 2), as the AVX-512 microkernel. */
QK_INLINE void block2(const int kind, const int MB, const int intout, const qk_weights *w,
                      const qk_act *a, size_t t, size_t i0, float *y, int32_t *acc_out) {
    const int ks = kind == QTILE_Q35D ? 64 : 8, nv = ks / 4, half = nv / 2;
    const size_t sb = kind == QTILE_Q35D ? 448 : 64;
    const size_t G = w->qp.groups, P = w->qp.parts, gs = w->group_steps, steps = w->steps;
    const bool fp16 = w->qp.scheme.fp16_params, asym = !w->qp.scheme.symmetric;
    const bool seed = w->qp.dequant == QUANT_DEQUANT_SEED;
    const uint8_t *tp = w->codes + t * steps * sb;
    __m256 yacc[2][2] = {{_mm256_setzero_ps(), _mm256_setzero_ps()},
                         {_mm256_setzero_ps(), _mm256_setzero_ps()}}; /* [mb][h] */
    for (size_t g = 0; g < G; g++) {
        size_t s0 = g * gs, s1 = s0 + gs < steps ? s0 + gs : steps;
        __m256i acc[2][2][2]; /* [mb][h][part] */
        for (int mb = 0; mb < 2; mb++)
            for (int h = 0; h < 2; h++) acc[mb][h][0] = acc[mb][h][1] = _mm256_setzero_si256();
        for (size_t s = s0; s < s1; s++) {
#pragma GCC unroll 16
            for (int v = 0; v < nv; v++) {
                const int part = v >= half;
                __m256i xb[2];
                for (int mb = 0; mb < MB; mb++)
                    xb[mb] = bcast4(a->xq + (i0 + (size_t)mb) * a->xstride + s * (size_t)ks + 4 * v);
                for (int h = 0; h < 2; h++) {
                    __m256i wv = dec2(kind, tp + s * sb, v, h);
                    for (int mb = 0; mb < MB; mb++) acc[mb][h][part] = dot2(acc[mb][h][part], wv, xb[mb]);
                }
            }
        }
        for (int mb = 0; mb < MB; mb++) {
            size_t row = i0 + (size_t)mb, at = (row * G + g) * P;
            for (size_t p = 0; p < P; p++)
                for (int h = 0; h < 2; h++) {
                    __m256i ti = P == 1 ? _mm256_add_epi32(acc[mb][h][0], acc[mb][h][1]) : acc[mb][h][p];
                    ti = _mm256_sub_epi32(ti, _mm256_set1_epi32(a->xoff[at + p]));
                    if (intout) {
                        int32_t v[8];
                        _mm256_storeu_si256((__m256i *)(void *)v, ti);
                        for (int c = 0; c < 8; c++) {
                            size_t ch = t * QTILE_CH + 8 * (size_t)h + (size_t)c;
                            if (ch < w->n) acc_out[((row * w->n + ch) * G + g) * P + p] = v[c];
                        }
                        continue;
                    }
                    size_t pi = qk_param_index(w, t, g, p) + 8 * (size_t)h;
                    __m256 sc = params8(w->params, pi, fp16);
                    __m256 f = _mm256_cvtepi32_ps(ti);
                    if (seed) {
                        if (asym) f = _mm256_add_ps(f, params8(w->params, pi + QTILE_CH, fp16));
                        yacc[mb][h] = _mm256_fmadd_ps(sc, f, yacc[mb][h]);
                    } else {
                        yacc[mb][h] = _mm256_fmadd_ps(sc, f, yacc[mb][h]);
                        if (asym)
                            yacc[mb][h] = _mm256_fmadd_ps(params8(w->params, pi + QTILE_CH, fp16),
                                                          _mm256_set1_ps(a->xsum[at + p]), yacc[mb][h]);
                    }
                }
        }
    }
    if (intout) return;
    for (int mb = 0; mb < MB; mb++) {
        size_t row = i0 + (size_t)mb;
        float out[QTILE_CH];
        for (int h = 0; h < 2; h++)
            _mm256_storeu_ps(out + 8 * h, _mm256_mul_ps(_mm256_set1_ps(a->sx[row]), yacc[mb][h]));
        for (size_t c = 0; c < QTILE_CH && t * QTILE_CH + c < w->n; c++)
            y[row * w->n + t * QTILE_CH + c] = out[c];
    }
}

#define QK_AVX2_GEMM(name, kind)                                                              \
    static void name##_f1(const qk_weights *w, const qk_act *a, size_t t, size_t i, float *y, \
                          int32_t *o) { block2(kind, 1, 0, w, a, t, i, y, o); }              \
    static void name##_f2(const qk_weights *w, const qk_act *a, size_t t, size_t i, float *y, \
                          int32_t *o) { block2(kind, 2, 0, w, a, t, i, y, o); }              \
    static void name##_i1(const qk_weights *w, const qk_act *a, size_t t, size_t i, float *y, \
                          int32_t *o) { block2(kind, 1, 1, w, a, t, i, y, o); }              \
    static void name##_i2(const qk_weights *w, const qk_act *a, size_t t, size_t i, float *y, \
                          int32_t *o) { block2(kind, 2, 1, w, a, t, i, y, o); }              \
    static void name(const qk_weights *w, const qk_act *a, size_t t0, size_t t1, float *y,    \
                     int32_t *o) {                                                            \
        for (size_t t = t0; t < t1; t++) {                                                    \
            size_t i = 0;                                                                     \
            for (; i + 2 <= a->m; i += 2) (o ? name##_i2 : name##_f2)(w, a, t, i, y, o);      \
            if (i < a->m) (o ? name##_i1 : name##_f1)(w, a, t, i, y, o);                      \
        }                                                                                     \
    }

QK_AVX2_GEMM(gemm_q35, QTILE_Q35)
QK_AVX2_GEMM(gemm_q35d, QTILE_Q35D)
QK_AVX2_GEMM(gemm_int4, QTILE_INT4)

static void avx2_gemm(const qk_weights *w, const qk_act *a, size_t t0, size_t t1, float *y,
                      int32_t *acc_out) {
    switch (w->fmt->kind) {
    case QTILE_Q35: gemm_q35(w, a, t0, t1, y, acc_out); break;
    case QTILE_Q35D: gemm_q35d(w, a, t0, t1, y, acc_out); break;
    case QTILE_INT4: gemm_int4(w, a, t0, t1, y, acc_out); break;
    }
}

const qk_isa qk_isa_avx2 = {
    .name = "avx2",
    .quantize_row = avx2_quantize_row,
    .gemm = avx2_gemm,
};

#endif
