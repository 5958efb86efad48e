/*
 * STREAM-style bandwidth measurement (McCalpin's method): three arrays of n doubles,
 * a = 1, b = 2, c = 0, then a = 2a; `ntimes` iterations of copy, scale, add, triad (and
 * our read-only kernels after triad: the best of the path's read kernels counts, so that
 * the read roof is not one kernel's speed), each timed on its own; the first iteration is
 * discarded and the best of the rest is reported. Afterwards every element of the three
 * arrays is checked against the scalar recurrence, and every read kernel's sum against
 * n * a; any mismatch fails the measurement (STREAM itself exits 0 after a failed check;
 * we do not). Threads split the arrays into contiguous 64-byte-aligned chunks (OpenMP,
 * static), the same split that first touched them.
 */
#ifndef Q35_STREAM_H
#define Q35_STREAM_H

#include <stdbool.h>
#include <stddef.h>

#include "stream_kernels.h"
#include "stream_model.h"

#define STREAM_CHECK_EPSILON 1e-13 /* relative, per element (STREAM's bound for doubles) */

typedef struct stream_arrays {
    double *a, *b, *c;
    size_t n;
} stream_arrays;

/* Allocates three 64-byte-aligned arrays of n doubles, first touched by `threads`
 * threads. Returns 0, or -1 when out of memory (nothing allocated). */
int stream_arrays_alloc(stream_arrays *arr, size_t n, int threads);
void stream_arrays_free(stream_arrays *arr);

/* Elements [lo, hi) of thread `id` of `threads` (chunks of whole cache lines). */
void stream_chunk(size_t n, int threads, int id, size_t *lo, size_t *hi);

typedef struct stream_timing {
    double best_s, avg_s, max_s; /* over iterations 2..ntimes */
    double bytes;                /* per iteration, by the STREAM byte model */
    double gbps, gbps_avg;       /* bytes / best_s and bytes / avg_s, in 1e9 B/s */
} stream_timing;

typedef struct stream_result {
    int threads;
    int ntimes;
    stream_timing kernel[STREAM_KINDS];
    bool valid;
    size_t bad_elements; /* array elements off by more than STREAM_CHECK_EPSILON */
    int bad_sums;        /* read-kernel sums off by more than their bound */
    double max_rel_error;
    char why[256]; /* what failed, when !valid */
    /* read: each iteration runs every read kernel of the path (stream_kernels.h reads[])
     * and counts the fastest, so the read roof is the best of them; per kernel, its best: */
    double read_variant_gbps[STREAM_READ_VARIANTS_MAX];
    size_t n_read_variants, read_best; /* read_best indexes reads[] */
} stream_result;

/* Runs the STREAM sequence with `threads` threads on arr (re-initialised first).
 * Returns 0, or -1 for bad arguments (ntimes < 2). A failed check is not an error of the
 * call: it comes back as out->valid = false with the reason. */
int stream_measure(const stream_kernels *sk, stream_arrays *arr, int ntimes, int threads,
                   stream_result *out);

/* The values every element of a, b and c holds after `ntimes` iterations (STREAM's
 * checkSTREAMresults recurrence), and a_after[i] (may be NULL) the value of a after
 * iteration i's triad, which iteration i's read kernel sums. */
void stream_expected(int ntimes, double *aj, double *bj, double *cj, double *a_after);

/* Compares arrays with the expected values; returns the count of elements whose relative
 * error exceeds STREAM_CHECK_EPSILON and the largest relative error seen. */
size_t stream_check(const stream_arrays *arr, int ntimes, int threads, double *max_rel_error);

#endif
