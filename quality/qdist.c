#include "qdist.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/rng.h"

void qdist_stream_name(const char *what, size_t n, size_t k, char *buf, size_t len) {
    snprintf(buf, len, "quality:W:%s:%zux%zu", what, n, k);
}

static int cmp_size(const void *a, const void *b) {
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

int qdist_prepare(qdist_gen *g, const qc_dist *d, uint64_t seed, size_t n, size_t k) {
    char name[128];
    *g = (qdist_gen){.dist = d, .seed = seed, .n = n, .k = k};
    qdist_stream_name("normal", n, k, name, sizeof name);
    g->normal_stream = rng_stream(name);
    qdist_stream_name("chi2", n, k, name, sizeof name);
    g->chi2_stream = rng_stream(name);
    if (d->kind != QD_OUTLIER_CHANNELS) return 0;
    size_t count = (size_t)ceil(d->outlier_fraction * (double)k);
    if (count < 1) count = 1;
    if (count > k) count = k;
    g->outliers = malloc(count * sizeof *g->outliers);
    if (!g->outliers) return -1;
    snprintf(name, sizeof name, "quality:outlier_channels:%zu", k);
    uint64_t stream = rng_stream(name);
    /* Draw channel indices until `count` distinct ones are found (count <= K / 2). */
    for (uint64_t draw = 0; g->n_outliers < count; draw++) {
        size_t c = (size_t)(rng_u64(seed, stream, draw) % k);
        size_t j = 0;
        while (j < g->n_outliers && g->outliers[j] != c) j++;
        if (j == g->n_outliers) g->outliers[g->n_outliers++] = c;
    }
    qsort(g->outliers, g->n_outliers, sizeof *g->outliers, cmp_size);
    return 0;
}

void qdist_release(qdist_gen *g) {
    free(g->outliers);
    g->outliers = NULL;
    g->n_outliers = 0;
}

/* base/rng.c's generator with its per-stream part hoisted out of the loop:
 * rng_u64(seed, stream, i) = splitmix64(key + i), key = splitmix64(seed ^ splitmix64(stream)).
 * tests/test_quality_dist.c checks that the values equal rng_uniform and rng_normal. */
static inline uint64_t splitmix64(uint64_t x) {
    x += UINT64_C(0x9e3779b97f4a7c15);
    x = (x ^ (x >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    x = (x ^ (x >> 27)) * UINT64_C(0x94d049bb133111eb);
    return x ^ (x >> 31);
}

static inline uint64_t stream_key(uint64_t seed, uint64_t stream) {
    return splitmix64(seed ^ splitmix64(stream));
}

static inline double key_uniform(uint64_t key, uint64_t index) {
    return ((double)(splitmix64(key + index) >> 11) + 0.5) * 0x1.0p-53;
}

void qdist_normals(uint64_t seed, uint64_t stream, uint64_t first, size_t count, float *out) {
    uint64_t key = stream_key(seed, stream);
    size_t i = 0;
    if (count && (first & 1)) { /* an odd first index: the second half of a pair */
        out[i++] = (float)rng_normal(seed, stream, first);
    }
    for (; i + 1 < count; i += 2) {
        uint64_t pair = first + i; /* even */
        double r = sqrt(-2.0 * log(key_uniform(key, pair)));
        double angle = 6.283185307179586476925 * key_uniform(key, pair + 1);
        out[i] = (float)(r * cos(angle));
        out[i + 1] = (float)(r * sin(angle));
    }
    if (i < count) out[i] = (float)rng_normal(seed, stream, first + i);
}

void qdist_row_normal(const qdist_gen *g, size_t row, float *z) {
    qdist_normals(g->seed, g->normal_stream, (uint64_t)row * g->k, g->k, z);
}

void qdist_row_from_normal(const qdist_gen *g, size_t row, const float *z, float *out) {
    const qc_dist *d = g->dist;
    size_t k = g->k;
    if (d->kind == QD_STUDENT_T) {
        int half = d->dof / 2;
        uint64_t key = stream_key(g->seed, g->chi2_stream);
        uint64_t base = (uint64_t)row * k * (uint64_t)half;
        for (size_t i = 0; i < k; i++) {
            double prod = 1.0;
            for (int j = 0; j < half; j++) prod *= key_uniform(key, base + (uint64_t)i * half + j);
            double v = -2.0 * log(prod); /* chi-square with dof degrees of freedom */
            out[i] = (float)((double)z[i] / sqrt(v / d->dof));
        }
        return;
    }
    if (out != z)
        for (size_t i = 0; i < k; i++) out[i] = z[i];
    if (d->kind == QD_OUTLIER_CHANNELS)
        for (size_t j = 0; j < g->n_outliers; j++)
            out[g->outliers[j]] = (float)((double)z[g->outliers[j]] * d->outlier_scale);
}

void qdist_row(const qdist_gen *g, size_t row, float *out) {
    qdist_row_normal(g, row, out);
    qdist_row_from_normal(g, row, out, out);
}
