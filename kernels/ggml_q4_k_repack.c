/* ggml_q4_k_repack: llama.cpp's ggml CPU kernel for q4_K weights, measured through the
 * library its users run (kernels/ggml_engine.h). */
#include "ggml_engine.h"
#include "kernel.h"

static const ggml_variant ggml_q4_k_repack_variant = {.type = GG_TYPE_Q4_K, .repack = true};

static bool ggml_q4_k_repack_available(char *why, size_t len) {
    return ggml_engine_available(&ggml_q4_k_repack_variant, why, len);
}

static const char *ggml_q4_k_repack_isa(void) { return ggml_engine_isa(&ggml_q4_k_repack_variant); }

static kernel_weights *ggml_q4_k_repack_pack(const float *w, size_t n, size_t k, const quant_params *qp,
                                   kernel_error *err) {
    (void)qp; /* ggml's format fixes block and scales */
    return ggml_engine_pack(&ggml_q4_k_repack_variant, w, n, k, err);
}

const kernel kernel_ggml_q4_k_repack = {
    .name = "ggml_q4_k_repack",
    .format = FORMAT_Q4_K,
    .description = "llama.cpp ggml: Q4_K repacked 8 rows interleaved (CPU_REPACK), X as q8_K",
    .peer = "llama.cpp",
    .available = ggml_q4_k_repack_available,
    .gate_bound = 1e-4, /* FP32 sums of per-block products */
    .max_k = 0,
    .pack = ggml_q4_k_repack_pack,
    .run = ggml_engine_run,
    .dequantize = ggml_engine_dequantize,
    .dequantize_activations = ggml_engine_dequantize_activations,
    .free = ggml_engine_free,
    .cost = ggml_engine_cost,
    .isa_path = ggml_q4_k_repack_isa,
    .describe = ggml_engine_describe,
};
