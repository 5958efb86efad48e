/* A test-only kernel that is deliberately wrong: it skips the last input of every dot
 * product. The correctness gate must mark every case of it FAILED and the run must exit 1. */
#include <stdint.h>

#include "f32_weights.h"
#include "kernel.h"

static void f32_wrong_run(const kernel_weights *pw, const float *x, size_t m, float *y,
                          int threads, void *workspace) {
    (void)workspace;
    const f32_weights *fw = f32_weights_of(pw);
    size_t n = fw->n, k = fw->k;
#pragma omp parallel for num_threads(threads) schedule(static)
    for (int64_t j = 0; j < (int64_t)n; j++)
        for (size_t i = 0; i < m; i++) {
            float acc = 0.0f;
            for (size_t kk = 0; kk + 1 < k; kk++) acc += x[i * k + kk] * fw->w[(size_t)j * k + kk];
            y[i * n + (size_t)j] = acc;
        }
}

const kernel kernel_f32_wrong = {
    .name = "f32_wrong",
    .format = FORMAT_F32,
    .description = "test-only: drops the last term of every dot product",
    .gate_bound = 1e-4,
    .pack = f32_weights_pack,
    .run = f32_wrong_run,
    .dequantize = f32_weights_dequantize,
    .free = f32_weights_free,
    .cost = f32_weights_cost,
};
