/* STREAM kernels with AVX-512F (8 doubles per register), built with the AVX-512 flags. */
#include <immintrin.h>

#include "kernels/cpu_features.h"
#include "stream_kernels.h"

static void copy_avx512(double *c, const double *a, size_t n) {
    size_t j = 0;
    for (; j + 32 <= n; j += 32) {
        __m512d x0 = _mm512_loadu_pd(a + j), x1 = _mm512_loadu_pd(a + j + 8);
        __m512d x2 = _mm512_loadu_pd(a + j + 16), x3 = _mm512_loadu_pd(a + j + 24);
        _mm512_storeu_pd(c + j, x0);
        _mm512_storeu_pd(c + j + 8, x1);
        _mm512_storeu_pd(c + j + 16, x2);
        _mm512_storeu_pd(c + j + 24, x3);
    }
    for (; j < n; j++) c[j] = a[j];
}

static void scale_avx512(double *b, const double *c, double s, size_t n) {
    __m512d vs = _mm512_set1_pd(s);
    size_t j = 0;
    for (; j + 16 <= n; j += 16) {
        _mm512_storeu_pd(b + j, _mm512_mul_pd(vs, _mm512_loadu_pd(c + j)));
        _mm512_storeu_pd(b + j + 8, _mm512_mul_pd(vs, _mm512_loadu_pd(c + j + 8)));
    }
    for (; j < n; j++) b[j] = s * c[j];
}

static void add_avx512(double *c, const double *a, const double *b, size_t n) {
    size_t j = 0;
    for (; j + 16 <= n; j += 16) {
        _mm512_storeu_pd(c + j, _mm512_add_pd(_mm512_loadu_pd(a + j), _mm512_loadu_pd(b + j)));
        _mm512_storeu_pd(c + j + 8,
                         _mm512_add_pd(_mm512_loadu_pd(a + j + 8), _mm512_loadu_pd(b + j + 8)));
    }
    for (; j < n; j++) c[j] = a[j] + b[j];
}

/* Separate multiply and add (see stream_kernels_avx2.c). */
static void triad_avx512(double *a, const double *b, const double *c, double s, size_t n) {
    __m512d vs = _mm512_set1_pd(s);
    size_t j = 0;
    for (; j + 16 <= n; j += 16) {
        _mm512_storeu_pd(a + j, _mm512_add_pd(_mm512_loadu_pd(b + j),
                                              _mm512_mul_pd(vs, _mm512_loadu_pd(c + j))));
        _mm512_storeu_pd(a + j + 8,
                         _mm512_add_pd(_mm512_loadu_pd(b + j + 8),
                                       _mm512_mul_pd(vs, _mm512_loadu_pd(c + j + 8))));
    }
    for (; j < n; j++) a[j] = b[j] + s * c[j];
}

/* The sum of eight accumulators, pairwise. */
static inline double sum8(__m512d s0, __m512d s1, __m512d s2, __m512d s3, __m512d s4,
                          __m512d s5, __m512d s6, __m512d s7) {
    return _mm512_reduce_add_pd(
        _mm512_add_pd(_mm512_add_pd(_mm512_add_pd(s0, s1), _mm512_add_pd(s2, s3)),
                      _mm512_add_pd(_mm512_add_pd(s4, s5), _mm512_add_pd(s6, s7))));
}

/* Eight independent accumulators of 8 doubles: loads never wait on an add. PREFETCH is
 * 0 (none), 1 (prefetcht0) or 2 (prefetchnta), 2 KiB ahead of the loads. */
#define PREFETCH_AHEAD 2048
static inline double read8(const double *a, size_t n, int prefetch) {
    __m512d s0 = _mm512_setzero_pd(), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0,
            s7 = s0;
    size_t j = 0;
    for (; j + 64 <= n; j += 64) {
        /* a prefetch never faults, so running past the end of the array is harmless */
        const char *ahead = (const char *)(a + j) + PREFETCH_AHEAD;
        for (int q = 0; prefetch && q < 512; q += 64) { /* the hint must be a constant */
            if (prefetch == 1) _mm_prefetch(ahead + q, _MM_HINT_T0);
            else _mm_prefetch(ahead + q, _MM_HINT_NTA);
        }
        s0 = _mm512_add_pd(s0, _mm512_loadu_pd(a + j));
        s1 = _mm512_add_pd(s1, _mm512_loadu_pd(a + j + 8));
        s2 = _mm512_add_pd(s2, _mm512_loadu_pd(a + j + 16));
        s3 = _mm512_add_pd(s3, _mm512_loadu_pd(a + j + 24));
        s4 = _mm512_add_pd(s4, _mm512_loadu_pd(a + j + 32));
        s5 = _mm512_add_pd(s5, _mm512_loadu_pd(a + j + 40));
        s6 = _mm512_add_pd(s6, _mm512_loadu_pd(a + j + 48));
        s7 = _mm512_add_pd(s7, _mm512_loadu_pd(a + j + 56));
    }
    double sum = sum8(s0, s1, s2, s3, s4, s5, s6, s7);
    for (; j < n; j++) sum += a[j];
    return sum;
}

static double read_avx512(const double *a, size_t n) { return read8(a, n, 0); }
static double read_prefetch_avx512(const double *a, size_t n) { return read8(a, n, 1); }
static double read_nta_avx512(const double *a, size_t n) { return read8(a, n, 2); }

/* Four sub-streams (the quarters of the chunk) read side by side: more DRAM pages open at
 * once, which some memory controllers and prefetchers reward. */
static double read_streams4_avx512(const double *a, size_t n) {
    size_t q = n / 4 / 16 * 16;
    const double *p0 = a, *p1 = a + q, *p2 = a + 2 * q, *p3 = a + 3 * q;
    __m512d s0 = _mm512_setzero_pd(), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0,
            s7 = s0;
    for (size_t j = 0; j < q; j += 16) {
        s0 = _mm512_add_pd(s0, _mm512_loadu_pd(p0 + j));
        s1 = _mm512_add_pd(s1, _mm512_loadu_pd(p1 + j));
        s2 = _mm512_add_pd(s2, _mm512_loadu_pd(p2 + j));
        s3 = _mm512_add_pd(s3, _mm512_loadu_pd(p3 + j));
        s4 = _mm512_add_pd(s4, _mm512_loadu_pd(p0 + j + 8));
        s5 = _mm512_add_pd(s5, _mm512_loadu_pd(p1 + j + 8));
        s6 = _mm512_add_pd(s6, _mm512_loadu_pd(p2 + j + 8));
        s7 = _mm512_add_pd(s7, _mm512_loadu_pd(p3 + j + 8));
    }
    double sum = sum8(s0, s1, s2, s3, s4, s5, s6, s7);
    for (size_t j = 4 * q; j < n; j++) sum += a[j];
    return sum;
}

const stream_kernels stream_kernels_avx512 = {
    .isa = "avx512", .features = CPU_FEATURE_AVX512F,
    .copy = copy_avx512, .scale = scale_avx512, .add = add_avx512, .triad = triad_avx512,
    .read = read_avx512,
    .reads = {{"wide", read_avx512}, {"prefetch", read_prefetch_avx512},
              {"prefetch_nta", read_nta_avx512}, {"streams4", read_streams4_avx512}},
    .n_reads = 4,
};
