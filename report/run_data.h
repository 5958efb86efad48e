/*
 * Everything the report reads from one results directory. A run is accepted only when it
 * is complete (COMPLETE lists every file with its size and hash, and they match) and every
 * file the report uses parses; otherwise loading fails with a message naming the file and,
 * where there is one, the line.
 */
#ifndef Q35_REPORT_RUN_DATA_H
#define Q35_REPORT_RUN_DATA_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "audit/session.h"
#include "base/tsv.h"
#include "harness/bench_tsv.h"
#include "harness/steps_tsv.h"
#include "roofline/peak_kernels.h"
#include "roofline/placement_tsv.h"

/* A case's kept repetitions from bench.samples.tsv (ms; n = 0 when the run has none). */
typedef struct bench_samples {
    const double *ms;
    size_t n;
} bench_samples;

/* One row of bench.compare.tsv (harness/compare.h): time(a) / time(b) with its interval. */
typedef struct compare_row {
    const char *id, *kind, *a, *b, *shape;
    double m, threads_a, threads_b, ratio, lo, hi, coverage, p_value;
    bool distinguishable, interleaved;
} compare_row;

typedef struct hyperfine_result {
    char command[512];
    double mean_s, stddev_s, median_s, min_s, max_s;
    int runs;
} hyperfine_result;

typedef struct hyperfine_file {
    char name[128]; /* file name in the run */
    hyperfine_result *results;
    size_t n;
} hyperfine_file;


typedef struct run_data {
    char path[1024];
    char id[256];
    cJSON *machine;          /* machine.json, or NULL when the run has none */
    bench_table bench_tab;   /* bench.tsv (harness/bench_tsv.h) */
    bench_row *bench;        /* its rows */
    size_t n_bench;
    bench_samples *samples_of; /* per bench row */
    bool has_bench;
    placement_table placement; /* roofline.placement.tsv: the roofline step's % of roof */
    bool has_placement;
    tsv_table compare_tab;      /* bench.compare.tsv (absent in older runs) */
    compare_row *compare;
    size_t n_compare;
    bool has_compare;
    double *samples;         /* bench.samples.tsv, grouped per bench row */
    bool has_samples;
    audit_session audit;     /* metrics of the run and the audit's verdicts */
    bool has_audit_files;    /* the run holds audit.json (the audit step ran) */
    hyperfine_file *hyperfine;
    size_t n_hyperfine;
    step_row *steps;         /* steps.tsv */
    size_t n_steps;
    char **figures;          /* fig.*.png in the run */
    size_t n_figures;
    char **files;            /* every file listed in COMPLETE */
    size_t n_files;
} run_data;

/* Loads a run. claims/refs are the registry used when the run has no copy of its own.
 * Returns a q35_error (base/error.h): Q35_OK; Q35_ERR_RUN when the run is incomplete
 * (unless allow_unsealed: a run still being written, read as it stands), altered or a file
 * is malformed; Q35_ERR_INPUT when the directory does not exist or the registry is bad;
 * Q35_ERR_NOMEM. err says which file and line. */
int run_data_load(const char *path, const char *claims, const char *refs, bool allow_unsealed,
                  run_data *r, char *err, size_t len);
void run_data_free(run_data *r);

/* The bench.compare.tsv row of a kind ("baseline", "pair", "threads", "aa") whose b (or,
 * when b is NULL, a) names the case; NULL when none. */
const compare_row *run_compare_find(const run_data *r, const char *kind, const char *a,
                                    const char *b);

/* The roofline step's placement of a bench row, or NULL (no placement in the run, or the
 * row is not in it). */
const placement_row *run_placement(const run_data *r, const bench_row *x);

/* The host's roofs at a thread count as the roofline step measured them (metrics.roofline.tsv);
 * NAN where not measured. The one place the report looks roofs up: each case's roof, % of
 * roof and binding roof are the placement's (run_placement), never recomputed. */
typedef struct host_roofs {
    double stream_gbps;      /* roofline.stream.<stream_kind>.t<T>.gbps */
    double peak[PEAK_KINDS]; /* roofline.peak.<peak_metric_name>.t<T> */
    double sgemm_gflops;     /* roofline.sgemm.gflops.t<T> */
} host_roofs;
host_roofs run_roofs(const run_data *r, const char *stream_kind, double threads);

/* The repetitions of a bench row of r (none when the run has no bench.samples.tsv). */
bench_samples run_samples(const run_data *r, const bench_row *x);

/* A metric's value, or NAN when absent or NA. */
double run_metric(const run_data *r, const char *id);
/* printf-style id, then lookup. */
double run_metricf(const run_data *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Line number of byte offset `at` in text (for cJSON parse errors). */
int text_line_of(const char *text, const char *at);

#endif
