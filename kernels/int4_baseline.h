/*
 * int4_baseline: scalar C reference implementation of the int4 format
 * (kernels/int4_format.h), the kernel SIMD int4 variants are compared with.
 *
 * run(): X is quantized per row to INT8 inside the timed call (formats/quant.h
 * quant_int8_row) and its per-group sums are formed. Then OpenMP over output channels
 * (static schedule): each thread unpacks channel j's codes once into an INT8 row in its
 * workspace, with its scales and zeros as FP32 (so the unpacking is shared by all M rows of
 * X), and for each row of X forms
 * one INT32 accumulator per group, sum q_x * q_w, and
 *   y = s_x * sum_g ( s_g * acc_g + z_g * xsum_g )     (FP32, groups in order)
 * The loops are plain C; the compiler may vectorize them for the baseline ISA (SSE2).
 *
 * The functions below expose the integer part for tests (bit-exact comparisons).
 */
#ifndef Q35_INT4_BASELINE_H
#define Q35_INT4_BASELINE_H

#include <stddef.h>
#include <stdint.h>

#include "kernel.h"

/* Channel j's K codes, unpacked from the nibbles to one int8_t each. */
void int4_baseline_unpack_row(const kernel_weights *pw, size_t j, int8_t *codes);

/* sum over t in [0, len) of w[t] * x[t] in INT32: exactly what run() computes per group. */
int32_t int4_baseline_dot(const int8_t *w, const int8_t *x, size_t len);

/* The INT32 accumulators run() forms for X's INT8 codes xq (M x K):
 *   acc[(i * N + j) * G + g] = sum_{k in group g} xq[i][k] * code_j[k]
 *   xsum[i * G + g]          = sum_{k in group g} xq[i][k]
 * with G groups per row (int4_weights.groups). */
void int4_baseline_accumulators(const kernel_weights *pw, const int8_t *xq, size_t m,
                                int32_t *acc, int32_t *xsum);

#endif
