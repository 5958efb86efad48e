#include "qpareto.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qsweep.h"

const char *qpareto_kind_name(qp_kind k) {
    return k == QP_SCHEME ? "scheme" : k == QP_SWEEP ? "sweep" : k == QP_PEER ? "peer" : "reference";
}

qpareto_point *qpareto_points(const quality_results *r, size_t *n_out) {
    const quality_config *cfg = r->cfg;
    size_t cap = cfg->n_schemes * cfg->n_dists + 1;
    for (size_t w = 0; w < cfg->n_sweeps; w++) cap += r->sweeps[w].n_points;
    for (size_t f = 0; r->has_refs && f < r->refs.n_formats; f++) cap += r->refs.formats[f].n_values;
    cap += r->peers.n_types * cfg->n_dists;
    qpareto_point *p = calloc(cap, sizeof *p);
    if (!p) return NULL;
    size_t n = 0;
    for (size_t d = 0; d < cfg->n_dists; d++)
        for (size_t s = 0; s < cfg->n_schemes; s++) {
            double e, b;
            if (!qres_mean_over_seed_shapes(r, s, d, qval_weight_nrmse, &e, NULL) ||
                !qres_mean_over_seed_shapes(r, s, d, qval_bpw, &b, NULL))
                continue;
            qpareto_point *q = &p[n++];
            q->kind = QP_SCHEME;
            snprintf(q->dist, sizeof q->dist, "%s", cfg->dists[d].id);
            snprintf(q->id, sizeof q->id, "%s", cfg->schemes[s].id);
            qconfig_scheme_summary(&cfg->schemes[s], q->label, sizeof q->label);
            q->bpw = b;
            q->nrmse_pct = e;
            q->measured = true;
            snprintf(q->source, sizeof q->source, "this run: mean over the seeds' shapes");
        }
    for (size_t w = 0; w < cfg->n_sweeps; w++) {
        const qc_sweep *sw = &cfg->sweeps[w];
        for (size_t i = 0; i < r->sweeps[w].n_points; i++) {
            const qsweep_point *pt = &r->sweeps[w].points[i];
            double e;
            if (!qm_nrmse_pct(pt->err.sse, pt->err.n, pt->w.m2, &e)) continue;
            qpareto_point *q = &p[n++];
            q->kind = QP_SWEEP;
            snprintf(q->dist, sizeof q->dist, "%s", cfg->dists[sw->dist].id);
            snprintf(q->id, sizeof q->id, "%s.%s", sw->id, pt->setting);
            qconfig_scheme_summary(&pt->scheme, q->label, sizeof q->label);
            q->bpw = pt->bpw;
            q->nrmse_pct = e;
            q->measured = true;
            snprintf(q->source, sizeof q->source, "this run: sweep '%s' on shape %s", sw->id,
                     cfg->shapes[sw->shape].id);
        }
    }
    for (size_t d = 0; d < cfg->n_dists; d++) /* llama.cpp's formats, measured in this run */
        for (size_t t = 0; t < r->peers.n_types; t++) {
            double e, b;
            if (!qggml_mean(r, t, d, QG_WEIGHT_NRMSE, &e) || !qggml_mean(r, t, d, QG_BPW, &b))
                continue;
            qpareto_point *q = &p[n++];
            q->kind = QP_PEER;
            snprintf(q->dist, sizeof q->dist, "%s", cfg->dists[d].id);
            snprintf(q->id, sizeof q->id, "llama.cpp.%s", r->peers.types[t].name);
            snprintf(q->label, sizeof q->label, "llama.cpp %s (measured)", r->peers.types[t].name);
            q->bpw = b;
            q->nrmse_pct = e;
            q->measured = true;
            snprintf(q->source, sizeof q->source, "this run: ggml's quantizer, %zu rows per shape, "
                     "mean over the seeds' shapes", r->peers.rows);
        }
    for (size_t f = 0; r->has_refs && f < r->refs.n_formats; f++) {
        const qref_format *rf = &r->refs.formats[f];
        for (size_t v = 0; v < rf->n_values; v++) {
            qpareto_point *q = &p[n++];
            q->kind = QP_REFERENCE;
            snprintf(q->dist, sizeof q->dist, "%s", rf->dist[v]);
            snprintf(q->id, sizeof q->id, "%s.%s", r->refs.name, rf->id);
            snprintf(q->label, sizeof q->label, "%s %s (cited)", r->refs.name, rf->id);
            q->bpw = rf->bpw;
            q->nrmse_pct = rf->nrmse_pct[v];
            q->measured = false;
            snprintf(q->source, sizeof q->source, "not measured by this run: %.200s",
                     r->refs.citation);
        }
    }
    /* Pareto flags among the measured points of each distribution. */
    double *bpw = malloc((n + 1) * sizeof *bpw), *err = malloc((n + 1) * sizeof *err);
    for (size_t i = 0; bpw && err && i < n; i++) {
        if (!p[i].measured) continue;
        size_t m = 0, self = 0;
        for (size_t j = 0; j < n; j++) {
            if (!p[j].measured || strcmp(p[j].dist, p[i].dist) != 0) continue;
            if (j == i) self = m;
            bpw[m] = p[j].bpw;
            err[m++] = p[j].nrmse_pct;
        }
        p[i].pareto = qpareto_optimal(bpw, err, m, self);
    }
    free(bpw);
    free(err);
    *n_out = n;
    return p;
}
