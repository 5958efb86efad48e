#include "quant_search.h"

#include <math.h>
#include <stdlib.h>

#include "half.h"

/* The stored form of a candidate: FP16-rounded when the scheme stores FP16, and (0, 0) when
 * not finite, exactly as quant_row does. */
static void store_params(const quant_scheme *s, float *scale, float *zero) {
    if (s->fp16_params) {
        *scale = fp16_round(*scale);
        if (!s->symmetric) *zero = fp16_round(*zero);
    }
    if (s->symmetric) *zero = 0.0f;
    if (!isfinite(*scale) || !isfinite(*zero)) *scale = *zero = 0.0f;
}

/* One parameter set's weights, gathered contiguously in up to two lanes (a shared set covers
 * even positions with bits_even codes and odd positions with bits_odd codes). */
typedef struct part {
    const float *lane[2];
    size_t len[2];
    float qmin[2], qmax[2];
    int n_lanes;
    int bits; /* the width the parameters are computed for */
} part;

/* Sums over a part's codes and weights, accumulated in 8 independent float lanes so the
 * compiler can vectorize (these only rank candidates; the stored codes and the final error
 * are computed exactly, with quant_row's formula). */
#define LANES 8

static inline float code_value(float w, float inv_scale, float zero, float qmin, float qmax) {
    float v = (w - zero) * inv_scale; /* ranking only: a reciprocal is close enough */
    v = v < qmin ? qmin : v;
    v = v > qmax ? qmax : v;
    /* round half to even: exact for |v| < 2^22, and v is within [qmin, qmax] here */
    return (v + 12582912.0f) - 12582912.0f;
}

/* Squared error of the part under (scale, zero), scale != 0. */
static double part_error(const part *p, float scale, float zero) {
    double e = 0.0;
    for (int l = 0; l < p->n_lanes; l++) {
        const float *x = p->lane[l];
        float qmin = p->qmin[l], qmax = p->qmax[l];
        float acc[LANES] = {0}, inv = 1.0f / scale;
        size_t n = p->len[l], i = 0;
        for (; i + LANES <= n; i += LANES)
            for (int j = 0; j < LANES; j++) {
                float q = code_value(x[i + j], inv, zero, qmin, qmax);
                float d = x[i + j] - (q * scale + zero);
                acc[j] += d * d;
            }
        for (; i < n; i++) {
            float q = code_value(x[i], inv, zero, qmin, qmax);
            float d = x[i] - (q * scale + zero);
            acc[0] += d * d;
        }
        for (int j = 0; j < LANES; j++) e += acc[j];
    }
    return e;
}

/* Least-squares (scale, zero) (or scale alone when symmetric) for the codes that
 * (scale, zero) give; returns 0, or -1 when the codes cannot determine them. */
static int refit(const quant_scheme *s, const part *p, float scale, float zero, float *rs,
                 float *rz) {
    double n = 0, sq = 0, sw = 0, sqq = 0, sqw = 0;
    for (int l = 0; l < p->n_lanes; l++) {
        const float *x = p->lane[l];
        float qmin = p->qmin[l], qmax = p->qmax[l];
        float a_q[LANES] = {0}, a_w[LANES] = {0}, a_qq[LANES] = {0}, a_qw[LANES] = {0};
        float inv = 1.0f / scale;
        size_t len = p->len[l], i = 0;
        for (; i + LANES <= len; i += LANES)
            for (int j = 0; j < LANES; j++) {
                float q = code_value(x[i + j], inv, zero, qmin, qmax), w = x[i + j];
                a_q[j] += q;
                a_w[j] += w;
                a_qq[j] += q * q;
                a_qw[j] += q * w;
            }
        for (; i < len; i++) {
            float q = code_value(x[i], inv, zero, qmin, qmax), w = x[i];
            a_q[0] += q;
            a_w[0] += w;
            a_qq[0] += q * q;
            a_qw[0] += q * w;
        }
        n += (double)len;
        for (int j = 0; j < LANES; j++) {
            sq += a_q[j];
            sw += a_w[j];
            sqq += a_qq[j];
            sqw += a_qw[j];
        }
    }
    if (s->symmetric) {
        if (!(sqq > 0)) return -1;
        double sc = sqw / sqq;
        if (!(sc > 0)) return -1;
        *rs = (float)sc;
        *rz = 0.0f;
        return 0;
    }
    double den = n * sqq - sq * sq;
    if (!(den > 0)) return -1;
    double sc = (n * sqw - sq * sw) / den;
    if (!(sc > 0)) return -1;
    *rs = (float)sc;
    *rz = (float)((sw - sc * sq) / n);
    return 0;
}

/* The min/max parameters, computed exactly as formats/quant.c does. */
static void minmax_params(const quant_scheme *s, const part *p, float *scale, float *zero,
                          float *lo_out, float *hi_out, float *amax_out) {
    float lo = INFINITY, hi = -INFINITY, amax = 0.0f;
    for (int l = 0; l < p->n_lanes; l++)
        for (size_t i = 0; i < p->len[l]; i++) {
            float v = p->lane[l][i];
            if (v < lo) lo = v;
            if (v > hi) hi = v;
            if (fabsf(v) > amax) amax = fabsf(v);
        }
    float sc, ze;
    if (s->symmetric) {
        sc = amax / (float)quant_qmax(p->bits);
        if (s->fp16_params) sc = fp16_round(sc);
        ze = 0.0f;
    } else {
        sc = (hi - lo) / (float)((1 << p->bits) - 1);
        if (s->fp16_params) sc = fp16_round(sc);
        ze = lo - (float)quant_qmin(p->bits) * sc;
        if (s->fp16_params) ze = fp16_round(ze);
    }
    if (!isfinite(sc) || !isfinite(ze)) sc = ze = 0.0f;
    *scale = sc;
    *zero = ze;
    *lo_out = lo;
    *hi_out = hi;
    *amax_out = amax;
}

