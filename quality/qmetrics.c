#include "qmetrics.h"

#include <math.h>

/* Sums of a float array in double with four independent accumulators (no long
 * dependency chain; the order is fixed, so results do not depend on threads). */
qmoments qm_moments_f(const float *x, size_t count) {
    qmoments m = {(double)count, 0.0, 0.0, 0.0};
    if (!count) return m;
    double s[4] = {0, 0, 0, 0}, q[4] = {0, 0, 0, 0};
    size_t i = 0;
    for (; i + 4 <= count; i += 4)
        for (int j = 0; j < 4; j++) {
            double v = x[i + j];
            s[j] += v;
            q[j] += v * v;
        }
    for (; i < count; i++) {
        s[0] += x[i];
        q[0] += (double)x[i] * x[i];
    }
    m.mean = (s[0] + s[1] + s[2] + s[3]) / (double)count;
    m.sumsq = q[0] + q[1] + q[2] + q[3];
    double d2[4] = {0, 0, 0, 0};
    for (i = 0; i + 4 <= count; i += 4)
        for (int j = 0; j < 4; j++) {
            double d = (double)x[i + j] - m.mean;
            d2[j] += d * d;
        }
    for (; i < count; i++) {
        double d = (double)x[i] - m.mean;
        d2[0] += d * d;
    }
    m.m2 = d2[0] + d2[1] + d2[2] + d2[3];
    return m;
}

qmoments qm_moments_d(const double *x, size_t count) {
    qmoments m = {(double)count, 0.0, 0.0, 0.0};
    if (!count) return m;
    double s = 0.0;
    for (size_t i = 0; i < count; i++) {
        s += x[i];
        m.sumsq += x[i] * x[i];
    }
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
    qmoments r = {n, a.mean + delta * (b.n / n), a.m2 + b.m2 + delta * delta * (a.n * b.n / n),
                  a.sumsq + b.sumsq};
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
    double acc[4] = {0, 0, 0, 0}, mx[4] = {0, 0, 0, 0};
    size_t i = 0;
    /* the difference and its square in double; four accumulators in a fixed order */
    for (; i + 4 <= count; i += 4)
        for (int j = 0; j < 4; j++) {
            double d = (double)w[i + j] - (double)a[i + j];
            acc[j] += d * d;
            double ad = fabs(d);
            mx[j] = ad > mx[j] ? ad : mx[j];
        }
    for (; i < count; i++) {
        double d = (double)w[i] - (double)a[i];
        acc[0] += d * d;
        double ad = fabs(d);
        mx[0] = ad > mx[0] ? ad : mx[0];
    }
    double sse = acc[0] + acc[1] + acc[2] + acc[3];
    for (int j = 0; j < 4; j++)
        if (mx[j] > e->max_abs) e->max_abs = mx[j];
    e->n += (double)count;
    e->sse += sse;
    e->signal += m.sumsq;
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
