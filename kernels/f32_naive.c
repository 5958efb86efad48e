/* f32_naive: the textbook loop with FP32 accumulation, threads over output channels. */
#include <stdint.h>

#include "f32_weights.h"
#include "kernel.h"

static void f32_naive_run(const kernel_weights *pw, const float *x, size_t m, float *y,
                          int threads, void *workspace) {
    (void)workspace;
    const f32_weights *fw = f32_weights_of(pw);
    size_t n = fw->n, k = fw->k;
#pragma omp parallel for num_threads(threads) schedule(static)
    for (int64_t j = 0; j < (int64_t)n; j++) {
        const float *wr = fw->w + (size_t)j * k;
        for (size_t i = 0; i < m; i++) {
            const float *xr = x + i * k;
            float acc = 0.0f;
            for (size_t kk = 0; kk < k; kk++) acc += xr[kk] * wr[kk];
            y[i * n + (size_t)j] = acc;
        }
    }
}

const kernel kernel_f32_naive = {
    .name = "f32_naive",
    .format = FORMAT_F32,
    .description = "textbook loops, FP32 sums in order, OpenMP over output channels",
    .cpu_features = 0,
    .gate_bound = 1e-4,
    .pack = f32_weights_pack,
    .run = f32_naive_run,
    .dequantize = f32_weights_dequantize,
    .free = f32_weights_free,
    .cost = f32_weights_cost,
};
