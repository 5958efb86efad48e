#include "qmetrics.h"

#include <math.h>

qmoments qm_moments_f(const float *x, size_t count) {
    qmoments m = {(double)count, 0.0, 0.0};
    if (!count) return m;
    double s = 0.0;
    for (size_t i = 0; i < count; i++) s += x[i];
    m.mean = s / (double)count;
    for (size_t i = 0; i < count; i++) {
        double d = (double)x[i] - m.mean;
        m.m2 += d * d;
    }
    return m;
}

qmoments qm_moments_d(const double *x, size_t count) {
    qmoments m = {(double)count, 0.0, 0.0};
    if (!count) return m;
    double s = 0.0;
    for (size_t i = 0; i < count; i++) s += x[i];
    m.mean = s / (double)count;
    for (size_t i = 0; i < count; i++) {
        double d = x[i] - m.mean;
        m.m2 += d * d;
    }
    return m;
}

qmoments qm_merge(qmoments a, qmoments b) {
    if (a.n == 0) return b;
    if (b.n == 0) return a;
    double n = a.n + b.n, delta = b.mean - a.mean;
    qmoments r = {n, a.mean + delta * (b.n / n), a.m2 + b.m2 + delta * delta * (a.n * b.n / n)};
    return r;
}

double qm_std(qmoments m) { return m.n > 0 ? sqrt(m.m2 / m.n) : 0.0; }

bool qm_nrmse_pct(double sse, double n, double m2, double *out) {
    if (!(n > 0) || !(m2 > 0) || !(sse >= 0) || !isfinite(sse) || !isfinite(m2)) return false;
    *out = sqrt(sse / m2) * 100.0; /* sqrt(sse/n) / sqrt(m2/n) */
    return true;
}

bool qm_sqnr_db(double signal, double sse, double *out) {
    if (!(sse > 0) || !(signal > 0) || !isfinite(sse) || !isfinite(signal)) return false;
    *out = 10.0 * log10(signal / sse);
    return true;
}

void qerr_add_column(qerr *e, const float *w, const float *a, size_t count, qmoments m,
                     size_t clipped) {
    double sse = 0.0, sig = 0.0, mx = e->max_abs;
    for (size_t i = 0; i < count; i++) {
        double d = (double)w[i] - (double)a[i];
        sse += d * d;
        sig += (double)w[i] * (double)w[i];
        double ad = fabs(d);
        if (ad > mx) mx = ad;
    }
    e->n += (double)count;
    e->sse += sse;
    e->signal += sig;
    e->max_abs = mx;
    e->clipped += (double)clipped;
    e->cols += 1;
    double c;
    if (qm_nrmse_pct(sse, (double)count, m.m2, &c)) e->col_nrmse_sum += c;
    else e->na_cols += 1;
}

void qerr_merge(qerr *a, const qerr *b) {
    a->n += b->n;
    a->sse += b->sse;
    a->signal += b->signal;
    if (b->max_abs > a->max_abs) a->max_abs = b->max_abs;
    a->clipped += b->clipped;
    a->col_nrmse_sum += b->col_nrmse_sum;
    a->cols += b->cols;
    a->na_cols += b->na_cols;
}

bool qerr_colmean_pct(const qerr *e, double *out) {
    double valid = e->cols - e->na_cols;
    if (!(valid > 0)) return false;
    *out = e->col_nrmse_sum / valid;
    return true;
}

void qm_mean_std(const double *v, size_t n, double *mean, double *std) {
    qmoments m = qm_moments_d(v, n);
    *mean = m.mean;
    *std = qm_std(m);
}
