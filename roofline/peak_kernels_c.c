/* Portable compute-peak loops: 16 independent accumulators, plain C. */
#include "kernels/cpu_features.h"
#include "peak_kernels.h"

volatile float peak_fp32_m = 0.5f, peak_fp32_a = 1.0f;
volatile double peak_fp64_m = 0.5, peak_fp64_a = 1.0;
volatile int8_t peak_int8_one = 1;

#define NACC 16

static void fp32_c(uint64_t iters, double *out) {
    float m = peak_fp32_m, a = peak_fp32_a, acc[NACC];
    for (int i = 0; i < NACC; i++) acc[i] = 3.0f + (float)i;
    for (uint64_t it = 0; it < iters; it++)
        for (int i = 0; i < NACC; i++) acc[i] = acc[i] * m + a;
    for (int i = 0; i < NACC; i++) out[i] = acc[i];
}

static void fp64_c(uint64_t iters, double *out) {
    double m = peak_fp64_m, a = peak_fp64_a, acc[NACC];
    for (int i = 0; i < NACC; i++) acc[i] = 3.0 + (double)i;
    for (uint64_t it = 0; it < iters; it++)
        for (int i = 0; i < NACC; i++) acc[i] = acc[i] * m + a;
    for (int i = 0; i < NACC; i++) out[i] = acc[i];
}

/* The operands live in memory that an empty asm with a memory clobber "changes" every
 * iteration, so the products cannot be hoisted or the loop replaced by a closed form. */
static uint8_t int8_u[NACC][4];
static int8_t int8_s[NACC][4];

static void int8_c(uint64_t iters, double *out) {
    int8_t one = peak_int8_one;
    uint32_t acc[NACC];
    for (int i = 0; i < NACC; i++) {
        acc[i] = (uint32_t)i;
        for (int j = 0; j < 4; j++) {
            int8_u[i][j] = (uint8_t)one;
            int8_s[i][j] = one;
        }
    }
    for (uint64_t it = 0; it < iters; it++) {
        __asm__ volatile("" ::: "memory");
        for (int i = 0; i < NACC; i++)
            acc[i] += (uint32_t)(int8_u[i][0] * int8_s[i][0] + int8_u[i][1] * int8_s[i][1] +
                                 int8_u[i][2] * int8_s[i][2] + int8_u[i][3] * int8_s[i][3]);
    }
    for (int i = 0; i < NACC; i++) out[i] = acc[i];
}

const peak_kernel peak_fp32_c = {PEAK_FP32, "c", "scalar multiply + add", 0, 2.0 * NACC, NACC, fp32_c};
const peak_kernel peak_fp64_c = {PEAK_FP64, "c", "scalar multiply + add", 0, 2.0 * NACC, NACC, fp64_c};
const peak_kernel peak_int8_c = {PEAK_INT8, "c", "scalar 8-bit multiply + add", 0, 8.0 * NACC,
                                 NACC, int8_c};
