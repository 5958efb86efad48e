/*
 * Weight formats of the projection model and what their weights cost in bytes, scales and
 * offsets included. Where a kernel of the registry stores the format (kernel_format), its
 * own cost model gives the bytes: the kernel packs 64 and 128 rows of K weights and
 * cost().weight_bytes is fitted as fixed + per_row x N (padding included). Where no such
 * kernel is registered or available, the bytes come from formats/quant.h
 * (quant_bits_per_weight for the scales and offsets) plus the stored code bits. Each
 * result says which.
 *
 *   fp16                 16 bits
 *   int8                 8 bits + one FP32 scale per output channel (symmetric)
 *   int4_g128            4 bits + one FP32 scale per 128 weights (the seeds' INT4 accounting)
 *   q35_seed_accounting  3.5 bits + FP32 scale and offset per 128 (the seeds' 3.5-bit accounting)
 *   q35                  the seeds' byte format: 8 bits per pair (4.0 bits/weight) + FP32
 *                        scale and offset per output channel
 *   q35d                 the same codes stored densely: 3.5 bits + FP32 scale and offset per channel
 *   int4_sym_channel     the seeds' INT4: 4 bits + one FP32 scale per output channel
 */
#ifndef Q35_WEIGHT_FORMATS_H
#define Q35_WEIGHT_FORMATS_H

#include <stdbool.h>
#include <stddef.h>

#include "formats/format_traits.h"
#include "formats/quant.h"
#include "kernels/kernel.h"

typedef struct weight_format {
    const char *id;
    const char *description;
    format_id format;       /* its traits (formats/format_traits.h): the compute roof, the code bits */
    bool kernel_cost;       /* a registered kernel of that format counts the bytes, where one runs */
    quant_params kernel_qp; /* what such a kernel is asked to pack */
    bool has_scheme;        /* scales/offsets per formats/quant.h */
    quant_scheme scheme;
    /* Stored code bits per weight where an accounting differs from the format's own
     * code_bits (the seeds count q35 as 3.5 bits; it stores 4); 0: the format's. */
    double accounting_code_bits;
} weight_format;

/* Stored bits per weight of the codes themselves (the traits', or the accounting's). */
double weight_format_code_bits(const weight_format *f);
/* Whether the INT8 compute roof applies (the format's compute kind is INT8). */
bool weight_format_int_compute(const weight_format *f);

extern const weight_format weight_formats[];
extern const size_t weight_format_count;
const weight_format *weight_format_find(const char *id);

/* Bytes of an N x K matrix: fixed + per_row * N. */
typedef struct format_cost {
    double fixed, per_row;
    char source[256]; /* "kernel q35_simd cost model" or "formats/quant.h ..." */
} format_cost;

/* One kernel's bytes for rows of K (its quantization parameters qp): packs 64 and 128 rows
 * and fits cost().weight_bytes. Returns 0, or -1 with the reason (the pack failed). */
int kernel_row_cost(const kernel *kn, const quant_params *qp, size_t k, format_cost *out,
                    char *why, size_t len);

/* use_kernels = false skips the registry (for tests and --no-kernels). Returns 0. */
int weight_format_cost(const weight_format *f, size_t k, bool use_kernels, format_cost *out);
/* The formula alone: bits per weight for rows of K. */
double weight_format_formula_bpw(const weight_format *f, size_t k);

#endif
