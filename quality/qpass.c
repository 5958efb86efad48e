#include "qpass.h"

#include <stdlib.h>
#include <string.h>

#include "qscheme.h"

#define BLOCK_ROWS 16

size_t qpass_row_count(size_t n, size_t columns) {
    return columns > 0 && columns < n ? columns : n;
}

size_t qpass_row_index(size_t n, size_t used, size_t i) {
    if (used >= n) return i;
    return (size_t)(((unsigned long long)i * n) / used);
}

int qpass_run(const qpass_job *jobs, size_t n_jobs, size_t columns, const quant_search *search,
              int threads) {
    if (n_jobs == 0) return 0;
    size_t n = jobs[0].g->n, k = jobs[0].g->k, used = qpass_row_count(n, columns);
    size_t blocks = (used + BLOCK_ROWS - 1) / BLOCK_ROWS, total = 0;
    size_t offset[16];
    if (n_jobs > 16) return -1;
    for (size_t j = 0; j < n_jobs; j++) {
        offset[j] = total;
        total += jobs[j].n_schemes;
    }
    qerr *berr = calloc(blocks * total + 1, sizeof *berr);
    qmoments *bmom = calloc(blocks * n_jobs + 1, sizeof *bmom);
    int failed = !berr || !bmom;
#pragma omp parallel num_threads(threads) if (!failed)
    {
        float *z = malloc(k * sizeof *z), *w = malloc(k * sizeof *w), *a = malloc(k * sizeof *a);
        qscheme_work ws;
        int ok = z && w && a && qscheme_work_init(&ws, k) == 0;
        if (!ok) {
#pragma omp atomic write
            failed = 1;
        }
#pragma omp for schedule(dynamic, 1)
        for (size_t b = 0; b < blocks; b++) {
            if (!ok) continue;
            size_t end = (b + 1) * BLOCK_ROWS < used ? (b + 1) * BLOCK_ROWS : used;
            for (size_t i = b * BLOCK_ROWS; i < end; i++) {
                size_t row = qpass_row_index(n, used, i);
                qdist_row_normal(jobs[0].g, row, z);
                for (size_t j = 0; j < n_jobs; j++) {
                    const qpass_job *job = &jobs[j];
                    qdist_row_from_normal(job->g, row, z, w);
                    qmoments m = qm_moments_f(w, k);
                    bmom[b * n_jobs + j] = qm_merge(bmom[b * n_jobs + j], m);
                    for (size_t s = 0; s < job->n_schemes; s++) {
                        size_t clipped;
                        qscheme_apply(job->schemes[s], search, w, k, a, &ws, &clipped);
                        qerr_add_column(&berr[b * total + offset[j] + s], w, a, k, m, clipped);
                    }
                }
            }
        }
        if (ok) qscheme_work_free(&ws);
        free(z);
        free(w);
        free(a);
    }
    for (size_t j = 0; !failed && j < n_jobs; j++) {
        qpass_result *out = jobs[j].out;
        memset(out->err, 0, jobs[j].n_schemes * sizeof *out->err);
        out->w = (qmoments){0};
        out->rows = used;
        for (size_t b = 0; b < blocks; b++) {
            out->w = qm_merge(out->w, bmom[b * n_jobs + j]);
            for (size_t s = 0; s < jobs[j].n_schemes; s++)
                qerr_merge(&out->err[s], &berr[b * total + offset[j] + s]);
        }
    }
    free(berr);
    free(bmom);
    return failed ? -1 : 0;
}
