/*
 * The quality suite's config (configs/quality.ini), parsed with base/ini_file.h and the
 * strict value parsers of base/config_values.h. Every bad value is reported as
 * "file:line: what was expected" and loading returns 2.
 *
 *   [quality]            name, description, seed, threads, output_rows, output_batch,
 *                        quick_columns, quick_output_rows, peer_rows, quick_peer_rows,
 *                        seed_shapes, seed_distribution,
 *                        seed_schemes, dequant_scheme, q35d_check, references, search_steps,
 *                        search_min_ratio
 *   [shapes]             name = N x K (output channels x inputs, as in every suite config)
 *   [distribution ID]    kind = normal | student_t | outlier_channels, dof, outlier_fraction,
 *                        outlier_scale, description
 *   [scheme ID]          type = uniform | fp16 | bf16, bits = 4 or 4,3, symmetry, scales,
 *                        group, scale_type, search, code_storage_bits, kernel, description
 *   [sweep ID]           scheme, groups, scale_types, scales, search, distribution, shape,
 *                        max_bpw
 */
#ifndef Q35_QCONFIG_H
#define Q35_QCONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "formats/quant.h"
#include "formats/quant_search.h"
#include "kernels/kernel.h"

#define QC_NAME_LEN 64
#define QC_TEXT_LEN 256
#define QC_ERROR_LEN 768
#define QC_MAX_SHAPES 32
#define QC_MAX_DISTS 8
#define QC_MAX_SCHEMES 48
#define QC_MAX_SWEEPS 4
#define QC_MAX_SWEEP_VALUES 8
#define QC_MAX_K (1 << 24) /* weights per row (input channels) */

typedef struct qc_shape {
    char id[QC_NAME_LEN];
    size_t n, k;
    int line;
} qc_shape;

typedef enum { QD_NORMAL, QD_STUDENT_T, QD_OUTLIER_CHANNELS } qd_kind;

typedef struct qc_dist {
    char id[QC_NAME_LEN];
    char description[QC_TEXT_LEN];
    qd_kind kind;
    int dof;                 /* student_t: an even number of degrees of freedom */
    double outlier_fraction; /* outlier_channels: fraction of the K input channels */
    double outlier_scale;    /* ... whose weights are multiplied by this */
    int line;
} qc_dist;

typedef enum { QS_UNIFORM, QS_FP16, QS_BF16 } qs_type;

typedef struct qc_scheme {
    char id[QC_NAME_LEN];
    char description[QC_TEXT_LEN];
    qs_type type;
    quant_scheme q;          /* QS_UNIFORM: the quantizer of formats/quant.h */
    bool search;             /* MSE-optimal parameter search (formats/quant_search.h) */
    double code_storage_bits; /* bits the codes occupy per weight; 0 = their average width */
    char kernel[QC_NAME_LEN]; /* registered kernel for the output error; "" = none */
    int line;
} qc_scheme;

typedef struct qc_sweep {
    char id[QC_NAME_LEN];
    size_t scheme;                          /* base scheme: bits, symmetry, code storage */
    size_t groups[QC_MAX_SWEEP_VALUES];     /* 0 = per channel */
    size_t n_groups;
    bool fp16[QC_MAX_SWEEP_VALUES];         /* scale types */
    size_t n_fp16;
    bool split[QC_MAX_SWEEP_VALUES];
    size_t n_split;
    bool search[QC_MAX_SWEEP_VALUES];
    size_t n_search;
    size_t dist, shape;
    double max_bpw;
    int line;
} qc_sweep;

typedef struct quality_config {
    char path[512];
    char name[QC_NAME_LEN];
    char description[QC_TEXT_LEN];
    uint64_t seed;
    int threads; /* 0 = every online CPU */
    size_t output_rows, output_batch;
    size_t quick_columns, quick_output_rows;
    size_t peer_rows, quick_peer_rows; /* rows per shape for llama.cpp's quantizers; 0 = none */
    size_t seed_shapes[QC_MAX_SHAPES]; /* the seeds' shapes: means and std over these */
    size_t n_seed_shapes;
    size_t seed_dist;                  /* the seeds' distribution (N(0, 1)) */
    size_t seed_schemes[QC_MAX_SCHEMES]; /* schemes reproduced with the seeds' ids */
    size_t n_seed_schemes;
    bool has_dequant;
    size_t dequant_scheme;
    bool has_q35d_check;
    size_t q35d_check[2];
    char references[512]; /* resolved relative to the config's directory; "" = none */
    quant_search search;
    qc_shape shapes[QC_MAX_SHAPES];
    size_t n_shapes;
    qc_dist dists[QC_MAX_DISTS];
    size_t n_dists;
    qc_scheme schemes[QC_MAX_SCHEMES];
    size_t n_schemes;
    qc_sweep sweeps[QC_MAX_SWEEPS];
    size_t n_sweeps;
} quality_config;

/* Returns 0 (Q35_OK), or Q35_ERR_INPUT (base/error.h) with "path:line: message" in err. */
int qconfig_load(const char *path, quality_config *cfg, char *err, size_t err_len);
int qconfig_load_string(const char *text, const char *label, quality_config *cfg, char *err,
                        size_t err_len);

/* "4,3 asymmetric split g128 fp16 mse" and the like, for tables. */
void qconfig_scheme_summary(const qc_scheme *s, char *buf, size_t len);
const char *qconfig_dist_kind_name(qd_kind k);
const char *qconfig_scheme_type_name(qs_type t);

#endif
