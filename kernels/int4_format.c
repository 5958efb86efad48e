/* The int4 weight format: packing, dequantization, cost; see kernels/int4_format.h. */
#include "int4_format.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/quant.h"
#include "weights_alloc.h"

static void *alloc64(size_t bytes, size_t *total) {
    size_t rounded = (bytes + 63) / 64 * 64;
    if (rounded == 0) rounded = 64;
    void *p = weights_alloc(rounded);
    if (p) {
        memset(p, 0, rounded);
        *total += rounded;
    }
    return p;
}

kernel_weights *int4_weights_pack(const float *w, size_t n, size_t k, const quant_params *qp,
                                  kernel_error *err) {
    int gs = qp->group_size;
    if (k == 0 || n == 0) {
        snprintf(err->msg, sizeof err->msg, "int4 needs N >= 1 and K >= 1");
        return NULL;
    }
    if (gs != QUANT_GROUP_DEFAULT && gs != QUANT_GROUP_PER_CHANNEL && (gs < 2 || gs % 2)) {
        snprintf(err->msg, sizeof err->msg,
                 "int4 group size must be 'default' (%d), 'channel' or an even number >= 2, "
                 "got %d",
                 INT4_DEFAULT_GROUP, gs);
        return NULL;
    }
    int4_weights *iw = calloc(1, sizeof *iw);
    if (!iw) goto oom;
    iw->n = n;
    iw->k = k;
    iw->requested = *qp;
    iw->per_channel = gs == QUANT_GROUP_PER_CHANNEL;
    size_t g = gs == QUANT_GROUP_DEFAULT ? INT4_DEFAULT_GROUP : iw->per_channel ? k : (size_t)gs;
    iw->group = g < k ? g : k;
    iw->groups = (k + iw->group - 1) / iw->group;
    iw->row_bytes = (k + 1) / 2;
    iw->symmetric = qp->symmetry != QUANT_ASYMMETRIC;
    iw->fp16_scales = qp->scale_type != QUANT_SCALE_FP32; /* default FP16, as int4_simd */
    size_t param_size = iw->fp16_scales ? sizeof(uint16_t) : sizeof(float);
    iw->codes = alloc64(n * iw->row_bytes, &iw->alloc_bytes);
    iw->scales = alloc64(n * iw->groups * param_size, &iw->alloc_bytes);
    if (!iw->symmetric) iw->zeros = alloc64(n * iw->groups * param_size, &iw->alloc_bytes);
    if (!iw->codes || !iw->scales || (!iw->symmetric && !iw->zeros)) goto oom;

    quant_scheme s = {.bits_even = 4, .bits_odd = 4, .symmetric = iw->symmetric,
                      .split = false, .group = iw->group, .fp16_params = iw->fp16_scales};
    size_t clipped = 0;
    int failed = 0;
#pragma omp parallel reduction(+ : clipped, failed)
    {
        int8_t *codes = malloc(k);
        float *sc = malloc(iw->groups * sizeof *sc), *ze = malloc(iw->groups * sizeof *ze);
        if (!codes || !sc || !ze) failed = 1;
#pragma omp for schedule(static)
        for (int64_t jj = 0; jj < (int64_t)n; jj++) {
            if (failed) continue;
            size_t j = (size_t)jj;
            quant_stats st;
            quant_row(&s, w + j * k, k, codes, sc, ze, &st);
            clipped += st.clipped;
            uint8_t *row = iw->codes + j * iw->row_bytes;
            for (size_t kk = 0; kk < k; kk++)
                row[kk >> 1] |= (uint8_t)(((unsigned)codes[kk] & 15u) << (4 * (kk & 1)));
            for (size_t gi = 0; gi < iw->groups; gi++) {
                size_t idx = j * iw->groups + gi;
                if (iw->fp16_scales) { /* quant_row already rounded them to FP16: exact */
                    ((uint16_t *)iw->scales)[idx] = fp32_to_fp16(sc[gi]);
                    if (iw->zeros) ((uint16_t *)iw->zeros)[idx] = fp32_to_fp16(ze[gi]);
                } else {
                    ((float *)iw->scales)[idx] = sc[gi];
                    if (iw->zeros) ((float *)iw->zeros)[idx] = ze[gi];
                }
            }
        }
        free(codes), free(sc), free(ze);
    }
    if (failed) goto oom;
    iw->clipped = clipped;
    return (kernel_weights *)(void *)iw;
oom:
    snprintf(err->msg, sizeof err->msg, "out of memory for %zu x %zu int4 weights", n, k);
    int4_weights_free((kernel_weights *)(void *)iw);
    return NULL;
}

