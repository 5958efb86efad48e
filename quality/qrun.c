#include "qrun.h"

#include <stdlib.h>
#include <string.h>

#include "base/system_info.h"
#include "harness/timer.h"
#include "qdist.h"
#include "qpass.h"
#include "qscheme.h"
#include "qsweep.h"
#include "base/error.h"

/* Index of the first shape with the same dimensions: its matrix is the same one. */
static size_t first_same(const quality_config *cfg, size_t i) {
    for (size_t j = 0; j < i; j++)
        if (cfg->shapes[j].n == cfg->shapes[i].n && cfg->shapes[j].k == cfg->shapes[i].k) return j;
    return i;
}

static void record_outliers(quality_results *res, const qdist_gen *g) {
    if (!g->n_outliers) return;
    for (size_t i = 0; i < res->n_outlier_k; i++)
        if (res->outlier_k[i] == g->k) return;
    if (res->n_outlier_k == QC_MAX_SHAPES) return;
    size_t *copy = malloc(g->n_outliers * sizeof *copy);
    if (!copy) return;
    memcpy(copy, g->outliers, g->n_outliers * sizeof *copy);
    res->outlier_k[res->n_outlier_k] = g->k;
    res->outlier_idx[res->n_outlier_k] = copy;
    res->n_outlier_idx[res->n_outlier_k] = g->n_outliers;
    res->n_outlier_k++;
}

/* The output error of every scheme on this matrix, plus the dequant and q35d checks. */
static int output_stage(const quality_config *cfg, quality_results *res, const qdist_gen *g,
                        size_t dist, size_t shape, size_t out_rows) {
    qout_case c;
    if (qout_prepare(&c, g, out_rows, cfg->output_batch, cfg->seed, res->threads)) return -1;
    float *wq = malloc(c.rows * c.k * sizeof *wq);
    if (!wq) {
        qout_release(&c);
        return -1;
    }
    int rc = 0;
    for (size_t s = 0; s < cfg->n_schemes && rc == 0; s++) {
        const qc_scheme *sc = &cfg->schemes[s];
        qcell *cell = qres_cell(res, s, dist, shape);
        cell->out_rows = c.rows;
        if (qout_dequant(&c, sc, &cfg->search, res->threads, wq)) {
            rc = -1;
            break;
        }
        cell->wonly_ok = qout_weight_only(&c, wq, res->threads, &cell->wonly_pct);
        cell->has_kernel = sc->kernel[0] != '\0';
        if (cell->has_kernel) {
            quant_params qp = qscheme_kernel_params(sc);
            qout_kernel(&c, sc->kernel, &qp, res->threads, wq, NULL, &cell->kr);
        } else {
            snprintf(cell->kr.reason, sizeof cell->kr.reason,
                     "scheme '%s' names no kernel in %.200s", sc->id, cfg->path);
        }
    }
    /* The seeds' (acc + offset) * scale next to the correct dequantization. */
    if (rc == 0 && cfg->has_dequant && dist == cfg->seed_dist) {
        const qc_scheme *sc = &cfg->schemes[cfg->dequant_scheme];
        for (size_t j = 0; j < cfg->n_seed_shapes; j++) {
            if (first_same(cfg, cfg->seed_shapes[j]) != shape) continue;
            quant_params qp = qscheme_kernel_params(sc);
            qp.dequant = QUANT_DEQUANT_SEED;
            qout_kernel(&c, sc->kernel, &qp, res->threads, NULL, NULL, &res->dequant[j].seed);
            qp.dequant = QUANT_DEQUANT_CORRECT;
            qout_kernel(&c, sc->kernel, &qp, res->threads, NULL, NULL, &res->dequant[j].correct);
        }
    }
    /* q35d against q35 at the kernel level: the dequantized weights, bit for bit. */
    if (rc == 0 && cfg->has_q35d_check) {
        float *other = malloc(c.rows * c.k * sizeof *other);
        const qc_scheme *a = &cfg->schemes[cfg->q35d_check[0]], *b = &cfg->schemes[cfg->q35d_check[1]];
        qout_kernel_result ra, rb;
        if (!other) {
            rc = -1;
        } else if (!a->kernel[0] || !b->kernel[0]) {
            snprintf(res->q35d_kernel_reason, sizeof res->q35d_kernel_reason,
                     "scheme '%s' or '%s' names no kernel", a->id, b->id);
        } else {
            quant_params qa = qscheme_kernel_params(a), qb = qscheme_kernel_params(b);
            qout_kernel(&c, a->kernel, &qa, res->threads, NULL, wq, &ra);
            qout_kernel(&c, b->kernel, &qb, res->threads, NULL, other, &rb);
            if (ra.ok && rb.ok) {
                bool equal = memcmp(wq, other, c.rows * c.k * sizeof *wq) == 0;
                res->q35d_kernel_equal = res->q35d_kernel_compared ? (res->q35d_kernel_equal && equal)
                                                                    : equal;
                res->q35d_kernel_compared = true;
            } else if (!res->q35d_kernel_compared) {
                snprintf(res->q35d_kernel_reason, sizeof res->q35d_kernel_reason, "%s",
                         ra.ok ? rb.reason : ra.reason);
            }
        }
        free(other);
    }
    free(wq);
    qout_release(&c);
    return rc;
}

