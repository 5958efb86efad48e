#include "attention.h"

#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ops.h"
#include "kernels/cpu_features.h"

/* About a millisecond of one core's work: below it one thread does the attention. */
#define ATTENTION_PARALLEL_MACS (1 << 21)

double kv_cache_bytes(const decode_shape *s, size_t capacity, bool fp16) {
    return 2.0 * (double)s->layers * (double)s->kv_dim * (double)capacity * (fp16 ? 2.0 : 4.0);
}

int kv_cache_init(kv_cache *c, const decode_shape *s, size_t capacity, bool fp16, char *err,
                  size_t len) {
    memset(c, 0, sizeof *c);
    c->layers = s->layers;
    c->kv_heads = s->kv_heads;
    c->head_dim = s->head_dim;
    c->capacity = capacity;
    c->fp16 = fp16;
    c->codec = half_codec_select(HALF_FP16, cpu_features());
    size_t bytes = (size_t)(kv_cache_bytes(s, capacity, fp16) / 2.0);
    c->k = calloc(1, bytes);
    c->v = calloc(1, bytes);
    if (!c->k || !c->v) {
        kv_cache_free(c);
        snprintf(err, len, "out of memory for a KV cache of %zu positions", capacity);
        return -1;
    }
    return 0;
}

void kv_cache_free(kv_cache *c) {
    free(c->k);
    free(c->v);
    c->k = c->v = NULL;
}

int rope_table_init(rope_table *t, size_t capacity, size_t head_dim, double theta) {
    t->capacity = capacity;
    t->half = head_dim / 2;
    t->cos = malloc(capacity * t->half * sizeof *t->cos);
    t->sin = malloc(capacity * t->half * sizeof *t->sin);
    if (!t->cos || !t->sin) {
        rope_table_free(t);
        return -1;
    }
    for (size_t p = 0; p < capacity; p++)
        for (size_t j = 0; j < t->half; j++) {
            double angle = (double)p * pow(theta, -2.0 * (double)j / (double)head_dim);
            t->cos[p * t->half + j] = (float)cos(angle);
            t->sin[p * t->half + j] = (float)sin(angle);
        }
    return 0;
}

void rope_table_free(rope_table *t) {
    free(t->cos);
    free(t->sin);
    t->cos = t->sin = NULL;
}

void rope_apply(float *v, size_t heads, size_t head_dim, size_t pos, const rope_table *t) {
    const float *c = t->cos + pos * t->half, *s = t->sin + pos * t->half;
    for (size_t h = 0; h < heads; h++) {
        float *x = v + h * head_dim;
        for (size_t j = 0; j < t->half; j++) {
            float a = x[2 * j], b = x[2 * j + 1];
            x[2 * j] = a * c[j] - b * s[j];
            x[2 * j + 1] = a * s[j] + b * c[j];
        }
    }
}

size_t attention_scratch_floats(const decode_shape *s, size_t capacity) {
    return 2 * capacity * s->head_dim + capacity; /* K and V of one kv head, the scores */
}

/* Elements before (layer, kv head, position 0) in the cache. */
static size_t cache_offset(const kv_cache *c, size_t layer, size_t kvh) {
    return ((layer * c->kv_heads + kvh) * c->capacity) * c->head_dim;
}

static void cache_store(kv_cache *c, size_t layer, size_t pos, const float *k, const float *v) {
    for (size_t g = 0; g < c->kv_heads; g++) {
        size_t at = cache_offset(c, layer, g) + pos * c->head_dim;
        const float *ks = k + g * c->head_dim, *vs = v + g * c->head_dim;
        if (c->fp16) {
            c->codec->from_f32(ks, (uint16_t *)c->k + at, c->head_dim);
            c->codec->from_f32(vs, (uint16_t *)c->v + at, c->head_dim);
        } else {
            memcpy((float *)c->k + at, ks, c->head_dim * sizeof(float));
            memcpy((float *)c->v + at, vs, c->head_dim * sizeof(float));
        }
    }
}

/* Keys and values of positions [0, n) of one kv head as FP32: the cache itself (FP32) or
 * converted into the scratch (FP16). */
static void cache_rows(const kv_cache *c, size_t layer, size_t kvh, size_t n, float *scratch,
                       const float **keys, const float **values) {
    size_t at = cache_offset(c, layer, kvh), count = n * c->head_dim;
    if (!c->fp16) {
        *keys = (const float *)c->k + at;
        *values = (const float *)c->v + at;
        return;
    }
    c->codec->to_f32((const uint16_t *)c->k + at, scratch, count);
    c->codec->to_f32((const uint16_t *)c->v + at, scratch + c->capacity * c->head_dim, count);
    *keys = scratch;
    *values = scratch + c->capacity * c->head_dim;
}

/* Every query head of kv head kvh, for the token at position pos (row i of the batch). */
static void attend(const attention_args *a, size_t i, size_t kvh, float *scratch) {
    const decode_shape *s = a->s;
    size_t pos = a->pos0 + i, n = pos + 1, hd = s->head_dim, group = s->heads / s->kv_heads;
    const float *keys, *values;
    cache_rows(a->cache, a->layer, kvh, n, scratch, &keys, &values);
    float *scores = scratch + 2 * a->cache->capacity * hd;
    float scale = 1.0f / sqrtf((float)hd);
    for (size_t h = kvh * group; h < (kvh + 1) * group; h++) {
        const float *q = a->q + i * s->q_dim + h * hd;
        for (size_t t = 0; t < n; t++) scores[t] = op_dot(q, keys + t * hd, hd) * scale;
        op_softmax(scores, n);
        float *o = a->out + i * s->q_dim + h * hd;
        memset(o, 0, hd * sizeof *o);
        for (size_t t = 0; t < n; t++) op_axpy(o, scores[t], values + t * hd, hd);
    }
}

void attention_layer(const attention_args *a) {
    const decode_shape *s = a->s;
    for (size_t i = 0; i < a->m; i++) {
        rope_apply(a->q + i * s->q_dim, s->heads, s->head_dim, a->pos0 + i, a->rope);
        rope_apply(a->k + i * s->kv_dim, s->kv_heads, s->head_dim, a->pos0 + i, a->rope);
        cache_store(a->cache, a->layer, a->pos0 + i, a->k + i * s->kv_dim, a->v + i * s->kv_dim);
    }
    size_t items = a->m * s->kv_heads, per_thread = attention_scratch_floats(s, a->cache->capacity);
    /* threads only where it pays: a parallel region costs microseconds, and its idle
     * threads spin for a while after it, competing with a kernel's own thread pool */
    double macs = (double)a->m * (double)(a->pos0 + a->m) * (double)s->q_dim;
    bool parallel = a->threads > 1 && items > 1 && macs >= ATTENTION_PARALLEL_MACS;
#pragma omp parallel for num_threads(a->threads) schedule(dynamic, 1) if (parallel)
    for (size_t it = 0; it < items; it++)
        attend(a, it / s->kv_heads, it % s->kv_heads,
               a->scratch + (size_t)omp_get_thread_num() * per_thread);
}
