/* fp16_blas: IEEE half weights, converted to FP32 panels and multiplied by OpenBLAS
 * (kernels/half_blas.h). */
#include "half_blas.h"
#include "kernel.h"

static kernel_weights *fp16_pack(const float *w, size_t n, size_t k, const quant_params *qp,
                                 kernel_error *err) {
    (void)qp; /* nothing to choose: round to nearest even, no scales */
    return half_blas_pack(HALF_FP16, w, n, k, err);
}

static const char *fp16_isa(void) { return half_blas_isa(HALF_FP16); }

const kernel kernel_fp16_blas = {
    .name = "fp16_blas",
    .format = FORMAT_FP16,
    .description = "IEEE half weights, converted per cache-sized panel to FP32 for OpenBLAS "
                   "sgemv/sgemm, OpenMP over row blocks",
    .cpu_features = 0,
    .gate_bound = 1e-4,
    .max_k = 0, /* FP32 accumulation; K up to INT_MAX (checked in pack) */
    .pack = fp16_pack,
    .workspace_bytes = half_blas_workspace_bytes,
    .run = half_blas_run,
    .dequantize = half_blas_dequantize,
    .dequantize_activations = half_blas_dequantize_activations,
    .free = half_blas_free,
    .cost = half_blas_cost,
    .isa_path = fp16_isa,
    .describe = half_blas_describe,
};
