/* oneDNN's matmul for half-precision weights; see kernels/onednn_matmul.h. */
#include "onednn_matmul.h"

#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <oneapi/dnnl/dnnl.h>

#include "cpu_features.h"
#include "weights_alloc.h"

#if DNNL_VERSION_MAJOR == 2

typedef struct onednn_weights {
    half_kind kind;
    size_t n, k;
    const half_codec *codec;
    dnnl_engine_t engine;
    dnnl_stream_t stream;
    dnnl_memory_desc_t wmd; /* the reordered weights' layout */
    void *wbuf;             /* reordered weights */
    size_t wbytes;
    dnnl_memory_t wmem; /* the only copy kept: the cost model's bytes are what is held */
    /* the primitive of the last (M, threads) */
    size_t pm;
    int pthreads;
    dnnl_primitive_t prim;
    dnnl_memory_t xmem, ymem;
    char impl[96], wtag[32];
    int last_threads;
    char problem[160];
} onednn_weights;

static onednn_weights *ow_of(const kernel_weights *pw) {
    return (onednn_weights *)(void *)pw; /* run() caches its primitive in it */
}

static dnnl_data_type_t dtype(half_kind kind) { return kind == HALF_BF16 ? dnnl_bf16 : dnnl_f16; }
static const char *kind_name(half_kind kind) { return kind == HALF_BF16 ? "bf16" : "fp16"; }

/* The matmul primitive descriptor for M x K times K x N (weights `wmd`, or "any"). */
static dnnl_status_t matmul_pd(dnnl_engine_t engine, half_kind kind, size_t m, size_t n,
                               size_t k, const dnnl_memory_desc_t *wmd,
                               dnnl_primitive_desc_t *pd) {
    dnnl_memory_desc_t src, wei, dst;
    dnnl_dims_t sd = {(dnnl_dim_t)m, (dnnl_dim_t)k}, wd = {(dnnl_dim_t)k, (dnnl_dim_t)n},
                dd = {(dnnl_dim_t)m, (dnnl_dim_t)n};
    dnnl_status_t st = dnnl_memory_desc_init_by_tag(&src, 2, sd, dtype(kind), dnnl_ab);
    if (st == dnnl_success) st = dnnl_memory_desc_init_by_tag(&dst, 2, dd, dnnl_f32, dnnl_ab);
    if (st == dnnl_success) {
        if (wmd) wei = *wmd;
        else st = dnnl_memory_desc_init_by_tag(&wei, 2, wd, dtype(kind), dnnl_format_tag_any);
    }
    dnnl_matmul_desc_t desc;
    if (st == dnnl_success) st = dnnl_matmul_desc_init(&desc, &src, &wei, NULL, &dst);
    if (st == dnnl_success) st = dnnl_primitive_desc_create(pd, &desc, NULL, engine, NULL);
    return st;
}

static const char *isa_name(dnnl_cpu_isa_t isa) {
    switch (isa) {
    case dnnl_cpu_isa_sse41: return "sse41";
    case dnnl_cpu_isa_avx: return "avx";
    case dnnl_cpu_isa_avx2: return "avx2";
    case dnnl_cpu_isa_avx2_vnni: return "avx2_vnni";
    case dnnl_cpu_isa_avx512_core: return "avx512_core";
    case dnnl_cpu_isa_avx512_core_vnni: return "avx512_core_vnni";
    case dnnl_cpu_isa_avx512_core_bf16: return "avx512_core_bf16";
    case dnnl_cpu_isa_avx512_core_amx: return "avx512_core_amx";
    default: return "other";
    }
}

const char *onednn_isa(void) {
    static const char *const names[] = {
        "onednn-sse41", "onednn-avx", "onednn-avx2", "onednn-avx2_vnni", "onednn-avx512_core",
        "onednn-avx512_core_vnni", "onednn-avx512_core_bf16", "onednn-avx512_core_amx",
        "onednn-other"};
    const char *isa = isa_name(dnnl_get_effective_cpu_isa());
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(names[i] + 7, isa) == 0) return names[i];
    return "onednn-other";
}

