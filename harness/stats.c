#include "stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double stats_quantile_sorted(const double *sorted, size_t n, double q) {
    if (n == 0) return NAN;
    double pos = q * (double)(n - 1);
    size_t lo = (size_t)floor(pos);
    size_t hi = lo + 1 < n ? lo + 1 : lo;
    double frac = pos - (double)lo;
    return sorted[lo] + (sorted[hi] - sorted[lo]) * frac;
}

double stats_median(const double *v, size_t n) {
    if (n == 0) return NAN;
    double *s = malloc(n * sizeof *s);
    if (!s) return NAN;
    memcpy(s, v, n * sizeof *s);
    qsort(s, n, sizeof *s, cmp_double);
    double m = stats_quantile_sorted(s, n, 0.5);
    free(s);
    return m;
}

void stats_compute(const double *v, size_t n, sample_stats *out) {
    memset(out, 0, sizeof *out);
    out->n = n;
    if (n == 0) {
        out->min = out->max = out->mean = out->median = out->p10 = out->p90 = NAN;
        return;
    }
    double *s = malloc(n * sizeof *s);
    if (!s) {
        out->min = out->max = out->mean = out->median = out->p10 = out->p90 = NAN;
        return;
    }
    memcpy(s, v, n * sizeof *s);
    qsort(s, n, sizeof *s, cmp_double);
    double sum = 0.0;
    for (size_t i = 0; i < n; i++) sum += s[i];
    out->mean = sum / (double)n;
    double ss = 0.0;
    for (size_t i = 0; i < n; i++) ss += (s[i] - out->mean) * (s[i] - out->mean);
    out->stddev = n > 1 ? sqrt(ss / (double)(n - 1)) : 0.0;
    out->cv = out->mean != 0.0 ? out->stddev / out->mean : 0.0;
    out->min = s[0];
    out->max = s[n - 1];
    out->median = stats_quantile_sorted(s, n, 0.5);
    out->p10 = stats_quantile_sorted(s, n, 0.1);
    out->p90 = stats_quantile_sorted(s, n, 0.9);
    free(s);
}
