/* FP16 / BF16 conversions with AVX-512 (built with the Makefile's AVX-512 flags). Tails use
 * masked loads and stores, so every element goes through the same instructions. */
#include <immintrin.h>
#include <string.h>

#include "formats/half.h"
#include "half_convert.h"

static inline __mmask16 tail_mask(size_t left) {
    return left >= 16 ? (__mmask16)0xffff : (__mmask16)((1u << left) - 1u);
}

void half_fp16_to_f32_avx512(const uint16_t *src, float *dst, size_t n) {
    for (size_t i = 0; i < n; i += 16) {
        __mmask16 m = tail_mask(n - i);
        __m256i h = _mm256_maskz_loadu_epi16(m, src + i);
        _mm512_mask_storeu_ps(dst + i, m, _mm512_cvtph_ps(h));
    }
}

void half_f32_to_fp16_avx512(const float *src, uint16_t *dst, size_t n) {
    for (size_t i = 0; i < n; i += 16) {
        __mmask16 m = tail_mask(n - i);
        __m512 v = _mm512_maskz_loadu_ps(m, src + i);
        __m256i h = _mm512_cvtps_ph(v, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
        _mm256_mask_storeu_epi16(dst + i, m, h);
    }
}

void half_bf16_to_f32_avx512(const uint16_t *src, float *dst, size_t n) {
    for (size_t i = 0; i < n; i += 16) {
        __mmask16 m = tail_mask(n - i);
        __m512i v = _mm512_cvtepu16_epi32(_mm256_maskz_loadu_epi16(m, src + i));
        _mm512_mask_storeu_ps(dst + i, m, _mm512_castsi512_ps(_mm512_slli_epi32(v, 16)));
    }
}

/* Round to nearest even on the bit pattern (as formats/half.c), quiet NaNs. */
void half_f32_to_bf16_avx512(const float *src, uint16_t *dst, size_t n) {
    const __m512i abs_mask = _mm512_set1_epi32(0x7fffffff), inf = _mm512_set1_epi32(0x7f800000);
    for (size_t i = 0; i < n; i += 16) {
        __mmask16 m = tail_mask(n - i);
        __m512i x = _mm512_maskz_loadu_epi32(m, src + i);
        __m512i lsb = _mm512_and_si512(_mm512_srli_epi32(x, 16), _mm512_set1_epi32(1));
        __m512i r = _mm512_add_epi32(x, _mm512_add_epi32(_mm512_set1_epi32(0x7fff), lsb));
        __mmask16 nan = _mm512_cmpgt_epu32_mask(_mm512_and_si512(x, abs_mask), inf);
        r = _mm512_mask_or_epi32(r, nan, x, _mm512_set1_epi32(0x400000));
        _mm256_mask_storeu_epi16(dst + i, m, _mm512_cvtepi32_epi16(_mm512_srli_epi32(r, 16)));
    }
}

/* vcvtneps2bf16 rounds to nearest even and quiets NaNs as formats/half.c does, but treats
 * subnormal inputs as zero; those lanes (exponent field 0, mantissa non-zero) are redone
 * in C so the result is the same bits. */
void half_f32_to_bf16_avx512bf16(const float *src, uint16_t *dst, size_t n) {
    const __m512i exp_mask = _mm512_set1_epi32(0x7f800000), man_mask = _mm512_set1_epi32(0x7fffff);
    for (size_t i = 0; i < n; i += 16) {
        __mmask16 m = tail_mask(n - i);
        __m512 v = _mm512_maskz_loadu_ps(m, src + i);
        __m256bh b = _mm512_cvtneps_pbh(v);
        __m256i h;
        memcpy(&h, &b, sizeof h);
        _mm256_mask_storeu_epi16(dst + i, m, h);
        __m512i x = _mm512_castps_si512(v);
        __mmask16 sub = _mm512_mask_testn_epi32_mask(m, x, exp_mask) &
                        _mm512_test_epi32_mask(x, man_mask);
        while (sub) {
            unsigned lane = (unsigned)__builtin_ctz(sub);
            dst[i + lane] = fp32_to_bf16(src[i + lane]);
            sub &= (__mmask16)(sub - 1);
        }
    }
}
