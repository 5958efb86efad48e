/*
 * int4_baseline: scalar C reference implementation of the int4 format
 * (kernels/int4_format.h), the kernel SIMD int4 variants are compared with.
 *
 * run(): X is quantized per row to INT8 inside the timed call (formats/quant.h
 * quant_int8_row), then for each output channel (OpenMP, static schedule) and row:
 * one INT32 accumulator per group of sum q_x * q_w, the per-row group sums of q_x, and
 *   y = s_x * sum_g ( s_g * acc_g + z_g * xsum_g )     (FP32, groups in order)
 *
 * The functions below expose the integer part for tests (bit-exact comparisons).
 */
#ifndef Q35_INT4_BASELINE_H
#define Q35_INT4_BASELINE_H

#include <stddef.h>
#include <stdint.h>

#include "kernel.h"

/* sum over k in [k0, k1) of xq[k] * code(row, k), k0 even; exactly what run() computes. */
int32_t int4_baseline_dot(const uint8_t *row, const int8_t *xq, size_t k0, size_t k1);

/* The INT32 accumulators run() forms for X's INT8 codes xq (M x K):
 *   acc[(i * N + j) * G + g] = sum_{k in group g} xq[i][k] * code_j[k]
 *   xsum[i * G + g]          = sum_{k in group g} xq[i][k]
 * with G groups per row (int4_weights.groups). */
void int4_baseline_accumulators(const kernel_weights *pw, const int8_t *xq, size_t m,
                                int32_t *acc, int32_t *xsum);

#endif
