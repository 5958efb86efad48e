/* fp16_onednn: fp16 weights through oneDNN's matmul primitive, reordered once at pack
 * time into the layout it prefers (kernels/onednn_matmul.h). */
#include "kernel.h"
#include "onednn_matmul.h"

static bool fp16_onednn_available(char *why, size_t len) {
    return onednn_available(HALF_FP16, why, len);
}

static kernel_weights *fp16_onednn_pack(const float *w, size_t n, size_t k,
                                         const quant_params *qp, kernel_error *err) {
    (void)qp; /* nothing to choose: round to nearest even, no scales */
    return onednn_pack(HALF_FP16, w, n, k, err);
}

const kernel kernel_fp16_onednn = {
    .name = "fp16_onednn",
    .format = FORMAT_FP16,
    .description = "fp16 weights, oneDNN matmul (weights reordered once; X rounded to fp16 in the call)",
    .available = fp16_onednn_available,
    .gate_bound = 1e-4,
    .max_k = 0,
    .pack = fp16_onednn_pack,
    .workspace_bytes = onednn_workspace_bytes,
    .run = onednn_run,
    .dequantize = onednn_dequantize,
    .dequantize_activations = onednn_dequantize_activations,
    .free = onednn_free,
    .cost = onednn_cost,
    .isa_path = onednn_isa,
    .describe = onednn_describe,
};
