/*
 * The kernels section: noise and confidence (the A/A floor, the configured comparisons,
 * noisy cases, cases above the read roof), then one table per shape. Every ratio is the
 * bench step's (bench.compare.tsv) and every % of roof the roofline step's placement
 * (roofline.placement.tsv): nothing is recomputed here.
 */
#ifndef Q35_REPORT_RENDER_KERNELS_H
#define Q35_REPORT_RENDER_KERNELS_H

#include "render_common.h"

/* "Kernels"; nothing when the run has no bench.tsv. */
void render_kernels(render_ctx *c, const run_data *r);

#endif
