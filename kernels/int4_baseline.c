/* int4_baseline: INT4 weights x INT8 activations, scalar C; see kernels/int4_baseline.h. */
#include "int4_baseline.h"

#include <omp.h>
#include <stdlib.h>

#include "formats/quant.h"
#include "int4_format.h"

void int4_baseline_unpack_row(const kernel_weights *pw, size_t j, int8_t *codes) {
    const int4_weights *iw = int4_weights_of(pw);
    const uint8_t *row = iw->codes + j * iw->row_bytes;
    size_t k = iw->k, kk = 0;
    for (; kk + 1 < k; kk += 2) {
        unsigned b = row[kk >> 1];
        codes[kk] = (int8_t)int4_lo(b);
        codes[kk + 1] = (int8_t)int4_hi(b);
    }
    if (kk < k) codes[kk] = (int8_t)int4_lo(row[kk >> 1]); /* odd trailing weight */
}

int32_t int4_baseline_dot(const int8_t *w, const int8_t *x, size_t len) {
    int32_t acc = 0;
    for (size_t t = 0; t < len; t++) acc += (int32_t)w[t] * (int32_t)x[t];
    return acc;
}

static size_t group_len(const int4_weights *iw, size_t g) {
    size_t begin = g * iw->group;
    return iw->k - begin < iw->group ? iw->k - begin : iw->group;
}

static void group_sums(const int4_weights *iw, const int8_t *xq, size_t m, int32_t *xsum) {
    for (size_t i = 0; i < m; i++)
        for (size_t g = 0; g < iw->groups; g++) {
            const int8_t *xg = xq + i * iw->k + g * iw->group;
            int32_t s = 0;
            for (size_t t = 0; t < group_len(iw, g); t++) s += xg[t];
            xsum[i * iw->groups + g] = s;
        }
}

void int4_baseline_accumulators(const kernel_weights *pw, const int8_t *xq, size_t m,
                                int32_t *acc, int32_t *xsum) {
    const int4_weights *iw = int4_weights_of(pw);
    size_t n = iw->n, k = iw->k, groups = iw->groups;
    int8_t *codes = malloc(k);
    if (!codes) abort(); /* test entry point only */
    group_sums(iw, xq, m, xsum);
    for (size_t j = 0; j < n; j++) {
        int4_baseline_unpack_row(pw, j, codes);
        for (size_t i = 0; i < m; i++)
            for (size_t g = 0; g < groups; g++)
                acc[(i * n + j) * groups + g] = int4_baseline_dot(
                    codes + g * iw->group, xq + i * k + g * iw->group, group_len(iw, g));
    }
    free(codes);
}

/* Workspace, each part 64-byte aligned: X's codes (M x K), its scales (M), its group sums
 * (M x G), and per thread one unpacked weight row (K codes) with its G scales and zeros
 * as FP32. */
static size_t r64(size_t b) { return (b + 63) / 64 * 64; }

static size_t per_thread_bytes(const int4_weights *iw) {
    return r64(iw->k) + 2 * r64(iw->groups * sizeof(float));
}

static size_t int4_baseline_workspace(const kernel_weights *pw, size_t m, int threads) {
    const int4_weights *iw = int4_weights_of(pw);
    size_t t = threads > 0 ? (size_t)threads : 1;
    return r64(m * iw->k) + r64(m * sizeof(float)) + r64(m * iw->groups * sizeof(int32_t)) +
           t * per_thread_bytes(iw);
}

static void int4_baseline_run(const kernel_weights *pw, const float *x, size_t m, float *y,
                              int threads, void *workspace) {
    const int4_weights *iw = int4_weights_of(pw);
    size_t n = iw->n, k = iw->k, groups = iw->groups;
    char *ws = workspace;
    int8_t *xq = (int8_t *)ws;
    float *sx = (float *)(ws + r64(m * k));
    int32_t *xsum = (int32_t *)(ws + r64(m * k) + r64(m * sizeof(float)));
    int8_t *rows = (int8_t *)(ws + r64(m * k) + r64(m * sizeof(float)) +
                              r64(m * groups * sizeof(int32_t)));
    for (size_t i = 0; i < m; i++) sx[i] = quant_int8_row(x + i * k, k, xq + i * k);
    group_sums(iw, xq, m, xsum);
#pragma omp parallel num_threads(threads)
    {
        int8_t *codes = rows + (size_t)omp_get_thread_num() * per_thread_bytes(iw);
        float *scale = (float *)(codes + r64(k));
        float *zero = scale + r64(groups * sizeof(float)) / sizeof(float);
#pragma omp for schedule(static)
        for (int64_t jj = 0; jj < (int64_t)n; jj++) {
            size_t j = (size_t)jj;
            int4_baseline_unpack_row(pw, j, codes);
            for (size_t g = 0; g < groups; g++) {
                scale[g] = int4_scale(iw, j, g);
                zero[g] = int4_zero(iw, j, g);
            }
            for (size_t i = 0; i < m; i++) {
                const int8_t *xr = xq + i * k;
                float total = 0.0f;
                for (size_t g = 0; g < groups; g++) {
                    size_t k0 = g * iw->group;
                    int32_t acc = int4_baseline_dot(codes + k0, xr + k0, group_len(iw, g));
                    total += scale[g] * (float)acc + zero[g] * (float)xsum[i * groups + g];
                }
                y[i * n + j] = sx[i] * total;
            }
        }
    }
}

const kernel kernel_int4_baseline = {
    .name = "int4_baseline",
    .format = FORMAT_INT4,
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
