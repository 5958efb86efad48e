/*
 * Decode configs (configs/decode*.ini): which models the decode step runs, in which weight
 * formats, and how it measures them. Plain, commented `key = value` lines (base/ini_file.h);
 * every error names file:line and what was expected.
 *
 *   [decode]
 *   models_dir = configs/models  ; where the model configs live (default)
 *   threads = 1, 2               ; thread counts, each measured in turn within a repetition
 *   pp = 16                      ; prompt tokens processed as one batch (prompt processing)
 *   tg = 8                       ; tokens generated one at a time, greedy (token generation)
 *   repetitions = 5              ; timed repetitions of each pp and tg run
 *   warmup = 1                   ; untimed rounds first: a prompt batch and one token
 *   kv_cache = f16               ; f16 or f32: how keys and values are stored
 *   seed = 42                    ; synthetic weights and the first token
 *   memory_limit_gib = 12        ; optional: a model must fit this as well as MemAvailable
 *   too_big = refuse             ; refuse (exit 2 before anything is allocated) or skip
 *                                ; (record the refusal with its numbers and go on)
 *   baseline = int4              ; optional: every format's tok/s is also given as a ratio
 *                                ; to this format's on the same model (ci_ratio)
 *
 *   [formats]                    ; one line per weight format: NAME = what runs each matrix
 *   q35d = q35d_simd             ; one kernel for every matrix
 *   bf16 = bf16_blas, fp16_blas  ; several: the fastest available one here, timed at M = 1
 *   q35d_f32head = q35d_simd, lm_head: f32_blas   ; ROLE: KERNEL overrides one matrix role
 *                                                 ; (q_proj ... down_proj, lm_head)
 *
 *   [models]                     ; one line per model config id: the formats it runs
 *   llama3-8b = q35d, int4       ; or `all` for every format of [formats]
 *
 * Kernels are names of the registry (kernels/registry.def); one missing from it is an
 * error, one this CPU cannot run is recorded as unavailable when the step runs.
 */
#ifndef Q35_DECODE_CONFIG_H
#define Q35_DECODE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model_shape.h"
#include "kernels/kernel.h"

#define DECODE_MAX_CANDIDATES 8
#define DECODE_MAX_FORMATS 16
#define DECODE_MAX_MODELS 16
#define DECODE_MAX_THREADS 8

typedef struct decode_candidates {
    const kernel *k[DECODE_MAX_CANDIDATES];
    size_t n;
} decode_candidates;

typedef struct decode_format {
    char name[64];
    char spec[256];                    /* the line's value as written */
    decode_candidates role[MAT_COUNT]; /* kernels that may run each matrix role */
    int line;
} decode_format;

typedef struct decode_model_entry {
    char id[64];
    size_t formats[DECODE_MAX_FORMATS]; /* indices into decode_config.formats */
    size_t n_formats;
    int line;
} decode_model_entry;

typedef struct decode_config {
    char path[512];
    char models_dir[512];
    int threads[DECODE_MAX_THREADS];
    size_t n_threads;
    size_t pp, tg;
    int repetitions, warmup;
    bool kv_fp16;
    uint64_t seed;
    double memory_limit_bytes; /* INFINITY when not given */
    bool skip_too_big;
    char baseline[64]; /* a format name, or "" */
    decode_format formats[DECODE_MAX_FORMATS];
    size_t n_formats;
    decode_model_entry models[DECODE_MAX_MODELS];
    size_t n_models;
} decode_config;

/* Returns 0 (Q35_OK), or Q35_ERR_INPUT (base/error.h) with "path:line: what was expected" in err. */
int decode_config_load(const char *path, decode_config *cfg, char *err, size_t len);
int decode_config_load_text(const char *text, const char *label, decode_config *cfg, char *err,
                            size_t len);

/* Tokens of context the KV cache must hold: the longer of the pp and the tg run. */
size_t decode_config_context(const decode_config *cfg);

#endif
