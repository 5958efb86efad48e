/*
 * Running a decode config (decode/decode_config.h): every model x format it lists becomes
 * a case. First every case is planned (its kernels chosen, decode/kernel_choice.h, and its
 * memory need checked, decode/memory_plan.h) before anything large is allocated; then each
 * case that fits is built (decode/weights.h), measured (decode/timing.h) and freed in turn,
 * so one model is in memory at a time.
 *
 * Per measured series the result holds the median tok/s with its distribution-free
 * interval (harness/intervals.h ci_median), the share of each part of the forward pass,
 * and for tg the bandwidth bound: the run's measured STREAM read bandwidth at the same
 * thread count (roofline.stream.read.t<T>.gbps of metrics.roofline.tsv) / the bytes one
 * generated token reads (every packed matrix, the norm gains, and the KV cache at the
 * run's mean context). With a baseline format in the config, each series is also compared
 * with the baseline's series of the same model, test and thread count: the Hodges-Lehmann
 * ratio of their times (ci_ratio) = how many times the baseline's tok/s. Cases run one after
 * the other, so a drift of the machine between them is not in the interval.
 */
#ifndef Q35_DECODE_RUN_H
#define Q35_DECODE_RUN_H

#include <stdbool.h>
#include <stddef.h>

#include "decode_config.h"
#include "memory_plan.h"
#include "timing.h"
#include "harness/intervals.h"
#include "base/metrics_read.h"

typedef enum { CASE_PLANNED, CASE_OK, CASE_TOO_BIG, CASE_UNAVAILABLE, CASE_ERROR } decode_status;
extern const char *const decode_status_names[]; /* "planned", "ok", "too_big", ... */

typedef struct decode_summary {
    const decode_series *series;
    estimate tok_s;               /* median tokens per second and its interval */
    double part_pct[PART_COUNT];  /* share of the series' wall time, % */
    double bound_gbps;            /* tg: the bandwidth the bound uses (NAN: none) */
    char bound_id[96];            /* its metric id, or why there is none */
    double bound_tok_s, pct_of_bound;
    bool has_vs_baseline;         /* the config's baseline format ran on the same model */
    estimate vs_baseline;         /* tok/s over the baseline's: ci_ratio of their times */
} decode_summary;

typedef struct decode_case {
    decode_shape shape;
    const decode_format *format;
    decode_status status;
    char message[700];            /* why not ok; for ok cases empty */
    char choice[700];             /* how the kernels were chosen */
    const kernel *kernel_of[MAT_COUNT];
    decode_memory mem;
    double weight_bytes;          /* as packed: matrices + norms */
    double matrix_bytes[MAT_COUNT];
    double kv_bytes_per_token;    /* KV cache read per tg token (mean over the run) */
    double bytes_per_token;       /* weight_bytes + kv_bytes_per_token */
    double build_s, measure_s;
    decode_measurement meas;
    decode_summary *sums;
    size_t n_sums;
} decode_case;

typedef struct decode_run {
    const decode_config *cfg;
    decode_case *cases;
    size_t n_cases;
    size_t context;
    const metric_table *roof; /* NULL when the run has no metrics.roofline.tsv */
} decode_run;

typedef struct decode_run_options {
    const char *only_model;  /* NULL: every model of the config */
    const char *only_format; /* NULL: every format of the model */
    bool quiet;              /* no progress on stderr */
} decode_run_options;

/* Resolves the cases and plans them (kernels, memory). Returns 0 (Q35_OK), or Q35_ERR_INPUT (base/error.h) with the reason
 * (a model config that does not load or lacks what the decode needs, an unknown --model or
 * --format). */
int decode_run_plan(decode_run *r, const decode_config *cfg, const decode_run_options *opt,
                    char *err, size_t len);
/* Builds and measures every planned case that fits. Cases that could not run keep their
 * status and message. Returns 0, or -1 when memory ran out outside a case. */
int decode_run_execute(decode_run *r, const decode_run_options *opt);
void decode_run_free(decode_run *r);

/* The bandwidth bound of a tg series (decode_summary fields) from roof (may be NULL). */
void decode_bound(const decode_case *c, int threads, const metric_table *roof,
                  decode_summary *s);

#endif
