/*
 * int4_simd: 4-bit codes, two per byte (formats/qtile.h, layout "int4": offset codes
 * code + 8, 16 channels x 4 bytes per 64-byte block), run by the qk engine
 * (kernels/qk.h). Defaults: symmetric as the seeds' INT4 (scale = max|w| / 7, codes clipped
 * to -8..7) in groups of 128 along K (as AWQ/GPTQ) with FP16 scales; --symmetry asymmetric
 * and --group-size channel give the other variants. Group sizes must be multiples of 8.
 */
#include "kernel.h"
#include "qk.h"

static const qparams_defaults int4_simd_defaults = {
    .group = 128, .split = false, .symmetric = true, .fp16 = true,
};

static kernel_weights *int4_simd_pack(const float *w, size_t n, size_t k, const quant_params *qp,
                                      kernel_error *err) {
    return qk_pack("int4_simd", &qtile_int4, &int4_simd_defaults, w, n, k, qp, err);
}

const kernel kernel_int4_simd = {
    .name = "int4_simd",
    .format = FORMAT_INT4,
    .description = "INT4 nibble pairs, 16-channel interleave, OpenMP + AVX-512 VNNI/AVX2",
    .cpu_features = 0,
    .gate_bound = 1e-4, /* FP32 sums over the scale groups */
    .max_k = QK_MAX_K,
    .pack = int4_simd_pack,
    .workspace_bytes = qk_workspace,
    .run = qk_run,
    .dequantize = qk_dequantize,
    .dequantize_activations = qk_dequantize_activations,
    .free = qk_free,
    .cost = qk_cost,
    .isa_path = qk_isa_name,
    .describe = qk_describe,
};
