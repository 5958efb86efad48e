/* bf16_onednn: bf16 weights through oneDNN's matmul primitive, reordered once at pack
 * time into the layout it prefers (kernels/onednn_matmul.h). */
#include "kernel.h"
#include "onednn_matmul.h"

static bool bf16_onednn_available(char *why, size_t len) {
    return onednn_available(HALF_BF16, why, len);
}

static kernel_weights *bf16_onednn_pack(const float *w, size_t n, size_t k,
                                         const quant_params *qp, kernel_error *err) {
    (void)qp; /* nothing to choose: round to nearest even, no scales */
    return onednn_pack(HALF_BF16, w, n, k, err);
}

const kernel kernel_bf16_onednn = {
    .name = "bf16_onednn",
    .format = FORMAT_BF16,
    .description = "bf16 weights, oneDNN matmul (weights reordered once; X rounded to bf16 in the call)",
    .available = bf16_onednn_available,
    .gate_bound = 1e-4,
    .max_k = 0,
    .pack = bf16_onednn_pack,
    .workspace_bytes = onednn_workspace_bytes,
    .run = onednn_run,
    .dequantize = onednn_dequantize,
    .dequantize_activations = onednn_dequantize_activations,
    .free = onednn_free,
    .cost = onednn_cost,
    .isa_path = onednn_isa,
    .describe = onednn_describe,
};
