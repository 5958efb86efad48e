/*
 * Inside the qk engine: what one instruction-set path provides (qk.c for portable C,
 * qk_avx2.c, qk_avx512.c) and the activation block they all read.
 */
#ifndef Q35_KERNELS_QK_ISA_H
#define Q35_KERNELS_QK_ISA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "qk.h"

/* The activations of one call, prepared before the tiles run. */
typedef struct qk_act {
    size_t m;
    size_t xstride; /* bytes per row of xq: steps * ks rounded up to 64 */
    int8_t *xq;     /* m x xstride INT8 codes in tile order, zero-padded */
    float *sx;      /* m activation scales (0 for an all-zero row) */
    int32_t *xoff;  /* m x G x P: sum of off_p * qx over the group's part (the offset term) */
    float *xsum;    /* m x G x P: sum of qx over the group's part (the zero-point term) */
} qk_act;

struct qk_isa {
    const char *name;
    /* Quantizes activation row x (k values) to INT8 like quant_int8_row, writes the codes
     * in tile order to out (xstride bytes, zero-padded) and returns the scale. */
    float (*quantize_row)(const qk_weights *w, const float *x, int8_t *out, size_t xstride);
    /* Tiles [t0, t1) for all rows of a: y (M x N) or, when acc_out is not NULL, the INT32
     * sums (see qk_accumulate). */
    void (*gemm)(const qk_weights *w, const qk_act *a, size_t t0, size_t t1, float *y,
                 int32_t *acc_out);
};

extern const qk_isa qk_isa_scalar;
#if defined(__x86_64__)
extern const qk_isa qk_isa_avx2, qk_isa_avx512;
#endif

/* Byte i of a step of the tile-order activations holds x[kperm(i)] of that step. */
static inline size_t qk_xpos(size_t ks, size_t i) {
    return i < ks / 2 ? 2 * i : 2 * (i - ks / 2) + 1;
}

/* Parameters of (tile, group g, part p): 16 scales, then 16 zeros if asymmetric. */
static inline size_t qk_param_index(const qk_weights *w, size_t tile, size_t g, size_t p) {
    return ((tile * w->qp.groups + g) * w->qp.parts + p) * w->param_set;
}

#endif
