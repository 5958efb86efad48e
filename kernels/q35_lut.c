/*
 * q35_lut: the seeds' lookup-table idea ("lookup tables for branch elimination"): a
 * 128-entry table maps the low 7 bits of a pair byte straight to its two sign-extended
 * codes, replacing the shifts, masks and comparisons of q35_baseline. Everything else
 * (layout, loops, activation quantization, dequantization) is q35_baseline's
 * (kernels/q35_rows.h).
 */
#include "kernel.h"
#include "q35_rows.h"

/* lut[b] = {first code, second code} of the pair byte b (bits 6..3 and 2..0). */
#define Q35_LUT_ENTRY(b) \
    {(int8_t)((((b) >> 3) & 15) - ((((b) >> 3) & 8) << 1)), (int8_t)(((b)&7) - (((b)&4) << 1))}
#define Q35_LUT_4(b) Q35_LUT_ENTRY(b), Q35_LUT_ENTRY(b + 1), Q35_LUT_ENTRY(b + 2), Q35_LUT_ENTRY(b + 3)
#define Q35_LUT_16(b) Q35_LUT_4(b), Q35_LUT_4(b + 4), Q35_LUT_4(b + 8), Q35_LUT_4(b + 12)
static const int8_t q35_lut[128][2] = {
    Q35_LUT_16(0),  Q35_LUT_16(16), Q35_LUT_16(32), Q35_LUT_16(48),
    Q35_LUT_16(64), Q35_LUT_16(80), Q35_LUT_16(96), Q35_LUT_16(112),
};

static void lut_dot(const uint8_t *wrow, const int8_t *xq, size_t k0, size_t k1,
                    int32_t acc[2]) {
    int32_t a0 = 0, a1 = 0;
    size_t kk = k0;
    for (; kk + 1 < k1; kk += 2) {
        const int8_t *c = q35_lut[wrow[kk / 2] & 0x7F];
        a0 += xq[kk] * c[0];
        a1 += xq[kk + 1] * c[1];
    }
    if (kk < k1) a0 += xq[kk] * q35_lut[wrow[kk / 2] & 0x7F][0];
    acc[0] = a0;
    acc[1] = a1;
}

static kernel_weights *lut_pack(const float *w, size_t n, size_t k, const quant_params *qp,
                                kernel_error *err) {
    return q35_rows_pack("q35_lut", w, n, k, qp, err);
}

static void lut_run(const kernel_weights *pw, const float *x, size_t m, float *y, int threads,
                    void *workspace) {
    q35_rows_compute(pw, x, m, y, NULL, threads, workspace, lut_dot);
}

int q35_lut_accumulate(const kernel_weights *pw, const float *x, size_t m, int threads,
                       int32_t *acc_out) {
    return q35_rows_accumulate(pw, x, m, threads, acc_out, lut_dot);
}

const kernel kernel_q35_lut = {
    .name = "q35_lut",
    .format = FORMAT_Q35,
    .description = "seeds' 3.5-bit pair bytes, 128-entry byte-to-codes lookup table, scalar C",
    .cpu_features = 0,
    .gate_bound = 1e-4, /* FP32 sums over the scale groups */
    .max_k = Q35_ROWS_MAX_K,
    .pack = lut_pack,
    .workspace_bytes = q35_rows_workspace,
    .run = lut_run,
    .dequantize = q35_rows_dequantize,
    .dequantize_activations = q35_rows_dequantize_activations,
    .free = q35_rows_free,
    .cost = q35_rows_cost,
    .describe = q35_rows_describe,
};
