/*
 * bf16_onednn and fp16_onednn: half-precision weights multiplied by oneDNN's matmul
 * primitive (Debian libdnnl-dev; the 2.x C API), native BF16 on AVX512_BF16 through its
 * brgemm kernels. Kept beside the OpenBLAS ones (kernels/half_blas.h) for comparison.
 *
 *   pack   W rounded to the half type (N x K, round to nearest even), then reordered once
 *          into the layout oneDNN's matmul prefers for it (weights desc "any" of a
 *          primitive for this shape), as inference runtimes do at load time. The
 *          reordered weights are reordered back once to N x K: what dequantize returns is
 *          what the primitive multiplies.
 *   run    X rounded to the half type inside the timed call (oneDNN 2.6 has no f32 x bf16
 *          matmul), then one matmul with FP32 output, on `threads` OpenMP threads (oneDNN
 *          runs on the OpenMP runtime: omp_set_num_threads, restored after the call). The
 *          primitive for (M, threads) is made on the first call with that pair and kept.
 *   dequantize_activations  X rounded to the half type.
 *
 * available(): a small matmul of the type must have an implementation on this CPU (oneDNN
 * 2.6.3 has none for FP16 on the project's Zen 5 VM, so fp16_onednn is unavailable there,
 * with that reason). Built against oneDNN 3.x (whose C API replaced the descriptors used
 * here) the variants compile and say they are unavailable.
 */
#ifndef Q35_ONEDNN_MATMUL_H
#define Q35_ONEDNN_MATMUL_H

#include <stdbool.h>

#include "half_convert.h"
#include "kernel.h"

bool onednn_available(half_kind kind, char *why, size_t len);
/* "onednn-<effective ISA>", e.g. "onednn-avx512_core_bf16". */
const char *onednn_isa(void);

kernel_weights *onednn_pack(half_kind kind, const float *w, size_t n, size_t k,
                            kernel_error *err);
size_t onednn_workspace_bytes(const kernel_weights *pw, size_t m, int threads);
void onednn_run(const kernel_weights *pw, const float *x, size_t m, float *y, int threads,
                void *workspace);
void onednn_dequantize(const kernel_weights *pw, size_t row0, size_t rows, float *w_out);
void onednn_dequantize_activations(const kernel_weights *pw, const float *x, size_t m,
                                   float *x_out);
void onednn_free(kernel_weights *pw);
kernel_cost onednn_cost(const kernel_weights *pw, size_t m);
void onednn_describe(const kernel_weights *pw, char *buf, size_t len);

#endif
