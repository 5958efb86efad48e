/*
 * Uniform quantizers: the one implementation of each scheme, shared by the kernels (which
 * then lay the codes out in their own bit formats) and by the quality suite.
 *
 * A row of K weights is cut into groups of `group` consecutive weights along K (the last
 * group may be shorter; group = 0 means one group for the whole row). Positions k are
 * "even" or "odd"; a pair format such as the seeds' 3.5-bit stores the even position with
 * bits_even bits and the odd position with bits_odd bits. Codes are signed two's-complement
 * integers in [qmin(b), qmax(b)] = [-2^(b-1), 2^(b-1) - 1].
 *
 *   asymmetric: scale = (max - min) / (2^b - 1)     zero = min - qmin(b) * scale
 *               code  = round((w - zero) / scale)    w'   = code * scale + zero
 *   symmetric:  scale = max|w| / qmax(b)             zero = 0
 *               code  = round(w / scale)             w'   = code * scale
 *
 * round() is round-half-to-even (the default IEEE mode, as numpy's round), codes are then
 * clipped to [qmin, qmax]. With split = false one (scale, zero) per group serves both
 * positions and is computed for bits_even (the seeds' kernel: the 3-bit codes then clip
 * wherever the group's range needs more than 8 levels); with split = true even and odd
 * positions have their own parameters. A group whose range is empty (max == min) gets
 * scale 0 and reproduces its value exactly through the zero point (or 0 when symmetric).
 * With fp16_params the scale and zero are rounded to FP16 before the codes are computed,
 * so the codes agree with the parameters that are stored.
 */
#ifndef Q35_QUANT_H
#define Q35_QUANT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct quant_scheme {
    int bits_even;    /* bits of the code at even positions k = 0, 2, 4, ...         */
    int bits_odd;     /* bits at odd positions; equal to bits_even for uniform formats */
    bool symmetric;   /* symmetric (no zero point) or asymmetric min/max              */
    bool split;       /* separate parameters for even and odd positions               */
    size_t group;     /* weights per group along K; 0 = the whole row                 */
    bool fp16_params; /* scales and zeros stored as FP16 rather than FP32             */
} quant_scheme;

/* What quantizing one row found. */
typedef struct quant_stats {
    size_t clipped; /* values whose unclipped code fell outside [qmin, qmax] */
} quant_stats;

/* Round half to even, as nearbyintf() in the default rounding mode, inlined: below 2^22
 * adding and subtracting 1.5 * 2^23 leaves the nearest integer (ties to even); larger
 * magnitudes (and NaN) are returned as they are, since every caller clips them anyway. */
static inline float quant_round_even(float v) {
    if (!(v > -0x1p22f && v < 0x1p22f)) return v;
    return (v + 0x1.8p23f) - 0x1.8p23f;
}

static inline int quant_qmin(int bits) { return -(1 << (bits - 1)); }
static inline int quant_qmax(int bits) { return (1 << (bits - 1)) - 1; }

/* The code of one value: round((w - zero) / scale) half to even, clipped to the bits' range
 * (counted in *clipped). An empty range (scale 0: the zero point carries the value) and a
 * NaN give code 0. The one formula of quant_row and the searched quantizers. */
static inline int8_t quant_code(float w, float scale, float zero, int bits, size_t *clipped) {
    int qmin = quant_qmin(bits), qmax = quant_qmax(bits);
    if (scale == 0.0f) return 0;
    float v = quant_round_even((w - zero) / scale);
    if (v != v) return 0;
    if (v < (float)qmin) {
        ++*clipped;
        return (int8_t)qmin;
    }
    if (v > (float)qmax) {
        ++*clipped;
        return (int8_t)qmax;
    }
    return (int8_t)v;
}

/* Groups per row of k weights, parameter sets per group (1, or 2 when split), and the
 * index of the parameter set that serves position kk. */
size_t quant_groups(const quant_scheme *s, size_t k);
size_t quant_parts(const quant_scheme *s);
size_t quant_param_index(const quant_scheme *s, size_t kk);

/* Checks that a scheme is well formed; returns NULL or a description of the problem. */
const char *quant_scheme_check(const quant_scheme *s);

/* Quantizes one row. codes has k entries; scale and zero have quant_groups * quant_parts
 * entries (zero may be NULL for a symmetric scheme). stats may be NULL. */
void quant_row(const quant_scheme *s, const float *w, size_t k, int8_t *codes, float *scale,
               float *zero, quant_stats *stats);

/* The inverse: w'[kk] = codes[kk] * scale[i] + zero[i] with i = quant_param_index(kk). */
void dequant_row(const quant_scheme *s, const int8_t *codes, const float *scale,
                 const float *zero, size_t k, float *out);

/* Bits per weight of the codes plus the stored scales and zeros, for a row of k weights. */
double quant_bits_per_weight(const quant_scheme *s, size_t k);

/* Symmetric per-row INT8 activation quantization, as the integer kernels do inside their
 * timed call: amax = max|x|, q = round(x * (127 / amax)) clipped to [-127, 127], and the
 * returned scale is amax / 127 (0 for an all-zero row, whose codes are all 0). SIMD
 * kernels must reproduce these codes exactly (multiply by the reciprocal, round to even). */
float quant_int8_row(const float *x, size_t k, int8_t *q);

#endif
