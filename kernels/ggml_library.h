/*
 * llama.cpp's ggml CPU library, found and loaded once per process (dlopen with RTLD_LOCAL,
 * never linked), for the peer kernels (kernels/ggml_engine.h) and the quality step.
 *
 * Where it is looked for:
 *   Q35_GGML_DIR=DIR   a user's own llama.cpp/ggml build: DIR holds libggml-base.so and a
 *                      CPU backend, libggml-cpu.so or libggml-cpu-<variant>.so (a build with
 *                      GGML_BACKEND_DL); no integrity check, recorded as a user build.
 *   otherwise          the pinned package (kernels/ggml_package.h) as ./run.sh setup
 *                      unpacked it: ${XDG_CACHE_HOME:-$HOME/.cache}/q35bench/<cache name>,
 *                      with the INTEGRITY file setup writes after checking the tarball.
 * Which CPU backend: Q35_GGML_CPU_VARIANT=NAME loads libggml-cpu-NAME.so; otherwise every
 * libggml-cpu-*.so of the directory is asked for its ggml_backend_score() on this CPU and
 * the highest wins, as ggml's own loader does.
 *
 * Checked at load (any failure leaves the library unloaded with the reason, never a crash):
 * every entry point of ggml_api.h exists; ggml_version() is 0.MINOR.PATCH with MINOR >= 9
 * (the releases whose API ggml_api.h declares); struct ggml_threadpool_params is laid out
 * as declared; the F32 and Q8_0 types look as declared. Each weight type is checked again
 * on first use (ggml_library_type).
 *
 * The library stays loaded until the process exits (its thread pools and C++ statics
 * would not survive dlclose); this is the one piece of process-wide state of the peers,
 * written once under pthread_once.
 */
#ifndef Q35_GGML_LIBRARY_H
#define Q35_GGML_LIBRARY_H

#include <stdbool.h>
#include <stddef.h>

#include "ggml_api.h"

#define GGML_MIN_MINOR 9 /* oldest ggml 0.x whose API matches ggml_api.h */

typedef struct ggml_library {
    bool ok;
    char why[1024];          /* why the library is unavailable, when !ok */
    char dir[512];          /* the directory looked in */
    bool user_build;        /* Q35_GGML_DIR rather than the pinned package */
    char source[256];       /* e.g. "pinned package @node-llama-cpp/linux-x64@3.22.1 ..." */
    char version[32];       /* ggml_version() */
    char commit[64];        /* ggml_commit(): the builder's commit, not llama.cpp's */
    char cpu_variant[64];   /* "zen4", or "single" for a libggml-cpu.so */
    char cpu_lib[1100];     /* the CPU backend's file */
    char variant_choice[256]; /* how it was chosen */
    bool has_repack;        /* the CPU_REPACK extra buffer type exists */
    char isa_plain[96];     /* isa_path of the peers: "ggml-zen4" */
    char isa_repack[96];    /* and of the repacked ones: "ggml-zen4+repack" */
    gg_api api;
    void *base_handle;
    gg_dev *dev;
    gg_buft *repack_buft;
} ggml_library;

/* The library, loaded on first call (thread-safe). Check ->ok before using ->api. */
const ggml_library *ggml_library_get(void);

/* One ggml type as this library defines it. */
typedef struct ggml_type_info {
    int type;
    const char *name;        /* ggml's name, e.g. "q4_K" */
    int64_t block;           /* weights per block */
    size_t block_bytes;      /* bytes per block */
    int act_type;            /* the type activations are converted to (vec_dot_type) */
    const gg_type_traits *traits;
    const gg_type_traits_cpu *cpu_traits;
    const gg_type_traits *act_traits;
    gg_to_float_fn act_to_float; /* act_traits->to_float, or ggml's exported
                                    dequantize_row_<type> where the traits have none (q8_K) */
    const gg_type_traits_cpu *act_cpu_traits;
    bool needs_imatrix;      /* ggml_quantize_requires_imatrix */
} ggml_type_info;

/* Looks `type` up in the loaded library and checks it against q35bench's expectation (name,
 * block, bytes per block, activation type). Returns false and why otherwise. */
bool ggml_library_type(int type, ggml_type_info *out, char *why, size_t len);

/* Expected name of a type q35bench knows ("q4_K"), or NULL. */
const char *ggml_type_expected_name(int type);

/* Bits per weight of `type` for rows of k weights (row bytes * 8 / k), from the library;
 * 0 when unavailable. */
double ggml_library_bpw(int type, size_t k);

/* Quantizes rows [0, rows) of src (rows x k) with ggml's quantizer into dst
 * (rows * ggml_row_size(type, k) bytes), in parallel over `threads` threads. k must be a
 * multiple of the type's block. Returns false and why when the type cannot be quantized
 * here (needs an importance matrix, unknown to this library, K not a multiple). */
bool ggml_library_quantize(int type, const float *src, size_t rows, size_t k, void *dst,
                           int threads, char *why, size_t len);

/* Dequantizes rows of `type` back to FP32 (ggml's own to_float). */
void ggml_library_dequantize(const ggml_type_info *t, const void *src, size_t rows, size_t k,
                             float *dst);

#endif
