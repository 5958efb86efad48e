/*
 * q35_simd: the seeds' 3.5-bit pair bytes (formats/q35.h), repacked 16 output channels x 4
 * pairs per 64-byte block (formats/qtile.h, layout "q35": the same bytes, interleaved), run
 * by the qk engine (kernels/qk.h): OpenMP over 16-channel tiles, AVX-512 VNNI or AVX2
 * decoding at run time with a portable C fallback, M = 1 and blocks of rows for M > 1.
 * Defaults as the seeds: one scale and zero per output channel shared by both codes, FP32.
 */
#include "kernel.h"
#include "qk.h"

static const qparams_defaults q35_simd_defaults = {
    .group = 0, .split = false, .symmetric = false, .fp16 = false,
};

static kernel_weights *q35_simd_pack(const float *w, size_t n, size_t k, const quant_params *qp,
                                     kernel_error *err) {
    return qk_pack("q35_simd", &qtile_q35, &q35_simd_defaults, w, n, k, qp, err);
}

const kernel kernel_q35_simd = {
    .name = "q35_simd",
    .format = FORMAT_Q35,
    .description = "seeds' 3.5-bit pair bytes, 16-channel interleave, OpenMP + AVX-512 VNNI/AVX2",
    .cpu_features = 0,
    .gate_bound = 1e-4, /* FP32 sums over the scale groups */
    .max_k = QK_MAX_K,
    .pack = q35_simd_pack,
    .workspace_bytes = qk_workspace,
    .run = qk_run,
    .dequantize = qk_dequantize,
    .dequantize_activations = qk_dequantize_activations,
    .free = qk_free,
    .cost = qk_cost,
    .isa_path = qk_isa_name,
    .describe = qk_describe,
};
