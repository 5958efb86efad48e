/* A test-only kernel: FP32 with four partial sums. tests/e2e_add_kernel.sh copies this file
 * into kernels/ of a scratch copy of the repository and adds one line to the registry, to
 * prove that one file plus one line is all a new variant needs. */
#include <stdint.h>

#include "f32_weights.h"
#include "kernel.h"

static void f32_unrolled_run(const kernel_weights *pw, const float *x, size_t m, float *y,
                             int threads, void *workspace) {
    (void)workspace;
    const f32_weights *fw = f32_weights_of(pw);
    size_t n = fw->n, k = fw->k;
#pragma omp parallel for num_threads(threads) schedule(static)
    for (int64_t j = 0; j < (int64_t)n; j++)
        for (size_t i = 0; i < m; i++) {
            const float *a = x + i * k, *b = fw->w + (size_t)j * k;
            float s[4] = {0, 0, 0, 0};
            size_t kk = 0;
            for (; kk + 4 <= k; kk += 4)
                for (int l = 0; l < 4; l++) s[l] += a[kk + l] * b[kk + l];
            for (; kk < k; kk++) s[0] += a[kk] * b[kk];
            y[i * n + (size_t)j] = (s[0] + s[1]) + (s[2] + s[3]);
        }
}

const kernel kernel_f32_unrolled = {
    .name = "f32_unrolled",
    .format = FORMAT_F32,
    .description = "test-only: FP32 with four partial sums",
    .gate_bound = 1e-4,
    .pack = f32_weights_pack,
    .run = f32_unrolled_run,
    .dequantize = f32_weights_dequantize,
    .free = f32_weights_free,
    .cost = f32_weights_cost,
};
