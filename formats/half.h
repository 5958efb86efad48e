/*
 * IEEE binary16 (FP16) and bfloat16 (BF16) conversions, portable C, round to nearest even.
 * NaNs come out quiet with the top payload bits kept, bit for bit as F16C's vcvtps2ph /
 * vcvtph2ps and AVX-512 BF16's vcvtneps2bf16 produce them.
 * Kernels may convert faster with F16C or AVX-512 BF16 instructions; these are the
 * reference the tests compare them with.
 */
#ifndef Q35_HALF_H
#define Q35_HALF_H

#include <stdint.h>

uint16_t fp32_to_fp16(float f);
float fp16_to_fp32(uint16_t h);
uint16_t fp32_to_bf16(float f);
float bf16_to_fp32(uint16_t b);

/* f rounded to the nearest FP16 value and back, e.g. to store a scale as FP16. */
static inline float fp16_round(float f) { return fp16_to_fp32(fp32_to_fp16(f)); }

#endif
