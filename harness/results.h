/*
 * Writing a suite's results: bench.json in Google Benchmark's schema (context +
 * benchmarks[] with per-repetition "iteration" entries and mean/median/stddev/cv/min/p10/p90
 * "aggregate" entries) plus q35bench's own fields; bench.tsv with one summary row per
 * case; samples.tsv with every repetition's raw time.
 */
#ifndef Q35_RESULTS_H
#define Q35_RESULTS_H

#include <cjson/cJSON.h>

#include "config.h"
#include "suite.h"

/* Derived per-case figures, from the kernel's cost model and the median time. */
typedef struct case_rates {
    double bits_per_weight; /* packed weight bytes * 8 / (N * K) */
    double gbps;            /* bytes moved per call / median time, GB/s (1e9) */
    double weight_gbps;     /* packed weight bytes / median time */
    double gops;            /* operations / median time, G/s */
} case_rates;
void results_rates(const case_result *c, case_rates *out);

/* The Google-Benchmark-schema document; `machine` (the fingerprint) is referenced, not
 * copied, and must outlive the call. Returns a malloc'd string. */
char *results_bench_json(const suite_config *cfg, const suite_results *res,
                         const cJSON *machine, const char *run_id, const char *executable);
char *results_bench_tsv(const suite_results *res);
char *results_samples_tsv(const suite_results *res);
/* metrics.bench.tsv: the flat evidence file (id, value, unit, description) the audit and the
 * report cite; ids are bench.<kernel>.<shape>.m<M>.t<T>.<stat> (with .<sweep> before the
 * stat when two sweeps ran the same case). */
char *results_metrics_tsv(const suite_results *res);

/* The column names of bench.tsv, in order, for readers (report, tests). */
extern const char *const results_tsv_columns[];

#endif
