/*
 * Synthetic, seeded model weights, packed by the kernels of a weight format. No model file
 * exists on this machine, so every matrix is drawn from the counter-based generator
 * (base/rng.h) with its own stream per layer and role: value i of matrix ROLE of layer L
 * is a pure function of (seed, "decode:L<L>:<ROLE>", i), whatever the thread count.
 *
 * Values are approximately N(0, 1/K) (K the matrix's input length, so every product keeps
 * the activations near unit scale): the sum of four 8-bit uniforms (half of one 64-bit draw),
 * centred and scaled to unit variance (Irwin-Hall, n = 4). That is about 20 times cheaper
 * than Box-Muller, which matters for billions of weights; the speed of a kernel does not
 * depend on the values, and their error behaviour is that of a bell-shaped distribution.
 * RMSNorm gains are 1 + 0.1 x the same draw. The token embedding is not stored: a token's row
 * is drawn when it is looked up (unit variance), which costs about as much as reading a row
 * of a stored table and saves vocab x hidden x 4 bytes.
 *
 * Each matrix is generated as FP32 into one scratch buffer (the size of the largest matrix,
 * reused), packed by its kernel through the contract (kernels/kernel.h), and the scratch is
 * freed at the end: packed weights + one FP32 matrix is the peak while building.
 */
#ifndef Q35_DECODE_WEIGHTS_H
#define Q35_DECODE_WEIGHTS_H

#include <stddef.h>
#include <stdint.h>

#include "model_shape.h"
#include "kernels/kernel.h"

typedef struct decode_matrix {
    const kernel *k;
    kernel_weights *pw;
    size_t n, kdim;
} decode_matrix;

typedef struct decode_layer {
    decode_matrix mat[MAT_LM_HEAD]; /* q_proj ... down_proj */
    float *attn_norm, *ffn_norm;    /* hidden values each */
} decode_layer;

typedef struct decode_weights {
    decode_shape shape;
    uint64_t seed;
    const kernel *kernel_of[MAT_COUNT];
    decode_layer *layers;
    decode_matrix lm_head;
    float *final_norm;
    double matrix_bytes[MAT_COUNT]; /* all matrices of a role, as packed (kernels' cost models) */
    double norm_bytes;              /* FP32 norm gains */
} decode_weights;

typedef struct decode_build_options {
    uint64_t seed;
    int threads; /* for generating the values */
    /* Optional, for tests: every matrix is first packed by this kernel and dequantized, so
     * the format's kernels multiply exactly the values `emulate` stores (e.g. ref_f64 on a
     * q35d model's weights). */
    const kernel *emulate;
    void (*progress)(void *ctx, size_t done, size_t total); /* optional, per matrix packed */
    void *progress_ctx;
} decode_build_options;

/* out[i] = mean + std x value i of the stream (the bell-shaped draw above). */
void decode_fill_bell(float *out, size_t count, uint64_t seed, uint64_t stream, float mean,
                      float std, int threads);
/* Matrix `role` of layer `layer` (0 for the LM head) as FP32, n x k row-major. */
void decode_weights_fill(float *w, const decode_shape *s, uint64_t seed, decode_matrix_role role,
                         size_t layer, int threads);
/* RMSNorm gains: which = "attn", "ffn" (per layer) or "final". */
void decode_norm_fill(float *g, size_t n, uint64_t seed, const char *which, size_t layer);
/* The embedding row of a token (hidden values, unit variance). */
void decode_embed_row(float *out, size_t hidden, uint64_t seed, int32_t token);

/* Generates and packs every matrix with kernels[role]. Returns 0, or -1 with the reason
 * (a K above a kernel's max_k, a failed pack, out of memory); nothing is left allocated. */
int decode_weights_build(decode_weights *w, const decode_shape *s,
                         const kernel *const kernels[MAT_COUNT], const decode_build_options *opt,
                         char *err, size_t len);
void decode_weights_free(decode_weights *w);

/* Packed matrices + norm gains, in bytes. */
double decode_weights_bytes(const decode_weights *w);

#endif
