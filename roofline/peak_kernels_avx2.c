/* Compute-peak loops with AVX2 + FMA (12 accumulators: 16 ymm registers in all), and the
 * INT8 dot product with AVX-VNNI (vpdpbusd on ymm) or, without it, the AVX2 sequence
 * vpmaddubsw + vpmaddwd + vpaddd that integer kernels use on such CPUs. Accumulators are
 * named variables (not an array) so they stay in registers. */
#include <immintrin.h>

#include "kernels/cpu_features.h"
#include "peak_kernels.h"

#define FOR8(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7)
#define FOR12(X) FOR8(X) X(8) X(9) X(10) X(11)
#define NACC 12
#define NACC_MADD 8 /* each step of the AVX2 sequence needs temporaries as well */

static void fp32_avx2(uint64_t iters, double *out) {
    __m256 m = _mm256_set1_ps(peak_fp32_m), a = _mm256_set1_ps(peak_fp32_a);
#define INIT(i) __m256 acc##i = _mm256_set1_ps(3.0f + (float)(i));
    FOR12(INIT)
#undef INIT
    for (uint64_t it = 0; it < iters; it++) {
#define STEP(i) acc##i = _mm256_fmadd_ps(acc##i, m, a);
        FOR12(STEP)
#undef STEP
    }
    float v[8];
#define STORE(i) _mm256_storeu_ps(v, acc##i); for (int l = 0; l < 8; l++) out[(i) * 8 + l] = v[l];
    FOR12(STORE)
#undef STORE
}

static void fp64_avx2(uint64_t iters, double *out) {
    __m256d m = _mm256_set1_pd(peak_fp64_m), a = _mm256_set1_pd(peak_fp64_a);
#define INIT(i) __m256d acc##i = _mm256_set1_pd(3.0 + (double)(i));
    FOR12(INIT)
#undef INIT
    for (uint64_t it = 0; it < iters; it++) {
#define STEP(i) acc##i = _mm256_fmadd_pd(acc##i, m, a);
        FOR12(STEP)
#undef STEP
    }
    double v[4];
#define STORE(i) _mm256_storeu_pd(v, acc##i); for (int l = 0; l < 4; l++) out[(i) * 4 + l] = v[l];
    FOR12(STORE)
#undef STORE
}

#define INIT_I32(i)                                                                          \
    __m256i acc##i = _mm256_setr_epi32((i) * 8, (i) * 8 + 1, (i) * 8 + 2, (i) * 8 + 3,         \
                                       (i) * 8 + 4, (i) * 8 + 5, (i) * 8 + 6, (i) * 8 + 7);
#define STORE_I32(i)                                                                         \
    _mm256_storeu_si256((__m256i *)v, acc##i);                                               \
    for (int l = 0; l < 8; l++) out[(i) * 8 + l] = v[l];

__attribute__((target("avxvnni"))) static void int8_avxvnni(uint64_t iters, double *out) {
    __m256i u = _mm256_set1_epi8(peak_int8_one), s = _mm256_set1_epi8(peak_int8_one);
    FOR12(INIT_I32)
    for (uint64_t it = 0; it < iters; it++) {
#define STEP(i) acc##i = _mm256_dpbusd_avx_epi32(acc##i, u, s);
        FOR12(STEP)
#undef STEP
    }
    uint32_t v[8];
    FOR12(STORE_I32)
}

static void int8_avx2(uint64_t iters, double *out) {
    __m256i u = _mm256_set1_epi8(peak_int8_one), s = _mm256_set1_epi8(peak_int8_one);
    __m256i ones = _mm256_set1_epi16(1);
    FOR8(INIT_I32)
    for (uint64_t it = 0; it < iters; it++) {
        /* The empty asm makes u look new before every step, so the compiler cannot hoist
         * the loop-invariant products out of the loop (real kernels multiply new weights
         * in every step). It emits no instruction. */
#define STEP(i)                                                                              \
    __asm__("" : "+x"(u));                                                                   \
    acc##i = _mm256_add_epi32(acc##i, _mm256_madd_epi16(_mm256_maddubs_epi16(u, s), ones));
        FOR8(STEP)
#undef STEP
    }
    uint32_t v[8];
    FOR8(STORE_I32)
}

#define AVX2_FMA (CPU_FEATURE_AVX | CPU_FEATURE_AVX2 | CPU_FEATURE_FMA)
const peak_kernel peak_fp32_avx2 = {PEAK_FP32, "avx2", "vfmadd231ps ymm", AVX2_FMA,
                                    2.0 * 8 * NACC, 8 * NACC, fp32_avx2};
const peak_kernel peak_fp64_avx2 = {PEAK_FP64, "avx2", "vfmadd231pd ymm", AVX2_FMA,
                                    2.0 * 4 * NACC, 4 * NACC, fp64_avx2};
const peak_kernel peak_int8_avxvnni = {PEAK_INT8, "avx_vnni", "vpdpbusd ymm (AVX-VNNI)",
                                       CPU_FEATURE_AVX2 | CPU_FEATURE_AVXVNNI, 2.0 * 32 * NACC,
                                       8 * NACC, int8_avxvnni};
const peak_kernel peak_int8_avx2 = {PEAK_INT8, "avx2", "vpmaddubsw + vpmaddwd + vpaddd ymm",
                                    CPU_FEATURE_AVX | CPU_FEATURE_AVX2, 2.0 * 32 * NACC_MADD,
                                    8 * NACC_MADD, int8_avx2};
