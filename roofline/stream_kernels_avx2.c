/* STREAM kernels with AVX2 (4 doubles per register), built with the AVX2 flags. */
#include <immintrin.h>

#include "kernels/cpu_features.h"
#include "stream_kernels.h"

static void copy_avx2(double *c, const double *a, size_t n) {
    size_t j = 0;
    for (; j + 16 <= n; j += 16) {
        __m256d x0 = _mm256_loadu_pd(a + j), x1 = _mm256_loadu_pd(a + j + 4);
        __m256d x2 = _mm256_loadu_pd(a + j + 8), x3 = _mm256_loadu_pd(a + j + 12);
        _mm256_storeu_pd(c + j, x0);
        _mm256_storeu_pd(c + j + 4, x1);
        _mm256_storeu_pd(c + j + 8, x2);
        _mm256_storeu_pd(c + j + 12, x3);
    }
    for (; j < n; j++) c[j] = a[j];
}

static void scale_avx2(double *b, const double *c, double s, size_t n) {
    __m256d vs = _mm256_set1_pd(s);
    size_t j = 0;
    for (; j + 8 <= n; j += 8) {
        _mm256_storeu_pd(b + j, _mm256_mul_pd(vs, _mm256_loadu_pd(c + j)));
        _mm256_storeu_pd(b + j + 4, _mm256_mul_pd(vs, _mm256_loadu_pd(c + j + 4)));
    }
    for (; j < n; j++) b[j] = s * c[j];
}

static void add_avx2(double *c, const double *a, const double *b, size_t n) {
    size_t j = 0;
    for (; j + 8 <= n; j += 8) {
        _mm256_storeu_pd(c + j, _mm256_add_pd(_mm256_loadu_pd(a + j), _mm256_loadu_pd(b + j)));
        _mm256_storeu_pd(c + j + 4,
                         _mm256_add_pd(_mm256_loadu_pd(a + j + 4), _mm256_loadu_pd(b + j + 4)));
    }
    for (; j < n; j++) c[j] = a[j] + b[j];
}

/* b + s*c with a separate multiply and add, as the scalar tail and STREAM's C compute it,
 * so the validation's expected values hold bit for bit. */
static void triad_avx2(double *a, const double *b, const double *c, double s, size_t n) {
    __m256d vs = _mm256_set1_pd(s);
    size_t j = 0;
    for (; j + 8 <= n; j += 8) {
        _mm256_storeu_pd(a + j, _mm256_add_pd(_mm256_loadu_pd(b + j),
                                              _mm256_mul_pd(vs, _mm256_loadu_pd(c + j))));
        _mm256_storeu_pd(a + j + 4, _mm256_add_pd(_mm256_loadu_pd(b + j + 4),
                                                  _mm256_mul_pd(vs, _mm256_loadu_pd(c + j + 4))));
    }
    for (; j < n; j++) a[j] = b[j] + s * c[j];
}

/* The sum of eight accumulators, pairwise. */
static inline double sum8(__m256d s0, __m256d s1, __m256d s2, __m256d s3, __m256d s4,
                          __m256d s5, __m256d s6, __m256d s7) {
    __m256d t = _mm256_add_pd(_mm256_add_pd(_mm256_add_pd(s0, s1), _mm256_add_pd(s2, s3)),
                              _mm256_add_pd(_mm256_add_pd(s4, s5), _mm256_add_pd(s6, s7)));
    double lanes[4];
    _mm256_storeu_pd(lanes, t);
    return (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]);
}

/* Eight independent accumulators of 4 doubles; PREFETCH as in stream_kernels_avx512.c. */
#define PREFETCH_AHEAD 2048
static inline double read8(const double *a, size_t n, int prefetch) {
    __m256d s0 = _mm256_setzero_pd(), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0,
            s7 = s0;
    size_t j = 0;
    for (; j + 32 <= n; j += 32) {
        const char *ahead = (const char *)(a + j) + PREFETCH_AHEAD; /* never faults */
        for (int q = 0; prefetch && q < 256; q += 64) { /* the hint must be a constant */
            if (prefetch == 1) _mm_prefetch(ahead + q, _MM_HINT_T0);
            else _mm_prefetch(ahead + q, _MM_HINT_NTA);
        }
        s0 = _mm256_add_pd(s0, _mm256_loadu_pd(a + j));
        s1 = _mm256_add_pd(s1, _mm256_loadu_pd(a + j + 4));
        s2 = _mm256_add_pd(s2, _mm256_loadu_pd(a + j + 8));
        s3 = _mm256_add_pd(s3, _mm256_loadu_pd(a + j + 12));
        s4 = _mm256_add_pd(s4, _mm256_loadu_pd(a + j + 16));
        s5 = _mm256_add_pd(s5, _mm256_loadu_pd(a + j + 20));
        s6 = _mm256_add_pd(s6, _mm256_loadu_pd(a + j + 24));
        s7 = _mm256_add_pd(s7, _mm256_loadu_pd(a + j + 28));
    }
    double sum = sum8(s0, s1, s2, s3, s4, s5, s6, s7);
    for (; j < n; j++) sum += a[j];
    return sum;
}

static double read_avx2(const double *a, size_t n) { return read8(a, n, 0); }
static double read_prefetch_avx2(const double *a, size_t n) { return read8(a, n, 1); }
static double read_nta_avx2(const double *a, size_t n) { return read8(a, n, 2); }

/* Four interleaved sub-streams (see stream_kernels_avx512.c). */
static double read_streams4_avx2(const double *a, size_t n) {
    size_t q = n / 4 / 8 * 8;
    const double *p0 = a, *p1 = a + q, *p2 = a + 2 * q, *p3 = a + 3 * q;
    __m256d s0 = _mm256_setzero_pd(), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0,
            s7 = s0;
    for (size_t j = 0; j < q; j += 8) {
        s0 = _mm256_add_pd(s0, _mm256_loadu_pd(p0 + j));
        s1 = _mm256_add_pd(s1, _mm256_loadu_pd(p1 + j));
        s2 = _mm256_add_pd(s2, _mm256_loadu_pd(p2 + j));
        s3 = _mm256_add_pd(s3, _mm256_loadu_pd(p3 + j));
        s4 = _mm256_add_pd(s4, _mm256_loadu_pd(p0 + j + 4));
        s5 = _mm256_add_pd(s5, _mm256_loadu_pd(p1 + j + 4));
        s6 = _mm256_add_pd(s6, _mm256_loadu_pd(p2 + j + 4));
        s7 = _mm256_add_pd(s7, _mm256_loadu_pd(p3 + j + 4));
    }
    double sum = sum8(s0, s1, s2, s3, s4, s5, s6, s7);
    for (size_t j = 4 * q; j < n; j++) sum += a[j];
    return sum;
}

const stream_kernels stream_kernels_avx2 = {
    .isa = "avx2", .features = CPU_FEATURE_AVX | CPU_FEATURE_AVX2,
    .copy = copy_avx2, .scale = scale_avx2, .add = add_avx2, .triad = triad_avx2,
    .read = read_avx2,
    .reads = {{"wide", read_avx2}, {"prefetch", read_prefetch_avx2},
              {"prefetch_nta", read_nta_avx2}, {"streams4", read_streams4_avx2}},
    .n_reads = 4,
};
