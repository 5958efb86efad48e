/*
 * Read bandwidth versus working-set size: the read kernel of stream_kernels.h over a
 * buffer of `bytes`, split across threads, each thread re-reading its own chunk `passes`
 * times inside one parallel region (no barrier between passes, so small, cache-resident
 * sizes are not swamped by fork/join costs). Passes grow until one repetition lasts at
 * least min_time; `ntimes` repetitions, the first discarded, the best reported. This is
 * the bandwidth a kernel that re-reads `bytes` of weights on every call can expect.
 */
#ifndef Q35_SWEEP_H
#define Q35_SWEEP_H

#include <stddef.h>
#include <stdint.h>

#include "stream_kernels.h"

typedef struct sweep_point {
    int threads;
    size_t bytes;    /* working set: the whole buffer, all threads together */
    uint64_t passes; /* reads of the buffer per repetition */
    double best_s;   /* best repetition */
    double gbps;     /* bytes * passes / best_s, 1e9 B/s */
    int level;       /* index into the detected levels (levels.h), -1 before detection */
} sweep_point;

/* Working-set sizes from min_bytes to max_bytes (both included, rounded to whole cache
 * lines), `per_octave` geometric steps per doubling. Returns how many were written. */
size_t sweep_sizes(size_t min_bytes, size_t max_bytes, int per_octave, size_t *out,
                   size_t max_out);

/* Measures one point on buf (at least `bytes` long). Returns 0, or -1 on bad arguments. */
int sweep_measure(const stream_kernels *sk, const double *buf, size_t bytes, int threads,
                  double min_time_s, int ntimes, sweep_point *out);

#endif
