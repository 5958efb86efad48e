/*
 * The weight-error pass: for one matrix (distribution x shape), generate each sampled row,
 * apply every scheme to it and accumulate the errors. Rows run in parallel (OpenMP) in
 * blocks; block results are merged in row order, so the numbers do not depend on the
 * thread count.
 */
#ifndef Q35_QPASS_H
#define Q35_QPASS_H

#include <stddef.h>

#include "qdist.h"
#include "qmetrics.h"

typedef struct qpass_result {
    qmoments w;  /* moments of all weights used */
    qerr *err;   /* one per scheme */
    size_t rows; /* rows (columns in the seeds' terms) used */
} qpass_result;

/* Rows used: every row, or `columns` evenly spaced ones (row i*N/columns) when
 * 0 < columns < N. */
size_t qpass_row_count(size_t n, size_t columns);
size_t qpass_row_index(size_t n, size_t used, size_t i);

/* Runs the pass; out->err must have room for n_schemes entries. Returns 0, or -1 when out
 * of memory. */
int qpass_run(const qdist_gen *g, size_t columns, const qc_scheme *const *schemes,
              size_t n_schemes, const quant_search *search, int threads, qpass_result *out);

#endif
