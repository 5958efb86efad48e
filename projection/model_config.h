/*
 * Model configs (configs/models/NAME.ini): a transformer's architecture, every figure with
 * its source (projection/figures.h).
 *
 *   [model]    id (a-z 0-9 -), name, notes (optional), project = yes|no (optional, default
 *              yes: no for a model that only the decode step runs, e.g. a test-sized one or
 *              a variant with fewer layers, so device projections are not drawn for it)
 *   [figures]  parameters (always); then either the architecture: hidden, intermediate,
 *              layers, heads, kv_heads, head_dim, vocab, tied_embeddings (0/1),
 *              kv_bytes_per_value, norm_bytes_per_value; or, for a model known only by its
 *              parameter count, reference_k (the row length K that per-channel scales are
 *              counted over). Optional, needed by the decode step (decode/): rope_theta
 *              (RoPE base) and norm_eps (RMSNorm epsilon).
 *
 * With an architecture, the parameter count it implies (LLaMA layout: per layer q, k, v,
 * o, gate, up, down and two norm vectors; embeddings, LM head unless tied, final norm)
 * must equal `parameters`, or the file is rejected at the parameters line.
 */
#ifndef Q35_MODEL_CONFIG_H
#define Q35_MODEL_CONFIG_H

#include <stdbool.h>

#include "figures.h"

typedef struct model_matrix {
    const char *name; /* "q_proj", ..., "lm_head", "embed_tokens" */
    double n, k;      /* output channels x inputs */
    double count;     /* how many in the model */
    bool per_token;   /* read in full for every decode token */
} model_matrix;

#define MODEL_MAX_MATRICES 10

typedef struct model_config {
    char path[512];
    char id[64], name[128], notes[FIGURE_TEXT_LEN];
    figure_set figs;
    bool has_architecture;
    bool skip_projection; /* [model] project = no */
    /* derived from the architecture */
    model_matrix matrices[MODEL_MAX_MATRICES];
    size_t n_matrices;
    double norm_values;          /* norm weights in the model */
    double derived_parameters;   /* from the architecture */
    double kv_bytes_per_context_token;
    double attention_flops_per_context_token; /* per decoded token, per token of context */
} model_config;

extern const figure_spec model_figure_specs[];

int model_config_load(const char *path, model_config *m, char *err, size_t len);
int model_config_load_text(const char *text, const char *label, model_config *m, char *err,
                           size_t len);

#endif
