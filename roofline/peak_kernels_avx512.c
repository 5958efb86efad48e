/* Compute-peak loops with AVX-512F FMA and AVX-512 VNNI (vpdpbusd zmm), 16 accumulators
 * held in named variables so they stay in registers. */
#include <immintrin.h>

#include "kernels/cpu_features.h"
#include "peak_kernels.h"

#define FOR16(X)                                                                             \
    X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11) X(12) X(13) X(14) X(15)
#define NACC 16

static void fp32_avx512(uint64_t iters, double *out) {
    __m512 m = _mm512_set1_ps(peak_fp32_m), a = _mm512_set1_ps(peak_fp32_a);
#define INIT(i) __m512 acc##i = _mm512_set1_ps(3.0f + (float)(i));
    FOR16(INIT)
#undef INIT
    for (uint64_t it = 0; it < iters; it++) {
#define STEP(i) acc##i = _mm512_fmadd_ps(acc##i, m, a);
        FOR16(STEP)
#undef STEP
    }
    float v[16];
#define STORE(i) _mm512_storeu_ps(v, acc##i); for (int l = 0; l < 16; l++) out[(i) * 16 + l] = v[l];
    FOR16(STORE)
#undef STORE
}

static void fp64_avx512(uint64_t iters, double *out) {
    __m512d m = _mm512_set1_pd(peak_fp64_m), a = _mm512_set1_pd(peak_fp64_a);
#define INIT(i) __m512d acc##i = _mm512_set1_pd(3.0 + (double)(i));
    FOR16(INIT)
#undef INIT
    for (uint64_t it = 0; it < iters; it++) {
#define STEP(i) acc##i = _mm512_fmadd_pd(acc##i, m, a);
        FOR16(STEP)
#undef STEP
    }
    double v[8];
#define STORE(i) _mm512_storeu_pd(v, acc##i); for (int l = 0; l < 8; l++) out[(i) * 8 + l] = v[l];
    FOR16(STORE)
#undef STORE
}

static void int8_avx512vnni(uint64_t iters, double *out) {
    __m512i u = _mm512_set1_epi8(peak_int8_one), s = _mm512_set1_epi8(peak_int8_one);
    __m512i lane = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
#define INIT(i) __m512i acc##i = _mm512_add_epi32(lane, _mm512_set1_epi32((i) * 16));
    FOR16(INIT)
#undef INIT
    for (uint64_t it = 0; it < iters; it++) {
#define STEP(i) acc##i = _mm512_dpbusd_epi32(acc##i, u, s);
        FOR16(STEP)
#undef STEP
    }
    uint32_t v[16];
#define STORE(i) _mm512_storeu_si512(v, acc##i); for (int l = 0; l < 16; l++) out[(i) * 16 + l] = v[l];
    FOR16(STORE)
#undef STORE
}

const peak_kernel peak_fp32_avx512 = {PEAK_FP32, "avx512", "vfmadd231ps zmm",
                                      CPU_FEATURE_AVX512F, 2.0 * 16 * NACC, 16 * NACC,
                                      fp32_avx512};
const peak_kernel peak_fp64_avx512 = {PEAK_FP64, "avx512", "vfmadd231pd zmm",
                                      CPU_FEATURE_AVX512F, 2.0 * 8 * NACC, 8 * NACC, fp64_avx512};
const peak_kernel peak_int8_avx512vnni = {PEAK_INT8, "avx512_vnni", "vpdpbusd zmm (AVX-512 VNNI)",
                                          CPU_FEATURE_AVX512F | CPU_FEATURE_AVX512VNNI,
                                          2.0 * 64 * NACC, 16 * NACC, int8_avx512vnni};
