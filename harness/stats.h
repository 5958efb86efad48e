/* Robust summary statistics of repeated measurements. */
#ifndef Q35_STATS_H
#define Q35_STATS_H

#include <stddef.h>

typedef struct sample_stats {
    size_t n;
    double min, max, mean, median;
    double stddev; /* sample standard deviation (n - 1); 0 when n < 2 */
    double cv;     /* stddev / mean; 0 when the mean is 0 */
    double p10, p90;
} sample_stats;

/* Summarises v[0..n) (not modified). Percentiles interpolate linearly between order
 * statistics (numpy's default): p = v[(n-1) * q]. */
void stats_compute(const double *v, size_t n, sample_stats *out);

/* The median of v[0..n) (not modified), every point counted; NAN when n == 0 or out of
 * memory. The one median of the project (stats_compute's is the same). */
double stats_median(const double *v, size_t n);

/* The q-quantile (0 <= q <= 1) of sorted[0..n). */
double stats_quantile_sorted(const double *sorted, size_t n, double q);

#endif
