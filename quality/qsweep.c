#include "qsweep.h"

#include <stdio.h>
#include <stdlib.h>

#include "qscheme.h"

int qsweep_build(const quality_config *cfg, const qc_sweep *w, qsweep_result *res) {
    const qc_scheme *base = &cfg->schemes[w->scheme];
    size_t n = w->n_groups * w->n_fp16 * w->n_split * w->n_search;
    res->points = calloc(n ? n : 1, sizeof *res->points);
    if (!res->points) return -1;
    res->n_points = 0;
    for (size_t g = 0; g < w->n_groups; g++)
        for (size_t f = 0; f < w->n_fp16; f++)
            for (size_t p = 0; p < w->n_split; p++)
                for (size_t s = 0; s < w->n_search; s++) {
                    qsweep_point *pt = &res->points[res->n_points++];
                    pt->scheme = *base;
                    pt->scheme.q.group = w->groups[g];
                    pt->scheme.q.fp16_params = w->fp16[f];
                    pt->scheme.q.split = w->split[p];
                    pt->scheme.search = w->search[s];
                    pt->scheme.kernel[0] = '\0';
                    char group[24];
                    if (w->groups[g] == 0) snprintf(group, sizeof group, "ch");
                    else snprintf(group, sizeof group, "g%zu", w->groups[g]);
                    snprintf(pt->setting, sizeof pt->setting, "%.12s_%s_%s_%s", group,
                             w->fp16[f] ? "fp16" : "fp32", w->split[p] ? "split" : "shared",
                             w->search[s] ? "mse" : "minmax");
                    snprintf(pt->scheme.id, sizeof pt->scheme.id, "%.24s_%.36s", w->id, pt->setting);
                }
    return 0;
}

bool qpareto_optimal(const double *bpw, const double *err, size_t n, size_t i) {
    for (size_t j = 0; j < n; j++) {
        if (j == i) continue;
        if (bpw[j] <= bpw[i] && err[j] <= err[i] && (bpw[j] < bpw[i] || err[j] < err[i]))
            return false;
    }
    return true;
}

void qsweep_finish(const quality_config *cfg, const qc_sweep *w, qsweep_result *res) {
    size_t k = cfg->shapes[w->shape].k, n = res->n_points;
    double *bpw = calloc(n + 1, sizeof *bpw), *err = calloc(n + 1, sizeof *err);
    res->has_best = false;
    for (size_t i = 0; i < n; i++) {
        qsweep_point *pt = &res->points[i];
        pt->bpw = qscheme_bpw(&pt->scheme, k);
        double e;
        bool ok = qm_nrmse_pct(pt->err.sse, pt->err.n, pt->w.m2, &e);
        if (bpw && err) {
            bpw[i] = pt->bpw;
            err[i] = ok ? e : 1e300;
        }
        if (ok && pt->bpw <= w->max_bpw + 1e-9) {
            double best_e;
            const qsweep_point *b = &res->points[res->best];
            if (!res->has_best || (qm_nrmse_pct(b->err.sse, b->err.n, b->w.m2, &best_e) &&
                                   e < best_e)) {
                res->best = i;
                res->has_best = true;
            }
        }
    }
    for (size_t i = 0; bpw && err && i < n; i++)
        res->points[i].pareto = err[i] < 1e300 && qpareto_optimal(bpw, err, n, i);
    free(bpw);
    free(err);
}
