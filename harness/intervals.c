#include "intervals.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

/* Exact null distribution of U is computed for samples up to this size (the table has
 * (na + 1) x (na nb + 1) entries); larger samples use the normal approximation. */
#define EXACT_MAX 50

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static bool all_finite(const double *v, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (!isfinite(v[i])) return false;
    return true;
}

/* P(B <= k) for B ~ Binomial(n, 1/2). */
static double binom_half_cdf(size_t n, size_t k) {
    double sum = 0;
    for (size_t i = 0; i <= k && i <= n; i++)
        sum += exp(lgamma((double)n + 1) - lgamma((double)i + 1) - lgamma((double)(n - i) + 1) -
                   (double)n * log(2.0));
    return sum < 1 ? sum : 1;
}

int ci_median(const double *v, size_t n, double conf, estimate *out) {
    if (n == 0 || !(conf > 0 && conf < 1) || !all_finite(v, n)) return -1;
    double *s = malloc(n * sizeof *s);
    if (!s) return -1;
    memcpy(s, v, n * sizeof *s);
    qsort(s, n, sizeof *s, cmp_double);
    /* [x(k), x(n+1-k)] (1-based) covers the median with probability 1 - 2 P(B <= k - 1);
     * take the largest k that still reaches conf, else the whole range. */
    size_t k = 1;
    for (size_t cand = n / 2; cand >= 1; cand--)
        if (1 - 2 * binom_half_cdf(n, cand - 1) >= conf) {
            k = cand;
            break;
        }
    out->value = stats_quantile_sorted(s, n, 0.5);
    out->lo = s[k - 1];
    out->hi = s[n - k];
    out->coverage = n == 1 ? 0 : 1 - 2 * binom_half_cdf(n, k - 1);
    free(s);
    return 0;
}

/* Null distribution of U for sample sizes m, n without ties: cdf[u] = P(U <= u),
 * u = 0..m*n. c(i, j, u) = c(i-1, j, u-j) + c(i, j-1, u): the largest of the i + j values
 * is either an a (above all j b's) or a b. Returns NULL when out of memory. */
static double *mwu_null_cdf(size_t m, size_t n) {
    size_t width = m * n + 1;
    double *c = calloc((m + 1) * width, sizeof *c);
    double *cdf = malloc(width * sizeof *cdf);
    if (!c || !cdf) {
        free(c);
        free(cdf);
        return NULL;
    }
    for (size_t i = 0; i <= m; i++) c[i * width] = 1; /* j = 0: U = 0 */
    for (size_t j = 1; j <= n; j++)
        for (size_t i = 1; i <= m; i++) /* row i-1 already holds j; row i still j - 1 */
            for (size_t u = width; u-- > j;) c[i * width + u] += c[(i - 1) * width + u - j];
    double total = 0;
    for (size_t u = 0; u < width; u++) total += c[m * width + u];
    double run = 0;
    for (size_t u = 0; u < width; u++) {
        run += c[m * width + u];
        cdf[u] = run / total;
    }
    free(c);
    return cdf;
}

static double normal_upper(double z) { return 0.5 * erfc(z / sqrt(2.0)); }

/* The standard normal quantile, by bisection on erfc (only used for large samples). */
static double normal_quantile_upper(double tail) {
    double lo = 0, hi = 40;
    for (int i = 0; i < 200; i++) {
        double mid = (lo + hi) / 2;
        if (normal_upper(mid) > tail) lo = mid;
        else hi = mid;
    }
    return (lo + hi) / 2;
}

