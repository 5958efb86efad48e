#include "read_roof.h"

#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/system_info.h"
#include "harness/timer.h"
#include "kernels/cpu_features.h"
#include "stream.h"

#define MIB ((size_t)1 << 20)

int read_roof_open(read_roof *r, uint64_t features, size_t bytes, int max_threads, char *why,
                   size_t len) {
    memset(r, 0, sizeof *r);
    r->sk = stream_kernels_select(features);
    cpu_caches c;
    cpu_cache_sizes(&c);
    size_t llc = c.l3 ? c.l3 : c.l2;
    if (bytes) {
        bytes = (bytes + MIB - 1) / MIB * MIB;
        snprintf(r->rule, sizeof r->rule, "%zu MiB as configured (roof_buffer_mib)", bytes / MIB);
    } else if (llc) {
        bytes = (4 * llc + MIB - 1) / MIB * MIB;
        snprintf(r->rule, sizeof r->rule, "4x the last-level cache CPUID reports (%zu bytes)",
                 llc);
    } else {
        bytes = 1024 * MIB;
        snprintf(r->rule, sizeof r->rule,
                 "1 GiB: CPUID reports no cache sizes, so 4x the last-level cache is unknown");
    }
    double avail = system_memory_available_bytes();
    if (avail > 0 && (double)bytes > avail / 8) { /* never crowd out the kernels' weights */
        bytes = (size_t)(avail / 8) / MIB * MIB;
        size_t used = strlen(r->rule);
        snprintf(r->rule + used, sizeof r->rule - used,
                 "; shrunk to %zu MiB, an eighth of the available memory", bytes / MIB);
    }
    r->n = bytes / sizeof(double);
    r->buf = r->n ? aligned_alloc(64, r->n * sizeof(double)) : NULL;
    if (!r->buf) {
        snprintf(why, len, "out of memory for the %zu MiB read-roof buffer", bytes / MIB);
        return -1;
    }
    /* 1.0 everywhere: every partial sum is an integer below 2^53, so each sum is exact */
#pragma omp parallel num_threads(max_threads)
    {
        size_t lo, hi;
        stream_chunk(r->n, omp_get_num_threads(), omp_get_thread_num(), &lo, &hi);
        for (size_t j = lo; j < hi; j++) r->buf[j] = 1.0;
    }
    return 0;
}

void read_roof_close(read_roof *r) {
    free(r->buf);
    memset(r, 0, sizeof *r);
}

int read_roof_probe(const read_roof *r, int threads, double *gbps, size_t *variant) {
    *gbps = 0;
    *variant = 0;
    int rc = 0;
    for (size_t v = 0; v < r->sk->n_reads; v++) {
        stream_read_fn read = r->sk->reads[v].read;
        double total = 0;
        uint64_t t0 = timer_wall_ns();
#pragma omp parallel num_threads(threads) reduction(+ : total)
        {
            size_t lo, hi;
            stream_chunk(r->n, omp_get_num_threads(), omp_get_thread_num(), &lo, &hi);
            total += read(r->buf + lo, hi - lo);
        }
        double s = (double)(timer_wall_ns() - t0) * 1e-9;
        if (total != (double)r->n) rc = -1;
        double rate = s > 0 ? (double)r->n * sizeof(double) / s * 1e-9 : 0;
        if (rate > *gbps) {
            *gbps = rate;
            *variant = v;
        }
    }
    return rc;
}

/* The harness's roof_probe interface over a read_roof (harness/roof_probe.h). */
static int probe_open(void *self, size_t bytes, int max_threads, char *why, size_t len) {
    return read_roof_open(self, cpu_features(), bytes, max_threads, why, len);
}
static int probe_run(void *self, int threads, double *gbps, size_t *variant) {
    return read_roof_probe(self, threads, gbps, variant);
}
static void probe_close(void *self) { read_roof_close(self); }
static const char *probe_rule(const void *self) { return ((const read_roof *)self)->rule; }
static size_t probe_variants(const void *self, const char **names, size_t max) {
    const read_roof *r = self;
    size_t n = 0;
    for (; n < r->sk->n_reads && n < max; n++) names[n] = r->sk->reads[n].name;
    return n;
}

roof_probe read_roof_provider(read_roof *r) {
    return (roof_probe){.self = r, .open = probe_open, .probe = probe_run, .close = probe_close,
                        .rule = probe_rule, .variants = probe_variants};
}
