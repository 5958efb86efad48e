/*
 * The sections on sizes and errors: model sizes per format (the projection step's model
 * ids), quantization quality per scheme and distribution, llama.cpp's formats against
 * their cited errors, and the seeds' error tables recomputed (render_audit.c).
 */
#ifndef Q35_REPORT_RENDER_QUALITY_H
#define Q35_REPORT_RENDER_QUALITY_H

#include "render_common.h"

/* "Model sizes": weights per model and format. */
void render_models(render_ctx *c, const run_data *r);
/* "Quantization quality". */
void render_quality(render_ctx *c, const run_data *r);

#endif
