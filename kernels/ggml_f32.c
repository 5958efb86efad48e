/* ggml_f32: llama.cpp's ggml CPU kernel for f32 weights, measured through the
 * library its users run (kernels/ggml_engine.h). */
#include "ggml_engine.h"
#include "kernel.h"

static const ggml_variant ggml_f32_variant = {.type = GG_TYPE_F32, .repack = false};

static bool ggml_f32_available(char *why, size_t len) {
    return ggml_engine_available(&ggml_f32_variant, why, len);
}

static const char *ggml_f32_isa(void) { return ggml_engine_isa(&ggml_f32_variant); }

static kernel_weights *ggml_f32_pack(const float *w, size_t n, size_t k, const quant_params *qp,
                                   kernel_error *err) {
    (void)qp; /* ggml's format fixes block and scales */
    return ggml_engine_pack(&ggml_f32_variant, w, n, k, err);
}

const kernel kernel_ggml_f32 = {
    .name = "ggml_f32",
    .format = FORMAT_F32,
    .description = "llama.cpp ggml: FP32 weights, ggml_mul_mat on the CPU backend",
    .peer = "llama.cpp",
    .available = ggml_f32_available,
    .gate_bound = 1e-4, /* FP32 sums of per-block products */
    .max_k = 0,
    .pack = ggml_f32_pack,
    .run = ggml_engine_run,
    .dequantize = ggml_engine_dequantize,
    .dequantize_activations = ggml_engine_dequantize_activations,
    .free = ggml_engine_free,
    .cost = ggml_engine_cost,
    .isa_path = ggml_f32_isa,
    .describe = ggml_engine_describe,
};
