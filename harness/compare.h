/*
 * The comparisons a suite's results support, each a ratio of two cases' times with its
 * confidence interval (ci_ratio: Hodges-Lehmann estimate, Mann-Whitney interval) and the
 * Mann-Whitney p-value, computed from the repetitions (harness/intervals.h):
 *
 *   baseline  every kernel against its format's baseline kernel (configs/report.ini
 *             [baselines]), same shape, M and threads:
 *             bench.compare.<baseline>.over.<kernel>.<shape>.m<M>.t<T>.ratio
 *             = time(baseline) / time(kernel) = the kernel's speedup over its baseline
 *   pair      every `compare = A/B` pair of the suite config, wherever both ran with the
 *             same shape, M and threads:
 *             bench.compare.<A>.over.<B>.<shape>.m<M>.t<T>.ratio = time(A) / time(B)
 *   threads   every kernel at T > 1 threads against itself at 1 thread:
 *             bench.threads.<kernel>.<shape>.m<M>.t1.over.t<T>.ratio
 *             = time(1 thread) / time(T threads) = the speedup of T threads
 *   aa        the A/A check: one case timed twice as if it were two cases:
 *             bench.aa.<kernel>.<shape>.m<M>.t<T>.ratio = time(case) / time(its twin),
 *             whose interval is the run's noise floor
 *   peer_fastest, peer_nearest
 *             every kernel of the suite's own (not a peer, not its format's baseline)
 *             against a peer kernel (kernel.h: `peer`, e.g. llama.cpp's) timed at the same
 *             shape, M and threads: the fastest peer with at least its bits per weight, and
 *             the peer nearest to its bits per weight:
 *             bench.peer_fastest.<peer>.over.<kernel>.<shape>.m<M>.t<T>.ratio and
 *             bench.peer_nearest... = time(peer) / time(kernel) = the speedup over the peer
 *
 * Every ratio is time(a) / time(b), unit "x". A ratio is distinguishable from 1 when its
 * interval excludes 1; `interleaved` says whether the two were timed in the same block and
 * attempt with the random order (otherwise drift between their times is not cancelled).
 * A case that two sweeps ran (named .../sweep:NAME) is compared in its first occurrence.
 */
#ifndef Q35_COMPARE_H
#define Q35_COMPARE_H

#include <stdbool.h>

#include "intervals.h"
#include "suite.h"

typedef enum {
    COMPARE_BASELINE,
    COMPARE_PAIR,
    COMPARE_THREADS,
    COMPARE_AA,
    COMPARE_PEER_FASTEST,
    COMPARE_PEER_NEAREST,
} compare_kind;

/* "baseline", "pair", "threads", "aa", "peer_fastest", "peer_nearest" */
const char *compare_kind_name(compare_kind k);

typedef struct comparison {
    compare_kind kind;
    char id[320];  /* the metric id */
    size_t a, b;   /* case indices; for aa, b is the twin of a */
    estimate ratio; /* time(a) / time(b) */
    double p;      /* Mann-Whitney U, two-sided */
    bool interleaved;
} comparison;

typedef struct compare_set {
    comparison *v;
    size_t n;
} compare_set;

/* The baseline kernel of a format, or NULL/"" for none (report_config's rc_baseline). */
typedef const char *(*compare_baseline_fn)(const void *ctx, const char *format);

/* Every comparison above that the results allow (cases that were timed). baseline may be
 * NULL (no baseline comparisons). Returns 0, or -1 when out of memory. */
int compare_build(const suite_config *cfg, const suite_results *res,
                  compare_baseline_fn baseline, const void *baseline_ctx, compare_set *out);
void compare_free(compare_set *s);

/* The samples comparison c compares, as (pointer, count) pairs. */
void compare_samples(const suite_results *res, const comparison *c, const double **a,
                     size_t *na, const double **b, size_t *nb);

#endif
