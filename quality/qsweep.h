/* The group-size x scale-storage sweep of one base scheme, and Pareto marking. */
#ifndef Q35_QSWEEP_H
#define Q35_QSWEEP_H

#include <stdbool.h>
#include <stddef.h>

#include "qrun.h"

/* Fills res->points with every combination of the sweep's axes (groups x scale types x
 * shared/split x search) applied to its base scheme. Returns 0, or -1 when out of memory. */
int qsweep_build(const quality_config *cfg, const qc_sweep *w, qsweep_result *res);

/* After the points' errors are known: bpw for the sweep's K, Pareto flags and the best
 * point at bpw <= max_bpw. */
void qsweep_finish(const quality_config *cfg, const qc_sweep *w, qsweep_result *res);

/* True when point i is dominated by no other: none has bpw <= and error <= with one of them
 * strictly smaller. */
bool qpareto_optimal(const double *bpw, const double *err, size_t n, size_t i);

#endif
