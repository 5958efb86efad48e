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

/* A read-only kernel: the sum of a[0..n). Several are tried for the DRAM read roof, since
 * which one streams fastest depends on the CPU (roofline/read_roof.h). */
typedef double (*stream_read_fn)(const double *a, size_t n);

typedef struct stream_read_variant {
    const char *name; /* "wide" (8 vector accumulators), "prefetch" (+ prefetcht0 2 KiB
                         ahead), "prefetch_nta" (+ prefetchnta), "streams4" (the chunk read
                         as four interleaved sub-streams, 8 accumulators) */
    stream_read_fn read;
} stream_read_variant;

#define STREAM_READ_VARIANTS_MAX 4

typedef struct stream_kernels {
    const char *isa;   /* "avx512", "avx2", "c" */
    uint64_t features; /* CPU_FEATURE_* bits the path needs */
    void (*copy)(double *c, const double *a, size_t n);
    void (*scale)(double *b, const double *c, double s, size_t n);
    void (*add)(double *c, const double *a, const double *b, size_t n);
    void (*triad)(double *a, const double *b, const double *c, double s, size_t n);
    stream_read_fn read; /* the sum of a[0..n): the first of reads[] (the sweep uses it) */
    stream_read_variant reads[STREAM_READ_VARIANTS_MAX]; /* every read kernel of the path */
    size_t n_reads;
} stream_kernels;

extern const stream_kernels stream_kernels_c;
extern const stream_kernels stream_kernels_avx2;
extern const stream_kernels stream_kernels_avx512;

/* The widest path whose features are all in `features` (stream_kernels_c at worst). */
const stream_kernels *stream_kernels_select(uint64_t features);
/* Every path this CPU (features) can run, widest first; returns how many (at most 3). */
size_t stream_kernels_available(uint64_t features, const stream_kernels **out, size_t max);

#endif
