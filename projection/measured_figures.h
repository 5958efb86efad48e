/*
 * Resolving `measured:<ref>` device figures against this run's metrics.roofline.tsv:
 * <ref> names the metric without its "roofline." prefix; the token "tmax" stands for the
 * largest thread count measured (e.g. stream.read.tmax.gbps -> roofline.stream.read.t2.gbps
 * on a 2-CPU host). The metric's unit is converted to the figure's (gbps, gflops -> tflops,
 * gops -> tops, gb). A figure that cannot be resolved stays NAN with the reason.
 */
#ifndef Q35_MEASURED_FIGURES_H
#define Q35_MEASURED_FIGURES_H

#include "device_config.h"
#include "base/metrics_read.h"

/* The metric id a reference resolves to (tmax expanded), or -1 with why. */
int measured_metric_id(const metric_table *mt, const char *ref, char *id, size_t len,
                       char *why, size_t why_len);
/* Resolves every measured figure of d; `roof` may be NULL (then each gets the reason
 * `missing`). Returns how many stayed unresolved. */
int measured_resolve(device_config *d, const metric_table *roof, const char *missing);

#endif
