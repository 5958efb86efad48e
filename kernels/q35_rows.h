/*
 * The seeds' row layout of q35 weights, shared by q35_baseline and q35_lut.
 *
 * Layout: codes are N rows of ceil(K/2) pair bytes (formats/q35.h), row n at
 * codes + n * row_bytes, as the seeds' W_Q(K/2, N) array in Fortran's column order. Scales
 * (and zeros, for an asymmetric scheme) are N rows of groups x parts values, FP32 or FP16,
 * part 0 serving the even k (first codes) and part 1 the odd k when the scheme is split.
 *
 * Both kernels quantize each activation row to INT8 inside the timed call with
 * quant_int8_row, accumulate sum(qx * qw) in INT32 per group and part, and dequantize
 *   correct: y = s_x * sum_g,p (s_w * acc + z_w * sum(qx))
 *   seed:    y = s_x * sum_g,p (s_w * (acc + z_w))   the seeds' (acc + offset) * scale
 * where the sums run over the positions of group g and part p. The seeds had INT8 inputs
 * and no activation scale; s_x is applied in both modes so that only the weight
 * dequantization differs.
 */
#ifndef Q35_KERNELS_Q35_ROWS_H
#define Q35_KERNELS_Q35_ROWS_H

#include <stddef.h>
#include <stdint.h>

#include "kernel.h"
#include "qparams.h"

typedef struct q35_rows {
    size_t n, k;
    size_t row_bytes; /* ceil(k / 2) */
    qparams qp;
    uint8_t *codes;   /* n * row_bytes pair bytes */
    float *scale32, *zero32;       /* FP32 parameters, [n][groups * parts] (or NULL) */
    uint16_t *scale16, *zero16;    /* FP16 parameters (or NULL) */
    size_t code_alloc, param_alloc; /* bytes allocated */
} q35_rows;

static inline const q35_rows *q35_rows_of(const kernel_weights *pw) {
    return (const q35_rows *)(const void *)pw;
}

/* |qx| <= 127 and |qw| <= 8: each product is at most 1016 in magnitude, so K products fit
 * an INT32 accumulator while K <= INT32_MAX / 1016 = 2,113,664. */
#define Q35_ROWS_MAX_K ((size_t)(INT32_MAX / (127 * 8)))

/* The activations as the kernels use them: INT8 codes, scales and per-(group, part) sums. */
typedef struct q35_rows_act {
    size_t m;
    int8_t *xq;   /* m x k */
    float *sx;    /* m */
    float *xsum;  /* m x groups x parts: sum of the codes over each group and part */
} q35_rows_act;

/* The dot product of one row of pair bytes with INT8 activations over k in [k0, k1) (k0
 * even): acc[0] gets the even k, acc[1] the odd k. */
typedef void (*q35_rows_dot_fn)(const uint8_t *wrow, const int8_t *xq, size_t k0, size_t k1,
                                int32_t acc[2]);

kernel_weights *q35_rows_pack(const char *kernel, const float *w, size_t n, size_t k,
                              const quant_params *qp, kernel_error *err);
size_t q35_rows_workspace(const kernel_weights *pw, size_t m, int threads);
/* The whole call with the kernel's dot product: y = x W^T (acc_out == NULL), or the INT32
 * sums per (row i, channel n, group g, part p) written to acc_out[((i*N + n)*G + g)*P + p]
 * instead (for tests). workspace: q35_rows_workspace bytes. */
void q35_rows_compute(const kernel_weights *pw, const float *x, size_t m, float *y,
                      int32_t *acc_out, int threads, void *workspace, q35_rows_dot_fn dot);
void q35_rows_dequantize(const kernel_weights *pw, size_t row0, size_t rows, float *w_out);
void q35_rows_dequantize_activations(const kernel_weights *pw, const float *x, size_t m,
                                     float *x_out);
void q35_rows_free(kernel_weights *pw);
kernel_cost q35_rows_cost(const kernel_weights *pw, size_t m);
void q35_rows_describe(const kernel_weights *pw, char *buf, size_t len);

/* q35_rows_compute into a workspace of its own; returns 0, or -1 when out of memory. */
int q35_rows_accumulate(const kernel_weights *pw, const float *x, size_t m, int threads,
                        int32_t *acc_out, q35_rows_dot_fn dot);

/* Test entry points: the INT32 accumulators of each kernel (see q35_rows_compute), for
 * activations x (m x K), with `threads` threads. Return 0, or -1 when out of memory. */
int q35_baseline_accumulate(const kernel_weights *pw, const float *x, size_t m, int threads,
                            int32_t *acc_out);
int q35_lut_accumulate(const kernel_weights *pw, const float *x, size_t m, int threads,
                       int32_t *acc_out);

#endif
