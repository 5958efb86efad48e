/*
 * The roofline step's measurements, in order: PAPI probe (one read pass), STREAM at each
 * thread count, the working-set sweep at each thread count, the compute peaks, OpenBLAS
 * SGEMM last (its worker threads spin for a while after a call and would disturb the
 * measurements that followed).
 */
#ifndef Q35_ROOFLINE_RUN_H
#define Q35_ROOFLINE_RUN_H

#include <stdbool.h>
#include <stdio.h>

#include "harness/counters.h"
#include "harness/timer.h"
#include "kernels/cpu_features.h"
#include "levels.h"
#include "papi_counters.h"
#include "peak.h"
#include "placement.h"
#include "stream.h"
#include "sweep.h"

#define ROOFLINE_MAX_THREADS 64

typedef struct roofline_options {
    bool quick;
    size_t array_bytes;     /* per STREAM array */
    char array_rule[256];   /* how array_bytes was chosen */
    int stream_ntimes;      /* iterations, the first discarded */
    size_t sweep_min_bytes, sweep_max_bytes;
    int sweep_per_octave;
    double sweep_min_time_s;
    int sweep_ntimes;
    size_t dram_min_bytes; /* the sweep's last level is DRAM only if it reached this */
    double peak_min_time_s;
    int peak_ntimes;
    size_t sgemm_n;
    int sgemm_ntimes;
    int threads[ROOFLINE_MAX_THREADS];
    size_t n_threads;
    uint64_t features; /* cpu_features() */
} roofline_options;

/* Defaults for this machine: arrays of 4x the last-level cache that CPUID reports, or
 * 1 GiB when it reports none, shrunk to a third of half the available memory if need be;
 * STREAM best of 10 (11 iterations); thread counts 1..T (T = online CPUs; powers of two
 * and T above 8). quick: 64 MiB arrays and fewer repetitions, for ./run.sh all --quick. */
void roofline_options_default(roofline_options *o, bool quick);
/* Parses "1,2" into the thread list; -1 with the reason for anything else. */
int roofline_options_threads(roofline_options *o, const char *list, char *why, size_t len);

typedef struct roofline_tc { /* everything measured at one thread count */
    int threads;
    stream_result stream;
    sweep_point *sweep;
    size_t n_sweep;
    size_t *sweep_bytes; /* copies of the points' bytes and gbps, for the placement */
    double *sweep_gbps;
    cache_levels levels;
    peak_result peak[PEAK_KINDS];
    sgemm_result sgemm;
} roofline_tc;

typedef struct roofline_results {
    roofline_options opt;
    const stream_kernels *stream_isa;
    const peak_kernel *peak_kernel[PEAK_KINDS];
    cpu_caches caches; /* as CPUID reports them (0 = unknown) */
    timer_info timer;
    double min_stream_ticks; /* shortest timed STREAM pass in timer ticks */
    double load_before[3], load_after[3];
    double memory_total_bytes;
    roofline_tc *tc;
    size_t n_tc;
    counter_values papi_probe; /* around one 1-thread read pass over a STREAM array */
    double papi_probe_bytes;
    double stream_s, sweep_s, peak_s, sgemm_s; /* time each phase took */
    int failures; /* validations that failed */
    char failure[512];
    double elapsed_s;
} roofline_results;

/* Returns 0 (failed validations are counted in out->failures), or -1 with the reason in
 * out->failure when memory could not be had. pc may be NULL. */
int roofline_run(const roofline_options *o, papi_counters *pc, roofline_results *out,
                 FILE *progress);
void roofline_results_free(roofline_results *r);

/* The roofs for the placement; curves must have room for r->n_tc entries. */
void roofline_roofs(const roofline_results *r, roof_curve *curves, roof_set *set);

#endif
