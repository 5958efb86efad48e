#include "gate.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernels/ref_f64.h"
#include "base/rng.h"

#define GATE_MIN_CHANNELS 32
#define GATE_EDGE_CHANNELS 8

size_t gate_sample_channels(size_t m, size_t n, size_t k, uint64_t max_macs, uint64_t seed,
                            size_t *out) {
    double work = (double)m * (double)n * (double)k;
    size_t want = n;
    if (work > (double)max_macs) {
        double fit = (double)max_macs / ((double)m * (double)k);
        want = fit < GATE_MIN_CHANNELS ? GATE_MIN_CHANNELS : (size_t)fit;
        if (want > n) want = n;
    }
    if (want == n) {
        for (size_t i = 0; i < n; i++) out[i] = i;
        return n;
    }
    /* Edges first (partial tiles live there), then an even spread with a seeded offset. */
    size_t count = 0;
    for (size_t i = 0; i < GATE_EDGE_CHANNELS && count < want; i++) out[count++] = i;
    for (size_t i = 0; i < GATE_EDGE_CHANNELS && count < want; i++) out[count++] = n - 1 - i;
    size_t middle = want - count;
    double step = (double)n / (double)(middle ? middle : 1);
    double offset = rng_uniform(seed, rng_stream("gate-sample"), n) * step;
    for (size_t i = 0; i < middle; i++) {
        size_t c = (size_t)(offset + step * (double)i);
        out[count++] = c < n ? c : n - 1;
    }
    /* sort and drop repeats */
    for (size_t i = 1; i < count; i++)
        for (size_t j = i; j > 0 && out[j - 1] > out[j]; j--) {
            size_t t = out[j];
            out[j] = out[j - 1];
            out[j - 1] = t;
        }
    size_t unique = 0;
    for (size_t i = 0; i < count; i++)
        if (unique == 0 || out[unique - 1] != out[i]) out[unique++] = out[i];
    return unique;
}

/* Compares y (columns `cols` of an M x N output) with ref (M x C). */
static void compare(const float *y, const size_t *cols, size_t c, size_t m, size_t n,
                    const double *ref, double *max_error, double *nrmse) {
    double sum_ref2 = 0.0, sum_err2 = 0.0, max_abs = 0.0;
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < c; j++) {
            double r = ref[i * c + j];
            double e = (double)y[i * n + cols[j]] - r;
            sum_ref2 += r * r;
            sum_err2 += e * e;
            if (!(fabs(e) <= max_abs)) max_abs = fabs(e); /* NaN propagates */
        }
    double count = (double)(m * c);
    double rms = sqrt(sum_ref2 / count);
    if (rms > 0.0) {
        *max_error = max_abs / rms;
        *nrmse = sqrt(sum_err2 / sum_ref2);
    } else { /* an all-zero reference: any non-zero output is an absolute error */
        *max_error = max_abs;
        *nrmse = sqrt(sum_err2 / count);
    }
}

int gate_check(const gate_inputs *in, gate_result *out) {
    memset(out, 0, sizeof *out);
    size_t m = in->m, n = in->n, k = in->kdim;
    out->channels_total = n;
    for (size_t i = 0; i < m * n; i++)
        if (!isfinite(in->y[i])) out->nonfinite++;

    size_t *cols = malloc(n * sizeof *cols);
    if (!cols) goto oom;
    size_t c = gate_sample_channels(m, n, k, in->max_macs, in->seed, cols);
    out->channels_checked = c;
    float *w_dq = malloc(c * k * sizeof *w_dq);
    float *w_0 = malloc(c * k * sizeof *w_0);
    float *x_dq = in->k->dequantize_activations ? malloc(m * k * sizeof *x_dq) : NULL;
    double *ref = malloc(m * c * sizeof *ref);
    double *ref0 = malloc(m * c * sizeof *ref0);
    if (!w_dq || !w_0 || !ref || !ref0 || (in->k->dequantize_activations && !x_dq)) {
        free(w_dq), free(w_0), free(x_dq), free(ref), free(ref0), free(cols);
        goto oom;
    }
    for (size_t j = 0; j < c; j++) {
        in->k->dequantize(in->pw, cols[j], 1, w_dq + j * k);
        memcpy(w_0 + j * k, in->w + cols[j] * k, k * sizeof *w_0);
    }
    if (x_dq) in->k->dequantize_activations(in->pw, in->x, m, x_dq);
    ref_f64_gemm(x_dq ? x_dq : in->x, w_dq, m, c, k, ref, in->threads);
    ref_f64_gemm(in->x, w_0, m, c, k, ref0, in->threads);
    compare(in->y, cols, c, m, n, ref, &out->max_error, &out->nrmse);
    compare(in->y, cols, c, m, n, ref0, &out->format_max_error, &out->format_nrmse);
    free(w_dq), free(w_0), free(x_dq), free(ref), free(ref0), free(cols);

    out->passed = out->nonfinite == 0 && out->max_error <= in->bound;
    if (out->nonfinite)
        snprintf(out->reason, sizeof out->reason, "%zu of %zu outputs are NaN or infinite",
                 out->nonfinite, m * n);
    else if (!out->passed)
        snprintf(out->reason, sizeof out->reason,
                 "max error %.3g x rms(ref) exceeds the kernel's bound %.3g", out->max_error,
                 in->bound);
    return 0;
oom:
    snprintf(out->reason, sizeof out->reason, "out of memory for the reference");
    return -1;
}