/* One distinct shape: the weight pass over every distribution at once (one draw of the
 * normals per row), then the output stage per distribution. */
static int run_shape(const quality_config *cfg, quality_results *res, size_t shape,
                     size_t columns, size_t out_rows) {
    const qc_shape *sh = &cfg->shapes[shape];
    size_t nd = cfg->n_dists;
    qdist_gen g[QC_MAX_DISTS];
    const qc_scheme **list[QC_MAX_DISTS] = {0};
    qerr *err[QC_MAX_DISTS] = {0};
    qpass_result pr[QC_MAX_DISTS];
    qpass_job jobs[QC_MAX_DISTS];
    size_t prepared = 0;
    int rc = 0;
    for (size_t d = 0; d < nd && rc == 0; d++, prepared++)
        if (qdist_prepare(&g[d], &cfg->dists[d], cfg->seed, sh->n, sh->k)) rc = -1;
    for (size_t d = 0; d < nd && rc == 0; d++) {
        record_outliers(res, &g[d]);
        size_t cap = cfg->n_schemes, n = 0;
        for (size_t w = 0; w < cfg->n_sweeps; w++) cap += res->sweeps[w].n_points;
        list[d] = calloc(cap, sizeof *list[d]);
        err[d] = calloc(cap, sizeof *err[d]);
        if (!list[d] || !err[d]) {
            rc = -1;
            break;
        }
        for (size_t s = 0; s < cfg->n_schemes; s++) list[d][n++] = &cfg->schemes[s];
        for (size_t w = 0; w < cfg->n_sweeps; w++) {
            const qc_sweep *sw = &cfg->sweeps[w];
            if (sw->dist != d || first_same(cfg, sw->shape) != shape) continue;
            for (size_t p = 0; p < res->sweeps[w].n_points; p++)
                list[d][n++] = &res->sweeps[w].points[p].scheme;
        }
        pr[d] = (qpass_result){.err = err[d]};
        jobs[d] = (qpass_job){.g = &g[d], .schemes = list[d], .n_schemes = n, .out = &pr[d]};
    }
    if (rc == 0) rc = qpass_run(jobs, nd, columns, &cfg->search, res->threads);
    for (size_t d = 0; d < nd && rc == 0; d++) rc = qggml_weights(res, &g[d], d, shape);
    for (size_t d = 0; d < nd && rc == 0; d++) {
        size_t i = 0;
        for (size_t s = 0; s < cfg->n_schemes; s++, i++) {
            qcell *cell = qres_cell(res, s, d, shape);
            cell->err = err[d][i];
            cell->w = pr[d].w;
            cell->rows = pr[d].rows;
            cell->bpw = qscheme_bpw(&cfg->schemes[s], sh->k);
        }
        for (size_t w = 0; w < cfg->n_sweeps; w++) {
            const qc_sweep *sw = &cfg->sweeps[w];
            if (sw->dist != d || first_same(cfg, sw->shape) != shape) continue;
            for (size_t p = 0; p < res->sweeps[w].n_points; p++, i++) {
                res->sweeps[w].points[p].err = err[d][i];
                res->sweeps[w].points[p].w = pr[d].w;
                res->sweeps[w].points[p].rows = pr[d].rows;
            }
        }
        rc = output_stage(cfg, res, &g[d], d, shape, out_rows);
    }
    for (size_t d = 0; d < nd; d++) {
        free(list[d]);
        free(err[d]);
    }
    for (size_t d = 0; d < prepared; d++) qdist_release(&g[d]);
    return rc;
}

