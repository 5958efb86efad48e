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

int qpass_run(const qdist_gen *g, size_t columns, const qc_scheme *const *schemes,
              size_t n_schemes, const quant_search *search, int threads, qpass_result *out) {
    size_t k = g->k, used = qpass_row_count(g->n, columns);
    size_t blocks = (used + BLOCK_ROWS - 1) / BLOCK_ROWS;
    qerr *berr = calloc(blocks * n_schemes + 1, sizeof *berr);
    qmoments *bmom = calloc(blocks + 1, sizeof *bmom);
    int failed = !berr || !bmom;
#pragma omp parallel num_threads(threads) if (!failed)
    {
        float *w = malloc(k * sizeof *w), *a = malloc(k * sizeof *a);
        qscheme_work ws;
        int ok = w && a && qscheme_work_init(&ws, k) == 0;
        if (!ok) {
#pragma omp atomic write
            failed = 1;
        }
#pragma omp for schedule(dynamic, 1)
        for (size_t b = 0; b < blocks; b++) {
            if (!ok) continue;
            size_t end = (b + 1) * BLOCK_ROWS < used ? (b + 1) * BLOCK_ROWS : used;
            for (size_t i = b * BLOCK_ROWS; i < end; i++) {
                qdist_row(g, qpass_row_index(g->n, used, i), w);
                qmoments m = qm_moments_f(w, k);
                bmom[b] = qm_merge(bmom[b], m);
                for (size_t s = 0; s < n_schemes; s++) {
                    size_t clipped;
                    qscheme_apply(schemes[s], search, w, k, a, &ws, &clipped);
                    qerr_add_column(&berr[b * n_schemes + s], w, a, k, m, clipped);
                }
            }
        }
        if (ok) qscheme_work_free(&ws);
        free(w);
        free(a);
    }
    if (!failed) {
        memset(out->err, 0, n_schemes * sizeof *out->err);
        out->w = (qmoments){0, 0, 0};
        out->rows = used;
        for (size_t b = 0; b < blocks; b++) {
            out->w = qm_merge(out->w, bmom[b]);
            for (size_t s = 0; s < n_schemes; s++) qerr_merge(&out->err[s], &berr[b * n_schemes + s]);
        }
    }
    free(berr);
    free(bmom);
    return failed ? -1 : 0;
}