bool onednn_available(half_kind kind, char *why, size_t len) {
    dnnl_engine_t engine;
    if (dnnl_engine_create(&engine, dnnl_cpu, 0) != dnnl_success) {
        snprintf(why, len, "oneDNN could not create its CPU engine");
        return false;
    }
    dnnl_primitive_desc_t pd;
    dnnl_status_t st = matmul_pd(engine, kind, 1, 64, 64, NULL, &pd);
    if (st == dnnl_success) dnnl_primitive_desc_destroy(pd);
    dnnl_engine_destroy(engine);
    if (st == dnnl_success) return true;
    const dnnl_version_t *v = dnnl_version();
    snprintf(why, len, "oneDNN %d.%d.%d implements no %s matmul on this CPU (effective ISA %s)",
             v->major, v->minor, v->patch, kind_name(kind), isa_name(dnnl_get_effective_cpu_isa()));
    return false;
}

static void drop_primitive(onednn_weights *o) {
    if (o->prim) dnnl_primitive_destroy(o->prim);
    if (o->xmem) dnnl_memory_destroy(o->xmem);
    if (o->ymem) dnnl_memory_destroy(o->ymem);
    o->prim = NULL;
    o->xmem = o->ymem = NULL;
    o->pm = 0;
}

void onednn_free(kernel_weights *pw) {
    onednn_weights *o = ow_of(pw);
    if (!o) return;
    drop_primitive(o);
    if (o->wmem) dnnl_memory_destroy(o->wmem);
    if (o->stream) dnnl_stream_destroy(o->stream);
    if (o->engine) dnnl_engine_destroy(o->engine);
    free(o->wbuf);
    free(o);
}

static kernel_weights *fail(onednn_weights *o, kernel_error *err, const char *what,
                            dnnl_status_t st) {
    snprintf(err->msg, sizeof err->msg, "oneDNN: %s (status %d)", what, (int)st);
    onednn_free((kernel_weights *)(void *)o);
    return NULL;
}

/* One reorder between two memories of the same weights. */
static dnnl_status_t reorder(onednn_weights *o, dnnl_memory_t from, dnnl_memory_t to) {
    const dnnl_memory_desc_t *fmd, *tmd;
    dnnl_memory_get_memory_desc(from, &fmd);
    dnnl_memory_get_memory_desc(to, &tmd);
    dnnl_primitive_desc_t rpd;
    dnnl_status_t st = dnnl_reorder_primitive_desc_create(&rpd, fmd, o->engine, tmd, o->engine, NULL);
    if (st != dnnl_success) return st;
    dnnl_primitive_t r;
    st = dnnl_primitive_create(&r, rpd);
    dnnl_primitive_desc_destroy(rpd);
    if (st != dnnl_success) return st;
    dnnl_exec_arg_t args[2] = {{DNNL_ARG_FROM, from}, {DNNL_ARG_TO, to}};
    st = dnnl_primitive_execute(r, o->stream, 2, args);
    if (st == dnnl_success) st = dnnl_stream_wait(o->stream);
    dnnl_primitive_destroy(r);
    return st;
}

/* A oneDNN memory over N x K half-precision rows at `rows`. */
static dnnl_status_t plain_memory(const onednn_weights *o, void *rows, dnnl_memory_t *out) {
    *out = NULL;
    dnnl_memory_desc_t md;
    dnnl_dims_t wd = {(dnnl_dim_t)o->k, (dnnl_dim_t)o->n};
    dnnl_status_t st = dnnl_memory_desc_init_by_tag(&md, 2, wd, dtype(o->kind), dnnl_ba);
    if (st == dnnl_success) st = dnnl_memory_create(out, &md, o->engine, rows);
    return st;
}

