/*
 * Our own declarations of the few parts of ggml's public C API (llama.cpp's tensor library:
 * ggml.h, ggml-backend.h, ggml-alloc.h and ggml-cpu.h) that q35bench calls through dlopen.
 * Written from the documented API, not copied: only what the peer kernels and the quality
 * step use, with q35bench's own names (gg_*). The library is never linked: its exported
 * names are unprefixed (quantize_row_q4_K, ...) and must not meet ours.
 *
 * What may differ between ggml versions, and how kernels/ggml_library.c checks it at load
 * time (a mismatch makes the peers unavailable with the reason, never a crash):
 *   - the type numbers below: ggml_get_type_traits(type) must name the type we mean, with
 *     its block size and bytes per block, and ggml_row_size must agree;
 *   - struct gg_type_traits and gg_type_traits_cpu: checked through those values and the
 *     activation type each weight type multiplies with (q4_0 with q8_0, q4_K with q8_K...);
 *   - struct gg_threadpool_params: ggml_threadpool_params_init must write the thread count
 *     and the default polling level where this declaration puts them.
 * struct ggml_tensor, which changes between versions, is never looked into: tensors are
 * opaque here and their data moves through ggml_backend_tensor_set/get.
 */
#ifndef Q35_GGML_API_H
#define Q35_GGML_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* enum ggml_type values (ggml.h). */
enum {
    GG_TYPE_F32 = 0,
    GG_TYPE_F16 = 1,
    GG_TYPE_Q4_0 = 2,
    GG_TYPE_Q8_0 = 8,
    GG_TYPE_Q2_K = 10,
    GG_TYPE_Q3_K = 11,
    GG_TYPE_Q4_K = 12,
    GG_TYPE_Q5_K = 13,
    GG_TYPE_Q6_K = 14,
    GG_TYPE_Q8_K = 15,
    GG_TYPE_IQ2_XXS = 16,
    GG_TYPE_IQ2_XS = 17,
    GG_TYPE_IQ3_XXS = 18,
    GG_TYPE_IQ1_S = 19,
    GG_TYPE_IQ4_NL = 20,
    GG_TYPE_IQ3_S = 21,
    GG_TYPE_IQ2_S = 22,
    GG_TYPE_IQ4_XS = 23,
    GG_TYPE_IQ1_M = 29,
    GG_TYPE_BF16 = 30,
};

/* Opaque ggml objects. */
typedef struct gg_context gg_context;
typedef struct gg_tensor gg_tensor;
typedef struct gg_cgraph gg_cgraph;
typedef struct gg_backend gg_backend;
typedef struct gg_buffer gg_buffer;
typedef struct gg_buft gg_buft;
typedef struct gg_reg gg_reg;
typedef struct gg_dev gg_dev;
typedef struct gg_threadpool gg_threadpool;

/* struct ggml_init_params, passed to ggml_init by value. */
typedef struct gg_init_params {
    size_t mem_size;
    void *mem_buffer;
    bool no_alloc;
} gg_init_params;

typedef void (*gg_to_float_fn)(const void *src, float *dst, int64_t count);
typedef void (*gg_from_float_fn)(const float *src, void *dst, int64_t count);

/* struct ggml_type_traits (ggml.h). */
typedef struct gg_type_traits {
    const char *type_name;
    int64_t blck_size;
    int64_t blck_size_interleave;
    size_t type_size;
    bool is_quantized;
    gg_to_float_fn to_float;
    gg_from_float_fn from_float_ref;
} gg_type_traits;

/* struct ggml_type_traits_cpu (ggml-cpu.h): the CPU backend's own activation quantizer and
 * the type activations are converted to before the dot products. */
typedef struct gg_type_traits_cpu {
    gg_from_float_fn from_float;
    void *vec_dot;
    int vec_dot_type;
    int64_t nrows;
} gg_type_traits_cpu;

/* struct ggml_threadpool_params (ggml.h); GGML_MAX_N_THREADS is 512. */
#define GG_MAX_N_THREADS 512
typedef struct gg_threadpool_params {
    bool cpumask[GG_MAX_N_THREADS];
    int n_threads;
    int prio;
    uint32_t poll;
    bool strict_cpu;
    bool paused;
} gg_threadpool_params;

typedef void (*gg_log_callback)(int level, const char *text, void *user_data);
typedef gg_buft **(*gg_get_extra_bufts_fn)(gg_dev *dev);

/* The entry points, resolved with dlsym from libggml-base and the chosen CPU backend. */
typedef struct gg_api {
    /* libggml-base */
    const char *(*version)(void);
    const char *(*commit)(void);
    void (*log_set)(gg_log_callback cb, void *user_data);
    const gg_type_traits *(*get_type_traits)(int type);
    size_t (*row_size)(int type, int64_t ne);
    void (*quantize_init)(int type);
    bool (*quantize_requires_imatrix)(int type);
    size_t (*quantize_chunk)(int type, const float *src, void *dst, int64_t start, int64_t nrows,
                             int64_t n_per_row, const float *imatrix);
    gg_context *(*init)(gg_init_params params);
    void (*free)(gg_context *ctx);
    size_t (*tensor_overhead)(void);
    size_t (*graph_overhead)(void);
    gg_tensor *(*new_tensor_2d)(gg_context *ctx, int type, int64_t ne0, int64_t ne1);
    gg_tensor *(*mul_mat)(gg_context *ctx, gg_tensor *a, gg_tensor *b);
    gg_cgraph *(*new_graph)(gg_context *ctx);
    void (*build_forward_expand)(gg_cgraph *graph, gg_tensor *t);
    gg_buffer *(*cpu_buffer_from_ptr)(void *ptr, size_t size);
    int (*tensor_alloc)(gg_buffer *buffer, gg_tensor *t, void *addr);
    gg_buffer *(*alloc_ctx_tensors)(gg_context *ctx, gg_backend *backend);
    gg_buffer *(*alloc_ctx_tensors_from_buft)(gg_context *ctx, gg_buft *buft);
    void (*buffer_free)(gg_buffer *buffer);
    void (*tensor_set)(gg_tensor *t, const void *data, size_t offset, size_t size);
    void (*tensor_get)(const gg_tensor *t, void *data, size_t offset, size_t size);
    int (*graph_compute)(gg_backend *backend, gg_cgraph *graph);
    void (*backend_free)(gg_backend *backend);
    gg_dev *(*reg_dev_get)(gg_reg *reg, size_t index);
    void *(*reg_get_proc_address)(gg_reg *reg, const char *name);
    bool (*dev_supports_op)(gg_dev *dev, const gg_tensor *op);
    const char *(*buft_name)(gg_buft *buft);
    void (*threadpool_params_init)(gg_threadpool_params *p, int n_threads);
    /* the CPU backend (libggml-cpu-<variant>.so or libggml-cpu.so) */
    gg_reg *(*cpu_reg)(void);
    gg_backend *(*cpu_init)(void);
    void (*cpu_set_n_threads)(gg_backend *backend, int n_threads);
    void (*cpu_set_threadpool)(gg_backend *backend, gg_threadpool *tp);
    gg_threadpool *(*threadpool_new)(gg_threadpool_params *params);
    void (*threadpool_free)(gg_threadpool *tp);
    void (*threadpool_pause)(gg_threadpool *tp);
    const gg_type_traits_cpu *(*get_type_traits_cpu)(int type);
} gg_api;

#endif
