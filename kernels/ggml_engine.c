/* The ggml glue of the peer kernels; see kernels/ggml_engine.h. */
#include "ggml_engine.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ggml_library.h"
#include "weights_alloc.h"

#define MAX_POOLS 16

typedef struct pool {
    int threads;
    gg_threadpool *tp;
} pool;

typedef struct ggml_weights {
    ggml_variant v;
    ggml_type_info t;
    size_t n, k, row_bytes, bytes;
    void *q; /* N rows as ggml's quantizer wrote them */
    gg_backend *backend;
    gg_context *wctx;
    gg_tensor *wt;
    gg_buffer *wbuf;
    /* the graph of the last batch size */
    size_t gm;
    gg_context *gctx;
    gg_tensor *xt, *yt;
    gg_cgraph *graph;
    gg_buffer *gbuf;
    int last_threads;
    char problem[160]; /* why the last run() wrote NaN, if it did */
} ggml_weights;

/* One ggml thread pool per thread count for the whole process, shared by every ggml weights
 * object. A decode holds hundreds of matrices: a pool each would keep hundreds of pools'
 * threads polling for work at once. Calls are sequential (the harness and the decode run one
 * product at a time), so one pool serves one graph at a time; the pool of another thread
 * count is paused when its turn ends (ggml resumes a paused pool when it gets work). */
static struct {
    pthread_mutex_t lock;
    pool pools[MAX_POOLS];
    size_t n;
    gg_threadpool *active;
} shared = {.lock = PTHREAD_MUTEX_INITIALIZER};

static ggml_weights *gw_of(const kernel_weights *pw) {
    return (ggml_weights *)(void *)pw; /* run() caches the graph of a batch size in it */
}

static const gg_api *api(void) { return &ggml_library_get()->api; }

static gg_context *new_context(size_t tensors, bool graph) {
    gg_init_params p = {
        .mem_size = api()->tensor_overhead() * tensors + (graph ? api()->graph_overhead() : 0) +
                    1024,
        .mem_buffer = NULL,
        .no_alloc = true,
    };
    return api()->init(p);
}

/* ggml's own answer (the CPU device's supports_op, which asks the CPU_REPACK buffer type)
 * to whether a tensor of this type and shape in that buffer is repacked and multiplied. A
 * tensor it would not repack must never be set: ggml aborts in ggml_backend_tensor_set. */
static bool repack_supported(gg_tensor *wt, size_t k) {
    const ggml_library *L = ggml_library_get();
    gg_context *probe = new_context(4, false);
    if (!probe) return false;
    gg_tensor *x = api()->new_tensor_2d(probe, GG_TYPE_F32, (int64_t)k, 1);
    gg_tensor *op = x ? api()->mul_mat(probe, wt, x) : NULL;
    bool ok = op && L->dev && api()->dev_supports_op(L->dev, op);
    api()->free(probe);
    return ok;
}

/* A small tensor of the type in the repack buffer, asked the same question: whether this
 * CPU backend repacks the type at all. */
static bool repack_probe(int type, int64_t block, char *why, size_t len) {
    const ggml_library *L = ggml_library_get();
    gg_context *ctx = new_context(2, false);
    gg_tensor *wt = ctx ? api()->new_tensor_2d(ctx, type, block, 8) : NULL;
    gg_buffer *buf = wt ? api()->alloc_ctx_tensors_from_buft(ctx, L->repack_buft) : NULL;
    bool ok = buf && repack_supported(wt, (size_t)block);
    if (buf) api()->buffer_free(buf);
    if (ctx) api()->free(ctx);
    if (!ok)
        snprintf(why, len, "ggml's CPU_REPACK buffer of CPU variant %s does not repack %s",
                 L->cpu_variant, ggml_type_expected_name(type));
    return ok;
}

bool ggml_engine_available(const ggml_variant *v, char *why, size_t len) {
    ggml_type_info t;
    if (!ggml_library_type(v->type, &t, why, len)) return false;
    if (t.needs_imatrix) {
        snprintf(why, len, "ggml's %s quantizer requires an importance matrix", t.name);
        return false;
    }
    if (!v->repack) return true;
    const ggml_library *L = ggml_library_get();
    if (!L->has_repack) {
        snprintf(why, len, "ggml's CPU backend %s has no CPU_REPACK buffer", L->cpu_variant);
        return false;
    }
    return repack_probe(v->type, t.block, why, len);
}

const char *ggml_engine_isa(const ggml_variant *v) {
    const ggml_library *L = ggml_library_get();
    if (!L->ok) return "none";
    return v->repack ? L->isa_repack : L->isa_plain;
}

