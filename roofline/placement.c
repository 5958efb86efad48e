#include "placement.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "formats/format_traits.h"

int placement_compute_kind(const char *format, peak_kind *out) {
    int f = format_lookup(format);
    if (f < 0) return -1;
    static const peak_kind of[COMPUTE_KINDS] = {
        [COMPUTE_FP64] = PEAK_FP64, [COMPUTE_FP32] = PEAK_FP32, [COMPUTE_INT8] = PEAK_INT8};
    *out = of[format_table[f].compute];
    return 0;
}

const roof_curve *placement_curve(const roof_set *roofs, int threads) {
    const roof_curve *best = NULL, *smallest = NULL;
    for (size_t i = 0; i < roofs->n; i++) {
        const roof_curve *c = &roofs->curves[i];
        if (!smallest || c->threads < smallest->threads) smallest = c;
        if (c->threads <= threads && (!best || c->threads > best->threads)) best = c;
    }
    return best ? best : smallest;
}

void placement_compute(const bench_row *row, const roof_set *roofs, placement *out) {
    memset(out, 0, sizeof *out);
    bool known = placement_compute_kind(row->format, &out->compute_kind) == 0;
    counters_derive(&row->counts, row->bytes_moved, &out->counters);
    if (!bench_row_ok(row)) {
        snprintf(out->note, sizeof out->note, "not timed (status %s)", row->status);
        return;
    }
    if (!(row->bytes_moved > 0) || !(row->ops > 0)) {
        snprintf(out->note, sizeof out->note, "the kernel's cost model gives no bytes or ops");
        return;
    }
    out->ai = row->ops / row->bytes_moved;
    out->gbps = row->bytes_moved / row->median_s * 1e-9;
    out->gops = row->ops / row->median_s * 1e-9;
    const roof_curve *c = placement_curve(roofs, (int)row->threads);
    if (!c || c->n == 0) {
        snprintf(out->note, sizeof out->note, "no measured roofs");
        return;
    }
    if (!known) {
        snprintf(out->note, sizeof out->note,
                 "format '%.40s' is not in formats/format_traits.h: its compute roof is unknown",
                 row->format);
        return;
    }
    out->roof_threads = c->threads;
    size_t ws = (size_t)row->bytes_moved;
    out->bw_roof_gbps = sweep_interpolate(c->bytes, c->gbps, c->n, ws);
    int lv = c->levels ? levels_lookup(c->levels, ws) : -1;
    /* A roof is an upper bound: a noisy sweep point must not lower it below its level. */
    if (lv >= 0 && c->levels->level[lv].gbps > out->bw_roof_gbps)
        out->bw_roof_gbps = c->levels->level[lv].gbps;
    snprintf(out->level, sizeof out->level, "%s", lv >= 0 ? c->levels->level[lv].name : "?");
    out->compute_roof_gops = c->peak[out->compute_kind];
    if (!(out->bw_roof_gbps > 0) || !(out->compute_roof_gops > 0)) {
        snprintf(out->note, sizeof out->note, "the %s roof was not measured",
                 out->bw_roof_gbps > 0 ? peak_kind_name(out->compute_kind) : "bandwidth");
        return;
    }
    double bw_bound = out->ai * out->bw_roof_gbps;
    out->binds = bw_bound < out->compute_roof_gops ? "bandwidth" : "compute";
    out->attainable_gops = fmin(bw_bound, out->compute_roof_gops);
    out->pct_bw_roof = 100.0 * out->gbps / out->bw_roof_gbps;
    out->pct_compute_roof = 100.0 * out->gops / out->compute_roof_gops;
    out->pct_attainable = 100.0 * out->gops / out->attainable_gops;
    out->placed = true;
    size_t used = 0;
    if (c->threads != row->threads)
        used = (size_t)snprintf(out->note, sizeof out->note, "roofs of %d thread(s): %d not measured; ",
                                c->threads, (int)row->threads);
    if ((out->pct_bw_roof > 100.0 || out->pct_compute_roof > 100.0) && used < sizeof out->note)
        snprintf(out->note + used, sizeof out->note - used,
                 "above a measured roof: the roofs and this timing were taken at different times "
                 "on a shared host (compare the load averages)");
}
