/*
 * The AVX-512 VNNI path of the qk engine (kernels/qk.h): activation quantization with
 * vcvtps2dq (round half to even, like quant_int8_row), a vpermb into tile order, and the
 * vpdpbusd microkernels for the three tile layouts of formats/qtile.h.
 *
 * Decoding one 64-byte vector of offset codes (16 channels x 4 k):
 *   q35   first  = ((b >> 3) & 0x0F) ^ 0x08    second = (b & 0x07) ^ 0x04   (two's complement
 *         to offset form with one vpternlogd each; 64 bytes give 2 vectors)
 *   int4  even   = b & 0x0F                     odd    = (b >> 4) & 0x0F
 *   q35d  even   = plane & 0x0F or (plane >> 4) & 0x0F
 *         odd    = plane & 7 or (plane >> 3) & 7, and for two vectors of eight
 *                  ((plane >> 6) & 3) | ((plane2 >> 4 or 5) & 4)          (vpternlogd)
 * Shifts are 16-bit (there is no 8-bit shift); every mask keeps only bits that came from the
 * byte itself.
 */
#if defined(__x86_64__)

#include <immintrin.h>
#include <math.h>
#include <string.h>

#include "qk_isa.h"

#define QK_INLINE static inline __attribute__((always_inline))

static float avx512_quantize_row(const qk_weights *w, const float *x, int8_t *out,
                                 size_t xstride) {
    size_t k = w->k, ks = w->fmt->ks, i = 0;
    __m512 vmax = _mm512_setzero_ps();
    /* max(|x|, vmax) returns vmax when |x| is NaN, as quant_int8_row ignores NaN */
    for (; i + 16 <= k; i += 16) vmax = _mm512_max_ps(_mm512_abs_ps(_mm512_loadu_ps(x + i)), vmax);
    __mmask16 tail = (__mmask16)((1u << (k - i)) - 1u);
    if (i < k) vmax = _mm512_max_ps(_mm512_abs_ps(_mm512_maskz_loadu_ps(tail, x + i)), vmax);
    float amax = _mm512_reduce_max_ps(vmax);
    if (amax == 0.0f || !isfinite(amax)) {
        memset(out, 0, xstride);
        return 0.0f;
    }
    float inv = 127.0f / amax;
    const __m512 vinv = _mm512_set1_ps(inv);
    const __m512i lo = _mm512_set1_epi32(-127), hi = _mm512_set1_epi32(127);
    for (i = 0; i + 16 <= k; i += 16) {
        __m512i q = _mm512_cvtps_epi32(_mm512_mul_ps(_mm512_loadu_ps(x + i), vinv));
        q = _mm512_max_epi32(_mm512_min_epi32(q, hi), lo);
        _mm_storeu_si128((__m128i *)(void *)(out + i), _mm512_cvtepi32_epi8(q));
    }
    if (i < k) {
        __m512i q = _mm512_cvtps_epi32(_mm512_mul_ps(_mm512_maskz_loadu_ps(tail, x + i), vinv));
        q = _mm512_max_epi32(_mm512_min_epi32(q, hi), lo);
        _mm512_mask_cvtepi32_storeu_epi8(out + i, tail, q);
    }
    memset(out + k, 0, xstride - k);
    /* into tile order: byte i of each step takes x[kperm(i)] of the step (steps of 8 or 64
     * bytes tile a 64-byte vector exactly) */
    uint8_t idx[64];
    for (size_t b = 0; b < 64; b++) idx[b] = (uint8_t)(b - b % ks + qk_xpos(ks, b % ks));
    const __m512i perm = _mm512_loadu_si512(idx);
    for (size_t c = 0; c < xstride; c += 64)
        _mm512_store_si512(out + c, _mm512_permutexvar_epi8(perm, _mm512_load_si512(out + c)));
    return amax / 127.0f;
}

QK_INLINE __m512i qk_bcast4(const int8_t *p) {
    int32_t v;
    memcpy(&v, p, 4);
    return _mm512_set1_epi32(v);
}

/* Vector v (0 .. nv-1) of offset codes of the step at p; kind and v are constants after
 * inlining, so each call is 1 to 4 instructions plus loads the compiler shares. */
QK_INLINE __m512i qk_decode(const int kind, const uint8_t *p, const int v) {
    const __m512i m0f = _mm512_set1_epi8(0x0F);
    if (kind == QTILE_Q35) {
        __m512i b = _mm512_load_si512(p);
        if (v == 0) /* ((b >> 3) & 0x0F) ^ 0x08 */
            return _mm512_ternarylogic_epi32(_mm512_srli_epi16(b, 3), m0f, _mm512_set1_epi8(8), 0x6A);
        return _mm512_ternarylogic_epi32(b, _mm512_set1_epi8(7), _mm512_set1_epi8(4), 0x6A);
    }
    if (kind == QTILE_INT4) {
        __m512i b = _mm512_load_si512(p);
        return v == 0 ? _mm512_and_si512(b, m0f) : _mm512_and_si512(_mm512_srli_epi16(b, 4), m0f);
    }
    /* q35d */
    if (v < 8) {
        __m512i e = _mm512_load_si512(p + 64 * (v / 2));
        return (v & 1) ? _mm512_and_si512(_mm512_srli_epi16(e, 4), m0f) : _mm512_and_si512(e, m0f);
    }
    const __m512i m07 = _mm512_set1_epi8(7);
    const int o = v - 8;
    if (o == 2 || o == 5) { /* low 2 bits at 7..6 of plane o/3, bit 2 at bit 6 or 7 of plane 2 */
        __m512i lo = _mm512_srli_epi16(_mm512_load_si512(p + 256 + 64 * (o / 3)), 6);
        __m512i hi = _mm512_srli_epi16(_mm512_load_si512(p + 384), o == 2 ? 4 : 5);
        lo = _mm512_and_si512(lo, _mm512_set1_epi8(3));
        return _mm512_ternarylogic_epi32(hi, _mm512_set1_epi8(4), lo, 0xEA); /* (hi & 4) | lo */
    }
    __m512i b = _mm512_load_si512(p + 256 + 64 * (o / 3)); /* o = 0,1 / 3,4 / 6,7 */
    return (o % 3) ? _mm512_and_si512(_mm512_srli_epi16(b, 3), m07) : _mm512_and_si512(b, m07);
}

