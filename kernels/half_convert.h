/*
 * FP16 / BF16 <-> FP32 conversion of contiguous arrays, with a portable C path and SIMD
 * paths chosen at run time. Every path gives the same bits as formats/half.h (round to
 * nearest even; NaNs quiet with their top payload bits kept; FP16 and BF16 subnormals kept),
 * which tests/test_half.c checks.
 *
 *   codec        needs (CPU_FEATURE_*)                       FP16 / BF16 -> FP32      FP32 -> FP16 / BF16
 *   c            nothing                                     formats/half.c           formats/half.c
 *   avx2         avx2 fma f16c                               vcvtph2ps ymm / shift    vcvtps2ph ymm / integer RNE
 *   avx512       + avx512f bw vl dq                          vcvtph2ps zmm / shift    vcvtps2ph zmm / integer RNE
 *   avx512bf16   + avx512bf16 (BF16 only)                    shift                    vcvtneps2bf16, subnormal
 *                                                                                      lanes redone in C (the
 *                                                                                      instruction flushes them)
 * The SIMD files are compiled with the Makefile's ISA flags, so a codec is only selected
 * when the CPU has every feature those flags allow the compiler to use (see the table).
 */
#ifndef Q35_HALF_CONVERT_H
#define Q35_HALF_CONVERT_H

#include <stddef.h>
#include <stdint.h>

typedef void (*half_to_f32_fn)(const uint16_t *src, float *dst, size_t n);
typedef void (*f32_to_half_fn)(const float *src, uint16_t *dst, size_t n);

typedef enum { HALF_FP16 = 0, HALF_BF16 = 1 } half_kind;

typedef struct half_codec {
    const char *name; /* "c", "avx2", "avx512", "avx512bf16" */
    half_kind kind;
    uint64_t needs; /* CPU_FEATURE_* bits */
    half_to_f32_fn to_f32;
    f32_to_half_fn from_f32;
} half_codec;

/* The fastest codec for `kind` whose needs are all in `features` (e.g. cpu_features()). */
const half_codec *half_codec_select(half_kind kind, uint64_t features);
/* Every codec for `kind` that can run with `features`, fastest first; returns the count
 * (at most 4). For tests that compare the paths with each other. */
size_t half_codec_list(half_kind kind, uint64_t features, const half_codec **out, size_t max);

/* The SIMD implementations (kernels/half_convert_avx2.c, kernels/half_convert_avx512.c). */
void half_fp16_to_f32_avx2(const uint16_t *src, float *dst, size_t n);
void half_f32_to_fp16_avx2(const float *src, uint16_t *dst, size_t n);
void half_bf16_to_f32_avx2(const uint16_t *src, float *dst, size_t n);
void half_f32_to_bf16_avx2(const float *src, uint16_t *dst, size_t n);
void half_fp16_to_f32_avx512(const uint16_t *src, float *dst, size_t n);
void half_f32_to_fp16_avx512(const float *src, uint16_t *dst, size_t n);
void half_bf16_to_f32_avx512(const uint16_t *src, float *dst, size_t n);
void half_f32_to_bf16_avx512(const float *src, uint16_t *dst, size_t n);
void half_f32_to_bf16_avx512bf16(const float *src, uint16_t *dst, size_t n);

#endif
