/*
 * The weight formats as one traits table (ggml's type_traits): everything several layers
 * need to know about a format is written once, here. Kernels name their format by its id
 * (kernels/kernel.h .format); the roofline placement, the report (which reads the
 * placement) and the projection take the compute roof of a format from .compute.
 *
 * A new format is one enum value and one table entry; tests/test_registry.c checks that
 * every kernel's cost model agrees with its format's bits per weight.
 */
#ifndef Q35_FORMAT_TRAITS_H
#define Q35_FORMAT_TRAITS_H

#include <stdbool.h>

/* The operation a format's kernels compute with, i.e. which measured compute peak is its
 * roof (roofline/peak_kernels.h measures one per kind). */
typedef enum { COMPUTE_FP64, COMPUTE_FP32, COMPUTE_INT8, COMPUTE_KINDS } compute_kind;
/* "fp64", "fp32", "int8" (indexed by compute_kind, NULL-terminated). */
extern const char *const compute_kind_names[];

typedef enum {
    FORMAT_F32,
    FORMAT_FP16,
    FORMAT_BF16,
    FORMAT_INT8,
    FORMAT_INT4,
    FORMAT_Q35,
    FORMAT_Q35D,
    FORMAT_Q8_0,
    FORMAT_Q4_0,
    FORMAT_Q4_K,
    FORMAT_Q3_K,
    FORMAT_IQ3_S,
    FORMAT_IQ4_XS,
    FORMAT_COUNT
} format_id;

typedef struct format_traits {
    const char *name;        /* as kernels, bench.tsv, configs and reports write it */
    const char *description; /* one line */
    /* Bits per weight model: the stored bits of the codes per weight. For a fixed block
     * layout (block_bits = true: the floats and llama.cpp's formats) that is the whole
     * format, scales included; for q35bench's own formats the scales and offsets come on
     * top and depend on the quantization parameters (group size, FP16 or FP32, shared or
     * split), which each kernel's cost model counts. */
    double code_bits;
    bool block_bits;
    compute_kind compute;
    const char *compute_why; /* why this compute kind, for the results */
} format_traits;

/* Indexed by format_id. */
extern const format_traits format_table[FORMAT_COUNT];

const char *format_name(format_id f);
/* The id of a format name, or -1. */
int format_lookup(const char *name);

#endif
