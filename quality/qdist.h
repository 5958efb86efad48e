/*
 * Seeded weight matrices for the quality suite, one row (output channel, the seeds'
 * "column") at a time, so a matrix of any size is generated in parallel and never held
 * whole. Value (row, k) of an N x K matrix is a pure function of (seed, distribution, N, K,
 * row, k) through base/rng.h's counter-based streams:
 *   normal:            w = Z,   Z = rng_normal(seed, stream "quality:W:normal:NxK", row*K + k)
 *   student_t:         w = Z / sqrt(V / dof), Z as above, V = -2 ln(prod of dof/2 uniforms)
 *                      (chi-square with dof degrees of freedom) from stream
 *                      "quality:W:chi2:NxK", uniforms row*K*(dof/2) + k*(dof/2) + j
 *   outlier_channels:  the normal matrix with every weight of a few input channels k
 *                      multiplied by outlier_scale; ceil(outlier_fraction * K) channels,
 *                      drawn from stream "quality:outlier_channels:K" (same channels for
 *                      every matrix with that K, as an outlier feature of a real model is
 *                      shared by every layer that reads it)
 */
#ifndef Q35_QDIST_H
#define Q35_QDIST_H

#include <stddef.h>
#include <stdint.h>

#include "qconfig.h"

typedef struct qdist_gen {
    const qc_dist *dist;
    uint64_t seed;
    size_t n, k;
    uint64_t normal_stream, chi2_stream;
    size_t *outliers; /* sorted input-channel indices (outlier_channels only) */
    size_t n_outliers;
} qdist_gen;

/* Returns 0, or -1 when out of memory. */
int qdist_prepare(qdist_gen *g, const qc_dist *d, uint64_t seed, size_t n, size_t k);
void qdist_release(qdist_gen *g);

/* The K weights of row `row`. */
void qdist_row(const qdist_gen *g, size_t row, float *out);
/* The same in two steps, so several distributions over the same N x K share one draw of
 * the normals: z = the row's N(0, 1) values (the same for every distribution), then out =
 * this distribution's row from z (out may be z). */
void qdist_row_normal(const qdist_gen *g, size_t row, float *z);
void qdist_row_from_normal(const qdist_gen *g, size_t row, const float *z, float *out);

/* out[i] = rng_normal(seed, stream, first + i) for i < count, computing each Box-Muller pair
 * once (the values are identical to rng_normal's). */
void qdist_normals(uint64_t seed, uint64_t stream, uint64_t first, size_t count, float *out);

/* The stream name of a matrix, e.g. "quality:W:normal:8192x28672" (N x K). */
void qdist_stream_name(const char *what, size_t n, size_t k, char *buf, size_t len);

#endif
