/*
 * A quality scheme applied to one row of weights: quantize with formats/quant.h (or the
 * MSE search of formats/quant_search.h) and dequantize, or round to FP16 / BF16 with
 * formats/half.h. Also its storage cost and the kernel parameters that ask a registered
 * kernel for the same quantization.
 */
#ifndef Q35_QSCHEME_H
#define Q35_QSCHEME_H

#include <stddef.h>

#include "kernels/kernel.h"
#include "qconfig.h"

/* Scratch for one row of length up to k (one per thread). */
typedef struct qscheme_work {
    size_t k;
    int8_t *codes;
    float *scale, *zero;
    uint16_t *half; /* FP16 / BF16 values */
    const struct half_codec *fp16, *bf16; /* chosen once for this CPU */
} qscheme_work;

int qscheme_work_init(qscheme_work *ws, size_t k); /* 0 or -1 (out of memory) */
void qscheme_work_free(qscheme_work *ws);

/* out = the weights as the scheme stores them; *clipped = codes clipped to the range.
 * FP16 and BF16 go through kernels/half_convert.h's fastest codec for this CPU, which gives
 * the same bits as formats/half.h (tests/test_half.c, tests/test_quality_run.c). */
void qscheme_apply(const qc_scheme *s, const quant_search *search, const float *w, size_t k,
                   float *out, qscheme_work *ws, size_t *clipped);

/* Bits per weight for rows of k weights: stored code bits (code_storage_bits, or the codes'
 * average width) plus every scale and zero point; 16 for FP16 and BF16. */
double qscheme_bpw(const qc_scheme *s, size_t k);

/* The kernel parameters that request this scheme's quantization. */
quant_params qscheme_kernel_params(const qc_scheme *s);

#endif