kernel_weights *onednn_pack(half_kind kind, const float *w, size_t n, size_t k,
                            kernel_error *err) {
    char why[KERNEL_ERROR_LEN];
    if (!onednn_available(kind, why, sizeof why)) {
        snprintf(err->msg, sizeof err->msg, "%s", why);
        return NULL;
    }
    if (n == 0 || k == 0) {
        snprintf(err->msg, sizeof err->msg, "oneDNN matmul needs N, K > 0; got %zu x %zu", n, k);
        return NULL;
    }
    onednn_weights *o = calloc(1, sizeof *o);
    if (!o) return fail(o, err, "out of memory", dnnl_out_of_memory);
    o->kind = kind;
    o->n = n;
    o->k = k;
    o->codec = half_codec_select(kind, cpu_features());
    /* the weights as half precision rows, only until they are reordered */
    uint16_t *plain = weights_alloc(n * k * sizeof *plain);
    if (!plain) return fail(o, err, "out of memory for the weights", dnnl_out_of_memory);
#pragma omp parallel for schedule(static)
    for (int64_t j = 0; j < (int64_t)n; j++)
        o->codec->from_f32(w + (size_t)j * k, plain + (size_t)j * k, k);
    dnnl_status_t st = dnnl_engine_create(&o->engine, dnnl_cpu, 0);
    if (st == dnnl_success) st = dnnl_stream_create(&o->stream, o->engine, dnnl_stream_default_flags);
    if (st != dnnl_success) {
        free(plain);
        return fail(o, err, "no CPU engine or stream", st);
    }
    /* the layout a matrix-vector product prefers for these weights */
    dnnl_primitive_desc_t pd;
    st = matmul_pd(o->engine, kind, 1, n, k, NULL, &pd);
    if (st != dnnl_success) {
        free(plain);
        return fail(o, err, "no matmul for this shape", st);
    }
    o->wmd = *dnnl_primitive_desc_query_md(pd, dnnl_query_weights_md, 0);
    dnnl_primitive_desc_destroy(pd);
    o->wbytes = dnnl_memory_desc_get_size(&o->wmd);
    o->wbuf = weights_alloc(o->wbytes);
    if (!o->wbuf) {
        free(plain);
        return fail(o, err, "out of memory for the reordered weights", dnnl_out_of_memory);
    }
    dnnl_memory_t pmem;
    st = plain_memory(o, plain, &pmem);
    if (st == dnnl_success) st = dnnl_memory_create(&o->wmem, &o->wmd, o->engine, o->wbuf);
    if (st == dnnl_success) st = reorder(o, pmem, o->wmem);
    if (pmem) dnnl_memory_destroy(pmem);
    free(plain);
    if (st != dnnl_success) return fail(o, err, "weights reorder", st);
    snprintf(o->wtag, sizeof o->wtag, "%s",
             o->wmd.format_kind == dnnl_blocked && o->wmd.format_desc.blocking.inner_nblks > 0
                 ? "blocked" : "plain");
    return (kernel_weights *)(void *)o;
}

static bool ensure_primitive(onednn_weights *o, size_t m, int threads) {
    if (o->prim && o->pm == m && o->pthreads == threads) return true;
    drop_primitive(o);
    dnnl_primitive_desc_t pd;
    dnnl_status_t st = matmul_pd(o->engine, o->kind, m, o->n, o->k, &o->wmd, &pd);
    if (st != dnnl_success) {
        snprintf(o->problem, sizeof o->problem, "no matmul for M = %zu with the reordered weights", m);
        return false;
    }
    const char *impl = NULL;
    dnnl_primitive_desc_query(pd, dnnl_query_impl_info_str, 0, &impl);
    snprintf(o->impl, sizeof o->impl, "%s", impl ? impl : "?");
    st = dnnl_primitive_create(&o->prim, pd);
    if (st == dnnl_success)
        st = dnnl_memory_create(&o->xmem, dnnl_primitive_desc_query_md(pd, dnnl_query_src_md, 0),
                                o->engine, DNNL_MEMORY_NONE);
    if (st == dnnl_success)
        st = dnnl_memory_create(&o->ymem, dnnl_primitive_desc_query_md(pd, dnnl_query_dst_md, 0),
                                o->engine, DNNL_MEMORY_NONE);
    dnnl_primitive_desc_destroy(pd);
    if (st != dnnl_success) {
        drop_primitive(o);
        snprintf(o->problem, sizeof o->problem, "matmul primitive for M = %zu failed", m);
        return false;
    }
    o->pm = m;
    o->pthreads = threads;
    return true;
}

