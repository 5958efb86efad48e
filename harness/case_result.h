/* One benchmarked case (kernel x shape x batch x threads) and everything known about it. */
#ifndef Q35_CASE_RESULT_H
#define Q35_CASE_RESULT_H

#include <stddef.h>

#include "gate.h"
#include "intervals.h"
#include "kernels/kernel.h"
#include "measure.h"
#include "noise.h"
#include "stats.h"

typedef enum {
    CASE_OK,          /* passed the gate and was timed */
    CASE_FAILED,      /* over its correctness bound: not timed, timing never valid */
    CASE_UNAVAILABLE, /* this CPU lacks a feature the kernel needs: not run */
    CASE_ERROR,       /* could not run (refused shape, out of memory, pack error) */
} case_status;

const char *case_status_name(case_status s); /* "ok", "FAILED", "unavailable", "error" */

typedef struct case_result {
    char name[256]; /* kernel/shape/M:m/threads:t, unique within a run */
    char sweep[64], kernel[64], format[32], shape[64];
    size_t n, k, m;
    int threads;
    char isa[64];     /* the code path the kernel dispatched to */
    char params[256]; /* the kernel's describe(): effective quantization parameters */
    quant_params qp;  /* what the config asked for */
    case_status status;
    char message[512];
    double gate_bound;
    gate_result gate;
    kernel_cost cost;
    double pack_s; /* packing time, informational (not part of the timed call) */
    measurement meas;
    sample_stats real, cpu; /* seconds per call */
    estimate median;        /* the median of real and its 95 % interval (ci_median), seconds */
    /* How it was timed (harness/interleave.h, docs/noise.md): */
    int block;        /* the interleaved block of its shape it ran in, index into the
                         suite's blocks (-1 when not timed) */
    int attempts;     /* measurements taken: 1, or more when it was re-measured */
    int kept_attempt; /* which of them the samples are (0 = the first) */
    double first_cv;  /* cv of the first measurement */
    bool noisy;       /* still above the noise bounds after its last measurement */
    noise_totals noise; /* /proc around the kept measurement's repetitions */
    /* The DRAM read roof measured in the same block at the same thread count (roof_valid
     * false where the block measured none) and whether the case's GB/s lies above its
     * interval: an error of the roof, not a success of the kernel. */
    bool roof_valid, above_roof;
    estimate roof_gbps;
} case_result;

#endif
