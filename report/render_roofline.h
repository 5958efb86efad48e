/*
 * The model sections: this host's measured roofs and every case's placement on them, as
 * the roofline step wrote them; the projections per device, the seeds' throughput claims
 * against them and the calibration on this host (models, not measurements).
 */
#ifndef Q35_REPORT_RENDER_ROOFLINE_H
#define Q35_REPORT_RENDER_ROOFLINE_H

#include "render_common.h"

/* "Roofline": the measured roofs per thread count and roofline.placement.tsv. */
void render_roofline(render_ctx *c, const run_data *r);
/* "Projections per device" and the calibration on this host. */
void render_projection(render_ctx *c, const run_data *r);

#endif
