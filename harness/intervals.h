/*
 * Confidence intervals and rank tests of repeated measurements: the one place where the
 * suite decides how sure a measured figure or a comparison is. Distribution-free methods
 * only (timings on a shared machine are skewed and heavy-tailed, never normal), and
 * deterministic (no resampling): the same samples give the same interval on every run.
 *
 *   ci_median       the median with the order-statistic interval [x(k), x(n+1-k)] whose
 *                   binomial coverage is at least the asked confidence
 *   ci_ratio        how many times larger a's values are than b's (e.g. a baseline's time
 *                   over a kernel's time = the speedup): the Hodges-Lehmann estimate of
 *                   the shift of log(a) against log(b), with the interval that inverts the
 *                   Mann-Whitney test (Lehmann, "Nonparametrics", 1975, ch. 2), exponentiated
 *   rank_test_mwu   Mann-Whitney U, two-sided p-value: exact null distribution for samples
 *                   of up to 50 without ties (as scipy's mannwhitneyu does for small samples),
 *                   otherwise the normal approximation with tie and continuity corrections
 *
 * Small samples cannot reach every confidence: the interval is then the widest one the
 * samples allow (their whole range) and `coverage` says what it really is, so a reader
 * sees "93.8 %" rather than a promised 95 % that five samples cannot give.
 */
#ifndef Q35_INTERVALS_H
#define Q35_INTERVALS_H

#include <stdbool.h>
#include <stddef.h>

typedef struct estimate {
    double value;    /* point estimate */
    double lo, hi;   /* confidence interval, lo <= value <= hi */
    double coverage; /* the interval's actual coverage probability (0..1) */
} estimate;

/* Default confidence of every interval the suite prints. */
#define CI_CONFIDENCE 0.95

/* The median of v[0..n) and its distribution-free interval. Returns 0, or -1 when n == 0,
 * conf is not in (0, 1), a value is not finite, or memory runs out. */
int ci_median(const double *v, size_t n, double conf, estimate *out);

/* The ratio a / b as the Hodges-Lehmann estimate exp(median over i, j of log a_i - log b_j)
 * with its interval. Every value must be finite and > 0. Returns 0, or -1 as ci_median. */
int ci_ratio(const double *a, size_t na, const double *b, size_t nb, double conf,
             estimate *out);

/* Whether an interval of a ratio lies wholly on one side of 1 (the two differ). */
static inline bool ci_ratio_distinguishable(const estimate *e) { return e->lo > 1.0 || e->hi < 1.0; }

/* Mann-Whitney U of a against b (U counts pairs with a_i > b_j, ties as one half) and its
 * two-sided p-value. Returns 0, or -1 when a sample is empty, a value is not finite, or
 * memory runs out. */
int rank_test_mwu(const double *a, size_t na, const double *b, size_t nb, double *u,
                  double *p);

#endif