size_t onednn_workspace_bytes(const kernel_weights *pw, size_t m, int threads) {
    (void)threads;
    return m * ow_of(pw)->k * sizeof(uint16_t);
}

void onednn_run(const kernel_weights *pw, const float *x, size_t m, float *y, int threads,
                void *workspace) {
    onednn_weights *o = ow_of(pw);
    if (threads < 1) threads = 1;
    o->last_threads = threads;
    if (m == 0) return;
    int saved = omp_get_max_threads();
    omp_set_num_threads(threads); /* oneDNN's OpenMP runtime reads it at creation and run */
    bool ok = ensure_primitive(o, m, threads);
    uint16_t *xh = workspace;
    for (size_t i = 0; ok && i < m; i++) o->codec->from_f32(x + i * o->k, xh + i * o->k, o->k);
    if (ok) {
        dnnl_memory_set_data_handle(o->xmem, xh);
        dnnl_memory_set_data_handle(o->ymem, y);
        dnnl_exec_arg_t args[3] = {
            {DNNL_ARG_SRC, o->xmem}, {DNNL_ARG_WEIGHTS, o->wmem}, {DNNL_ARG_DST, o->ymem}};
        ok = dnnl_primitive_execute(o->prim, o->stream, 3, args) == dnnl_success &&
             dnnl_stream_wait(o->stream) == dnnl_success;
        if (!ok) snprintf(o->problem, sizeof o->problem, "matmul execution failed");
    }
    omp_set_num_threads(saved);
    if (!ok)
        for (size_t i = 0; i < m * o->n; i++) y[i] = NAN; /* fails the gate: never timed */
}

/* The offset, in elements, of the weight (kk, n) in the reordered copy: oneDNN's blocked
 * layout, the innermost block last, the outer indices by their strides. */
static dnnl_dim_t blocked_offset(const dnnl_memory_desc_t *md, size_t kk, size_t n) {
    const dnnl_blocking_desc_t *b = &md->format_desc.blocking;
    dnnl_dim_t pos[2] = {(dnnl_dim_t)kk, (dnnl_dim_t)n}, off = md->offset0, stride = 1;
    for (int i = b->inner_nblks - 1; i >= 0; i--) {
        int d = (int)b->inner_idxs[i];
        off += pos[d] % b->inner_blks[i] * stride;
        stride *= b->inner_blks[i];
        pos[d] /= b->inner_blks[i];
    }
    return off + pos[0] * b->strides[0] + pos[1] * b->strides[1];
}

/* The weights the primitive multiplies, read back from the reordered copy (not timed: the
 * gate's reference). A few rows (the gate asks for one sampled channel at a time) are read
 * element by element from the blocked layout; more go through a reorder of the whole matrix
 * into a transient plain copy, which for one row at a time cost a reorder of all N x K
 * weights per row (hours for the gate of a 28672 x 8192 case at M = 1). */
