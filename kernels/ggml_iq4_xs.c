/* ggml_iq4_xs: llama.cpp's ggml CPU kernel for iq4_xs weights, measured through the
 * library its users run (kernels/ggml_engine.h). */
#include "ggml_engine.h"
#include "kernel.h"

static const ggml_variant ggml_iq4_xs_variant = {.type = GG_TYPE_IQ4_XS, .repack = false};

static bool ggml_iq4_xs_available(char *why, size_t len) {
    return ggml_engine_available(&ggml_iq4_xs_variant, why, len);
}

static const char *ggml_iq4_xs_isa(void) { return ggml_engine_isa(&ggml_iq4_xs_variant); }

static kernel_weights *ggml_iq4_xs_pack(const float *w, size_t n, size_t k, const quant_params *qp,
                                   kernel_error *err) {
    (void)qp; /* ggml's format fixes block and scales */
    return ggml_engine_pack(&ggml_iq4_xs_variant, w, n, k, err);
}

const kernel kernel_ggml_iq4_xs = {
    .name = "ggml_iq4_xs",
    .format = FORMAT_IQ4_XS,
    .description = "llama.cpp ggml: IQ4_XS non-uniform 4-bit (4.25 bpw), X as q8_K",
    .peer = "llama.cpp",
    .available = ggml_iq4_xs_available,
    .gate_bound = 1e-4, /* FP32 sums of per-block products */
    .max_k = 0,
    .pack = ggml_iq4_xs_pack,
    .run = ggml_engine_run,
    .dequantize = ggml_engine_dequantize,
    .dequantize_activations = ggml_engine_dequantize_activations,
    .free = ggml_engine_free,
    .cost = ggml_engine_cost,
    .isa_path = ggml_iq4_xs_isa,
    .describe = ggml_engine_describe,
};
