/* Portable STREAM kernels: plain loops, eight partial sums for the read kernel. */
#include "kernels/cpu_features.h"
#include "stream_kernels.h"

static void copy_c(double *restrict c, const double *restrict a, size_t n) {
    size_t j = 0;
    for (; j + 8 <= n; j += 8) {
        for (size_t i = 0; i < 8; i++) c[j + i] = a[j + i];
        /* keeps the compiler from replacing the loop with memcpy (see stream_kernels.h) */
        __asm__ volatile("" ::: "memory");
    }
    for (; j < n; j++) c[j] = a[j];
}

static void scale_c(double *restrict b, const double *restrict c, double s, size_t n) {
    for (size_t j = 0; j < n; j++) b[j] = s * c[j];
}

static void add_c(double *restrict c, const double *restrict a, const double *restrict b,
                  size_t n) {
    for (size_t j = 0; j < n; j++) c[j] = a[j] + b[j];
}

static void triad_c(double *restrict a, const double *restrict b, const double *restrict c,
                    double s, size_t n) {
    for (size_t j = 0; j < n; j++) a[j] = b[j] + s * c[j];
}

static double read_c(const double *a, size_t n) {
    double s[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    size_t j = 0;
    for (; j + 8 <= n; j += 8)
        for (size_t i = 0; i < 8; i++) s[i] += a[j + i];
    for (; j < n; j++) s[0] += a[j];
    return ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
}

const stream_kernels stream_kernels_c = {
    .isa = "c", .features = 0,
    .copy = copy_c, .scale = scale_c, .add = add_c, .triad = triad_c, .read = read_c,
    .reads = {{"wide", read_c}}, .n_reads = 1,
};

const stream_kernels *stream_kernels_select(uint64_t features) {
    const stream_kernels *best[3];
    stream_kernels_available(features, best, 3);
    return best[0];
}

size_t stream_kernels_available(uint64_t features, const stream_kernels **out, size_t max) {
    const stream_kernels *all[] = {&stream_kernels_avx512, &stream_kernels_avx2,
                                   &stream_kernels_c};
    size_t n = 0;
    for (size_t i = 0; i < 3 && n < max; i++)
        if ((all[i]->features & features) == all[i]->features) out[n++] = all[i];
    return n;
}
