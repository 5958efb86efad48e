/*
 * qk: the engine shared by the tiled SIMD integer kernels q35_simd, q35d_simd and
 * int4_simd. Each kernel is a format (formats/qtile.h) plus defaults; everything else,
 * packing, activation quantization, the microkernels, OpenMP partitioning and the run-time
 * choice of instruction set, lives here and in qk_avx512.c / qk_avx2.c.
 *
 * One call y = x W^T:
 *   1. every activation row is quantized to INT8 exactly as quant_int8_row does (SIMD,
 *      multiply by 127/amax, round half to even), permuted into the tile order ("even k
 *      first, then odd k, within each step") and zero-padded to whole steps; its code sums
 *      per scale group and part are taken for the dequantization;
 *   2. threads take contiguous ranges of 16-channel tiles; for each tile and block of rows
 *      the weights are decoded once into 64-byte vectors of unsigned offset codes
 *      (u = code + 8 or code + 4) and multiplied with the broadcast INT8 activations,
 *      4 products per 32-bit lane (vpdpbusd, or vpmaddubsw + vpmaddwd on AVX2), INT32 sums
 *      per scale group, even and odd k apart;
 *   3. per group and part: t = acc - sum(off_p * qx) (the exact sum(qx * qw)), then
 *        correct: y += s_w * t + z_w * sum(qx)      seed: y += s_w * (t + z_w)
 *      and finally y *= s_x.
 *
 * INT32 safety: every product u * qx has |u| <= 15 and |qx| <= 127, so a lane's
 * accumulator holds at most K * 1905 in magnitude (the offset correction only shrinks it),
 * and the correction sums at most 8 * 127 * K: K <= INT32_MAX / 1905 = 1,127,286 is safe.
 */
#ifndef Q35_KERNELS_QK_H
#define Q35_KERNELS_QK_H

#include <stddef.h>
#include <stdint.h>

#include "formats/qtile.h"
#include "kernel.h"
#include "qparams.h"

#define QK_MAX_K ((size_t)(INT32_MAX / (15 * 127)))

typedef struct qk_isa qk_isa;

typedef struct qk_weights {
    const qtile_format *fmt;
    size_t n, k;
    size_t tiles;       /* ceil(n / 16) */
    size_t steps;       /* ceil(k / ks) */
    size_t group_steps; /* steps per scale group */
    qparams qp;         /* groups G, parts P, scheme, dequant */
    uint8_t *codes;     /* tiles x steps x step_bytes */
    void *params;       /* tiles x G x P x (16 scales [, 16 zeros]), FP32 or FP16 */
    size_t param_set;   /* values per (tile, group, part): 16 or 32 */
    size_t code_alloc, param_alloc;
    const qk_isa *isa;  /* the path chosen at pack time */
} qk_weights;

static inline const qk_weights *qk_of(const kernel_weights *pw) {
    return (const qk_weights *)(const void *)pw;
}

kernel_weights *qk_pack(const char *kernel, const qtile_format *fmt,
                        const qparams_defaults *defaults, const float *w, size_t n, size_t k,
                        const quant_params *qp, kernel_error *err);
size_t qk_workspace(const kernel_weights *pw, size_t m, int threads);
void qk_run(const kernel_weights *pw, const float *x, size_t m, float *y, int threads,
            void *workspace);
void qk_dequantize(const kernel_weights *pw, size_t row0, size_t rows, float *w_out);
void qk_dequantize_activations(const kernel_weights *pw, const float *x, size_t m,
                               float *x_out);
void qk_free(kernel_weights *pw);
kernel_cost qk_cost(const kernel_weights *pw, size_t m);
void qk_describe(const kernel_weights *pw, char *buf, size_t len);

/* The path run() takes on this CPU (honours Q35_DISABLE_CPU_FEATURES): "avx512_vnni",
 * "avx2" or "scalar". pack() records the same choice. */
const char *qk_isa_name(void);
/* The path these packed weights run on. */
const char *qk_weights_isa(const kernel_weights *pw);

/* Test entry point: the whole call with the path the weights were packed for, but storing
 * the exact INT32 sums t = sum(qx * qw) per (row i, channel n, group g, part p) at
 * acc_out[((i * N + n) * G + g) * P + p] instead of computing y. Returns 0, or -1 when out
 * of memory. */
int qk_accumulate(const kernel_weights *pw, const float *x, size_t m, int threads,
                  int32_t *acc_out);

#endif
