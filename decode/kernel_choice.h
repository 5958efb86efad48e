/*
 * Which kernel runs each matrix of a format (decode/decode_config.h): among the candidates
 * a format names for a role, those this CPU runs (kernel_is_available) and whose max_k
 * admits the role's K; of several, the fastest one here, timed at M = 1 (harness/measure.h:
 * warm-up, calibrated calls, median of 3 repetitions) on the role's shape, at most
 * DECODE_CHOICE_ROWS rows of it. Roles with the same candidates share the choice made on
 * the first of them in the order gate_proj, q_proj, k_proj, v_proj, o_proj, up_proj,
 * down_proj, lm_head.
 */
#ifndef Q35_DECODE_KERNEL_CHOICE_H
#define Q35_DECODE_KERNEL_CHOICE_H

#include <stddef.h>
#include <stdint.h>

#include "decode_config.h"

#define DECODE_CHOICE_ROWS 4096

/* Fills out[role]. Returns 0 (note says what was chosen and why, timings included), or -1
 * with the reason in note when a role has no candidate that can run here (the format is
 * unavailable on this host). */
int decode_choose_kernels(const decode_format *f, const decode_shape *s, int threads,
                          uint64_t seed, const kernel *out[MAT_COUNT], char *note, size_t len);

#endif
