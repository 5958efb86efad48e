/*
 * The weight-error pass over one shape: for every sampled row, draw the row's normals once,
 * derive each distribution's row from them, apply every scheme of that distribution and
 * accumulate the errors. Rows run in parallel (OpenMP) in blocks; block results are merged
 * in row order, so the numbers do not depend on the thread count.
 */
#ifndef Q35_QPASS_H
#define Q35_QPASS_H

#include <stddef.h>

#include "qdist.h"
#include "qmetrics.h"

typedef struct qpass_result {
    qmoments w;  /* moments of all weights used */
    qerr *err;   /* one per scheme (caller-owned, n_schemes entries) */
    size_t rows; /* rows (columns in the seeds' terms) used */
} qpass_result;

/* One distribution of the pass and the schemes applied to it. */
typedef struct qpass_job {
    const qdist_gen *g;
    const qc_scheme *const *schemes;
    size_t n_schemes;
    qpass_result *out;
} qpass_job;

/* Rows used: every row, or `columns` evenly spaced ones (row i*N/columns) when
 * 0 < columns < N. */
size_t qpass_row_count(size_t n, size_t columns);
size_t qpass_row_index(size_t n, size_t used, size_t i);

/* Runs the pass; every job's generator has the same N and K. Returns 0, or -1 when out of
 * memory. */
int qpass_run(const qpass_job *jobs, size_t n_jobs, size_t columns, const quant_search *search,
              int threads);

#endif
