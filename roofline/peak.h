/* Timing the compute-peak microkernels (peak_kernels.h) and OpenBLAS SGEMM on 1..T
 * threads: every thread runs the same loop inside one parallel region; iterations grow
 * until a repetition lasts min_time; ntimes repetitions, the first discarded, the best
 * reported; the lanes of every thread are validated after each repetition. */
#ifndef Q35_PEAK_H
#define Q35_PEAK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "peak_kernels.h"

typedef struct peak_result {
    const peak_kernel *kernel;
    int threads;
    uint64_t iters; /* per thread and repetition */
    int ntimes;
    double best_s;
    double ops;  /* per repetition, all threads */
    double rate; /* ops / best_s, in 1e9 per second (GFLOP/s or GOP/s) */
    bool valid;
    char why[160];
} peak_result;

int peak_measure(const peak_kernel *k, int threads, double min_time_s, int ntimes,
                 peak_result *out);

/* OpenBLAS cblas_sgemm, C = A B with square n x n FP32 matrices, OpenBLAS set to
 * `threads` threads; 2 n^3 flops per call. Validated against FP64 dot products on a
 * sample of entries (relative error bound 1e-4). */
typedef struct sgemm_result {
    int threads;
    size_t n;
    int ntimes;
    double best_s;
    double rate; /* GFLOP/s */
    bool valid;
    double max_rel_error;
    char core[64]; /* openblas_get_corename() */
    char why[160];
} sgemm_result;

int sgemm_measure(size_t n, int threads, int ntimes, sgemm_result *out);

#endif
