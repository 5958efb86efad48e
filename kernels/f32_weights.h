/* Packed weights for the FP32 kernels: an aligned copy of W, shared by ref_f64, f32_naive
 * and f32_blas so none of them repeats the bookkeeping. */
#ifndef Q35_F32_WEIGHTS_H
#define Q35_F32_WEIGHTS_H

#include "kernel.h"

typedef struct f32_weights {
    size_t n, k;
    float *w; /* N x K, row-major, 64-byte aligned */
} f32_weights;

kernel_weights *f32_weights_pack(const float *w, size_t n, size_t k, const quant_params *qp,
                                 kernel_error *err);
void f32_weights_dequantize(const kernel_weights *pw, size_t row0, size_t rows, float *w_out);
void f32_weights_free(kernel_weights *pw);
/* Weights, X and Y counted once per call; 2*M*N*K operations. */
kernel_cost f32_weights_cost(const kernel_weights *pw, size_t m);

static inline const f32_weights *f32_weights_of(const kernel_weights *pw) {
    return (const f32_weights *)(const void *)pw;
}

#endif
