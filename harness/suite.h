/*
 * Running a suite: every case of every sweep, gated, timed and summarised.
 *
 * Shape by shape, every case (kernel x batch x threads, from every sweep on that shape) is
 * gated and calibrated first; then the repetitions of all of them run interleaved in one
 * block (harness/interleave.h), so that load bursts and drift hit every case alike. A
 * shape whose packed weights do not fit the memory budget is split into several blocks.
 * Each block may also hold the A/A twin (one case timed again as if it were another) and
 * DRAM read roof probes (harness/roof_probe.h). After its rounds, a block re-measures its
 * noisy cases (cv or steal above the configured bounds), interleaved again, while their
 * weights are still packed. docs/noise.md has the details.
 */
#ifndef Q35_SUITE_H
#define Q35_SUITE_H

#include <stdint.h>
#include <stdio.h>

#include "case_result.h"
#include "config.h"

/* One interleaved block: a shape's cases timed together. */
typedef struct suite_block {
    char name[80];   /* "<shape>#<i>": the i-th block of the shape */
    char shape[64];
    size_t items;    /* timed items in its first measurement (cases, twin, roof probes) */
    int attempts;    /* 1 + re-measurements it ran */
    uint64_t seed;   /* seed of the first attempt's order (interleave_seed(suite seed, name, 0)) */
    double weight_bytes; /* packed weights it held */
} suite_block;

typedef enum { SUITE_ITEM_CASE, SUITE_ITEM_TWIN, SUITE_ITEM_ROOF } suite_item_kind;

/* One timed repetition in the order it ran (bench.order.tsv). */
typedef struct suite_slot {
    int block, attempt;
    uint32_t round, position;
    suite_item_kind kind;
    size_t index; /* case index (case and twin) or roof index */
} suite_slot;

/* The A/A check: the configured case timed a second time as its own item. */
typedef struct suite_aa {
    bool ran;
    size_t case_index; /* the original */
    measurement twin;  /* the twin's samples */
    noise_totals noise;
    int attempts, kept_attempt;
} suite_aa;

/* The DRAM read roof probed in one block at one thread count. */
typedef struct suite_roof {
    int block;
    int threads;
    bool valid;
    char why[160];   /* when !valid */
    double *gbps;    /* one sample per round (malloc'd) */
    int n;
    estimate median; /* ci_median of the samples */
    int variant_wins[8]; /* how often each read kernel was the fastest */
} suite_roof;

typedef struct suite_results {
    case_result *cases;
    size_t n;
    size_t ok, failed, unavailable, errors;
    double elapsed_s;
    /* how the repetitions were ordered and how quiet the machine was */
    interleave_mode interleave;
    uint64_t seed;
    suite_block *blocks;
    size_t n_blocks;
    suite_slot *order;
    size_t n_order;
    suite_aa aa;
    suite_roof *roofs;
    size_t n_roofs;
    char roof_rule[192];      /* how the read roof buffer was sized */
    const char *roof_kernels[ROOF_PROBE_MAX_VARIANTS]; /* names of the read kernels tried */
    size_t n_roof_kernels;
    double noise_cv_max, noise_steal_max_pct; /* the config's bounds */
    noise_totals noise;        /* over every timed repetition of the run */
    size_t remeasured, noisy;  /* cases re-measured; cases still noisy at the end */
} suite_results;

/* Runs all cases; progress lines go to `progress` (may be NULL). Returns 0 when the suite
 * ran (whatever the cases' outcomes), -1 when out of memory before any case. */
int suite_run(const suite_config *cfg, suite_results *out, FILE *progress);
void suite_results_free(suite_results *r);

/* Cases the suite will run, for progress and planning. */
size_t suite_case_count(const suite_config *cfg);

/* Whether a measurement counts as noisy under the config's bounds. */
bool suite_is_noisy(const suite_config *cfg, double cv, const noise_totals *noise);

#endif
