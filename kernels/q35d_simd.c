/*
 * q35d_simd: the q35 codes (4-bit first, 3-bit second of every pair) stored densely at
 * 3.5 bits per weight as bit planes (formats/qtile.h, layout "q35d": per 16 channels x 64 k,
 * a 4-bit plane for the even k and a 2-bit plus a 1-bit plane for the odd k, 448 bytes),
 * run by the qk engine (kernels/qk.h). Defaults: groups of 128 along K with separate FP16
 * scale and zero for the 4-bit and the 3-bit codes (so the 3-bit codes never clip);
 * group sizes must be multiples of 64.
 */
#include "kernel.h"
#include "qk.h"

static const qparams_defaults q35d_simd_defaults = {
    .group = 128, .split = true, .symmetric = false, .fp16 = true,
};

static kernel_weights *q35d_simd_pack(const float *w, size_t n, size_t k,
                                      const quant_params *qp, kernel_error *err) {
    return qk_pack("q35d_simd", &qtile_q35d, &q35d_simd_defaults, w, n, k, qp, err);
}

const kernel kernel_q35d_simd = {
    .name = "q35d_simd",
    .format = FORMAT_Q35D,
    .description = "3.5-bit codes as bit planes (codes 3.5 bits/weight, scales extra), OpenMP + AVX-512 VNNI/AVX2",
    .cpu_features = 0,
    .gate_bound = 1e-4, /* FP32 sums over the scale groups */
    .max_k = QK_MAX_K,
    .pack = q35d_simd_pack,
    .workspace_bytes = qk_workspace,
    .run = qk_run,
    .dequantize = qk_dequantize,
    .dequantize_activations = qk_dequantize_activations,
    .free = qk_free,
    .cost = qk_cost,
    .isa_path = qk_isa_name,
    .describe = qk_describe,
};
