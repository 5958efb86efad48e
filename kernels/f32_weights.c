#include "f32_weights.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "weights_alloc.h"

kernel_weights *f32_weights_pack(const float *w, size_t n, size_t k, const quant_params *qp,
                                 kernel_error *err) {
    (void)qp; /* FP32 has nothing to quantize */
    f32_weights *fw = calloc(1, sizeof *fw);
    size_t bytes = n * k * sizeof(float);
    size_t rounded = (bytes + 63) / 64 * 64;
    if (fw) fw->w = weights_alloc(rounded ? rounded : 64);
    if (!fw || !fw->w) {
        snprintf(err->msg, sizeof err->msg, "out of memory for %zu x %zu FP32 weights", n, k);
        free(fw);
        return NULL;
    }
    fw->n = n;
    fw->k = k;
    memcpy(fw->w, w, bytes);
    return (kernel_weights *)(void *)fw;
}

void f32_weights_dequantize(const kernel_weights *pw, size_t row0, size_t rows, float *w_out) {
    const f32_weights *fw = f32_weights_of(pw);
    memcpy(w_out, fw->w + row0 * fw->k, rows * fw->k * sizeof(float));
}

void f32_weights_free(kernel_weights *pw) {
    f32_weights *fw = (f32_weights *)(void *)pw;
    if (!fw) return;
    free(fw->w);
    free(fw);
}

kernel_cost f32_weights_cost(const kernel_weights *pw, size_t m) {
    const f32_weights *fw = f32_weights_of(pw);
    return kernel_cost_streamed((double)fw->n * (double)fw->k * sizeof(float), m, fw->n, fw->k);
}
