/*
 * Grouped-query attention with a KV cache and rotary position embeddings (RoPE), as in
 * LLaMA: query head h reads key/value head h / (heads / kv_heads).
 *
 *   RoPE       pairs (2j, 2j+1) of every head rotated by pos x theta^(-2j / head_dim)
 *              (the pairing of Meta's reference code; Hugging Face permutes the weights
 *              instead, which for random weights is the same computation)
 *   cache      keys and values of every layer, kv head and position, FP32 or FP16
 *              (IEEE half, converted by kernels/half_convert.h for this CPU), laid out
 *              [layer][kv head][position][head_dim] so one head's context is contiguous
 *   attention  token i of a batch at position pos0 + i sees positions 0 .. pos0 + i
 *              (causal): scores = q k / sqrt(head_dim), softmax, weighted sum of values
 */
#ifndef Q35_DECODE_ATTENTION_H
#define Q35_DECODE_ATTENTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model_shape.h"
#include "kernels/half_convert.h"

typedef struct kv_cache {
    size_t layers, kv_heads, head_dim, capacity;
    bool fp16;
    void *k, *v; /* uint16_t (FP16) or float elements */
    const half_codec *codec;
} kv_cache;

/* Bytes of a cache for `capacity` positions. */
double kv_cache_bytes(const decode_shape *s, size_t capacity, bool fp16);
int kv_cache_init(kv_cache *c, const decode_shape *s, size_t capacity, bool fp16, char *err,
                  size_t len);
void kv_cache_free(kv_cache *c);

typedef struct rope_table {
    float *cos, *sin; /* [position][head_dim / 2] */
    size_t capacity, half;
} rope_table;

int rope_table_init(rope_table *t, size_t capacity, size_t head_dim, double theta);
void rope_table_free(rope_table *t);
/* Rotates `heads` heads of head_dim values at position pos, in place. */
void rope_apply(float *v, size_t heads, size_t head_dim, size_t pos, const rope_table *t);

typedef struct attention_args {
    const decode_shape *s;
    kv_cache *cache;
    const rope_table *rope;
    size_t layer, m, pos0; /* tokens [0, m) at positions pos0 + i */
    float *q, *k;          /* m x q_dim and m x kv_dim: RoPE is applied in place */
    const float *v;        /* m x kv_dim */
    float *out;            /* m x q_dim */
    float *scratch;        /* attention_scratch_floats() per thread */
    int threads;
} attention_args;

/* Floats of scratch one thread needs. */
size_t attention_scratch_floats(const decode_shape *s, size_t capacity);
/* RoPE on q and k, stores k and v at their positions, and the causal attention of every
 * token. pos0 + m must not exceed the cache's capacity (the engine checks). */
void attention_layer(const attention_args *a);

#endif
