/* Run-time choice of the FP16 / BF16 conversion path; the portable C path. */
#include "half_convert.h"

#include "cpu_features.h"
#include "formats/half.h"

static void fp16_to_f32_c(const uint16_t *src, float *dst, size_t n) {
    for (size_t i = 0; i < n; i++) dst[i] = fp16_to_fp32(src[i]);
}
static void f32_to_fp16_c(const float *src, uint16_t *dst, size_t n) {
    for (size_t i = 0; i < n; i++) dst[i] = fp32_to_fp16(src[i]);
}
static void bf16_to_f32_c(const uint16_t *src, float *dst, size_t n) {
    for (size_t i = 0; i < n; i++) dst[i] = bf16_to_fp32(src[i]);
}
static void f32_to_bf16_c(const float *src, uint16_t *dst, size_t n) {
    for (size_t i = 0; i < n; i++) dst[i] = fp32_to_bf16(src[i]);
}

#define NEEDS_AVX2 (CPU_FEATURE_AVX | CPU_FEATURE_AVX2 | CPU_FEATURE_FMA | CPU_FEATURE_F16C)
#define NEEDS_AVX512                                                                         \
    (NEEDS_AVX2 | CPU_FEATURE_AVX512F | CPU_FEATURE_AVX512BW | CPU_FEATURE_AVX512VL |        \
     CPU_FEATURE_AVX512DQ)

/* Fastest first. */
static const half_codec codecs[] = {
    {"avx512", HALF_FP16, NEEDS_AVX512, half_fp16_to_f32_avx512, half_f32_to_fp16_avx512},
    {"avx2", HALF_FP16, NEEDS_AVX2, half_fp16_to_f32_avx2, half_f32_to_fp16_avx2},
    {"c", HALF_FP16, 0, fp16_to_f32_c, f32_to_fp16_c},
    {"avx512bf16", HALF_BF16, NEEDS_AVX512 | CPU_FEATURE_AVX512BF16, half_bf16_to_f32_avx512,
     half_f32_to_bf16_avx512bf16},
    {"avx512", HALF_BF16, NEEDS_AVX512, half_bf16_to_f32_avx512, half_f32_to_bf16_avx512},
    {"avx2", HALF_BF16, NEEDS_AVX2, half_bf16_to_f32_avx2, half_f32_to_bf16_avx2},
    {"c", HALF_BF16, 0, bf16_to_f32_c, f32_to_bf16_c},
};

size_t half_codec_list(half_kind kind, uint64_t features, const half_codec **out, size_t max) {
    size_t count = 0;
    for (size_t i = 0; i < sizeof codecs / sizeof codecs[0]; i++)
        if (codecs[i].kind == kind && (codecs[i].needs & ~features) == 0 && count < max)
            out[count++] = &codecs[i];
    return count;
}

const half_codec *half_codec_select(half_kind kind, uint64_t features) {
    const half_codec *best = NULL;
    half_codec_list(kind, features, &best, 1); /* the C codec always qualifies */
    return best;
}
