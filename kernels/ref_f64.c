/* ref_f64: the naive oracle every other kernel is checked against. */
#include "ref_f64.h"

#include <stdint.h>
#include <stdlib.h>

#include "f32_weights.h"
#include "kernel.h"

void ref_f64_gemm(const float *x, const float *w, size_t m, size_t n, size_t k, double *y,
                  int threads) {
    int64_t total = (int64_t)(m * n);
#pragma omp parallel for num_threads(threads) schedule(static)
    for (int64_t idx = 0; idx < total; idx++) {
        size_t i = (size_t)idx / n, j = (size_t)idx % n;
        const float *xr = x + i * k, *wr = w + j * k;
        double acc = 0.0;
        for (size_t kk = 0; kk < k; kk++) acc += (double)xr[kk] * (double)wr[kk];
        y[idx] = acc;
    }
}

static void ref_f64_run(const kernel_weights *pw, const float *x, size_t m, float *y,
                        int threads, void *workspace) {
    const f32_weights *fw = f32_weights_of(pw);
    double *acc = workspace;
    ref_f64_gemm(x, fw->w, m, fw->n, fw->k, acc, threads);
    for (size_t i = 0; i < m * fw->n; i++) y[i] = (float)acc[i];
}

static size_t ref_f64_workspace(const kernel_weights *pw, size_t m, int threads) {
    (void)threads;
    return m * f32_weights_of(pw)->n * sizeof(double);
}

const kernel kernel_ref_f64 = {
    .name = "ref_f64",
    .format = FORMAT_F32,
    .description = "naive loops, FP64 products and sums: the correctness oracle",
    .cpu_features = 0,
    .gate_bound = 1e-6,
    .max_k = 0,
    .pack = f32_weights_pack,
    .workspace_bytes = ref_f64_workspace,
    .run = ref_f64_run,
    .dequantize = f32_weights_dequantize,
    .free = f32_weights_free,
    .cost = f32_weights_cost,
};
