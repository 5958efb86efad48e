/* FP16 / BF16 conversions with AVX2 + F16C (built with the Makefile's AVX2 flags). Tails go
 * through formats/half.c, which gives the same bits. */
#include <immintrin.h>

#include "formats/half.h"
#include "half_convert.h"

void half_fp16_to_f32_avx2(const uint16_t *src, float *dst, size_t n) {
    size_t i = 0;
    for (; i + 8 <= n; i += 8)
        _mm256_storeu_ps(dst + i, _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(src + i))));
    for (; i < n; i++) dst[i] = fp16_to_fp32(src[i]);
}

void half_f32_to_fp16_avx2(const float *src, uint16_t *dst, size_t n) {
    size_t i = 0;
    for (; i + 8 <= n; i += 8)
        _mm_storeu_si128((__m128i *)(dst + i),
                         _mm256_cvtps_ph(_mm256_loadu_ps(src + i),
                                         _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC));
    for (; i < n; i++) dst[i] = fp32_to_fp16(src[i]);
}

void half_bf16_to_f32_avx2(const uint16_t *src, float *dst, size_t n) {
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256i v = _mm256_cvtepu16_epi32(_mm_loadu_si128((const __m128i *)(src + i)));
        _mm256_storeu_ps(dst + i, _mm256_castsi256_ps(_mm256_slli_epi32(v, 16)));
    }
    for (; i < n; i++) dst[i] = bf16_to_fp32(src[i]);
}

/* Round to nearest even on the bit pattern (as formats/half.c), quiet NaNs. */
static inline __m128i bf16_round8(__m256i x) {
    const __m256i abs_mask = _mm256_set1_epi32(0x7fffffff), inf = _mm256_set1_epi32(0x7f800000);
    __m256i lsb = _mm256_and_si256(_mm256_srli_epi32(x, 16), _mm256_set1_epi32(1));
    __m256i r = _mm256_add_epi32(x, _mm256_add_epi32(_mm256_set1_epi32(0x7fff), lsb));
    __m256i nan = _mm256_cmpgt_epi32(_mm256_and_si256(x, abs_mask), inf);
    __m256i q = _mm256_or_si256(x, _mm256_set1_epi32(0x400000)); /* quiet bit, then >> 16 */
    __m256i v = _mm256_srli_epi32(_mm256_blendv_epi8(r, q, nan), 16);
    /* pack 8 x 32 -> 8 x 16 (values fit in 16 bits, so unsigned saturation is exact) */
    __m256i p = _mm256_packus_epi32(v, v);
    p = _mm256_permute4x64_epi64(p, 0x08);
    return _mm256_castsi256_si128(p);
}

void half_f32_to_bf16_avx2(const float *src, uint16_t *dst, size_t n) {
    size_t i = 0;
    for (; i + 8 <= n; i += 8)
        _mm_storeu_si128((__m128i *)(dst + i),
                         bf16_round8(_mm256_loadu_si256((const __m256i *)(src + i))));
    for (; i < n; i++) dst[i] = fp32_to_bf16(src[i]);
}
