/*
 * The STREAM kernels of one instruction-set path, each working on one thread's contiguous
 * chunk of n elements (the caller splits the arrays across threads). Implementations:
 * stream_kernels_c.c (portable C), stream_kernels_avx2.c, stream_kernels_avx512.c; the
 * vector versions use explicit loads and ordinary (write-allocating) stores, so a compiler
 * cannot turn copy into a library memcpy with non-temporal stores that the other kernels
 * do not get. stream_kernels_select() picks the widest path cpu_features() allows.
 */
#ifndef Q35_STREAM_KERNELS_H
#define Q35_STREAM_KERNELS_H

#include <stddef.h>
#include <stdint.h>

typedef struct stream_kernels {
    const char *isa;   /* "avx512", "avx2", "c" */
    uint64_t features; /* CPU_FEATURE_* bits the path needs */
    void (*copy)(double *c, const double *a, size_t n);
    void (*scale)(double *b, const double *c, double s, size_t n);
    void (*add)(double *c, const double *a, const double *b, size_t n);
    void (*triad)(double *a, const double *b, const double *c, double s, size_t n);
    double (*read)(const double *a, size_t n); /* the sum of a[0..n) */
} stream_kernels;

extern const stream_kernels stream_kernels_c;
extern const stream_kernels stream_kernels_avx2;
extern const stream_kernels stream_kernels_avx512;

/* The widest path whose features are all in `features` (stream_kernels_c at worst). */
const stream_kernels *stream_kernels_select(uint64_t features);
/* Every path this CPU (features) can run, widest first; returns how many (at most 3). */
size_t stream_kernels_available(uint64_t features, const stream_kernels **out, size_t max);

#endif