static void drop_graph(ggml_weights *g) {
    if (g->gbuf) api()->buffer_free(g->gbuf);
    if (g->gctx) api()->free(g->gctx);
    g->gbuf = NULL;
    g->gctx = NULL;
    g->gm = 0;
}

void ggml_engine_free(kernel_weights *pw) {
    ggml_weights *g = gw_of(pw);
    if (!g) return;
    if (ggml_library_get()->ok) {
        drop_graph(g);
        if (g->wbuf) api()->buffer_free(g->wbuf);
        if (g->wctx) api()->free(g->wctx);
        if (g->backend) api()->backend_free(g->backend);
    }
    free(g->q);
    free(g);
}

/* Memo of ggml's quantized bytes for the slow quantizers (256-weight super-blocks: q4_K
 * takes about 6 s and iq3_s about 27 s for 28672x8192 on 2 cores), keyed by type, shape
 * and a hash of W's contents, so that weights timed by several sweeps (M = 1 and the
 * batch sweep) or by a plain and a repacked variant are quantized once per process. The
 * quantizers are deterministic, so a hit is the same bytes; pack is never timed. Bounded
 * to MEMO_MAX_BYTES, oldest dropped first. */
#define MEMO_SLOTS 8
#define MEMO_MAX_BYTES ((size_t)1 << 30)

typedef struct memo_entry {
    int type;
    size_t n, k, bytes;
    uint64_t hash, age;
    void *q;
} memo_entry;

static memo_entry memo[MEMO_SLOTS];
static uint64_t memo_clock;
static pthread_mutex_t memo_lock = PTHREAD_MUTEX_INITIALIZER;

static uint64_t hash_weights(const float *w, size_t count) {
    uint64_t h = 0x9e3779b97f4a7c15u ^ count;
    const uint32_t *u = (const uint32_t *)(const void *)w;
    for (size_t i = 0; i < count; i++) {
        h ^= u[i];
        h *= 0xff51afd7ed558ccdu;
        h ^= h >> 32;
    }
    return h;
}

static bool memoized_type(const ggml_type_info *t) {
    return t->block == 256 && t->traits->is_quantized;
}

static bool memo_get(int type, size_t n, size_t k, uint64_t hash, void *dst, size_t bytes) {
    bool hit = false;
    pthread_mutex_lock(&memo_lock);
    for (size_t i = 0; i < MEMO_SLOTS && !hit; i++) {
        memo_entry *e = &memo[i];
        if (e->q && e->type == type && e->n == n && e->k == k && e->hash == hash &&
            e->bytes == bytes) {
            memcpy(dst, e->q, bytes);
            e->age = ++memo_clock;
            hit = true;
        }
    }
    pthread_mutex_unlock(&memo_lock);
    return hit;
}

static void memo_put(int type, size_t n, size_t k, uint64_t hash, const void *src, size_t bytes) {
    if (bytes > MEMO_MAX_BYTES) return;
    pthread_mutex_lock(&memo_lock);
    for (;;) { /* make room: drop the oldest until the new entry fits */
        size_t used = 0, oldest = MEMO_SLOTS, free_slot = MEMO_SLOTS;
        for (size_t i = 0; i < MEMO_SLOTS; i++) {
            if (!memo[i].q) {
                if (free_slot == MEMO_SLOTS) free_slot = i;
                continue;
            }
            used += memo[i].bytes;
            if (oldest == MEMO_SLOTS || memo[i].age < memo[oldest].age) oldest = i;
        }
        if (free_slot < MEMO_SLOTS && used + bytes <= MEMO_MAX_BYTES) {
            void *copy = malloc(bytes);
            if (copy) {
                memcpy(copy, src, bytes);
                memo[free_slot] = (memo_entry){type, n, k, bytes, hash, ++memo_clock, copy};
            }
            break;
        }
        free(memo[oldest].q);
        memo[oldest].q = NULL;
    }
    pthread_mutex_unlock(&memo_lock);
}

/* ggml's quantization of W into g->q, through the memo where the type is slow. */
static bool quantize_weights(ggml_weights *g, const float *w, char *why, size_t len) {
    bool memo_ok = memoized_type(&g->t);
    uint64_t hash = memo_ok ? hash_weights(w, g->n * g->k) : 0;
    if (memo_ok && memo_get(g->v.type, g->n, g->k, hash, g->q, g->bytes)) return true;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    if (!ggml_library_quantize(g->v.type, w, g->n, g->k, g->q, cpus > 0 ? (int)cpus : 1, why, len))
        return false;
    if (memo_ok) memo_put(g->v.type, g->n, g->k, hash, g->q, g->bytes);
    return true;
}