void int4_weights_dequantize(const kernel_weights *pw, size_t row0, size_t rows, float *w_out) {
    const int4_weights *iw = int4_weights_of(pw);
    size_t k = iw->k;
    for (size_t r = 0; r < rows; r++) {
        size_t j = row0 + r;
        const uint8_t *row = iw->codes + j * iw->row_bytes;
        float *out = w_out + r * k;
        for (size_t gi = 0; gi < iw->groups; gi++) {
            float s = int4_scale(iw, j, gi), z = int4_zero(iw, j, gi);
            size_t k1 = (gi + 1) * iw->group < k ? (gi + 1) * iw->group : k;
            for (size_t kk = gi * iw->group; kk < k1; kk++)
                out[kk] = (float)int4_code(row, kk) * s + z; /* as formats/quant.c dequant_row */
        }
    }
}

void int4_weights_free(kernel_weights *pw) {
    int4_weights *iw = (int4_weights *)(void *)pw;
    if (!iw) return;
    free(iw->codes);
    free(iw->scales);
    free(iw->zeros);
    free(iw);
}

kernel_cost int4_weights_cost(const kernel_weights *pw, size_t m) {
    const int4_weights *iw = int4_weights_of(pw);
    return kernel_cost_streamed((double)iw->alloc_bytes, m, iw->n, iw->k);
}

void int4_weights_describe(const kernel_weights *pw, char *buf, size_t len) {
    const int4_weights *iw = int4_weights_of(pw);
    char group[64];
    if (iw->per_channel || iw->group >= iw->k)
        snprintf(group, sizeof group, "channel (%zu)", iw->k);
    else
        snprintf(group, sizeof group, "%zu", iw->group);
    int used = snprintf(buf, len,
                        "int4 %s group=%s scales=%s%s nibbles=lo:even,hi:odd act=int8/row "
                        "acc=int32/group dequant=correct clipped=%zu",
                        iw->symmetric ? "symmetric(max/7)" : "asymmetric(min/max,15 steps)",
                        group, iw->fp16_scales ? "fp16" : "fp32",
                        iw->symmetric ? "" : " zeros=yes", iw->clipped);
    /* Say which requested parameters the format does not have. */
    if (used > 0 && (size_t)used < len && iw->requested.dequant == QUANT_DEQUANT_SEED)
        used += snprintf(buf + used, len - (size_t)used, " (dequant=seed requested: ignored)");
    if (used > 0 && (size_t)used < len && iw->requested.scales != QUANT_SCALES_DEFAULT)
        snprintf(buf + used, len - (size_t)used, " (scales=%s requested: ignored)",
                 iw->requested.scales == QUANT_SCALES_SPLIT ? "split" : "shared");
}

void int4_dequantize_activations(const kernel_weights *pw, const float *x, size_t m,
                                 float *x_out) {
    const int4_weights *iw = int4_weights_of(pw);
    size_t k = iw->k;
    int8_t *q = malloc(k ? k : 1);
    if (!q) { /* cannot quantize: NaNs make the gate fail loudly rather than pass wrongly */
        for (size_t i = 0; i < m * k; i++) x_out[i] = NAN;
        return;
    }
    for (size_t i = 0; i < m; i++) {
        float s = quant_int8_row(x + i * k, k, q);
        for (size_t kk = 0; kk < k; kk++) x_out[i * k + kk] = (float)q[kk] * s;
    }
    free(q);
}
