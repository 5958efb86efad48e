/*
 * Suite configuration: plain, commented `key = value` files parsed with inih.
 *
 *   [suite]                     name, seed, min_time_ms, repetitions, warmup, gate_max_macs;
 *                               how repetitions are ordered and checked for noise:
 *                               interleave, noise_cv_max_pct, noise_steal_max_pct,
 *                               remeasure_max, aa_case, compare, roof_shapes,
 *                               roof_buffer_mib, block_memory_mib (docs/noise.md)
 *   [shapes]                    one line per named shape: ffn_up = 28672x8192 (N x K)
 *   [sweep NAME] (one or more)  kernels, exclude, shapes, batch, threads and optional
 *                               quantization parameters (group_size, scales, symmetry,
 *                               scale_type, dequant)
 *
 * Every error names the file and line and says what was expected; loading never leaves a
 * half-filled config behind.
 */
#ifndef Q35_CONFIG_H
#define Q35_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "counters.h"
#include "roof_probe.h"
#include "interleave.h"
#include "kernels/kernel.h"

#define CONFIG_NAME_LEN 64
#define CONFIG_ERROR_LEN 512

typedef struct config_shape {
    char name[CONFIG_NAME_LEN];
    size_t n, k;
    int line;
} config_shape;

typedef struct config_sweep {
    char name[CONFIG_NAME_LEN];
    int line;
    const kernel **kernels; /* resolved from `kernels` minus `exclude`, registry order */
    size_t n_kernels;
    size_t *shapes; /* indices into suite_config.shapes */
    size_t n_shapes;
    size_t *batch;
    size_t n_batch;
    int *threads;
    size_t n_threads;
    quant_params qp;
} config_sweep;

/* compare = A/B: time(A) / time(B) wherever both ran on the same shape, M and threads. */
typedef struct config_pair {
    const kernel *a, *b;
} config_pair;

/* aa_case: the case timed twice as if it were two (the A/A check). */
typedef struct config_case {
    bool set;
    const kernel *k;
    size_t shape; /* index into suite_config.shapes */
    size_t m;
    int threads;
} config_case;

typedef struct suite_config {
    char path[512]; /* as given, for messages */
    char name[CONFIG_NAME_LEN];
    char description[256];
    uint64_t seed;
    double min_time_s;      /* per repetition */
    int repetitions;        /* timed repetitions per case */
    int warmup;             /* untimed calls before calibration */
    uint64_t gate_max_macs; /* reference work per case before the gate samples channels */
    interleave_mode interleave; /* order of the repetitions within a block */
    double noise_cv_max;        /* re-measure a case whose cv exceeds this (fraction) */
    double noise_steal_max_pct; /* ... or whose repetitions saw more steal time than this */
    int remeasure_max;          /* re-measurements per block at most (0: none) */
    config_case aa;
    config_pair *compare;
    size_t n_compare;
    bool *roof_shape;           /* per shape: measure the DRAM read roof in its blocks */
    double block_memory_bytes;  /* weights held for one interleaved block; 0 = automatic */
    double roof_buffer_bytes;   /* DRAM read roof buffer; 0 = the probe's own rule */
    config_shape *shapes;
    size_t n_shapes;
    config_sweep *sweeps;
    size_t n_sweeps;
    /* Not from the file: hardware counters the caller wants around each timed region
     * (NULL = none). */
    const counter_provider *counters;
    /* Not from the file: the DRAM read roof probe for the blocks of roof_shapes (NULL =
     * none: those roofs are recorded as not measured). */
    const roof_probe *roof_probe;
} suite_config;

/* Loads a config file. Returns 0 (Q35_OK), or Q35_ERR_INPUT (base/error.h) with "path:line: message" in err. */
int config_load(const char *path, suite_config *cfg, char *err, size_t err_len);
/* The same from text; `label` stands in for the path in messages. */
int config_load_string(const char *text, const char *label, suite_config *cfg, char *err,
                       size_t err_len);
void config_free(suite_config *cfg);

/* The effective configuration (defaults filled in, kernel lists resolved) as config text
 * that config_load_string accepts. Returns a malloc'd string. */
char *config_effective_text(const suite_config *cfg);

/* Text forms of quantization parameter values: kernels/kernel.h's quant_*_names. */

#endif
