/* int4_baseline: INT4 weights x INT8 activations, scalar C; see kernels/int4_baseline.h. */
#include "int4_baseline.h"

#include <stdlib.h>

#include "formats/quant.h"
#include "int4_format.h"

int32_t int4_baseline_dot(const uint8_t *row, const int8_t *xq, size_t k0, size_t k1) {
    int32_t acc = 0;
    size_t kk = k0;
    for (; kk + 1 < k1; kk += 2) {
        unsigned b = row[kk >> 1];
        acc += (int32_t)xq[kk] * int4_lo(b) + (int32_t)xq[kk + 1] * int4_hi(b);
    }
    if (kk < k1) acc += (int32_t)xq[kk] * int4_lo(row[kk >> 1]); /* odd trailing weight */
    return acc;
}

static size_t group_end(const int4_weights *iw, size_t g) {
    size_t end = (g + 1) * iw->group;
    return end < iw->k ? end : iw->k;
}

static void group_sums(const int4_weights *iw, const int8_t *xq, size_t m, int32_t *xsum) {
    for (size_t i = 0; i < m; i++)
        for (size_t g = 0; g < iw->groups; g++) {
            int32_t s = 0;
            for (size_t kk = g * iw->group; kk < group_end(iw, g); kk++) s += xq[i * iw->k + kk];
            xsum[i * iw->groups + g] = s;
        }
}

void int4_baseline_accumulators(const kernel_weights *pw, const int8_t *xq, size_t m,
                                int32_t *acc, int32_t *xsum) {
    const int4_weights *iw = int4_weights_of(pw);
    size_t n = iw->n, k = iw->k, groups = iw->groups;
    group_sums(iw, xq, m, xsum);
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++)
            for (size_t g = 0; g < groups; g++)
                acc[(i * n + j) * groups + g] = int4_baseline_dot(
                    iw->codes + j * iw->row_bytes, xq + i * k, g * iw->group, group_end(iw, g));
}

/* Workspace: X's codes (M x K), its scales (M) and group sums (M x G), each 64-aligned. */
static size_t ws_codes_bytes(size_t m, size_t k) { return (m * k + 63) / 64 * 64; }
static size_t ws_scales_bytes(size_t m) { return (m * sizeof(float) + 63) / 64 * 64; }

static size_t int4_baseline_workspace(const kernel_weights *pw, size_t m, int threads) {
    (void)threads;
    const int4_weights *iw = int4_weights_of(pw);
    return ws_codes_bytes(m, iw->k) + ws_scales_bytes(m) + m * iw->groups * sizeof(int32_t);
}

static void int4_baseline_run(const kernel_weights *pw, const float *x, size_t m, float *y,
                              int threads, void *workspace) {
    const int4_weights *iw = int4_weights_of(pw);
    size_t n = iw->n, k = iw->k, groups = iw->groups;
    int8_t *xq = workspace;
    float *sx = (float *)((char *)workspace + ws_codes_bytes(m, k));
    int32_t *xsum = (int32_t *)((char *)sx + ws_scales_bytes(m));
    for (size_t i = 0; i < m; i++) sx[i] = quant_int8_row(x + i * k, k, xq + i * k);
    group_sums(iw, xq, m, xsum);
#pragma omp parallel for num_threads(threads) schedule(static)
    for (int64_t jj = 0; jj < (int64_t)n; jj++) {
        size_t j = (size_t)jj;
        const uint8_t *row = iw->codes + j * iw->row_bytes;
        for (size_t i = 0; i < m; i++) {
            const int8_t *xr = xq + i * k;
            float total = 0.0f;
            for (size_t g = 0; g < groups; g++) {
                int32_t acc = int4_baseline_dot(row, xr, g * iw->group, group_end(iw, g));
                total += int4_scale(iw, j, g) * (float)acc +
                         int4_zero(iw, j, g) * (float)xsum[i * groups + g];
            }
            y[i * n + j] = sx[i] * total;
        }
    }
}

const kernel kernel_int4_baseline = {
    .name = "int4_baseline",
    .format = "int4",
    .description = "INT4 weights (sym/asym, per group or channel) x INT8 activations, "
                   "scalar C, INT32 sums per group, OpenMP over output channels",
    .cpu_features = 0,
    .gate_bound = 1e-5,
    .max_k = INT4_MAX_SAFE_K,
    .pack = int4_weights_pack,
    .workspace_bytes = int4_baseline_workspace,
    .run = int4_baseline_run,
    .dequantize = int4_weights_dequantize,
    .dequantize_activations = int4_dequantize_activations,
    .free = int4_weights_free,
    .cost = int4_weights_cost,
    .describe = int4_weights_describe,
};
