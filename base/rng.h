/*
 * Seeded, counter-based random numbers: value i of stream s under seed S is a pure
 * function of (S, s, i), so inputs are identical whatever the thread count or the order
 * in which cases run, and filling in parallel is deterministic.
 */
#ifndef Q35_RNG_H
#define Q35_RNG_H

#include <stddef.h>
#include <stdint.h>

uint64_t rng_u64(uint64_t seed, uint64_t stream, uint64_t index);
/* Uniform in the open interval (0, 1). */
double rng_uniform(uint64_t seed, uint64_t stream, uint64_t index);
/* Standard normal N(0, 1) (Box-Muller on the uniforms 2i and 2i + 1). */
double rng_normal(uint64_t seed, uint64_t stream, uint64_t index);
/* A stream id derived from a name (FNV-1a), e.g. "W:28672x8192". */
uint64_t rng_stream(const char *name);

/* out[i] = mean + std * N(0, 1) value i of the stream, filled with `threads` threads. */
void rng_fill_normal(float *out, size_t count, uint64_t seed, uint64_t stream, float mean,
                     float std, int threads);

#endif
