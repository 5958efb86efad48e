/*
 * One interleaved block of the suite (harness/suite.h): the items gathered for it (gated,
 * calibrated cases; the A/A twin; DRAM read roof probes) timed round by round in a seeded
 * order, then its noisy items re-measured, then every case summarised. Internal to the
 * suite runner; the tests drive it through suite_run.
 */
#ifndef Q35_SUITE_BLOCK_H
#define Q35_SUITE_BLOCK_H

#include "suite.h"

/* The state one timed kernel call needs. */
typedef struct call_ctx {
    const kernel *k;
    const kernel_weights *pw;
    const float *x;
    size_t m;
    float *y;
    int threads;
    void *workspace;
} call_ctx;

void suite_call_kernel(void *ctx);

typedef struct timed_item {
    suite_item_kind kind;
    size_t index;     /* case index (case, twin) or roof index */
    call_ctx ctx;     /* case and twin */
    measurement *m;   /* the samples being kept: the case's meas, or the twin's */
    noise_totals *noise;
    float *y;         /* owned by a case item */
    void *workspace;
} timed_item;

typedef struct block_items {
    timed_item *v;
    size_t n, cap;
} block_items;

/* Adds an item (copied); returns 0 or -1 when out of memory. */
int block_items_add(block_items *b, const timed_item *item);
/* Frees what the items own (outputs, workspaces), not the cases' samples. */
void block_items_free(block_items *b);

/* Runs the block's rounds and re-measurements and summarises its cases (statistics,
 * intervals, noise, roof). block_index is where res->blocks already holds its entry;
 * roof_threads lists the thread counts to probe the read roof at (none when n_roof is 0).
 * Returns 0, or -1 when out of memory (the block's cases are then marked as errors). */
int block_run(const suite_config *cfg, suite_results *res, block_items *items,
              int block_index, const int *roof_threads, size_t n_roof, FILE *progress);

#endif
