/*
 * Will a model fit? Decided before anything is allocated, from the model's shape and its
 * kernels' own byte counts, against what the host has free (MemAvailable) and an optional
 * limit (a shared machine's budget).
 *
 *   weights      every matrix as its kernel packs it (cost().weight_bytes of probe packs of
 *                64 and 128 rows of the same K, fitted as fixed + per row, times N), plus
 *                the FP32 norm gains
 *   scratch      the largest matrix as FP32 while it is generated and packed
 *   kv_cache     2 x layers x kv_dim x context x 2 or 4 bytes
 *   buffers      activations of the largest batch, the logits, attention scratch
 * need = their sum. Not counted: the kernels' own workspace (allocated after packing, at
 * most a few MB for the registered kernels) and temporaries a kernel's pack() may take.
 */
#ifndef Q35_DECODE_MEMORY_PLAN_H
#define Q35_DECODE_MEMORY_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "model_shape.h"
#include "kernels/kernel.h"

typedef struct decode_memory {
    double weights, scratch, kv_cache, buffers, need;
    double available; /* MemAvailable (0 when unknown) */
    double limit;     /* the config's memory_limit (INFINITY when none) */
    double budget;    /* the smaller of the two */
    bool fits;
} decode_memory;

/* Returns 0, or -1 with the reason when a kernel cannot pack a probe of the model's K. */
int decode_memory_plan(const decode_shape *s, const kernel *const kernels[MAT_COUNT],
                       size_t context, size_t max_batch, int max_threads, bool kv_fp16,
                       double limit, decode_memory *out, char *err, size_t len);

/* "needs 15.9 GiB (weights 15.0, scratch 2.0, KV cache 0.0, buffers 0.0) > budget 12 GiB
 * (MemAvailable 21.3 GiB, limit 12 GiB)" */
void decode_memory_describe(const decode_memory *m, char *buf, size_t len);

#endif
