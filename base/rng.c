#include "rng.h"

#include <math.h>

static uint64_t splitmix64(uint64_t x) {
    x += UINT64_C(0x9e3779b97f4a7c15);
    x = (x ^ (x >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    x = (x ^ (x >> 27)) * UINT64_C(0x94d049bb133111eb);
    return x ^ (x >> 31);
}

uint64_t rng_u64(uint64_t seed, uint64_t stream, uint64_t index) {
    return splitmix64(splitmix64(seed ^ splitmix64(stream)) + index);
}

double rng_uniform(uint64_t seed, uint64_t stream, uint64_t index) {
    /* 53 random bits, shifted by half a step so 0 and 1 never occur */
    return ((double)(rng_u64(seed, stream, index) >> 11) + 0.5) * 0x1.0p-53;
}

double rng_normal(uint64_t seed, uint64_t stream, uint64_t index) {
    uint64_t pair = index & ~UINT64_C(1);
    double u1 = rng_uniform(seed, stream, pair);
    double u2 = rng_uniform(seed, stream, pair + 1);
    double r = sqrt(-2.0 * log(u1));
    double angle = 6.283185307179586476925 * u2;
    return (index & 1) ? r * sin(angle) : r * cos(angle);
}

uint64_t rng_stream(const char *name) {
    uint64_t h = UINT64_C(0xcbf29ce484222325);
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        h ^= *p;
        h *= UINT64_C(0x100000001b3);
    }
    return h;
}

void rng_fill_normal(float *out, size_t count, uint64_t seed, uint64_t stream, float mean,
                     float std, int threads) {
#pragma omp parallel for num_threads(threads) schedule(static)
    for (int64_t i = 0; i < (int64_t)count; i++)
        out[i] = mean + std * (float)rng_normal(seed, stream, (uint64_t)i);
}
