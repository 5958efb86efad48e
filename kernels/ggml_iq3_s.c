/* ggml_iq3_s: llama.cpp's ggml CPU kernel for iq3_s weights, measured through the
 * library its users run (kernels/ggml_engine.h). */
#include "ggml_engine.h"
#include "kernel.h"

static const ggml_variant ggml_iq3_s_variant = {.type = GG_TYPE_IQ3_S, .repack = false};

static bool ggml_iq3_s_available(char *why, size_t len) {
    return ggml_engine_available(&ggml_iq3_s_variant, why, len);
}

static const char *ggml_iq3_s_isa(void) { return ggml_engine_isa(&ggml_iq3_s_variant); }

static kernel_weights *ggml_iq3_s_pack(const float *w, size_t n, size_t k, const quant_params *qp,
                                   kernel_error *err) {
    (void)qp; /* ggml's format fixes block and scales */
    return ggml_engine_pack(&ggml_iq3_s_variant, w, n, k, err);
}

const kernel kernel_ggml_iq3_s = {
    .name = "ggml_iq3_s",
    .format = FORMAT_IQ3_S,
    .description = "llama.cpp ggml: IQ3_S lattice codebook (3.4375 bpw), X as q8_K",
    .peer = "llama.cpp",
    .available = ggml_iq3_s_available,
    .gate_bound = 1e-4, /* FP32 sums of per-block products */
    .max_k = 0,
    .pack = ggml_iq3_s_pack,
    .run = ggml_engine_run,
    .dequantize = ggml_engine_dequantize,
    .dequantize_activations = ggml_engine_dequantize_activations,
    .free = ggml_engine_free,
    .cost = ggml_engine_cost,
    .isa_path = ggml_iq3_s_isa,
    .describe = ggml_engine_describe,
};