static void search_part(const quant_scheme *s, const quant_search *opt, const part *p,
                        float *scale_out, float *zero_out) {
    float best_s, best_z, lo, hi, amax;
    minmax_params(s, p, &best_s, &best_z, &lo, &hi, &amax);
    *scale_out = best_s;
    *zero_out = best_z;
    if (best_s == 0.0f || opt == NULL || opt->steps <= 0) return;
    double best_e = part_error(p, best_s, best_z);
    int qmin = quant_qmin(p->bits), qmax = quant_qmax(p->bits);
    for (int i = 1; i <= opt->steps; i++) {
        double t = 1.0 - (double)i * (1.0 - opt->min_ratio) / (double)opt->steps;
        float sc, ze;
        if (s->symmetric) {
            sc = (float)(t * amax / qmax);
            ze = 0.0f;
        } else {
            double centre = 0.5 * ((double)lo + (double)hi), half = 0.5 * t * ((double)hi - lo);
            sc = (float)(2.0 * half / (double)((1 << p->bits) - 1));
            ze = (float)(centre - half - (double)qmin * sc);
        }
        if (!(sc > 0.0f)) continue;
        float cand[2][2] = {{sc, ze}, {0, 0}};
        int n_cand = 1;
        if (refit(s, p, sc, ze, &cand[1][0], &cand[1][1]) == 0) n_cand = 2;
        for (int c = 0; c < n_cand; c++) {
            float cs = cand[c][0], cz = cand[c][1];
            store_params(s, &cs, &cz);
            if (cs == 0.0f) continue;
            double e = part_error(p, cs, cz);
            if (e < best_e) {
                best_e = e;
                best_s = cs;
                best_z = cz;
            }
        }
    }
    *scale_out = best_s;
    *zero_out = best_z;
}

/* Gathers positions begin, begin + step, ... below end of w into buf; returns the count. */
static size_t gather(const float *w, size_t begin, size_t end, size_t step, float *buf) {
    size_t n = 0;
    for (size_t i = begin; i < end; i += step) buf[n++] = w[i];
    return n;
}

void quant_row_search(const quant_scheme *s, const quant_search *opt, const float *w, size_t k,
                      int8_t *codes, float *scale, float *zero, quant_stats *stats) {
    size_t clipped = 0;
    size_t group = s->group == 0 ? k : s->group;
    size_t parts = quant_parts(s);
    float stack[2][512];
    float *buf[2] = {stack[0], stack[1]};
    size_t half = group / 2 + 1;
    if (half > 512) { /* long groups (per channel): heap buffers for the two lanes */
        buf[0] = malloc(half * sizeof(float));
        buf[1] = malloc(half * sizeof(float));
        if (!buf[0] || !buf[1]) { /* no memory: plain min/max parameters */
            free(buf[0]);
            free(buf[1]);
            quant_row(s, w, k, codes, scale, zero, stats);
            return;
        }
    }
    float qmin_e = (float)quant_qmin(s->bits_even), qmax_e = (float)quant_qmax(s->bits_even);
    float qmin_o = (float)quant_qmin(s->bits_odd), qmax_o = (float)quant_qmax(s->bits_odd);
    for (size_t g = 0, begin = 0; begin < k; g++, begin += group) {
        size_t end = begin + group < k ? begin + group : k;
        size_t first_even = begin + (begin & 1), first_odd = begin + !(begin & 1);
        size_t ne = gather(w, first_even, end, 2, buf[0]);
        size_t no = gather(w, first_odd, end, 2, buf[1]);
        float sc[2], ze[2];
        if (s->split) {
            part even = {{buf[0]}, {ne}, {qmin_e}, {qmax_e}, 1, s->bits_even};
            part odd = {{buf[1]}, {no}, {qmin_o}, {qmax_o}, 1, s->bits_odd};
            search_part(s, opt, &even, &sc[0], &ze[0]);
            search_part(s, opt, &odd, &sc[1], &ze[1]);
        } else {
            part all = {{buf[0], buf[1]}, {ne, no}, {qmin_e, qmin_o}, {qmax_e, qmax_o}, 2,
                        s->bits_even};
            search_part(s, opt, &all, &sc[0], &ze[0]);
            sc[1] = sc[0];
            ze[1] = ze[0];
        }
        for (size_t p = 0; p < parts; p++) {
            scale[g * parts + p] = sc[p];
            if (zero) zero[g * parts + p] = ze[p];
        }
        for (size_t i = begin; i < end; i++) {
            int odd = (int)(i & 1);
            codes[i] = quant_code(w[i], sc[odd], ze[odd], odd ? s->bits_odd : s->bits_even,
                               &clipped);
        }
    }
    if (buf[0] != stack[0]) {
        free(buf[0]);
        free(buf[1]);
    }
    if (stats) stats->clipped = clipped;
}