void onednn_dequantize(const kernel_weights *pw, size_t row0, size_t rows, float *w_out) {
    onednn_weights *o = ow_of(pw);
    if (o->wmd.format_kind == dnnl_blocked && rows * 16 < o->n) {
        const uint16_t *wb = o->wbuf;
        uint16_t *row = malloc(o->k * sizeof *row);
        for (size_t r = 0; r < rows; r++) {
            if (!row) {
                for (size_t kk = 0; kk < o->k; kk++) w_out[r * o->k + kk] = NAN; /* fails the gate */
                continue;
            }
            for (size_t kk = 0; kk < o->k; kk++) row[kk] = wb[blocked_offset(&o->wmd, kk, row0 + r)];
            o->codec->to_f32(row, w_out + r * o->k, o->k);
        }
        free(row);
        return;
    }
    uint16_t *plain = weights_alloc(o->n * o->k * sizeof *plain);
    dnnl_memory_t pmem = NULL;
    dnnl_status_t st = plain ? plain_memory(o, plain, &pmem) : dnnl_out_of_memory;
    if (st == dnnl_success) st = reorder(o, o->wmem, pmem);
    if (pmem) dnnl_memory_destroy(pmem);
    if (st == dnnl_success) o->codec->to_f32(plain + row0 * o->k, w_out, rows * o->k);
    else
        for (size_t i = 0; i < rows * o->k; i++) w_out[i] = NAN; /* fails the gate */
    free(plain);
}

void onednn_dequantize_activations(const kernel_weights *pw, const float *x, size_t m,
                                   float *x_out) {
    const onednn_weights *o = ow_of(pw);
    uint16_t *tmp = malloc(o->k * sizeof *tmp + 64);
    for (size_t i = 0; i < m; i++) {
        if (!tmp) {
            x_out[i * o->k] = NAN;
            continue;
        }
        o->codec->from_f32(x + i * o->k, tmp, o->k);
        o->codec->to_f32(tmp, x_out + i * o->k, o->k);
    }
    free(tmp);
}

kernel_cost onednn_cost(const kernel_weights *pw, size_t m) {
    const onednn_weights *o = ow_of(pw);
    return kernel_cost_streamed((double)o->wbytes, m, o->n, o->k);
}

void onednn_describe(const kernel_weights *pw, char *buf, size_t len) {
    const onednn_weights *o = ow_of(pw);
    const dnnl_version_t *v = dnnl_version();
    snprintf(buf, len,
             "storage=%s weights=%s(reordered once) impl=%s onednn=%d.%d.%d runtime=openmp "
             "threads=%d X rounded to %s in the call%s%s",
             kind_name(o->kind), o->wtag, o->impl, v->major, v->minor, v->patch, o->last_threads,
             kind_name(o->kind), o->problem[0] ? " problem=" : "", o->problem);
}

#else /* oneDNN 3.x replaced the operation descriptors this file uses */

bool onednn_available(half_kind kind, char *why, size_t len) {
    (void)kind;
    snprintf(why, len, "built against oneDNN %d.x; kernels/onednn_matmul.c implements the 2.x "
             "C API (Debian 12's libdnnl-dev)", DNNL_VERSION_MAJOR);
    return false;
}
const char *onednn_isa(void) { return "none"; }

kernel_weights *onednn_pack(half_kind kind, const float *w, size_t n, size_t k,
                            kernel_error *err) {
    (void)w, (void)n, (void)k;
    onednn_available(kind, err->msg, sizeof err->msg);
    return NULL;
}
size_t onednn_workspace_bytes(const kernel_weights *pw, size_t m, int threads) {
    (void)pw, (void)m, (void)threads;
    return 0;
}
void onednn_run(const kernel_weights *pw, const float *x, size_t m, float *y, int threads,
                void *workspace) {
    (void)pw, (void)x, (void)m, (void)y, (void)threads, (void)workspace;
}
void onednn_dequantize(const kernel_weights *pw, size_t row0, size_t rows, float *w_out) {
    (void)pw, (void)row0, (void)rows, (void)w_out;
}
void onednn_dequantize_activations(const kernel_weights *pw, const float *x, size_t m,
                                   float *x_out) {
    (void)pw, (void)x, (void)m, (void)x_out;
}
void onednn_free(kernel_weights *pw) { (void)pw; }
kernel_cost onednn_cost(const kernel_weights *pw, size_t m) {
    (void)pw, (void)m;
    kernel_cost c = {0, 0, 0};
    return c;
}
void onednn_describe(const kernel_weights *pw, char *buf, size_t len) {
    (void)pw;
    snprintf(buf, len, "unavailable");
}

#endif
