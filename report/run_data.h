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
#include "base/rtable.h"

typedef struct bench_row {
    const char *name, *sweep, *kernel, *format, *shape, *isa, *params, *status, *message;
    double n, k, m, threads;
    double repetitions, median_ms, p10_ms, p90_ms, min_ms, cv, stddev_ms;
    double gbps, weight_gbps, gops, bpw, bytes_moved, ops, weight_bytes, format_nrmse;
    /* from the noise-aware bench (NAN in runs made before it): the 95 % interval of the
     * median, how it was measured, how quiet the machine was, the interleaved read roof */
    double median_lo_ms, median_hi_ms, attempts, first_cv, noisy;
    double load_avg, steal_pct, other_cpu_pct;
    double roof_gbps, roof_lo_gbps, roof_hi_gbps, above_roof;
    const double *samples_ms; /* bench.samples.tsv: its kept repetitions (NULL: none) */
    size_t n_samples;
} bench_row;

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

typedef struct step_time {
    char step[64], mode[16], status[16];
    double seconds;
} step_time;

typedef struct run_data {
    char path[1024];
    char id[256];
    cJSON *machine;          /* machine.json, or NULL when the run has none */
    rtable bench_tab;     /* bench.tsv */
    bench_row *bench;
    size_t n_bench;
    bool has_bench;
    rtable compare_tab;      /* bench.compare.tsv (absent in older runs) */
    compare_row *compare;
    size_t n_compare;
    bool has_compare;
    double *samples;         /* bench.samples.tsv, grouped per bench row */
    bool has_samples;
    audit_session audit;     /* metrics of the run and the audit's verdicts */
    bool has_audit_files;    /* the run holds audit.json (the audit step ran) */
    hyperfine_file *hyperfine;
    size_t n_hyperfine;
    step_time *steps;        /* steps.tsv */
    size_t n_steps;
    char **figures;          /* fig.*.png in the run */
    size_t n_figures;
    char **files;            /* every file listed in COMPLETE */
    size_t n_files;
} run_data;

/* Loads a run. claims/refs are the registry used when the run has no copy of its own.
 * Returns 0; 1 when the run is incomplete (unless allow_unsealed: a run still being
 * written, read as it stands), altered or a file is malformed; 2 when the directory does
 * not exist or the registry is bad. err says which file and line. */
int run_data_load(const char *path, const char *claims, const char *refs, bool allow_unsealed,
                  run_data *r, char *err, size_t len);
void run_data_free(run_data *r);

/* The bench.compare.tsv row of a kind ("baseline", "pair", "threads", "aa") whose b (or,
 * when b is NULL, a) names the case; NULL when none. */
const compare_row *run_compare_find(const run_data *r, const char *kind, const char *a,
                                    const char *b);

/* A metric's value, or NAN when absent or NA. */
double run_metric(const run_data *r, const char *id);
/* printf-style id, then lookup. */
double run_metricf(const run_data *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Line number of byte offset `at` in text (for cJSON parse errors). */
int text_line_of(const char *text, const char *at);

#endif
