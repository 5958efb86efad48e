/*
 * The DRAM read roof: how fast this machine streams a buffer it cannot cache, measured as
 * the best of several read kernels (stream_kernels.h: wide loads into eight independent
 * accumulators, with and without software prefetch, and four interleaved sub-streams),
 * because the fastest way to read depends on the CPU and a roof measured with one kernel
 * is only that kernel's speed. The buffer holds at least 4x the last-level cache (STREAM's
 * rule), or 1 GiB when the CPU reports no cache sizes.
 *
 * One probe is one repetition: every read kernel makes one pass over the whole buffer with
 * the given thread count, and the probe's sample is the best bandwidth of those passes.
 * The bench step runs probes interleaved with the kernels they judge (harness/suite.c,
 * through the roof_probe interface read_roof_provider returns),
 * so the roof and the kernels see the same machine; repeated probes give the roof's
 * median and its confidence interval.
 */
#ifndef Q35_READ_ROOF_H
#define Q35_READ_ROOF_H

#include <stddef.h>
#include <stdint.h>

#include "harness/roof_probe.h"
#include "stream_kernels.h"

typedef struct read_roof {
    const stream_kernels *sk; /* the widest path the CPU runs */
    double *buf;
    size_t n; /* doubles in buf */
    char rule[192]; /* how the buffer size was chosen */
} read_roof;

/* Allocates and first-touches the buffer with max_threads threads; bytes = 0 sizes it by
 * the rule above (a given size is for tests and small machines, and says so in rule).
 * Returns 0, or -1 with the reason in why (out of memory). */
int read_roof_open(read_roof *r, uint64_t features, size_t bytes, int max_threads, char *why,
                   size_t len);
void read_roof_close(read_roof *r);

/* One probe at `threads` threads: *gbps = the best bandwidth (1e9 bytes/s) over the read
 * kernels, *variant = the index in r->sk->reads of the kernel that gave it. Returns 0, or
 * -1 when a kernel's sum was wrong (the roof would not be a measurement of reading). */
int read_roof_probe(const read_roof *r, int threads, double *gbps, size_t *variant);

/* The harness's roof_probe over r (opened with this CPU's features); r must outlive it. */
roof_probe read_roof_provider(read_roof *r);

#endif