static kernel_weights *fail(ggml_weights *g, kernel_error *err, const char *msg) {
    snprintf(err->msg, sizeof err->msg, "%s", msg);
    ggml_engine_free((kernel_weights *)(void *)g);
    return NULL;
}

kernel_weights *ggml_engine_pack(const ggml_variant *v, const float *w, size_t n, size_t k,
                                 kernel_error *err) {
    char why[KERNEL_ERROR_LEN];
    if (!ggml_engine_available(v, why, sizeof why)) {
        snprintf(err->msg, sizeof err->msg, "%s", why);
        return NULL;
    }
    ggml_weights *g = calloc(1, sizeof *g);
    if (!g) return fail(g, err, "out of memory");
    g->v = *v;
    g->n = n;
    g->k = k;
    if (!ggml_library_type(v->type, &g->t, why, sizeof why)) return fail(g, err, why);
    int64_t act_block = g->t.act_traits ? g->t.act_traits->blck_size : 1;
    if (n == 0 || k == 0 || k % (size_t)g->t.block != 0 || k % (size_t)act_block != 0) {
        snprintf(why, sizeof why,
                 "ggml %s needs N > 0 and K a multiple of %lld (its block and its activations' "
                 "block); got %zu x %zu",
                 g->t.name, (long long)(g->t.block > act_block ? g->t.block : act_block), n, k);
        return fail(g, err, why);
    }
    if (v->repack && n % 8 != 0) {
        snprintf(why, sizeof why, "ggml's CPU_REPACK layout interleaves 8 rows; N = %zu is not "
                 "a multiple of 8", n);
        return fail(g, err, why);
    }
    g->row_bytes = api()->row_size(v->type, (int64_t)k);
    g->bytes = g->row_bytes * n;
    size_t alloc = (g->bytes + 63) / 64 * 64;
    g->q = weights_alloc(alloc);
    if (!g->q) return fail(g, err, "out of memory for the quantized weights");
    if (!quantize_weights(g, w, why, sizeof why)) return fail(g, err, why);
    g->backend = api()->cpu_init();
    g->wctx = new_context(2, false);
    g->wt = g->wctx ? api()->new_tensor_2d(g->wctx, v->type, (int64_t)k, (int64_t)n) : NULL;
    if (!g->backend || !g->wt) return fail(g, err, "ggml could not create its CPU backend or tensor");
    const ggml_library *L = ggml_library_get();
    if (!v->repack) {
        g->wbuf = api()->cpu_buffer_from_ptr(g->q, alloc);
        if (!g->wbuf || api()->tensor_alloc(g->wbuf, g->wt, g->q) != 0)
            return fail(g, err, "ggml would not place the weights tensor in our buffer");
        return (kernel_weights *)(void *)g;
    }
    g->wbuf = api()->alloc_ctx_tensors_from_buft(g->wctx, L->repack_buft);
    if (!g->wbuf) return fail(g, err, "out of memory for ggml's CPU_REPACK buffer");
    if (!repack_supported(g->wt, k)) {
        snprintf(why, sizeof why, "ggml's CPU_REPACK buffer does not take a %s tensor of %zu x %zu "
                 "on CPU variant %s", g->t.name, n, k, L->cpu_variant);
        return fail(g, err, why);
    }
    api()->tensor_set(g->wt, g->q, 0, g->bytes); /* ggml repacks here */
    return (kernel_weights *)(void *)g;
}

static bool ensure_graph(ggml_weights *g, size_t m) {
    if (g->gctx && g->gm == m) return true;
    drop_graph(g);
    g->gctx = new_context(4, true);
    if (!g->gctx) return false;
    g->xt = api()->new_tensor_2d(g->gctx, GG_TYPE_F32, (int64_t)g->k, (int64_t)m);
    g->yt = g->xt ? api()->mul_mat(g->gctx, g->wt, g->xt) : NULL;
    g->graph = g->yt ? api()->new_graph(g->gctx) : NULL;
    if (!g->graph) {
        drop_graph(g);
        return false;
    }
    api()->build_forward_expand(g->graph, g->yt);
    g->gbuf = api()->alloc_ctx_tensors(g->gctx, g->backend);
    if (!g->gbuf) {
        drop_graph(g);
        return false;
    }
    g->gm = m;
    return true;
}

