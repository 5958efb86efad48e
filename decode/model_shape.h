/*
 * The shape of a LLaMA-architecture model as the decode engine runs it. It comes from a
 * model config (configs/models/NAME.ini, read by projection/model_config.h, the one reader of
 * that format): the architecture figures plus rope_theta and norm_eps, which only the
 * decode needs.
 *
 * Matrices are written output x input (N x K), as the kernel contract lays weights out:
 *   q_proj q_dim x hidden, k_proj and v_proj kv_dim x hidden, o_proj hidden x q_dim,
 *   gate_proj and up_proj ffn x hidden, down_proj hidden x ffn (one of each per layer),
 *   lm_head vocab x hidden (one).
 * q_dim = heads x head_dim and kv_dim = kv_heads x head_dim.
 */
#ifndef Q35_DECODE_MODEL_SHAPE_H
#define Q35_DECODE_MODEL_SHAPE_H

#include <stddef.h>

#include "projection/model_config.h"

typedef enum {
    MAT_Q, MAT_K, MAT_V, MAT_O, MAT_GATE, MAT_UP, MAT_DOWN, MAT_LM_HEAD, MAT_COUNT
} decode_matrix_role;

/* "q_proj", ..., "lm_head", indexed by decode_matrix_role. */
extern const char *const decode_matrix_names[MAT_COUNT];
/* The role of a matrix name, or -1. */
int decode_matrix_role_of(const char *name);

typedef struct decode_shape {
    char id[64], name[128], path[512];
    size_t layers, hidden, ffn, heads, kv_heads, head_dim, vocab;
    size_t q_dim, kv_dim;
    double rope_theta, norm_eps;
} decode_shape;

/* From a loaded model config; 2 with "path: what is missing" when the model has no
 * architecture, lacks rope_theta or norm_eps, or its heads do not group (heads a multiple
 * of kv_heads, an even head_dim for RoPE). */
int decode_shape_from_config(const model_config *m, decode_shape *out, char *err, size_t len);
/* Loads models_dir/ID.ini and checks it as above; 0, or 2 with the reason. */
int decode_shape_load(const char *models_dir, const char *id, decode_shape *out, char *err,
                      size_t len);

/* N x K of a role's matrix. */
void decode_matrix_dims(const decode_shape *s, decode_matrix_role r, size_t *n, size_t *k);
/* How many matrices of the role the model holds (layers, or 1 for the LM head). */
size_t decode_matrix_count(const decode_shape *s, decode_matrix_role r);
/* Weights of the model's matrices (every layer and the LM head; no embedding table). */
double decode_matrix_weights(const decode_shape *s);

#endif
