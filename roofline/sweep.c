#include "sweep.h"

#include <math.h>
#include <omp.h>
#include <string.h>

#include "harness/timer.h"
#include "stream.h"

#define LINE 64

size_t sweep_sizes(size_t min_bytes, size_t max_bytes, int per_octave, size_t *out,
                   size_t max_out) {
    if (min_bytes < LINE) min_bytes = LINE;
    if (per_octave < 1) per_octave = 1;
    size_t n = 0;
    for (int i = 0; n < max_out; i++) {
        double v = (double)min_bytes * pow(2.0, (double)i / per_octave);
        size_t b = (size_t)(v / LINE + 0.5) * LINE;
        if (b >= max_bytes) break;
        if (n == 0 || b > out[n - 1]) out[n++] = b;
    }
    size_t last = max_bytes / LINE * LINE;
    if (n < max_out && last >= LINE && (n == 0 || last > out[n - 1])) out[n++] = last;
    return n;
}

static volatile double sweep_sink; /* keeps the sums alive */

static double run_passes(const stream_kernels *sk, const double *buf, size_t n, int threads,
                         uint64_t passes) {
    double total = 0.0;
    uint64_t t0 = timer_wall_ns();
#pragma omp parallel num_threads(threads) reduction(+ : total)
    {
        size_t lo, hi;
        stream_chunk(n, omp_get_num_threads(), omp_get_thread_num(), &lo, &hi);
        for (uint64_t p = 0; p < passes; p++) total += sk->read(buf + lo, hi - lo);
    }
    uint64_t t1 = timer_wall_ns();
    sweep_sink = total;
    return (double)(t1 - t0) * 1e-9;
}

int sweep_measure(const stream_kernels *sk, const double *buf, size_t bytes, int threads,
                  double min_time_s, int ntimes, sweep_point *out) {
    memset(out, 0, sizeof *out);
    out->level = -1;
    size_t n = bytes / sizeof(double);
    if (n == 0 || threads < 1 || ntimes < 2) return -1;
    uint64_t passes = 1;
    /* Calibrated on one thread reading one thread's chunk (the same work every thread does
     * in the timed runs), the best of three tries: on a busy host a descheduled thread must
     * not cut the count short. */
    size_t lo, hi;
    stream_chunk(n, threads, 0, &lo, &hi);
    for (;;) {
        double t = fmin(fmin(run_passes(sk, buf, hi - lo, 1, passes),
                             run_passes(sk, buf, hi - lo, 1, passes)),
                        run_passes(sk, buf, hi - lo, 1, passes));
        if (t >= min_time_s || passes >= (UINT64_C(1) << 40)) break;
        double want = t > 0 ? (double)passes * min_time_s * 1.2 / t : (double)passes * 10;
        if (want > (double)passes * 10) want = (double)passes * 10;
        passes = want > (double)passes ? (uint64_t)want : passes + 1;
    }
    double best = INFINITY;
    for (int r = 0; r < ntimes; r++) {
        double t = run_passes(sk, buf, n, threads, passes);
        if (r > 0 && t < best) best = t; /* the first repetition is discarded */
    }
    out->threads = threads;
    out->bytes = n * sizeof(double);
    out->passes = passes;
    out->best_s = best;
    out->gbps = best > 0 ? (double)out->bytes * (double)passes / best * 1e-9 : 0.0;
    return 0;
}