/* The shared thread pool of this thread count, made on first use (the untimed first call);
 * the pool used before it, if another, is paused. */
static gg_threadpool *pool_for(int threads) {
    pthread_mutex_lock(&shared.lock);
    gg_threadpool *tp = NULL;
    for (size_t i = 0; i < shared.n && !tp; i++)
        if (shared.pools[i].threads == threads) tp = shared.pools[i].tp;
    if (!tp && shared.n < MAX_POOLS) {
        /* a buffer larger than the struct: another version's longer struct overwrites nothing */
        void *buf = calloc(1, 1 << 16);
        if (buf) {
            api()->threadpool_params_init(buf, threads);
            tp = api()->threadpool_new(buf);
            free(buf);
        }
        if (tp) shared.pools[shared.n++] = (pool){threads, tp};
    }
    if (tp && shared.active && shared.active != tp) api()->threadpool_pause(shared.active);
    if (tp) shared.active = tp;
    pthread_mutex_unlock(&shared.lock);
    return tp;
}

static void poison(ggml_weights *g, float *y, size_t count, const char *why) {
    snprintf(g->problem, sizeof g->problem, "%s", why);
    for (size_t i = 0; i < count; i++) y[i] = NAN; /* fails the gate: never a valid timing */
}

void ggml_engine_run(const kernel_weights *pw, const float *x, size_t m, float *y, int threads,
                     void *workspace) {
    (void)workspace;
    ggml_weights *g = gw_of(pw);
    if (threads < 1) threads = 1;
    g->last_threads = threads;
    if (m == 0) return;
    if (!ensure_graph(g, m)) return poison(g, y, m * g->n, "ggml could not build the graph");
    gg_threadpool *tp = pool_for(threads);
    if (!tp) return poison(g, y, m * g->n, "ggml could not start its thread pool");
    /* the backend pauses the pool it had if that was another */
    api()->cpu_set_threadpool(g->backend, tp);
    api()->cpu_set_n_threads(g->backend, threads);
    api()->tensor_set(g->xt, x, 0, m * g->k * sizeof *x);
    if (api()->graph_compute(g->backend, g->graph) != 0)
        return poison(g, y, m * g->n, "ggml_backend_graph_compute failed");
    api()->tensor_get(g->yt, y, 0, m * g->n * sizeof *y);
}

void ggml_engine_dequantize(const kernel_weights *pw, size_t row0, size_t rows, float *w_out) {
    const ggml_weights *g = gw_of(pw);
    ggml_library_dequantize(&g->t, (const char *)g->q + row0 * g->row_bytes, rows, g->k, w_out);
}

void ggml_engine_dequantize_activations(const kernel_weights *pw, const float *x, size_t m,
                                        float *x_out) {
    const ggml_weights *g = gw_of(pw);
    size_t k = g->k;
    if (g->t.act_type == GG_TYPE_F32) {
        memcpy(x_out, x, m * k * sizeof *x);
        return;
    }
    /* the CPU backend's own converter (its SIMD from_float), then ggml's to_float */
    gg_from_float_fn from = g->t.act_cpu_traits && g->t.act_cpu_traits->from_float
                                ? g->t.act_cpu_traits->from_float
                                : g->t.act_traits->from_float_ref;
    void *tmp = malloc(api()->row_size(g->t.act_type, (int64_t)k) + 64);
    if (!tmp) {
        for (size_t i = 0; i < m * k; i++) x_out[i] = NAN;
        return;
    }
    for (size_t i = 0; i < m; i++) {
        from(x + i * k, tmp, (int64_t)k);
        g->t.act_to_float(tmp, x_out + i * k, (int64_t)k);
    }
    free(tmp);
}

kernel_cost ggml_engine_cost(const kernel_weights *pw, size_t m) {
    const ggml_weights *g = gw_of(pw);
    return kernel_cost_streamed((double)g->bytes, m, g->n, g->k);
}

void ggml_engine_describe(const kernel_weights *pw, char *buf, size_t len) {
    const ggml_weights *g = gw_of(pw);
    const ggml_library *L = ggml_library_get();
    snprintf(buf, len, "type=%s%s act=%s ggml=%s cpu=%s threads=%d(threadpool) %s lib=%s%s%s",
             g->t.name, g->v.repack ? " buffer=CPU_REPACK" : "",
             ggml_type_expected_name(g->t.act_type), L->version, L->cpu_variant,
             g->last_threads, L->user_build ? "source=user-build" : "source=pinned-package",
             L->dir, g->problem[0] ? " problem=" : "", g->problem);
}