int ci_ratio(const double *a, size_t na, const double *b, size_t nb, double conf,
             estimate *out) {
    if (!na || !nb || !(conf > 0 && conf < 1) || !all_finite(a, na) || !all_finite(b, nb))
        return -1;
    for (size_t i = 0; i < na; i++)
        if (!(a[i] > 0)) return -1;
    for (size_t j = 0; j < nb; j++)
        if (!(b[j] > 0)) return -1;
    size_t mn = na * nb;
    double *d = malloc(mn * sizeof *d);
    if (!d) return -1;
    for (size_t i = 0; i < na; i++)
        for (size_t j = 0; j < nb; j++) d[i * nb + j] = log(a[i]) - log(b[j]);
    qsort(d, mn, sizeof *d, cmp_double);
    /* [d(k), d(mn+1-k)] covers the shift with probability 1 - 2 P(U <= k - 1). */
    size_t k = 1;
    double coverage;
    if (na <= EXACT_MAX && nb <= EXACT_MAX) {
        double *cdf = mwu_null_cdf(na, nb);
        if (!cdf) {
            free(d);
            return -1;
        }
        for (size_t cand = mn / 2; cand >= 1; cand--)
            if (1 - 2 * cdf[cand - 1] >= conf) {
                k = cand;
                break;
            }
        coverage = 1 - 2 * cdf[k - 1];
        free(cdf);
    } else {
        double mu = (double)mn / 2, sd = sqrt((double)mn * (double)(na + nb + 1) / 12.0);
        double z = normal_quantile_upper((1 - conf) / 2);
        double kk = floor(mu - z * sd);
        k = kk >= 1 ? (size_t)kk : 1;
        coverage = 1 - 2 * (1 - normal_upper(((double)k - 0.5 - mu) / sd));
    }
    out->value = exp(stats_quantile_sorted(d, mn, 0.5));
    out->lo = exp(d[k - 1]);
    out->hi = exp(d[mn - k]);
    out->coverage = coverage > 0 ? coverage : 0;
    free(d);
    return 0;
}

typedef struct ranked {
    double v;
    int from_a;
} ranked;

static int cmp_ranked(const void *x, const void *y) {
    return cmp_double(&((const ranked *)x)->v, &((const ranked *)y)->v);
}

int rank_test_mwu(const double *a, size_t na, const double *b, size_t nb, double *u,
                  double *p) {
    if (!na || !nb || !all_finite(a, na) || !all_finite(b, nb)) return -1;
    size_t n = na + nb;
    ranked *r = malloc(n * sizeof *r);
    if (!r) return -1;
    for (size_t i = 0; i < na; i++) r[i] = (ranked){a[i], 1};
    for (size_t j = 0; j < nb; j++) r[na + j] = (ranked){b[j], 0};
    qsort(r, n, sizeof *r, cmp_ranked);
    /* rank sum of a with mid-ranks for ties; tie term sum(t^3 - t) for the variance */
    double rank_sum_a = 0, tie_term = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j + 1 < n && r[j + 1].v == r[i].v) j++;
        double mid_rank = ((double)i + (double)j) / 2 + 1, t = (double)(j - i + 1);
        for (size_t q = i; q <= j; q++)
            if (r[q].from_a) rank_sum_a += mid_rank;
        tie_term += t * t * t - t;
        i = j + 1;
    }
    free(r);
    double m = (double)na, nn = (double)nb;
    double stat = rank_sum_a - m * (m + 1) / 2;
    *u = stat;
    if (tie_term == 0 && na <= EXACT_MAX && nb <= EXACT_MAX) {
        double *cdf = mwu_null_cdf(na, nb);
        if (!cdf) return -1;
        size_t us = (size_t)stat;
        double lower = cdf[us], upper = us ? 1 - cdf[us - 1] : 1; /* P(U <= u), P(U >= u) */
        double two = 2 * (lower < upper ? lower : upper);
        *p = two < 1 ? two : 1;
        free(cdf);
        return 0;
    }
    double mu = m * nn / 2;
    double var = m * nn / 12 * ((double)n + 1 - tie_term / ((double)n * ((double)n - 1)));
    if (!(var > 0)) {
        *p = 1; /* every value equal: no evidence of a difference */
        return 0;
    }
    double z = (fabs(stat - mu) - 0.5) / sqrt(var);
    double two = z > 0 ? 2 * normal_upper(z) : 1;
    *p = two < 1 ? two : 1;
    return 0;
}
