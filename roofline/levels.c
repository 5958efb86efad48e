#include "levels.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/stats.h"

/* Fills level l's summary from its points [first, last]. */
static void summarise(cache_level *lv, const size_t *bytes, const double *gbps, size_t first,
                      size_t last) {
    lv->first = first;
    lv->last = last;
    lv->from_bytes = bytes[first];
    lv->upto_bytes = bytes[last];
    size_t count = last - first + 1;
    size_t skip = count >= 4 ? 1 : 0; /* the edge points of a long level sit in transitions */
    lv->gbps = stats_median(gbps + first + skip, count - 2 * skip);
}

size_t levels_detect(const size_t *bytes, const double *gbps, size_t n, double drop,
                     size_t dram_min_bytes, cache_levels *out, int *level_of) {
    memset(out, 0, sizeof *out);
    if (n == 0) return 0;
    /* A running median of three smooths single noisy points before the walk. */
    double *smooth = malloc(n * sizeof *smooth);
    if (!smooth) return 0;
    for (size_t i = 0; i < n; i++) {
        size_t a = i > 0 ? i - 1 : i, b = i + 1 < n ? i + 1 : i;
        smooth[i] = stats_median(gbps + a, b - a + 1);
    }
    size_t start[LEVELS_MAX + 1];
    size_t nl = 1;
    start[0] = 0;
    for (size_t i = 1; i < n; i++) {
        double ref = stats_median(smooth + start[nl - 1], i - start[nl - 1]);
        bool below = smooth[i] < drop * ref;
        bool next_below = i + 1 >= n || smooth[i + 1] < drop * ref;
        if (below && next_below && nl < LEVELS_MAX) start[nl++] = i;
    }
    free(smooth);
    bool has_dram = nl >= 2 && bytes[n - 1] >= dram_min_bytes;
    /* At most LEVELS_MAX_CACHE cache levels: merge the two neighbouring cache levels whose
     * bandwidths are closest until that holds (extra levels are noise on a shared host). */
    while (nl - (has_dram ? 1 : 0) > LEVELS_MAX_CACHE) {
        size_t caches = nl - (has_dram ? 1 : 0), best = 1;
        double best_ratio = -1.0;
        for (size_t l = 1; l < caches; l++) {
            cache_level a, b;
            summarise(&a, bytes, gbps, start[l - 1], start[l] - 1);
            summarise(&b, bytes, gbps, start[l], l + 1 < nl ? start[l + 1] - 1 : n - 1);
            double ratio = a.gbps > 0 ? b.gbps / a.gbps : 0.0;
            if (ratio > best_ratio) {
                best_ratio = ratio;
                best = l;
            }
        }
        for (size_t l = best; l + 1 < nl; l++) start[l] = start[l + 1];
        nl--;
    }
    for (size_t l = 0; l < nl; l++) {
        cache_level *lv = &out->level[l];
        summarise(lv, bytes, gbps, start[l], l + 1 < nl ? start[l + 1] - 1 : n - 1);
        if (level_of)
            for (size_t i = lv->first; i <= lv->last; i++) level_of[i] = (int)l;
    }
    out->n = nl;
    out->has_dram = has_dram;
    for (size_t l = 0; l < nl; l++) {
        if (has_dram && l == nl - 1) snprintf(out->level[l].name, 8, "dram");
        else { /* l < LEVELS_MAX (8): one digit */
            out->level[l].name[0] = 'l';
            out->level[l].name[1] = (char)('1' + l);
            out->level[l].name[2] = '\0';
        }
    }
    if (has_dram) out->level[nl - 2].is_llc = 1;
    return nl;
}

int levels_lookup(const cache_levels *lv, size_t bytes) {
    if (lv->n == 0) return -1;
    for (size_t l = 0; l < lv->n; l++)
        if (bytes <= lv->level[l].upto_bytes) return (int)l;
    return (int)lv->n - 1;
}

const cache_level *levels_find(const cache_levels *lv, const char *name) {
    for (size_t l = 0; l < lv->n; l++) {
        if (strcmp(name, "llc") == 0 ? lv->level[l].is_llc : strcmp(lv->level[l].name, name) == 0)
            return &lv->level[l];
    }
    return NULL;
}

double sweep_interpolate(const size_t *bytes, const double *gbps, size_t n, size_t at) {
    if (n == 0) return 0.0;
    if (at <= bytes[0]) return gbps[0];
    if (at >= bytes[n - 1]) return gbps[n - 1];
    size_t i = 1;
    while (bytes[i] < at) i++;
    double x0 = log((double)bytes[i - 1]), x1 = log((double)bytes[i]), x = log((double)at);
    double f = x1 > x0 ? (x - x0) / (x1 - x0) : 0.0;
    return gbps[i - 1] + f * (gbps[i] - gbps[i - 1]);
}
