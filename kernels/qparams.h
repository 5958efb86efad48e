/*
 * Resolving a case's quant_params into the quantization scheme an integer kernel uses,
 * and describing it. Shared by the q35 row kernels (q35_baseline, q35_lut) and the tiled
 * SIMD kernels (q35_simd, q35d_simd, int4_simd), so every kernel reads the options the
 * same way and reports them in the same words.
 */
#ifndef Q35_KERNELS_QPARAMS_H
#define Q35_KERNELS_QPARAMS_H

#include <stdbool.h>
#include <stddef.h>

#include "formats/quant.h"
#include "kernel.h"

/* A kernel's defaults, used where quant_params says "default". */
typedef struct qparams_defaults {
    int bits_even, bits_odd;
    int group;       /* weights per group, or 0 for one group per output channel */
    bool split;      /* separate parameters for even and odd positions */
    bool symmetric;
    bool fp16;       /* FP16 scales and zeros */
    size_t group_multiple; /* group sizes must be a multiple of this (1 = any even size) */
} qparams_defaults;

typedef struct qparams {
    quant_scheme scheme; /* what quant_row is called with (group 0 = whole row) */
    size_t groups;       /* scale groups per row of k weights */
    size_t parts;        /* parameter sets per group: 1 shared, 2 split */
    quant_dequant dequant;
} qparams;

/* Fills out from qp and the defaults for rows of k weights; returns 0, or -1 with the
 * reason in err (named after `kernel`). */
int qparams_resolve(const char *kernel, const quant_params *qp, const qparams_defaults *d,
                    size_t k, qparams *out, kernel_error *err);

/* "group=channel scales=shared fp32 asymmetric dequant=correct" */
void qparams_describe(const qparams *p, char *buf, size_t len);

/* Bytes of scales and zeros one output channel stores. */
size_t qparams_bytes_per_channel(const qparams *p);

#endif
