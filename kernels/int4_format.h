/*
 * The int4 weight format: 4-bit two's-complement codes (-8..7), two per byte, with one
 * scale (and, asymmetric, one zero point) per group of g weights along K.
 *
 * Layout (N x K weights):
 *   codes   N rows of row_bytes = ceil(K / 2) bytes, rows contiguous. Byte i of a row holds
 *           k = 2i in its low nibble (bits 3..0) and k = 2i + 1 in its high nibble (bits
 *           7..4). With K odd the last byte's high nibble is padding, always 0, never read.
 *   scales  N x G values (G = ceil(K / g) groups per row, group index fastest), FP32 or FP16
 *   zeros   N x G values of the same type, asymmetric only
 * Each array is 64-byte aligned; weight_bytes counts the three allocations as made
 * (rounded up to 64 bytes each).
 *
 * Quantization is formats/quant.h's quant_row with 4-bit codes:
 *   symmetric  (the seeds' INT4): scale = max|w| / 7, code = round(w / scale) clipped to
 *              [-8, 7], w' = code * scale
 *   asymmetric: scale = (max - min) / 15, zero = min + 8 * scale,
 *              code = round((w - zero) / scale) clipped to [-8, 7], w' = code * scale + zero
 * Groups: quant_params.group_size = default (128, as AWQ / GPTQ), channel (one group of K),
 * or an even g (groups start on a byte). Defaults: symmetric, FP16 scales (the defaults of
 * int4_simd, so the two kernels compare on the same weights); scale_type = fp32 for FP32.
 *
 * With INT8 activations (x ~ s_x * q_x per row) the product of row m and channel n is
 *   y = s_x * sum_g ( s_g * sum_{k in g} q_x q_w  +  z_g * sum_{k in g} q_x ).
 */
#ifndef Q35_INT4_FORMAT_H
#define Q35_INT4_FORMAT_H

#include <stdbool.h>
#include <stdint.h>

#include "formats/half.h"
#include "kernel.h"

#define INT4_DEFAULT_GROUP 128

typedef struct int4_weights {
    size_t n, k;
    size_t group;      /* weights per group (k when per channel) */
    size_t groups;     /* groups per row, ceil(k / group) */
    size_t row_bytes;  /* ceil(k / 2) */
    bool per_channel;  /* requested as one group per row */
    bool symmetric;
    bool fp16_scales;
    uint8_t *codes;    /* n * row_bytes */
    void *scales;      /* n * groups floats or uint16_t (FP16) */
    void *zeros;       /* same, NULL when symmetric */
    size_t alloc_bytes;/* the three allocations, each rounded up to 64 bytes */
    size_t clipped;    /* codes clipped to [-8, 7] while quantizing */
    quant_params requested;
} int4_weights;

static inline const int4_weights *int4_weights_of(const kernel_weights *pw) {
    return (const int4_weights *)(const void *)pw;
}

/* The code of weight kk in a packed row. */
static inline int int4_code(const uint8_t *row, size_t kk) {
    unsigned b = row[kk >> 1];
    unsigned nib = (kk & 1) ? b >> 4 : b & 15u;
    return (int)(nib ^ 8u) - 8;
}
static inline int int4_lo(unsigned b) { return (int)((b & 15u) ^ 8u) - 8; }
static inline int int4_hi(unsigned b) { return (int)((b >> 4) ^ 8u) - 8; }

/* Scale and zero of group g of row j, as FP32. */
static inline float int4_scale(const int4_weights *iw, size_t j, size_t g) {
    size_t i = j * iw->groups + g;
    return iw->fp16_scales ? fp16_to_fp32(((const uint16_t *)iw->scales)[i])
                           : ((const float *)iw->scales)[i];
}
static inline float int4_zero(const int4_weights *iw, size_t j, size_t g) {
    if (!iw->zeros) return 0.0f;
    size_t i = j * iw->groups + g;
    return iw->fp16_scales ? fp16_to_fp32(((const uint16_t *)iw->zeros)[i])
                           : ((const float *)iw->zeros)[i];
}

/* The largest K for which one INT32 accumulator of q_x * q_w products cannot overflow,
 * whatever the codes: |q_x| <= 128 and |q_w| <= 8, so |sum| <= 1024 K <= INT32_MAX. (The
 * activation quantizer only produces |q_x| <= 127; the bound does not rely on it.) */
#define INT4_MAX_ABS_PRODUCT (128 * 8)
#define INT4_MAX_SAFE_K ((size_t)(INT32_MAX / INT4_MAX_ABS_PRODUCT))

/* Kernel-contract functions shared by the int4 kernels. */
kernel_weights *int4_weights_pack(const float *w, size_t n, size_t k, const quant_params *qp,
                                  kernel_error *err);
void int4_weights_dequantize(const kernel_weights *pw, size_t row0, size_t rows, float *w_out);
void int4_weights_free(kernel_weights *pw);
/* Packed weights (as allocated) + X read + Y written; 2*M*N*K operations. */
kernel_cost int4_weights_cost(const kernel_weights *pw, size_t m);
void int4_weights_describe(const kernel_weights *pw, char *buf, size_t len);

/* X's per-row INT8 quantization as the int4 kernels do it (formats/quant.h
 * quant_int8_row), dequantized: x_out = q * s_x. */
void int4_dequantize_activations(const kernel_weights *pw, const float *x, size_t m,
                                 float *x_out);

#endif
