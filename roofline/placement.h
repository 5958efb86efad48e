/*
 * Placing benchmark rows on the measured roofline (Williams, Waterman, Patterson 2009).
 * For a row with the kernel's modelled bytes moved B and operations W per call and a
 * median time t:
 *   arithmetic intensity  AI = W / B                      (ops per byte)
 *   achieved              GB/s = B / t,  GOP/s = W / t
 *   bandwidth roof        the read bandwidth the sweep measured for a working set of B
 *                         bytes at the row's thread count (cache-resident weights get the
 *                         cache's bandwidth, DRAM-sized ones DRAM's): the curve
 *                         interpolated in log(size), or the median of the level B falls
 *                         in where that is higher (a roof is an upper bound; one noisy
 *                         sweep point must not lower it)
 *   compute roof          the measured peak of the operation the format computes with, its
 *                         compute kind in formats/format_traits.h (fp32 for the floats,
 *                         int8 dot products for the integer formats); a format not in that
 *                         table is not placed, and says so
 *   attainable            min(compute roof, AI x bandwidth roof)
 *   binds                 "bandwidth" when AI x bandwidth roof < compute roof, else "compute"
 * Roofs come from the largest measured thread count not above the row's (the smallest
 * measured one when none is).
 */
#ifndef Q35_PLACEMENT_H
#define Q35_PLACEMENT_H

#include <stdbool.h>
#include <stddef.h>

#include "harness/bench_tsv.h"
#include "levels.h"
#include "papi_counters.h"
#include "peak_kernels.h"

typedef struct roof_curve {
    int threads;
    const size_t *bytes; /* sweep working sets, ascending */
    const double *gbps;
    size_t n;
    const cache_levels *levels;
    double peak[PEAK_KINDS]; /* GFLOP/s or GOP/s; <= 0 when not measured */
} roof_curve;

typedef struct roof_set {
    const roof_curve *curves;
    size_t n;
} roof_set;

typedef struct placement {
    bool placed;    /* false: not an ok row, or no roofs; see note */
    char note[160];
    double ai, gbps, gops;
    int roof_threads;
    char level[8]; /* the sweep level the working set falls in */
    double bw_roof_gbps;
    peak_kind compute_kind;
    double compute_roof_gops;
    double attainable_gops;
    double pct_bw_roof, pct_compute_roof, pct_attainable;
    const char *binds; /* "bandwidth" or "compute" */
    counter_derived counters;
} placement;

/* What the placement found: bench is NULL when there was no bench.tsv (note says so). */
typedef struct placement_set {
    const bench_table *bench;
    const placement *rows; /* bench->n entries */
    char note[256];
} placement_set;

/* The peak a weight format is judged against (its traits' compute kind); -1 for a format
 * the traits table does not know. */
int placement_compute_kind(const char *format, peak_kind *out);
/* The curve for a thread count, or NULL when the set is empty. */
const roof_curve *placement_curve(const roof_set *roofs, int threads);
void placement_compute(const bench_row *row, const roof_set *roofs, placement *out);

#endif
