/*
 * Writing a suite's results: bench.json in Google Benchmark's schema (context +
 * benchmarks[] with per-repetition "iteration" entries and mean/median/stddev/cv/min/p10/p90
 * "aggregate" entries) plus q35bench's own fields; bench.tsv with one summary row per
 * case; samples.tsv with every repetition's raw time.
 */
#ifndef Q35_RESULTS_H
#define Q35_RESULTS_H

#include <cjson/cJSON.h>

#include "base/text_buf.h"

#include "compare.h"
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
/* Every kept repetition's time (name, repetition, iterations, real_ms, cpu_ms, block,
 * attempt); the A/A twin's rows follow its original's, named "<case>/twin". */
char *results_samples_tsv(const suite_results *res);
/* metrics.bench.tsv: the flat evidence file (id, value, lo, hi, unit, description) the audit
 * and the report cite; ids are bench.<kernel>.<shape>.m<M>.t<T>.<stat> (with .<sweep>
 * before the stat when two sweeps ran the same case; median_ms carries the interval of
 * the median), the comparisons of compare.h, and the run's noise (results_noise_metrics). */
char *results_metrics_tsv(const suite_results *res, const compare_set *cmp);

/* results_compare.c: */
/* bench.compare.tsv: one row per comparison (compare.h) with its interval and p-value. */
char *results_compare_tsv(const suite_results *res, const compare_set *cmp);
extern const char *const results_compare_columns[];
/* bench.order.tsv: every timed repetition in the order it ran (block, attempt, round,
 * position, kind, item). */
char *results_order_tsv(const suite_results *res);
/* The comparisons' metric rows, and the run's quietness and read roofs:
 *   bench.noise.{load_avg,steal_pct,other_cpu_pct}  over every timed repetition
 *   bench.noise.cases_remeasured, bench.noise.cases_noisy, bench.roof.cases_above
 *   bench.roof.read.<shape>[-<i>].t<T>.gbps           the interleaved DRAM read roof */
void results_comparison_metrics(text_buf *b, const suite_results *res, const compare_set *cmp);
void results_noise_metrics(text_buf *b, const suite_results *res);
/* bench.json context.q35bench.noise: order, bounds, blocks, A/A, roofs, quietness. */
cJSON *results_noise_json(const suite_config *cfg, const suite_results *res);

/* bench.tsv's columns are harness/bench_tsv.h's BENCH_TSV_COLUMNS (writer and reader). */
/* A header row of the NULL-terminated column names (bench.compare.tsv and others). */
void results_tsv_header(text_buf *b, const char *const *columns);

#endif
