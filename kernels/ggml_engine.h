/*
 * The peer kernels: llama.cpp's ggml CPU kernels behind q35bench's kernel contract. Each
 * variant (kernels/ggml_*.c) names a ggml weight type and whether its weights go to ggml's
 * CPU_REPACK buffer (the interleaved layout llama.cpp uses for inference where it applies).
 *
 *   pack        ggml's own quantizer (ggml_quantize_chunk, rows in parallel) into memory
 *               from weights_alloc, like every kernel's; a ggml tensor over those bytes
 *               (ggml_backend_cpu_buffer_from_ptr), or, for repack, a tensor in the
 *               CPU_REPACK buffer set from them (ggml repacks in ggml_backend_tensor_set).
 *               The plain bytes are kept: the gate's dequantize reads them.
 *   run         Y = X W^T as a one-node ggml graph (ggml_mul_mat) on the CPU backend, with a
 *               ggml thread pool of the case's thread count (ggml_threadpool_new, as
 *               llama.cpp attaches one; made on the first call with that count and kept).
 *               X is copied in and Y out with ggml_backend_tensor_set/get, as llama.cpp
 *               feeds its graphs: a copy of M*K + M*N floats per call, inside the timing.
 *   dequantize  ggml's to_float of the type, on the kept bytes.
 *   dequantize_activations  X as ggml's CPU backend converts it before the dot products
 *               (its from_float for the type's vec_dot_type, e.g. q8_0 or q8_K), back to FP32.
 *   cost        ggml_row_size(type, K) per output row, streamed once per call.
 *
 * Shapes: K must be a multiple of the type's block (32 or 256) and of its activation
 * type's block; the repacked variants need N to be a multiple of 8 and a CPU backend that
 * repacks the type (ggml's own supports_op answer). Other shapes fail pack with the reason.
 */
#ifndef Q35_GGML_ENGINE_H
#define Q35_GGML_ENGINE_H

#include <stdbool.h>

#include "ggml_api.h"
#include "kernel.h"

typedef struct ggml_variant {
    int type;    /* GG_TYPE_* */
    bool repack; /* weights in ggml's CPU_REPACK buffer */
} ggml_variant;

/* The runtime-availability hook of the variants (kernel.available). */
bool ggml_engine_available(const ggml_variant *v, char *why, size_t len);
/* "ggml-<cpu variant>" or "ggml-<cpu variant>+repack"; "none" without the library. */
const char *ggml_engine_isa(const ggml_variant *v);

kernel_weights *ggml_engine_pack(const ggml_variant *v, const float *w, size_t n, size_t k,
                                 kernel_error *err);
void ggml_engine_run(const kernel_weights *pw, const float *x, size_t m, float *y, int threads,
                     void *workspace);
void ggml_engine_dequantize(const kernel_weights *pw, size_t row0, size_t rows, float *w_out);
void ggml_engine_dequantize_activations(const kernel_weights *pw, const float *x, size_t m,
                                        float *x_out);
void ggml_engine_free(kernel_weights *pw);
kernel_cost ggml_engine_cost(const kernel_weights *pw, size_t m);
void ggml_engine_describe(const kernel_weights *pw, char *buf, size_t len);

#endif
