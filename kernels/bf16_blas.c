/* bf16_blas: bfloat16 weights, converted per panel to FP32 for OpenBLAS, or cblas_sbgemm
 * where the loaded OpenBLAS exports it and the CPU has AVX-512 BF16 (kernels/half_blas.h). */
#include "half_blas.h"
#include "kernel.h"

static kernel_weights *bf16_pack(const float *w, size_t n, size_t k, const quant_params *qp,
                                 kernel_error *err) {
    (void)qp; /* nothing to choose: round to nearest even, no scales */
    return half_blas_pack(HALF_BF16, w, n, k, err);
}

static const char *bf16_isa(void) { return half_blas_isa(HALF_BF16); }

const kernel kernel_bf16_blas = {
    .name = "bf16_blas",
    .format = FORMAT_BF16,
    .description = "bfloat16 weights, converted per cache-sized panel to FP32 for OpenBLAS "
                   "sgemv/sgemm (cblas_sbgemm where exported)",
    .cpu_features = 0,
    .gate_bound = 1e-4,
    .max_k = 0, /* FP32 accumulation; K up to INT_MAX (checked in pack) */
    .pack = bf16_pack,
    .workspace_bytes = half_blas_workspace_bytes,
    .run = half_blas_run,
    .dequantize = half_blas_dequantize,
    .dequantize_activations = half_blas_dequantize_activations,
    .free = half_blas_free,
    .cost = half_blas_cost,
    .isa_path = bf16_isa,
    .describe = half_blas_describe,
};
