/*
 * An optional quantizer step on top of formats/quant.h: choose each group's scale and zero
 * point to minimise the squared reconstruction error instead of taking them from the
 * group's min/max (the "MSE-optimal clipping" of GPTQ/AWQ-style tools and of llama.cpp's
 * k-quants, make_qkx2_quants).
 *
 * For every group and every parameter set of it (two when split), candidates are tried:
 *   - the min/max parameters of quant_row (always a candidate, so the search is never worse
 *     than plain min/max on the group it searched);
 *   - for t = 1 - i * (1 - min_ratio) / steps, i = 1..steps: the range shrunk to t times its
 *     width around its centre (asymmetric) or max|w| shrunk to t times (symmetric), codes
 *     computed from it, then the least-squares refit of (scale, zero) (asymmetric) or of
 *     scale (symmetric) to those codes.
 * Each candidate's parameters are rounded as they are stored (FP16 when fp16_params), its
 * codes recomputed from the stored parameters with quant_row's formula (round half to even,
 * clip to [qmin, qmax]), and its squared error measured; the smallest wins (ties: the
 * earlier candidate). The output has quant_row's layout, so dequant_row reads it.
 */
#ifndef Q35_QUANT_SEARCH_H
#define Q35_QUANT_SEARCH_H

#include "quant.h"

typedef struct quant_search {
    int steps;        /* shrink candidates per parameter set; 0 = min/max only (= quant_row) */
    double min_ratio; /* smallest range fraction tried, in (0, 1) */
} quant_search;

#define QUANT_SEARCH_DEFAULT_STEPS 12
#define QUANT_SEARCH_DEFAULT_MIN_RATIO 0.5

/* As quant_row (same arguments and outputs), with the search above. */
void quant_row_search(const quant_scheme *s, const quant_search *opt, const float *w, size_t k,
                      int8_t *codes, float *scale, float *zero, quant_stats *stats);

#endif
