#include <cblas.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/rng.h"
#include "harness/timer.h"
#include "peak.h"

#define SGEMM_CHECK_SAMPLES 64
#define SGEMM_CHECK_BOUND 1e-4

int sgemm_measure(size_t n, int threads, int ntimes, sgemm_result *out) {
    memset(out, 0, sizeof *out);
    if (n == 0 || threads < 1 || ntimes < 2) return -1;
    out->threads = threads;
    out->n = n;
    out->ntimes = ntimes;
    snprintf(out->core, sizeof out->core, "%s", openblas_get_corename());
    float *a = malloc(n * n * sizeof *a), *b = malloc(n * n * sizeof *b),
          *c = malloc(n * n * sizeof *c);
    if (!a || !b || !c) {
        free(a);
        free(b);
        free(c);
        snprintf(out->why, sizeof out->why, "out of memory for three %zux%zu matrices", n, n);
        return -1;
    }
    rng_fill_normal(a, n * n, 7, rng_stream("roofline:sgemm:A"), 0.0f, 1.0f, threads);
    rng_fill_normal(b, n * n, 7, rng_stream("roofline:sgemm:B"), 0.0f, 1.0f, threads);
    int saved = openblas_get_num_threads();
    openblas_set_num_threads(threads);
    double best = INFINITY;
    for (int r = 0; r < ntimes; r++) {
        uint64_t t0 = timer_wall_ns();
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (blasint)n, (blasint)n,
                    (blasint)n, 1.0f, a, (blasint)n, b, (blasint)n, 0.0f, c, (blasint)n);
        double t = (double)(timer_wall_ns() - t0) * 1e-9;
        if (r > 0 && t < best) best = t; /* the first call is discarded */
    }
    openblas_set_num_threads(saved);
    /* Sampled entries against an FP64 dot product, relative to the row/column norms. */
    double worst = 0.0;
    for (int s = 0; s < SGEMM_CHECK_SAMPLES; s++) {
        size_t i = (size_t)s * 7919 % n, j = (size_t)s * 104729 % n;
        double ref = 0.0, na = 0.0, nb = 0.0;
        for (size_t k = 0; k < n; k++) {
            ref += (double)a[i * n + k] * b[k * n + j];
            na += (double)a[i * n + k] * a[i * n + k];
            nb += (double)b[k * n + j] * b[k * n + j];
        }
        double scale = sqrt(na * nb);
        double e = scale > 0 ? fabs(c[i * n + j] - ref) / scale : fabs(c[i * n + j]);
        if (!(e <= worst)) worst = isnan(e) ? INFINITY : e;
    }
    out->max_rel_error = worst;
    out->best_s = best;
    out->rate = best > 0 ? 2.0 * (double)n * n * n / best * 1e-9 : 0.0;
    out->valid = worst <= SGEMM_CHECK_BOUND;
    if (!out->valid)
        snprintf(out->why, sizeof out->why,
                 "validation failed: sampled entry off by %.3g (relative to |row| |column|, "
                 "bound %g)",
                 worst, SGEMM_CHECK_BOUND);
    free(a);
    free(b);
    free(c);
    return 0;
}
