/*
 * fp16_blas and bf16_blas: weights stored as IEEE half or bfloat16 (2 bytes per weight, the
 * traffic of the call), multiplied through OpenBLAS.
 *
 * Layout: W is N x K row-major uint16_t, rows contiguous (row stride K), 64-byte aligned.
 *
 * run() (the "convert" path, used unless the sbgemm path below is selected):
 *   OpenMP over blocks of rb rows with the case's thread count (dynamic schedule); for each
 *   block and each K-panel of at most kc columns, the thread converts the rb x kc panel to
 *   FP32 in its own slice of the workspace (the SIMD codec of kernels/half_convert.h) and
 *   calls single-threaded OpenBLAS: cblas_sgemv for M = 1, cblas_sgemm for M > 1, with
 *   beta = 1 from the second K-panel on. The panel stays in the core's cache while BLAS
 *   reads it, so the conversion costs no extra DRAM traffic, and for M > 1 it is paid once
 *   per weight for all M rows of X. The blocking depends only on the shape and M, never
 *   on the thread count, so Y is the same bits at any thread count.
 *
 * sbgemm path (bf16 only): where the loaded OpenBLAS exports cblas_sbgemm (looked up with
 * dlsym at pack time; Debian 12's 0.3.21 declares it in cblas.h but does not export it)
 * and the CPU has AVX-512 BF16, X is rounded to BF16 inside the timed call and one
 * cblas_sbgemm call runs with OpenBLAS's own threads set to the case's count. Its
 * dequantize_activations then returns the BF16-rounded X.
 *
 * The path that ran is in isa_path() ("avx512+sgemm", "avx512bf16+sbgemm", ...) and
 * describe().
 */
#ifndef Q35_HALF_BLAS_H
#define Q35_HALF_BLAS_H

#include <stdbool.h>

#include "half_convert.h"
#include "kernel.h"

/* Rows per block and columns per K-panel that run() uses for this shape and M. */
void half_blas_blocking(size_t n, size_t k, size_t m, size_t *rb, size_t *kc);

/* True when cblas_sbgemm can be called here (exported by the loaded OpenBLAS). */
bool half_blas_sbgemm_exported(void);

kernel_weights *half_blas_pack(half_kind kind, const float *w, size_t n, size_t k,
                               kernel_error *err);
size_t half_blas_workspace_bytes(const kernel_weights *pw, size_t m, int threads);
void half_blas_run(const kernel_weights *pw, const float *x, size_t m, float *y, int threads,
                   void *workspace);
void half_blas_dequantize(const kernel_weights *pw, size_t row0, size_t rows, float *w_out);
void half_blas_dequantize_activations(const kernel_weights *pw, const float *x, size_t m,
                                      float *x_out);
void half_blas_free(kernel_weights *pw);
kernel_cost half_blas_cost(const kernel_weights *pw, size_t m);
void half_blas_describe(const kernel_weights *pw, char *buf, size_t len);
/* The path pack() selects on this CPU now, e.g. "avx512+sgemm". */
const char *half_blas_isa(half_kind kind);

#endif
