/*
 * Cache levels from a bandwidth-versus-working-set sweep, for machines that do not report
 * their cache sizes (as this VM does not). The curve is first smoothed with a running
 * median of three; walking the sizes upwards, a new level starts where it falls below
 * `drop` (0.75) times the median of the current level's points and stays there for the
 * next point too. More than LEVELS_MAX_CACHE cache levels are merged pairwise, closest
 * bandwidths first (extra plateaus are noise on a shared host). Levels
 * are named l1, l2, ..., and the last one is named dram when the sweep reached at least
 * dram_min_bytes; the level before dram is also the last-level cache (llc). Pure function
 * of its inputs, so the rule is unit-tested on made-up curves.
 */
#ifndef Q35_LEVELS_H
#define Q35_LEVELS_H

#include <stddef.h>

#define LEVELS_MAX 8
#define LEVELS_DROP 0.75
#define LEVELS_MAX_CACHE 3 /* at most this many cache levels below DRAM */

typedef struct cache_level {
    char name[8];           /* "l1", "l2", "l3", ..., or "dram" */
    int is_llc;             /* the last cache level before dram */
    size_t first, last;     /* indices of its points in the sweep */
    size_t from_bytes, upto_bytes; /* working sets of its first and last point */
    double gbps;            /* median bandwidth of its inner points (all, when fewer than 4) */
} cache_level;

typedef struct cache_levels {
    cache_level level[LEVELS_MAX];
    size_t n;
    int has_dram;
} cache_levels;

/* bytes ascending, gbps for each; level_of (n entries, may be NULL) receives each point's
 * level index. Returns the number of levels (0 when n == 0). */
size_t levels_detect(const size_t *bytes, const double *gbps, size_t n, double drop,
                     size_t dram_min_bytes, cache_levels *out, int *level_of);

/* The level a working set of `bytes` falls in: the first level whose largest point is at
 * least `bytes`, or the last level. -1 when there are no levels. */
int levels_lookup(const cache_levels *lv, size_t bytes);

/* The level named `name` ("l1", "l2", "llc", "dram"), or NULL. "llc" finds the level
 * marked is_llc. */
const cache_level *levels_find(const cache_levels *lv, const char *name);

/* Bandwidth at `bytes` from the sweep curve: linear in log(size) between the two points
 * around it, the end points' values outside the swept range. 0 when n == 0. */
double sweep_interpolate(const size_t *bytes, const double *gbps, size_t n, size_t at);

#endif
