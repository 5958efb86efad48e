/*
 * The decode engine: a LLaMA-architecture forward pass over packed weights
 * (decode/weights.h), every matrix product through its kernel's run() (kernels/kernel.h),
 * the rest in portable C (decode/ops.h, decode/attention.h).
 *
 * One forward call runs a batch of m tokens at positions pos0 .. pos0 + m - 1 (m > 1 is
 * prompt processing, m = 1 one generated token):
 *   x = embedding rows
 *   every layer: x += o_proj(attention(rope(q_proj(n)), rope(k_proj(n)), v_proj(n)))
 *                x += down_proj(silu(gate_proj(n')) * up_proj(n'))
 *                with n = rmsnorm(x, attn gains), n' = rmsnorm(x, ffn gains)
 *   logits = lm_head(rmsnorm(x of the last token, final gains)); the greedy next token
 *   is their argmax
 * As in llama.cpp's prompt processing, only the last token of a batch gets logits.
 *
 * The wall time of each part is added to part_ns: matrix products (the kernels' run()),
 * attention (RoPE, the KV cache, scores, softmax, values), norms (RMSNorm), other
 * (embedding lookup, residual adds, SwiGLU activation, argmax).
 */
#ifndef Q35_DECODE_ENGINE_H
#define Q35_DECODE_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "attention.h"
#include "weights.h"

typedef enum { PART_MATMUL, PART_ATTENTION, PART_NORMS, PART_OTHER, PART_COUNT } decode_part;
extern const char *const decode_part_names[PART_COUNT]; /* "matmul", "attention", ... */

typedef struct decode_engine {
    const decode_weights *w;
    kv_cache cache;
    rope_table rope;
    size_t capacity, max_batch;
    int max_threads;
    int threads; /* used by the next forward call (1 .. max_threads) */
    float *x, *xn, *q, *k, *v, *att, *tmp, *gate, *up, *logits, *attn_scratch;
    void *workspace;
    size_t workspace_bytes;
    uint64_t part_ns[PART_COUNT]; /* accumulated wall time per part */
} decode_engine;

/* Bytes of the activations, logits and attention scratch (not the kernels' workspace). */
double decode_engine_buffer_bytes(const decode_shape *s, size_t capacity, size_t max_batch,
                                  int max_threads);
/* Largest workspace any matrix's kernel asks for, at batch 1 or max_batch, 1 .. max_threads. */
size_t decode_engine_workspace_bytes(const decode_weights *w, size_t max_batch, int max_threads);

int decode_engine_init(decode_engine *e, const decode_weights *w, size_t capacity,
                       size_t max_batch, int max_threads, bool kv_fp16, char *err, size_t len);
void decode_engine_free(decode_engine *e);

/* Runs tokens[0, m) at positions pos0 ... (m <= max_batch, pos0 + m <= capacity); the last
 * token's logits are left in e->logits (vocab values). Returns the greedy next token. */
int32_t decode_forward(decode_engine *e, const int32_t *tokens, size_t m, size_t pos0);

#endif
