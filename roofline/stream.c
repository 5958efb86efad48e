#include "stream.h"

#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/timer.h"

#define LINE_DOUBLES 8 /* one 64-byte cache line */

void stream_chunk(size_t n, int threads, int id, size_t *lo, size_t *hi) {
    size_t lines = (n + LINE_DOUBLES - 1) / LINE_DOUBLES;
    size_t per = lines / (size_t)threads, extra = lines % (size_t)threads;
    size_t first = (size_t)id * per + ((size_t)id < extra ? (size_t)id : extra);
    size_t count = per + ((size_t)id < extra ? 1 : 0);
    *lo = first * LINE_DOUBLES;
    *hi = (first + count) * LINE_DOUBLES;
    if (*lo > n) *lo = n;
    if (*hi > n) *hi = n;
}

int stream_arrays_alloc(stream_arrays *arr, size_t n, int threads) {
    memset(arr, 0, sizeof *arr);
    size_t bytes = (n * sizeof(double) + 63) / 64 * 64;
    arr->a = aligned_alloc(64, bytes);
    arr->b = aligned_alloc(64, bytes);
    arr->c = aligned_alloc(64, bytes);
    if (!arr->a || !arr->b || !arr->c) {
        stream_arrays_free(arr);
        return -1;
    }
    arr->n = n;
#pragma omp parallel num_threads(threads)
    {
        size_t lo, hi;
        stream_chunk(n, omp_get_num_threads(), omp_get_thread_num(), &lo, &hi);
        for (size_t j = lo; j < hi; j++) arr->a[j] = arr->b[j] = arr->c[j] = 0.0;
    }
    return 0;
}

void stream_arrays_free(stream_arrays *arr) {
    free(arr->a);
    free(arr->b);
    free(arr->c);
    memset(arr, 0, sizeof *arr);
}

void stream_expected(int ntimes, double *aj, double *bj, double *cj, double *a_after) {
    double a = 2.0, b = 2.0, c = 0.0; /* a = 1 doubled before the timed loop */
    for (int k = 0; k < ntimes; k++) {
        c = a;
        b = STREAM_SCALAR * c;
        c = a + b;
        a = b + STREAM_SCALAR * c;
        if (a_after) a_after[k] = a;
    }
    *aj = a;
    *bj = b;
    *cj = c;
}

static double rel_error(double v, double expect) {
    return expect != 0.0 ? fabs(v - expect) / fabs(expect) : fabs(v);
}

size_t stream_check(const stream_arrays *arr, int ntimes, int threads, double *max_rel_error) {
    double aj, bj, cj;
    stream_expected(ntimes, &aj, &bj, &cj, NULL);
    size_t bad = 0;
    double worst = 0.0;
#pragma omp parallel for num_threads(threads) schedule(static) reduction(+ : bad) \
    reduction(max : worst)
    for (size_t j = 0; j < arr->n; j++) {
        double e[3] = {rel_error(arr->a[j], aj), rel_error(arr->b[j], bj),
                       rel_error(arr->c[j], cj)};
        for (int i = 0; i < 3; i++) {
            if (!(e[i] <= STREAM_CHECK_EPSILON)) bad++; /* NaN counts as bad */
            if (e[i] > worst || isnan(e[i])) worst = isnan(e[i]) ? INFINITY : e[i];
        }
    }
    if (max_rel_error) *max_rel_error = worst;
    return bad;
}

/* One timed pass of kernel `kind` over all elements (read: with read kernel `rd`); returns
 * seconds, sum for read. */
static double timed_pass(const stream_kernels *sk, stream_read_fn rd, stream_arrays *arr,
                         stream_kind kind, int threads, double *sum) {
    double total = 0.0;
    uint64_t t0 = timer_wall_ns();
#pragma omp parallel num_threads(threads) reduction(+ : total)
    {
        size_t lo, hi; /* the team the runtime gave, so no chunk is ever left out */
        stream_chunk(arr->n, omp_get_num_threads(), omp_get_thread_num(), &lo, &hi);
        size_t len = hi - lo;
        switch (kind) {
        case STREAM_COPY: sk->copy(arr->c + lo, arr->a + lo, len); break;
        case STREAM_SCALE: sk->scale(arr->b + lo, arr->c + lo, STREAM_SCALAR, len); break;
        case STREAM_ADD: sk->add(arr->c + lo, arr->a + lo, arr->b + lo, len); break;
        case STREAM_TRIAD: sk->triad(arr->a + lo, arr->b + lo, arr->c + lo, STREAM_SCALAR, len); break;
        case STREAM_READ: total += rd(arr->a + lo, len); break;
        case STREAM_KINDS: break;
        }
    }
    uint64_t t1 = timer_wall_ns();
    if (sum) *sum = total;
    return (double)(t1 - t0) * 1e-9;
}

