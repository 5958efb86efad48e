/*
 * The report's "Measured decode" section: the decode step's end-to-end tok/s (pp and tg per
 * model, format and thread count, with the median's interval), the bandwidth bound beside
 * each tg figure, how far the projection and the bench's layer extrapolation are from it, and
 * where a generated token's time goes. Everything comes from metrics.decode.tsv and the
 * project step's calibration.decode.* metrics; nothing is written when the run has no decode.
 */
#ifndef Q35_REPORT_RENDER_DECODE_H
#define Q35_REPORT_RENDER_DECODE_H

#include "base/text_buf.h"
#include "run_data.h"

void render_decode(text_buf *b, const run_data *r);

#endif
