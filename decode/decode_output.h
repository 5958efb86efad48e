/*
 * What a decode run leaves in its results directory (ids and columns in docs/decode.md):
 *   decode.tsv          one row per model x format x thread count x test (pp, tg); a case
 *                       that did not run is one row with its status and the reason
 *   decode.json         every case in full: kernels and how they were chosen, memory plan,
 *                       bytes, every repetition's time, part times, bounds, the machine
 *   metrics.decode.tsv  the flat evidence for the report, the projection's calibration and
 *                       the audit: decode.<model>.<format>.<test>.t<T>.tok_s with its
 *                       interval, part shares, the bandwidth bound and % of it, bytes
 * And a console table in the manner of llama-bench.
 */
#ifndef Q35_DECODE_OUTPUT_H
#define Q35_DECODE_OUTPUT_H

#include <stdio.h>

#include "decode_run.h"

/* The three files as malloc'd texts (NULL when out of memory). */
char *decode_tsv(const decode_run *r);
char *decode_json(const decode_run *r);
char *decode_metrics(const decode_run *r);
void decode_print_table(FILE *out, const decode_run *r);

/* "q35d_simd" when one kernel runs every matrix, else "q35d_simd, lm_head: f32_blas". */
void decode_kernels_text(const decode_case *c, char *buf, size_t len);

#endif
