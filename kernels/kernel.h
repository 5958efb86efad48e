/*
 * The kernel contract: every matrix-multiplication variant in q35bench honours it.
 *
 * A kernel variant is one C file that defines one `const kernel` with designated
 * initializers, plus one line in the table in kernels/registry.c. The kernel file knows
 * nothing about timing, configs or output formats; the harness knows no instruction set.
 *
 * Shapes and layout (everything row-major, FP32 in and out):
 *   W  N x K   weights, one row per output channel
 *   X  M x K   activations, one row per token
 *   Y  M x N   Y = X W^T, i.e. Y[m][n] = sum_k X[m][k] * W[n][k]
 *
 * Life of a case:
 *   pw = k->pack(W, N, K, &params, &err);     quantize and lay out W (not timed)
 *   k->run(pw, X, M, Y, threads, workspace); the timed call (activation quantization,
 *                                             if the kernel does any, happens in here)
 *   k->dequantize(pw, row0, rows, Wdq);      the FP32 values the kernel really multiplies,
 *                                             so the correctness gate does not blame
 *                                             quantization error on the kernel
 *   k->free(pw);
 */
#ifndef Q35_KERNEL_H
#define Q35_KERNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cpu_features.h"
#include "formats/format_traits.h"

/* How a kernel should quantize its weights. Each kernel reads the fields that apply to
 * its format, ignores the rest, and reports what it actually used through describe(). */
typedef enum {
    QUANT_SCALES_DEFAULT = 0,
    QUANT_SCALES_SHARED, /* one scale/zero for both codes of a pair (the seeds' kernel) */
    QUANT_SCALES_SPLIT,  /* separate scale/zero for the 4-bit and the 3-bit codes      */
} quant_scales;

typedef enum {
    QUANT_SYMMETRY_DEFAULT = 0,
    QUANT_SYMMETRIC,
    QUANT_ASYMMETRIC,
} quant_symmetry;

typedef enum {
    QUANT_SCALE_TYPE_DEFAULT = 0,
    QUANT_SCALE_FP32,
    QUANT_SCALE_FP16,
} quant_scale_type;

typedef enum {
    QUANT_DEQUANT_CORRECT = 0, /* y = s_w*s_x*sum(qx*qw) + z_w*s_x*sum(qx) */
    QUANT_DEQUANT_SEED,        /* the seeds' (acc + offset) * scale; wrong, kept to measure it */
} quant_dequant;

/* The names of the values above, as configs and results write them, indexed by the enum and
 * NULL-terminated (kernels/qparams.c); a config that has no "default" starts at index 1. */
extern const char *const quant_scales_names[];     /* default shared split */
extern const char *const quant_symmetry_names[];   /* default symmetric asymmetric */
extern const char *const quant_scale_type_names[]; /* default fp32 fp16 */
extern const char *const quant_dequant_names[];    /* correct seed */

#define QUANT_GROUP_DEFAULT 0      /* the kernel's own default */
#define QUANT_GROUP_PER_CHANNEL -1 /* one group spanning the whole row (all of K) */

typedef struct quant_params {
    int group_size; /* weights per scale group along K, or one of the QUANT_GROUP_* values */
    quant_scales scales;
    quant_symmetry symmetry;
    quant_scale_type scale_type;
    quant_dequant dequant;
} quant_params;

/* The kernel's own analytic model of one call, in the spirit of likwid-bench. */
typedef struct kernel_cost {
    double weight_bytes; /* packed weights as actually allocated: codes, scales, zeros, padding */
    double bytes_moved;  /* per call: packed weights + activations read + outputs written */
    double ops;          /* per call: multiply and add counted separately (2*M*N*K) */
} kernel_cost;

/* The cost of one call for weights streamed once per call: the packed bytes, FP32 X read and
 * FP32 Y written, 2*M*N*K operations. A kernel that moves more (weights read once per row
 * block, wider activations) computes its own. */
static inline kernel_cost kernel_cost_streamed(double weight_bytes, size_t m, size_t n,
                                               size_t k) {
    double mm = (double)m, nn = (double)n, kk = (double)k;
    kernel_cost c;
    c.weight_bytes = weight_bytes;
    c.bytes_moved = weight_bytes + (mm * kk + mm * nn) * sizeof(float);
    c.ops = 2.0 * mm * nn * kk;
    return c;
}

/* Opaque packed weights; each kernel defines its own struct kernel_weights... by casting. */
typedef struct kernel_weights kernel_weights;

#define KERNEL_ERROR_LEN 256
typedef struct kernel_error {
    char msg[KERNEL_ERROR_LEN];
} kernel_error;

typedef struct kernel {
    const char *name;        /* e.g. "q35_simd": format, then implementation */
    format_id format;        /* weight format, e.g. FORMAT_Q35: its traits (name, bits per
                                weight, compute roof) are formats/format_traits.h's table */
    const char *description; /* one line */
    uint64_t cpu_features;   /* CPU_FEATURE_* bits that must all be present to run it */
    /* Optional: the outside library this variant measures as a peer (e.g. "llama.cpp"), so
     * that the suite's own kernels are compared against it; NULL for q35bench's own
     * kernels (library-backed ones such as f32_blas included). */
    const char *peer;
    /* Optional: whether it can run here beyond the CPU features, e.g. a library it loads at
     * run time (the llama.cpp peers) or a data type the library implements on this CPU.
     * Returns false and writes the reason (shown as "unavailable: <reason>" by `list`,
     * the suites and the report). NULL means always, once cpu_features are present. */
    bool (*available)(char *why, size_t len);

    /* Correctness gate: largest allowed max|y - ref| / rms(ref), where ref is the FP64
     * product of the kernel's own dequantized weights and activations. */
    double gate_bound;
    /* Largest K the accumulators are proven to handle (0 = no limit); the harness
     * refuses larger K with a clear error. */
    size_t max_k;

    /* Returns NULL and fills err on failure (bad parameters, out of memory). */
    kernel_weights *(*pack)(const float *w, size_t n, size_t k, const quant_params *qp,
                            kernel_error *err);
    /* Optional: scratch bytes run() needs for this M and thread count (NULL = none). The
     * caller allocates it once, outside the timed region, 64-byte aligned (kernels may use
     * aligned vector loads and stores on it). */
    size_t (*workspace_bytes)(const kernel_weights *pw, size_t m, int threads);
    /* The timed call: y (M x N) = x (M x K) * W^T, using `threads` threads. */
    void (*run)(const kernel_weights *pw, const float *x, size_t m, float *y, int threads,
                void *workspace);
    /* Rows [row0, row0 + rows) of the weights the kernel effectively uses, as FP32. */
    void (*dequantize)(const kernel_weights *pw, size_t row0, size_t rows, float *w_out);
    /* Optional: the FP32 activations the kernel effectively multiplies (e.g. after its own
     * INT8 quantization of X). NULL means X is used as given. */
    void (*dequantize_activations)(const kernel_weights *pw, const float *x, size_t m,
                                   float *x_out);
    void (*free)(kernel_weights *pw);
    kernel_cost (*cost)(const kernel_weights *pw, size_t m);

    /* Optional: the code path runtime dispatch selects on this CPU, e.g. "avx512_vnni".
     * NULL means portable C. Must agree with what pack/run select. */
    const char *(*isa_path)(void);
    /* Optional: the effective quantization parameters, e.g. "group=128 scales=split fp16". */
    void (*describe)(const kernel_weights *pw, char *buf, size_t len);
} kernel;

#endif
