/*
 * Error arithmetic of the quality suite, in double precision. Nothing here returns NaN or
 * inf: a quantity that is undefined (std = 0, no error at all) is reported as "n/a" through
 * the return value, and the caller writes NA with the reason.
 */
#ifndef Q35_QMETRICS_H
#define Q35_QMETRICS_H

#include <stdbool.h>
#include <stddef.h>

/* Count, mean and sum of squared deviations, mergeable (Chan et al.) so that partial
 * results of row blocks combine into the moments of the whole matrix; sumsq = sum x^2
 * (the signal power for SQNR). */
typedef struct qmoments {
    double n, mean, m2, sumsq;
} qmoments;

/* Moments of x[0..count) (two passes, exact enough for any row length used here). */
qmoments qm_moments_f(const float *x, size_t count);
qmoments qm_moments_d(const double *x, size_t count);
/* a followed by b. */
qmoments qm_merge(qmoments a, qmoments b);
/* Population standard deviation sqrt(m2 / n) (numpy's np.std); 0 when n == 0. */
double qm_std(qmoments m);

/* The seeds' NRMSE in percent: sqrt(sse / n) / std * 100 with std = sqrt(m2 / n).
 * Returns false (n/a) when n == 0 or std == 0. */
bool qm_nrmse_pct(double sse, double n, double m2, double *out);
/* SQNR in dB: 10 log10(signal / sse) with signal = sum of squares of the reference.
 * Returns false (n/a) when sse == 0 (no error) or signal == 0. */
bool qm_sqnr_db(double signal, double sse, double *out);

/* Error of one approximation against its reference, accumulated over rows. */
typedef struct qerr {
    double n;        /* values compared */
    double sse;      /* sum (w - w')^2 */
    double signal;   /* sum w^2 */
    double max_abs;  /* max |w - w'| */
    double clipped;  /* codes clipped to [qmin, qmax] */
    double col_nrmse_sum; /* sum of per-column NRMSE (percent) over the columns with std > 0 */
    double cols, na_cols; /* columns counted; of them constant (n/a) */
} qerr;

/* Adds one column: reference w, approximation a, the moments m of w (m.sumsq is its
 * signal). */
void qerr_add_column(qerr *e, const float *w, const float *a, size_t count, qmoments m,
                     size_t clipped);
/* a += b. */
void qerr_merge(qerr *a, const qerr *b);
/* Mean per-column NRMSE; false when no column had std > 0. */
bool qerr_colmean_pct(const qerr *e, double *out);

/* Mean and population standard deviation of v[0..n) (np.mean, np.std); n > 0. */
void qm_mean_std(const double *v, size_t n, double *mean, double *std);

#endif
