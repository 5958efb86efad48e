#include "peak.h"

#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/timer.h"

const char *peak_kind_name(peak_kind k) {
    static const char *const names[PEAK_KINDS] = {"fp32", "fp64", "int8"};
    return k < PEAK_KINDS ? names[k] : "?";
}

const char *peak_metric_name(peak_kind k) {
    static const char *const names[PEAK_KINDS] = {"fp32_gflops", "fp64_gflops", "int8_gops"};
    return k < PEAK_KINDS ? names[k] : "?";
}

const char *peak_metric_unit(peak_kind k) {
    return k == PEAK_INT8 ? "gops" : "gflops";
}

size_t peak_available(peak_kind kind, uint64_t features, const peak_kernel **out, size_t max) {
    static const peak_kernel *const all[] = {
        &peak_fp32_avx512, &peak_fp32_avx2,       &peak_fp32_c,
        &peak_fp64_avx512, &peak_fp64_avx2,       &peak_fp64_c,
        &peak_int8_avx512vnni, &peak_int8_avxvnni, &peak_int8_avx2, &peak_int8_c};
    size_t n = 0;
    for (size_t i = 0; i < sizeof all / sizeof all[0] && n < max; i++)
        if (all[i]->kind == kind && (all[i]->features & features) == all[i]->features)
            out[n++] = all[i];
    return n;
}

const peak_kernel *peak_select(peak_kind kind, uint64_t features) {
    const peak_kernel *k[4];
    return peak_available(kind, features, k, 4) ? k[0] : NULL;
}

size_t peak_check(const peak_kernel *k, uint64_t iters, const double *out) {
    size_t bad = 0;
    for (size_t l = 0; l < k->lanes; l++) {
        double expect = k->kind == PEAK_INT8
                            ? (double)(uint32_t)((uint64_t)l + 4u * iters)
                            : 2.0;
        if (out[l] != expect) bad++;
    }
    return bad;
}

/* One repetition on `threads` threads; returns seconds; bad lanes summed into *bad. */
static double run_once(const peak_kernel *k, int threads, uint64_t iters, size_t *bad) {
    size_t wrong = 0;
    uint64_t t0 = timer_wall_ns();
#pragma omp parallel num_threads(threads) reduction(+ : wrong)
    {
        double lanes[PEAK_MAX_LANES];
        k->run(iters, lanes);
        wrong += peak_check(k, iters, lanes);
        if (omp_get_num_threads() != threads && omp_get_thread_num() == 0) wrong++;
    }
    uint64_t t1 = timer_wall_ns();
    *bad += wrong;
    return (double)(t1 - t0) * 1e-9;
}

int peak_measure(const peak_kernel *k, int threads, double min_time_s, int ntimes,
                 peak_result *out) {
    memset(out, 0, sizeof *out);
    if (!k || threads < 1 || ntimes < 2) return -1;
    out->kernel = k;
    out->threads = threads;
    out->ntimes = ntimes;
    size_t bad = 0;
    uint64_t iters = 1024;
    for (;;) { /* calibrated on one thread: every thread runs the same loop, and a thread
                * descheduled on a busy host must not cut the count short */
        double t = run_once(k, 1, iters, &bad);
        if (t >= min_time_s || iters >= (UINT64_C(1) << 40)) break;
        double want = t > 0 ? (double)iters * min_time_s * 1.2 / t : (double)iters * 10;
        if (want > (double)iters * 10) want = (double)iters * 10;
        iters = want > (double)iters ? (uint64_t)want : iters + 1;
    }
    double best = INFINITY;
    for (int r = 0; r < ntimes; r++) {
        double t = run_once(k, threads, iters, &bad);
        if (r > 0 && t < best) best = t;
    }
    out->iters = iters;
    out->best_s = best;
    out->ops = k->ops_per_iter * (double)iters * threads;
    out->rate = best > 0 ? out->ops / best * 1e-9 : 0.0;
    out->valid = bad == 0;
    if (bad)
        snprintf(out->why, sizeof out->why,
                 "validation failed: %zu accumulator lane(s) off the recurrence", bad);
    return 0;
}