int qrun_execute(const quality_config *cfg, const qrun_options *opt, quality_results *res) {
    memset(res, 0, sizeof *res);
    res->cfg = cfg;
    res->quick = opt->quick;
    res->threads = opt->threads > 0 ? opt->threads : cfg->threads;
    if (res->threads <= 0) res->threads = system_online_cpus() > 0 ? system_online_cpus() : 1;
    res->q35d_weights_equal = true;
    res->cells = calloc(cfg->n_schemes * cfg->n_dists * cfg->n_shapes + 1, sizeof *res->cells);
    if (!res->cells || qggml_begin(res)) return 1;
    if (cfg->references[0]) {
        char err[QC_ERROR_LEN];
        if (qrefs_load(cfg->references, &res->refs, err, sizeof err)) {
            fprintf(stderr, "q35bench: %s\n", err);
            return Q35_ERR_INPUT;
        }
        res->has_refs = true;
    }
    for (size_t w = 0; w < cfg->n_sweeps; w++)
        if (qsweep_build(cfg, &cfg->sweeps[w], &res->sweeps[w])) return 1;
    size_t columns = opt->quick ? cfg->quick_columns : 0;
    size_t out_rows = opt->quick ? cfg->quick_output_rows : cfg->output_rows;
    size_t distinct = 0;
    for (size_t i = 0; i < cfg->n_shapes; i++) distinct += first_same(cfg, i) == i;
    size_t task = 0;
    uint64_t wall0 = timer_wall_ns(), cpu0 = timer_cpu_ns();
    for (size_t i = 0; i < cfg->n_shapes; i++) {
        if (first_same(cfg, i) != i) continue;
        uint64_t t0 = timer_wall_ns(), c0 = timer_cpu_ns();
        const qc_shape *sh = &cfg->shapes[i];
        if (opt->progress) {
            fprintf(opt->progress, "[quality %zu/%zu] %zux%zu (%s", ++task, distinct, sh->n, sh->k,
                    sh->id);
            for (size_t j = i + 1; j < cfg->n_shapes; j++)
                if (first_same(cfg, j) == i) fprintf(opt->progress, ", %s", cfg->shapes[j].id);
            fprintf(opt->progress, ") x %zu distributions", cfg->n_dists);
            fflush(opt->progress);
        }
        if (run_shape(cfg, res, i, columns, out_rows)) {
            if (opt->progress) fprintf(opt->progress, ": out of memory\n");
            return 1;
        }
        if (opt->progress) {
            fprintf(opt->progress, ": %zu of %zu columns, %.1f s wall, %.1f s CPU\n",
                    qres_cell(res, 0, 0, i)->rows, sh->n, (timer_wall_ns() - t0) * 1e-9,
                    (timer_cpu_ns() - c0) * 1e-9);
            fflush(opt->progress);
        }
    }
    /* Shapes with the dimensions of an earlier one share its matrix and results. */
    for (size_t s = 0; s < cfg->n_schemes; s++)
        for (size_t d = 0; d < cfg->n_dists; d++)
            for (size_t i = 0; i < cfg->n_shapes; i++) {
                size_t j = first_same(cfg, i);
                *qres_cell(res, s, d, i) = *qres_cell(res, s, d, j);
                qres_cell(res, s, d, i)->same_as = j;
            }
    if (cfg->has_q35d_check) {
        for (size_t d = 0; d < cfg->n_dists; d++)
            for (size_t i = 0; i < cfg->n_shapes; i++) {
                if (first_same(cfg, i) != i) continue;
                const qcell *a = qres_cell(res, cfg->q35d_check[0], d, i);
                const qcell *b = qres_cell(res, cfg->q35d_check[1], d, i);
                if (memcmp(&a->err, &b->err, sizeof a->err) != 0 ||
                    memcmp(&a->w, &b->w, sizeof a->w) != 0)
                    res->q35d_weights_equal = false;
                res->q35d_cells_compared++;
            }
    }
    for (size_t w = 0; w < cfg->n_sweeps; w++) qsweep_finish(cfg, &cfg->sweeps[w], &res->sweeps[w]);
    qggml_finish(res);
    res->wall_s = (timer_wall_ns() - wall0) * 1e-9;
    res->cpu_s = (timer_cpu_ns() - cpu0) * 1e-9;
    return 0;
}

void qrun_free(quality_results *res) {
    free(res->cells);
    qggml_free(res);
    for (size_t w = 0; w < QC_MAX_SWEEPS; w++) free(res->sweeps[w].points);
    for (size_t i = 0; i < res->n_outlier_k; i++) free(res->outlier_idx[i]);
    memset(res, 0, sizeof *res);
}
