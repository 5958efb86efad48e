/* Per-cell values for tables and metrics, and their means over the seeds' shapes. */
#include <math.h>

#include "qrun.h"

bool qval_weight_nrmse(const quality_results *r, const qcell *c, const qc_shape *sh, double *out) {
    (void)r, (void)sh;
    return qm_nrmse_pct(c->err.sse, c->err.n, c->w.m2, out);
}

bool qval_colmean_nrmse(const quality_results *r, const qcell *c, const qc_shape *sh, double *out) {
    (void)r, (void)sh;
    return qerr_colmean_pct(&c->err, out);
}

bool qval_sqnr(const quality_results *r, const qcell *c, const qc_shape *sh, double *out) {
    (void)r, (void)sh;
    return qm_sqnr_db(c->err.signal, c->err.sse, out);
}

bool qval_max_abs(const quality_results *r, const qcell *c, const qc_shape *sh, double *out) {
    (void)r, (void)sh;
    if (!(c->err.n > 0)) return false;
    *out = c->err.max_abs;
    return true;
}

bool qval_output(const quality_results *r, const qcell *c, const qc_shape *sh, double *out) {
    (void)r, (void)sh;
    if (!c->kr.ok) return false;
    *out = c->kr.nrmse_pct;
    return true;
}

bool qval_wonly(const quality_results *r, const qcell *c, const qc_shape *sh, double *out) {
    (void)r, (void)sh;
    if (!c->wonly_ok) return false;
    *out = c->wonly_pct;
    return true;
}

bool qval_bpw(const quality_results *r, const qcell *c, const qc_shape *sh, double *out) {
    (void)r, (void)sh;
    *out = c->bpw;
    return c->bpw > 0;
}

bool qval_kernel_bpw(const quality_results *r, const qcell *c, const qc_shape *sh, double *out) {
    (void)r, (void)sh;
    if (!c->kr.ok) return false;
    *out = c->kr.kernel_bpw;
    return true;
}

bool qval_kernel_diff(const quality_results *r, const qcell *c, const qc_shape *sh, double *out) {
    (void)r, (void)sh;
    if (!c->kr.ok || !c->kr.dequant_compared) return false;
    *out = c->kr.dequant_max_diff;
    return true;
}

bool qval_clip_pct(const quality_results *r, const qcell *c, const qc_shape *sh, double *out) {
    (void)r, (void)sh;
    if (!(c->err.n > 0)) return false;
    *out = 100.0 * c->err.clipped / c->err.n;
    return true;
}

bool qres_mean_over_seed_shapes(const quality_results *r, size_t scheme, size_t dist,
                                qcell_value f, double *mean, double *std) {
    const quality_config *cfg = r->cfg;
    double v[QC_MAX_SHAPES];
    size_t n = cfg->n_seed_shapes;
    if (n == 0) return false;
    for (size_t j = 0; j < n; j++) {
        size_t sh = cfg->seed_shapes[j];
        if (!f(r, qres_cell(r, scheme, dist, sh), &cfg->shapes[sh], &v[j])) return false;
    }
    double m, s;
    qm_mean_std(v, n, &m, &s);
    if (mean) *mean = m;
    if (std) *std = s;
    return true;
}
