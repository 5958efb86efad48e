/*
 * Compute-peak microkernels: long chains of independent multiply-adds on registers only
 * (no memory traffic), one descriptor per operation and instruction-set path. Files:
 * peak_kernels_c.c (portable), peak_kernels_avx2.c (AVX2+FMA, AVX-VNNI), peak_kernels_avx512.c
 * (AVX-512F, AVX-512 VNNI). peak.c selects, times and validates them.
 *
 * Validation: the FMA kernels iterate acc = acc * 0.5 + 1 from start values 3, 4, 5, ...;
 * after a few dozen iterations every lane sits exactly on the fixed point 2.0, so a lane
 * that was never updated (or computed wrongly) keeps a value other than 2. The INT8
 * kernels add the dot product of four bytes 1 (unsigned) and 1 (signed) per lane and step,
 * so every 32-bit lane must hold start + 4 * iterations exactly (modulo 2^32).
 */
#ifndef Q35_PEAK_KERNELS_H
#define Q35_PEAK_KERNELS_H

#include <stddef.h>
#include <stdint.h>

typedef enum { PEAK_FP32, PEAK_FP64, PEAK_INT8, PEAK_KINDS } peak_kind;

#define PEAK_MAX_LANES 512 /* accumulators x lanes, the most any kernel writes */
#define PEAK_MIN_ITERS 64  /* enough for the FMA recurrence to reach its fixed point */

typedef struct peak_kernel {
    peak_kind kind;
    const char *isa;         /* "avx512", "avx512_vnni", "avx_vnni", "avx2", "c" */
    const char *instruction; /* what the loop issues, for the results */
    uint64_t features;       /* CPU_FEATURE_* bits it needs */
    double ops_per_iter;     /* flops (FP) or 8-bit multiply + add counted as 2 (INT8) */
    size_t lanes;            /* accumulator lanes written to out */
    /* Runs `iters` iterations (>= PEAK_MIN_ITERS); writes every lane's final value. For
     * INT8 the lanes start at 0, 1, 2, ...; for FP at 3, 4, 5, .... */
    void (*run)(uint64_t iters, double *out);
} peak_kernel;

extern const peak_kernel peak_fp32_c, peak_fp64_c, peak_int8_c;
extern const peak_kernel peak_fp32_avx2, peak_fp64_avx2, peak_int8_avx2, peak_int8_avxvnni;
extern const peak_kernel peak_fp32_avx512, peak_fp64_avx512, peak_int8_avx512vnni;

const char *peak_kind_name(peak_kind k); /* "fp32", "fp64", "int8" */
/* The metric name of a kind's peak, as in roofline.peak.<name>.t<T> and .best of
 * metrics.roofline.tsv: "fp32_gflops", "fp64_gflops", "int8_gops". Written here only; the
 * roofline step writes these ids and the report reads them through it. */
const char *peak_metric_name(peak_kind k);
/* The unit of that metric: "gflops" or "gops". */
const char *peak_metric_unit(peak_kind k);
/* The fastest path for `kind` whose features are all in `features`. */
const peak_kernel *peak_select(peak_kind kind, uint64_t features);
/* Every path of `kind` this CPU runs, fastest first; returns how many. */
size_t peak_available(peak_kind kind, uint64_t features, const peak_kernel **out, size_t max);

/* Number of lanes in out that do not hold what the recurrence above says. */
size_t peak_check(const peak_kernel *k, uint64_t iters, const double *out);

/* Shared by the implementations: the constants come through volatiles so no compiler
 * can fold the loop away. */
extern volatile float peak_fp32_m, peak_fp32_a;
extern volatile double peak_fp64_m, peak_fp64_a;
extern volatile int8_t peak_int8_one;

#endif
