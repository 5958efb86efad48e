/* f32_blas: OpenBLAS sgemv for M = 1 and sgemm otherwise, with OpenBLAS's own threads. */
#include <cblas.h>
#include <stdio.h>

#include "f32_weights.h"
#include "kernel.h"

static void f32_blas_run(const kernel_weights *pw, const float *x, size_t m, float *y,
                         int threads, void *workspace) {
    (void)workspace;
    const f32_weights *fw = f32_weights_of(pw);
    blasint n = (blasint)fw->n, k = (blasint)fw->k;
    /* Cheap when unchanged; OpenBLAS keeps its pool between calls. */
    if (openblas_get_num_threads() != threads) openblas_set_num_threads(threads);
    if (m == 1)
        cblas_sgemv(CblasRowMajor, CblasNoTrans, n, k, 1.0f, fw->w, k, x, 1, 0.0f, y, 1);
    else
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (blasint)m, n, k, 1.0f, x, k,
                    fw->w, k, 0.0f, y, n);
}

static void f32_blas_describe(const kernel_weights *pw, char *buf, size_t len) {
    (void)pw;
    snprintf(buf, len, "openblas_threads=%d openblas_core=%s", openblas_get_num_threads(),
             openblas_get_corename());
}

/* OpenBLAS dispatches by itself at load time; its choice is the path that runs. */
static const char *f32_blas_isa(void) { return openblas_get_corename(); }

const kernel kernel_f32_blas = {
    .name = "f32_blas",
    .format = FORMAT_F32,
    .description = "OpenBLAS cblas_sgemv (M = 1) or cblas_sgemm, thread count set per case",
    .cpu_features = 0,
    .gate_bound = 1e-4,
    .pack = f32_weights_pack,
    .run = f32_blas_run,
    .dequantize = f32_weights_dequantize,
    .free = f32_weights_free,
    .cost = f32_weights_cost,
    .isa_path = f32_blas_isa,
    .describe = f32_blas_describe,
};