int stream_measure(const stream_kernels *sk, stream_arrays *arr, int ntimes, int threads,
                   stream_result *out) {
    memset(out, 0, sizeof *out);
    if (ntimes < 2 || threads < 1 || arr->n == 0) return -1;
    out->threads = threads;
    out->ntimes = ntimes;
    double *times = calloc((size_t)ntimes * STREAM_KINDS, sizeof *times);
    double *a_after = calloc((size_t)ntimes, sizeof *a_after);
    if (!times || !a_after) {
        free(times);
        free(a_after);
        return -1;
    }
    double aj, bj, cj;
    stream_expected(ntimes, &aj, &bj, &cj, a_after);

#pragma omp parallel num_threads(threads)
    {
        size_t lo, hi;
        stream_chunk(arr->n, omp_get_num_threads(), omp_get_thread_num(), &lo, &hi);
        for (size_t j = lo; j < hi; j++) {
            arr->a[j] = 2.0; /* STREAM: a = 1, b = 2, c = 0, then a = 2a */
            arr->b[j] = 2.0;
            arr->c[j] = 0.0;
        }
    }
    /* The read kernel's sum of n equal values, taken in a few dozen partial sums, is off
     * by at most about n ulps; allow that with a margin. */
    double sum_bound = 4.0 * (double)arr->n * 1.1102230246251565e-16 + STREAM_CHECK_EPSILON;
    double variant_best[STREAM_READ_VARIANTS_MAX];
    for (size_t v = 0; v < STREAM_READ_VARIANTS_MAX; v++) variant_best[v] = INFINITY;
    for (int k = 0; k < ntimes; k++) {
        for (int kind = 0; kind < STREAM_KINDS; kind++) {
            double sum = 0.0;
            if (kind != STREAM_READ) {
                times[(size_t)k * STREAM_KINDS + (size_t)kind] =
                    timed_pass(sk, NULL, arr, (stream_kind)kind, threads, &sum);
                continue;
            }
            /* read: every read kernel of the path; the iteration's time is the fastest */
            double best = INFINITY;
            for (size_t v = 0; v < sk->n_reads; v++) {
                double s = timed_pass(sk, sk->reads[v].read, arr, STREAM_READ, threads, &sum);
                if (s < best) best = s;
                if (k > 0 && s < variant_best[v]) variant_best[v] = s;
                double expect = (double)arr->n * a_after[k];
                if (!(rel_error(sum, expect) <= sum_bound)) out->bad_sums++;
            }
            times[(size_t)k * STREAM_KINDS + (size_t)kind] = best;
        }
    }
    double read_bytes = stream_bytes(STREAM_READ, arr->n);
    out->n_read_variants = sk->n_reads;
    for (size_t v = 0; v < sk->n_reads; v++) {
        out->read_variant_gbps[v] = variant_best[v] > 0 ? read_bytes / variant_best[v] * 1e-9 : 0;
        if (out->read_variant_gbps[v] > out->read_variant_gbps[out->read_best]) out->read_best = v;
    }
    for (int kind = 0; kind < STREAM_KINDS; kind++) {
        stream_timing *t = &out->kernel[kind];
        t->bytes = stream_bytes((stream_kind)kind, arr->n);
        t->best_s = INFINITY;
        double total = 0.0;
        for (int k = 1; k < ntimes; k++) { /* the first iteration is discarded */
            double s = times[(size_t)k * STREAM_KINDS + (size_t)kind];
            total += s;
            if (s < t->best_s) t->best_s = s;
            if (s > t->max_s) t->max_s = s;
        }
        t->avg_s = total / (ntimes - 1);
        t->gbps = t->best_s > 0 ? t->bytes / t->best_s * 1e-9 : 0.0;
        t->gbps_avg = t->avg_s > 0 ? t->bytes / t->avg_s * 1e-9 : 0.0;
    }
    out->bad_elements = stream_check(arr, ntimes, threads, &out->max_rel_error);
    out->valid = out->bad_elements == 0 && out->bad_sums == 0;
    if (!out->valid)
        snprintf(out->why, sizeof out->why,
                 "validation failed: %zu array element(s) off by more than %g (largest "
                 "relative error %.3g), %d read-kernel sum(s) wrong",
                 out->bad_elements, STREAM_CHECK_EPSILON, out->max_rel_error, out->bad_sums);
    free(times);
    free(a_after);
    return 0;
}