QK_INLINE __m512 qk_load_params(const void *params, size_t at, bool fp16) {
    if (fp16) return _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(const void *)((const uint16_t *)params + at)));
    return _mm512_loadu_ps((const float *)params + at);
}

/* y += s_w * t + z_w * sum(qx) (correct) or s_w * (t + z_w) (seed) for one group and part
 * of one tile and row; `at` indexes the row's (group, part) activation sums. */
QK_INLINE __m512 qk_epilogue(const qk_weights *w, const qk_act *a, __m512i ti, __m512 y,
                             size_t tile, size_t g, size_t p, size_t at, bool fp16, bool asym,
                             bool seed) {
    size_t pi = qk_param_index(w, tile, g, p);
    __m512 sc = qk_load_params(w->params, pi, fp16);
    __m512 f = _mm512_cvtepi32_ps(ti);
    if (!asym) return _mm512_fmadd_ps(sc, f, y);
    __m512 ze = qk_load_params(w->params, pi + QTILE_CH, fp16);
    if (seed) return _mm512_fmadd_ps(sc, _mm512_add_ps(f, ze), y);
    return _mm512_fmadd_ps(ze, _mm512_set1_ps(a->xsum[at]), _mm512_fmadd_ps(sc, f, y));
}

static void qk_store_acc(const qk_weights *w, int32_t *acc_out, __m512i ti, size_t row,
                         size_t tile, size_t g, size_t p) {
    int32_t v[QTILE_CH];
    _mm512_storeu_si512(v, ti);
    size_t G = w->qp.groups, P = w->qp.parts;
    for (size_t c = 0; c < QTILE_CH; c++) {
        size_t ch = tile * QTILE_CH + c;
        if (ch < w->n) acc_out[((row * w->n + ch) * G + g) * P + p] = v[c];
    }
}

/* M = 1: software prefetch of each tile's weights this many bytes ahead (0 = none). On
 * 28672x8192, 1 thread, alternating runs: 1792 bytes ahead beat no prefetch by 15 to 35 %
 * for q35 and int4, and 896, 3584 and 7168 bytes were no better (docs/kernels.md). */
#ifndef QK_PREFETCH
#define QK_PREFETCH 1792
#endif

#define QK_CAT_(a, b) a##_##b
#define QK_CAT(a, b) QK_CAT_(a, b)

/* Instantiations: for each layout, M = 1 takes 4 tiles at a time (1 for the rest); M > 1
 * takes QK_TNB tiles x QK_MBB rows (2 x QK_TNB x QK_MBB INT32 accumulators), then blocks of
 * 4, 2 and 1 rows. 2 x 4 measured best at M = 64 for all three layouts (docs/kernels.md):
 * each decoded vector serves 4 rows and each activation broadcast 2 tiles. */
#ifndef QK_TN1
#define QK_TN1 4
#endif
#ifndef QK_TNB_ALL
#define QK_TNB_ALL 2
#endif
#ifndef QK_MBB_ALL
#define QK_MBB_ALL 4
#endif
#define QK_KIND QTILE_Q35
#define QK_KNAME q35
#define QK_TNB QK_TNB_ALL
#define QK_MBB QK_MBB_ALL
#include "qk_avx512_kind.inc"
#define QK_KIND QTILE_Q35D
#define QK_KNAME q35d
#define QK_TNB QK_TNB_ALL
#define QK_MBB QK_MBB_ALL
#include "qk_avx512_kind.inc"
#define QK_KIND QTILE_INT4
#define QK_KNAME int4
#define QK_TNB QK_TNB_ALL
#define QK_MBB QK_MBB_ALL
#include "qk_avx512_kind.inc"

static void avx512_gemm(const qk_weights *w, const qk_act *a, size_t t0, size_t t1, float *y,
                        int32_t *acc_out) {
    switch (w->fmt->kind) {
    case QTILE_Q35: gemm_q35(w, a, t0, t1, y, acc_out); break;
    case QTILE_Q35D: gemm_q35d(w, a, t0, t1, y, acc_out); break;
    case QTILE_INT4: gemm_int4(w, a, t0, t1, y, acc_out); break;
    }
}

const qk_isa qk_isa_avx512 = {
    .name = "avx512_vnni",
    .quantize_row = avx512_quantize_row,
    .gemm = avx512_gemm,
};

#endif
