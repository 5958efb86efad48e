/* ggml_bf16: llama.cpp's ggml CPU kernel for bf16 weights, measured through the
 * library its users run (kernels/ggml_engine.h). */
#include "ggml_engine.h"
#include "kernel.h"

static const ggml_variant ggml_bf16_variant = {.type = GG_TYPE_BF16, .repack = false};

static bool ggml_bf16_available(char *why, size_t len) {
    return ggml_engine_available(&ggml_bf16_variant, why, len);
}

static const char *ggml_bf16_isa(void) { return ggml_engine_isa(&ggml_bf16_variant); }

static kernel_weights *ggml_bf16_pack(const float *w, size_t n, size_t k, const quant_params *qp,
                                   kernel_error *err) {
    (void)qp; /* ggml's format fixes block and scales */
    return ggml_engine_pack(&ggml_bf16_variant, w, n, k, err);
}

const kernel kernel_ggml_bf16 = {
    .name = "ggml_bf16",
    .format = FORMAT_BF16,
    .description = "llama.cpp ggml: bfloat16 weights, X converted to bf16 by ggml",
    .peer = "llama.cpp",
    .available = ggml_bf16_available,
    .gate_bound = 1e-4, /* FP32 sums of per-block products */
    .max_k = 0,
    .pack = ggml_bf16_pack,
    .run = ggml_engine_run,
    .dequantize = ggml_engine_dequantize,
    .dequantize_activations = ggml_engine_dequantize_activations,
    .free = ggml_engine_free,
    .cost = ggml_engine_cost,
    .isa_path = ggml_bf16_isa,
    .describe = ggml_engine_describe,
};
