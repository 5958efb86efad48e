/*
 * The correctness gate, run on every benchmarked case before it is timed.
 *
 * The kernel's output Y is compared with the FP64 product of the kernel's own dequantized
 * weights (and activations, where it quantizes them): that comparison is gated, so a
 * kernel is never blamed for its format's quantization error. Y is also compared with the
 * FP64 product of the original FP32 inputs: that is the format's output error, reported
 * and never gated. When M*N*K exceeds the case's budget the reference runs on a sample of
 * output channels (the first and last, plus evenly spread ones) and says so.
 */
#ifndef Q35_GATE_H
#define Q35_GATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernels/kernel.h"

typedef struct gate_result {
    bool passed;
    double max_error;       /* max |y - ref| / rms(ref), ref from the dequantized inputs */
    double nrmse;           /* ||y - ref|| / ||ref|| */
    double format_nrmse;    /* ||y - ref0|| / ||ref0||, ref0 from the original FP32 inputs */
    double format_max_error;/* max |y - ref0| / rms(ref0) */
    size_t nonfinite;       /* NaN or Inf outputs anywhere in Y */
    size_t channels_checked;
    size_t channels_total;
    char reason[256]; /* why it failed, empty when it passed */
} gate_result;

typedef struct gate_inputs {
    const kernel *k;
    const kernel_weights *pw;
    const float *w; /* original N x K weights */
    const float *x; /* original M x K activations */
    const float *y; /* the kernel's M x N output */
    size_t m, n, kdim;
    double bound;      /* the kernel's gate_bound */
    uint64_t max_macs; /* reference budget before sampling */
    uint64_t seed;     /* for the sample's offset */
    int threads;       /* for the reference computation */
} gate_inputs;

/* Returns 0, or -1 when the check itself could not run (out of memory; reason filled). */
int gate_check(const gate_inputs *in, gate_result *out);

/* The channels checked for n channels of k weights at batch m under budget max_macs:
 * writes up to n indices to out (ascending) and returns their count. */
size_t gate_sample_channels(size_t m, size_t n, size_t k, uint64_t max_macs, uint64_t seed,
                            size_t *out);

#endif
