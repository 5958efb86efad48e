/*
 * Evidence the audit computes itself, from first principles, for the seeds' Theorem 1
 * (|x - dequantize(quantize(x))| <= scale / 2): the largest error of each quantizer over a
 * seeded N(0, 1) sample, in units of half its quantization step, using formats/quant.h
 * (the same quantizers the kernels and the quality suite use). Written as metrics
 * audit.theorem.error_bound.<scheme>.max_ratio (unit x) into metrics.audit.tsv.
 */
#ifndef Q35_AUDIT_THEOREMS_H
#define Q35_AUDIT_THEOREMS_H

#include "base/metrics_read.h"

/* Rows x K values per scheme; small enough to take milliseconds. */
#define THEOREM_ROWS 64
#define THEOREM_K 8192
#define THEOREM_SEED 42

/* Adds the metrics to t; returns 0 or -1 when out of memory. */
int theorems_compute(metric_table *t, const char *file);

#endif
