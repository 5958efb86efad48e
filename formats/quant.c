#include "quant.h"

#include <math.h>

#include "half.h"

size_t quant_groups(const quant_scheme *s, size_t k) {
    if (k == 0) return 0;
    if (s->group == 0) return 1;
    return (k + s->group - 1) / s->group;
}

size_t quant_parts(const quant_scheme *s) { return s->split ? 2 : 1; }

size_t quant_param_index(const quant_scheme *s, size_t kk) {
    size_t g = s->group == 0 ? 0 : kk / s->group;
    return g * quant_parts(s) + (s->split ? (kk & 1) : 0);
}

const char *quant_scheme_check(const quant_scheme *s) {
    if (s->bits_even < 2 || s->bits_even > 8 || s->bits_odd < 2 || s->bits_odd > 8)
        return "code widths must be between 2 and 8 bits";
    if (!s->split && s->bits_odd > s->bits_even)
        return "shared parameters need bits_odd <= bits_even";
    if (s->split && s->group == 1) return "a split scheme needs groups of at least 2 weights";
    return NULL;
}

/* Parameters for the positions [begin, end) stepping by `step`, for a b-bit code. */
static void group_params(const quant_scheme *s, const float *w, size_t begin, size_t end,
                         size_t step, int bits, float *scale_out, float *zero_out) {
    float lo = INFINITY, hi = -INFINITY, amax = 0.0f;
    for (size_t i = begin; i < end; i += step) {
        float v = w[i];
        if (v < lo) lo = v;
        if (v > hi) hi = v;
        if (fabsf(v) > amax) amax = fabsf(v);
    }
    float scale, zero;
    if (s->symmetric) {
        scale = amax / (float)quant_qmax(bits);
        if (s->fp16_params) scale = fp16_round(scale);
        zero = 0.0f;
    } else {
        scale = (hi - lo) / (float)((1 << bits) - 1);
        if (s->fp16_params) scale = fp16_round(scale);
        zero = lo - (float)quant_qmin(bits) * scale;
        if (s->fp16_params) zero = fp16_round(zero);
    }
    if (!isfinite(scale) || !isfinite(zero)) scale = zero = 0.0f;
    *scale_out = scale;
    *zero_out = zero;
}

void quant_row(const quant_scheme *s, const float *w, size_t k, int8_t *codes, float *scale,
               float *zero, quant_stats *stats) {
    size_t clipped = 0;
    size_t group = s->group == 0 ? k : s->group;
    size_t parts = quant_parts(s);
    for (size_t g = 0, begin = 0; begin < k; g++, begin += group) {
        size_t end = begin + group < k ? begin + group : k;
        float sc[2], ze[2];
        if (s->split) {
            /* begin is even whenever group is even; handle odd groups by parity of k. */
            size_t first_even = begin + (begin & 1);
            size_t first_odd = begin + !(begin & 1);
            group_params(s, w, first_even, end, 2, s->bits_even, &sc[0], &ze[0]);
            group_params(s, w, first_odd, end, 2, s->bits_odd, &sc[1], &ze[1]);
        } else {
            group_params(s, w, begin, end, 1, s->bits_even, &sc[0], &ze[0]);
            sc[1] = sc[0];
            ze[1] = ze[0];
        }
        for (size_t p = 0; p < parts; p++) {
            scale[g * parts + p] = sc[p];
            if (zero) zero[g * parts + p] = ze[p];
        }
        for (size_t i = begin; i < end; i++) {
            int odd = (int)(i & 1);
            codes[i] = quant_code(w[i], sc[odd], ze[odd], odd ? s->bits_odd : s->bits_even, &clipped);
        }
    }
    if (stats) stats->clipped = clipped;
}

void dequant_row(const quant_scheme *s, const int8_t *codes, const float *scale,
                 const float *zero, size_t k, float *out) {
    size_t group = s->group == 0 ? k : s->group;
    size_t parts = quant_parts(s);
    for (size_t g = 0, begin = 0; begin < k; g++, begin += group) {
        size_t end = begin + group < k ? begin + group : k;
        for (size_t i = begin; i < end; i++) {
            size_t p = g * parts + (s->split ? (i & 1) : 0);
            out[i] = (float)codes[i] * scale[p] + (zero ? zero[p] : 0.0f);
        }
    }
}

double quant_bits_per_weight(const quant_scheme *s, size_t k) {
    if (k == 0) return 0.0;
    size_t odd = k / 2, even = k - odd;
    double code_bits = (double)even * s->bits_even + (double)odd * s->bits_odd;
    double per_param = s->fp16_params ? 16.0 : 32.0;
    double params_per_set = s->symmetric ? 1.0 : 2.0;
    double param_bits =
        (double)(quant_groups(s, k) * quant_parts(s)) * params_per_set * per_param;
    return (code_bits + param_bits) / (double)k;
}

float quant_int8_row(const float *x, size_t k, int8_t *q) {
    float amax = 0.0f;
    for (size_t i = 0; i < k; i++)
        if (fabsf(x[i]) > amax) amax = fabsf(x[i]);
    if (amax == 0.0f || !isfinite(amax)) {
        for (size_t i = 0; i < k; i++) q[i] = 0;
        return 0.0f;
    }
    float inv = 127.0f / amax;
    for (size_t i = 0; i < k; i++) {
        float v = quant_round_even(x[i] * inv);
        if (v != v) v = 0.0f; /* NaN input (or 0 * inf for a subnormal amax): code 0 */
        if (v > 127.0f) v = 127.0f;
        if (v < -127.0f) v = -127.0f;
        q[i] = (int8_t)v;
    }
    return amax / 127.0f;
}
