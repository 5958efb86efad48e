/*
 * Running the quality suite: every distribution x distinct shape is one weight pass over
 * all schemes (plus the sweep's variants where the sweep applies), followed by the output
 * error on a sample of rows through the kernels. Results stay in memory for the writers
 * (quality/qwrite_*.c).
 */
#ifndef Q35_QRUN_H
#define Q35_QRUN_H

#include <stdbool.h>
#include <stdio.h>

#include "qconfig.h"
#include "qggml.h"
#include "qmetrics.h"
#include "qoutput.h"
#include "qrefs.h"

/* One scheme x distribution x shape. */
typedef struct qcell {
    qerr err;
    qmoments w;
    size_t rows;      /* rows (output channels) of the weight pass */
    size_t same_as;   /* index of the shape whose matrix this is (itself if first) */
    double bpw;
    bool wonly_ok;
    double wonly_pct;
    size_t out_rows;  /* rows of the output-error sample */
    bool has_kernel;  /* the scheme names a kernel */
    qout_kernel_result kr;
} qcell;

typedef struct qsweep_point {
    char setting[64]; /* e.g. g128_fp16_split_mse */
    qc_scheme scheme;
    qerr err;
    qmoments w;
    size_t rows;
    double bpw;
    bool pareto;
} qsweep_point;

typedef struct qsweep_result {
    qsweep_point *points;
    size_t n_points;
    bool has_best;
    size_t best; /* lowest NRMSE at bpw <= max_bpw */
} qsweep_result;

/* The seeds' dequantization formula next to the correct one, per seed shape. */
typedef struct qdequant_result {
    qout_kernel_result seed, correct;
} qdequant_result;

typedef struct quality_results {
    const quality_config *cfg;
    bool quick;
    int threads;
    qcell *cells; /* [scheme][dist][shape] */
    qsweep_result sweeps[QC_MAX_SWEEPS];
    qdequant_result dequant[QC_MAX_SHAPES]; /* by index into cfg->seed_shapes */
    /* q35d == q35: weight level over every cell, kernel level where both kernels ran */
    bool q35d_weights_equal;
    size_t q35d_cells_compared;
    bool q35d_kernel_compared, q35d_kernel_equal;
    char q35d_kernel_reason[320];
    /* outlier channels of each distinct K (for the record) */
    size_t outlier_k[QC_MAX_SHAPES];
    size_t *outlier_idx[QC_MAX_SHAPES];
    size_t n_outlier_idx[QC_MAX_SHAPES];
    size_t n_outlier_k;
    qref_set refs;
    bool has_refs;
    qggml_results peers; /* llama.cpp's quantizers on the same weights (quality/qggml.h) */
    double wall_s, cpu_s;
} quality_results;

static inline qcell *qres_cell(const quality_results *r, size_t scheme, size_t dist,
                               size_t shape) {
    const quality_config *c = r->cfg;
    return &r->cells[(scheme * c->n_dists + dist) * c->n_shapes + shape];
}

typedef struct qrun_options {
    bool quick;
    int threads;    /* 0: the config's, or every online CPU */
    FILE *progress; /* NULL: quiet */
} qrun_options;

/* Returns 0, 1 when something failed while running (out of memory), 2 when the reference
 * file is bad (message on stderr). */
int qrun_execute(const quality_config *cfg, const qrun_options *opt, quality_results *res);
void qrun_free(quality_results *res);

/* Mean over the seed shapes of a per-cell value; false when any shape's value is n/a. */
typedef bool (*qcell_value)(const quality_results *r, const qcell *c, const qc_shape *sh,
                            double *out);
bool qres_mean_over_seed_shapes(const quality_results *r, size_t scheme, size_t dist,
                                qcell_value f, double *mean, double *std);

/* Per-cell values. */
bool qval_weight_nrmse(const quality_results *r, const qcell *c, const qc_shape *sh, double *out);
bool qval_colmean_nrmse(const quality_results *r, const qcell *c, const qc_shape *sh, double *out);
bool qval_sqnr(const quality_results *r, const qcell *c, const qc_shape *sh, double *out);
bool qval_max_abs(const quality_results *r, const qcell *c, const qc_shape *sh, double *out);
bool qval_output(const quality_results *r, const qcell *c, const qc_shape *sh, double *out);
bool qval_wonly(const quality_results *r, const qcell *c, const qc_shape *sh, double *out);
bool qval_bpw(const quality_results *r, const qcell *c, const qc_shape *sh, double *out);
bool qval_kernel_bpw(const quality_results *r, const qcell *c, const qc_shape *sh, double *out);
bool qval_kernel_diff(const quality_results *r, const qcell *c, const qc_shape *sh, double *out);
bool qval_clip_pct(const quality_results *r, const qcell *c, const qc_shape *sh, double *out);

#endif
