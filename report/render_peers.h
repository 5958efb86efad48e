/*
 * The report's comparison of the suite's own kernels with the peers measured in the same run
 * (llama.cpp's ggml kernels): per shape, batch and thread count, each kernel's speedup over
 * the fastest peer of at least its bits per weight and over the peer nearest to its bits per
 * weight, with the 95 % interval of the ratio (the bench step's peer_fastest and
 * peer_nearest comparisons, harness/compare.h).
 */
#ifndef Q35_REPORT_RENDER_PEERS_H
#define Q35_REPORT_RENDER_PEERS_H

#include "base/text_buf.h"
#include "run_data.h"

void render_peers(text_buf *b, const run_data *r);

#endif
