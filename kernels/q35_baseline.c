/*
 * q35_baseline: the seeds' 3.5-bit kernel as scalar C, the baseline that speedup ratios
 * divide by. Loop structure of the seeds' Fortran (matmul_3p5bit_awq): for every output
 * channel j and row i, walk K two weights at a time, take the pair byte, mask it with 0x7F,
 * split it into the 4-bit and the 3-bit code and sign-extend each with a comparison, and
 * accumulate in INT32. Layout, quantization and dequantization: kernels/q35_rows.h
 * (defaults as the seeds: per output channel, one scale/zero shared by both codes, FP32).
 * OpenMP over output channels with the case's thread count, so ratios against it compare
 * code, not thread counts.
 */
#include "kernel.h"
#include "q35_rows.h"

static void baseline_dot(const uint8_t *wrow, const int8_t *xq, size_t k0, size_t k1,
                         int32_t acc[2]) {
    int32_t a0 = 0, a1 = 0;
    size_t kk = k0;
    for (; kk + 1 < k1; kk += 2) {
        int raw7 = wrow[kk / 2] & 0x7F;
        int n1 = raw7 >> 3; /* first value: bits 6..3 */
        int n2 = raw7 & 7;  /* second value: bits 2..0 */
        if (n1 >= 8) n1 -= 16;
        if (n2 >= 4) n2 -= 8;
        a0 += xq[kk] * n1;
        a1 += xq[kk + 1] * n2;
    }
    if (kk < k1) { /* odd K: the last byte holds one value; nothing is read past k1 */
        int n1 = (wrow[kk / 2] & 0x7F) >> 3;
        if (n1 >= 8) n1 -= 16;
        a0 += xq[kk] * n1;
    }
    acc[0] = a0;
    acc[1] = a1;
}

static kernel_weights *baseline_pack(const float *w, size_t n, size_t k, const quant_params *qp,
                                     kernel_error *err) {
    return q35_rows_pack("q35_baseline", w, n, k, qp, err);
}

static void baseline_run(const kernel_weights *pw, const float *x, size_t m, float *y,
                         int threads, void *workspace) {
    q35_rows_compute(pw, x, m, y, NULL, threads, workspace, baseline_dot);
}

int q35_baseline_accumulate(const kernel_weights *pw, const float *x, size_t m, int threads,
                            int32_t *acc_out) {
    return q35_rows_accumulate(pw, x, m, threads, acc_out, baseline_dot);
}

const kernel kernel_q35_baseline = {
    .name = "q35_baseline",
    .format = FORMAT_Q35,
    .description = "seeds' 3.5-bit pair bytes, scalar C with the seeds' loops, INT8 x, INT32 sums",
    .cpu_features = 0,
    .gate_bound = 1e-4, /* FP32 sums over the scale groups */
    .max_k = Q35_ROWS_MAX_K,
    .pack = baseline_pack,
    .workspace_bytes = q35_rows_workspace,
    .run = baseline_run,
    .dequantize = q35_rows_dequantize,
    .dequantize_activations = q35_rows_dequantize_activations,
    .free = q35_rows_free,
    .cost = q35_rows_cost,
    .describe = q35_rows_describe,
};
