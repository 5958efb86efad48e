/*
 * The order in which the repetitions of a block of timed items (kernel cases, the A/A
 * twin, DRAM read roof probes) run. Google Benchmark's random interleaving is the model:
 * instead of every repetition of one case before the next case, so that a burst of load
 * or a slow drift hits one kernel and spares its rival, repetitions are spread over the
 * whole block. Here the block runs in rounds: round r times every item once, in an order
 * drawn afresh for each round (Fisher-Yates from the counter-based generator, rng.h), so
 * drift and bursts hit every item alike and every item has exactly one repetition per
 * round. `none` keeps the old order: every repetition of item 0, then of item 1, ...
 *
 * The plan is a pure function of (items, rounds, mode, seed): the same seed gives the same
 * order on every machine, and results record the seed and the order.
 */
#ifndef Q35_INTERLEAVE_H
#define Q35_INTERLEAVE_H

#include <stddef.h>
#include <stdint.h>

typedef enum { INTERLEAVE_RANDOM, INTERLEAVE_NONE } interleave_mode;

/* "random", "none"; NULL-terminated, in enum order (for config parsing). */
extern const char *const interleave_mode_names[];

typedef struct interleave_slot {
    uint32_t item;  /* which item runs */
    uint32_t round; /* which of its repetitions this is (0-based) */
} interleave_slot;

/* n_items x rounds slots in the order they run; *out is malloc'd. Returns 0, or -1 when
 * n_items or rounds is 0 or memory runs out. */
int interleave_plan(size_t n_items, size_t rounds, interleave_mode mode, uint64_t seed,
                    interleave_slot **out);

/* The seed of one block's plan: derived from the suite seed and the block's name (e.g.
 * "up_proj#0") and its attempt (0 = first measurement, 1.. = re-measurements). */
uint64_t interleave_seed(uint64_t suite_seed, const char *block, int attempt);

#endif
