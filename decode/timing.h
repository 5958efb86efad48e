/*
 * Measuring a decode like llama-bench does:
 *   pp  prompt processing: one forward call on a batch of pp prompt tokens from an empty
 *       KV cache (logits for the last token only); tok/s = pp / its wall time
 *   tg  token generation: tg forward calls of one token each from an empty cache, every
 *       token the greedy choice after the previous one; tok/s = tg / their wall time
 * Each repetition runs pp then tg at every thread count in turn (interleaved, so a drift of
 * the machine touches every thread count alike). First come `warmup` untimed rounds, each one
 * forward pass of the prompt batch and one of a single token at every thread count (every
 * weight and code path touched once, without the cost of a whole tg run).
 * The wall time of each part of the forward pass (decode/engine.h) is summed over the
 * timed repetitions. Prompt tokens are drawn from the seed; tg starts from the first one.
 */
#ifndef Q35_DECODE_TIMING_H
#define Q35_DECODE_TIMING_H

#include <stddef.h>
#include <stdint.h>

#include "engine.h"

typedef enum { TEST_PP, TEST_TG, TEST_COUNT } decode_test;
extern const char *const decode_test_names[TEST_COUNT]; /* "pp", "tg" */

typedef struct decode_plan {
    size_t pp, tg;
    int repetitions, warmup;
    const int *threads;
    size_t n_threads;
    uint64_t seed;
} decode_plan;

typedef struct decode_series {
    int threads;
    decode_test test;
    size_t tokens;
    double *seconds; /* one per timed repetition */
    int n;
    uint64_t part_ns[PART_COUNT]; /* summed over the timed repetitions */
    int32_t last_token;           /* tg: the last greedy token; pp: the token after the prompt */
} decode_series;

typedef struct decode_measurement {
    decode_series *series; /* n_threads x TEST_COUNT, thread count major */
    size_t n;
} decode_measurement;

/* Progress callback: called after every repetition (done of total, warm-up included). */
typedef void (*decode_progress)(void *ctx, int done, int total);

/* The engine must have capacity >= max(pp, tg), max_batch >= pp and max_threads >= every
 * thread count. Returns 0, or -1 when out of memory. */
int decode_measure(decode_engine *e, const decode_plan *p, decode_progress progress, void *ctx,
                   decode_measurement *out);
void decode_measurement_free(decode_measurement *m);

/* The prompt: token i drawn from the seed (i < count). */
void decode_prompt_tokens(int32_t *out, size_t count, size_t vocab, uint64_t seed);

#endif
