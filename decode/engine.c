#include "engine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ops.h"
#include "harness/timer.h"

const char *const decode_part_names[PART_COUNT] = {"matmul", "attention", "norms", "other"};

/* Per-token floats of the activation buffers: x, xn, tmp (hidden each), q, att (q_dim
 * each), k, v (kv_dim each), gate, up (ffn each). */
static size_t row_floats(const decode_shape *s) {
    return 3 * s->hidden + 2 * s->q_dim + 2 * s->kv_dim + 2 * s->ffn;
}

double decode_engine_buffer_bytes(const decode_shape *s, size_t capacity, size_t max_batch,
                                  int max_threads) {
    double floats = (double)max_batch * (double)row_floats(s) + (double)s->vocab +
                    (double)max_threads * (double)attention_scratch_floats(s, capacity);
    return floats * sizeof(float);
}

size_t decode_engine_workspace_bytes(const decode_weights *w, size_t max_batch, int max_threads) {
    size_t most = 0;
    for (size_t l = 0; l <= w->shape.layers; l++)
        for (int r = 0; r < MAT_COUNT; r++) {
            if ((l == w->shape.layers) != (r == MAT_LM_HEAD)) continue;
            const decode_matrix *m = r == MAT_LM_HEAD ? &w->lm_head : &w->layers[l].mat[r];
            if (!m->k->workspace_bytes) continue;
            size_t batch = r == MAT_LM_HEAD ? 1 : max_batch;
            for (int t = 1; t <= max_threads; t++) {
                size_t b1 = m->k->workspace_bytes(m->pw, 1, t), bm = m->k->workspace_bytes(m->pw, batch, t);
                if (b1 > most) most = b1;
                if (bm > most) most = bm;
            }
        }
    return most;
}

void decode_engine_free(decode_engine *e) {
    kv_cache_free(&e->cache);
    rope_table_free(&e->rope);
    free(e->x); /* every activation buffer lives in this one block */
    free(e->attn_scratch);
    free(e->workspace);
    memset(e, 0, sizeof *e);
}

int decode_engine_init(decode_engine *e, const decode_weights *w, size_t capacity,
                       size_t max_batch, int max_threads, bool kv_fp16, char *err, size_t len) {
    memset(e, 0, sizeof *e);
    const decode_shape *s = &w->shape;
    e->w = w;
    e->capacity = capacity;
    e->max_batch = max_batch;
    e->max_threads = e->threads = max_threads;
    if (kv_cache_init(&e->cache, s, capacity, kv_fp16, err, len)) return -1;
    float *block = malloc((max_batch * row_floats(s) + s->vocab) * sizeof *block);
    e->attn_scratch = malloc((size_t)max_threads * attention_scratch_floats(s, capacity) * sizeof(float));
    e->workspace_bytes = decode_engine_workspace_bytes(w, max_batch, max_threads);
    if (e->workspace_bytes) e->workspace = aligned_alloc(64, (e->workspace_bytes + 63) / 64 * 64);
    if (!block || !e->attn_scratch || (e->workspace_bytes && !e->workspace) ||
        rope_table_init(&e->rope, capacity, s->head_dim, s->rope_theta)) {
        free(block);
        decode_engine_free(e);
        snprintf(err, len, "out of memory for the activations of %zu tokens", max_batch);
        return -1;
    }
    size_t mb = max_batch;
    e->x = block;
    e->xn = e->x + mb * s->hidden;
    e->tmp = e->xn + mb * s->hidden;
    e->q = e->tmp + mb * s->hidden;
    e->att = e->q + mb * s->q_dim;
    e->k = e->att + mb * s->q_dim;
    e->v = e->k + mb * s->kv_dim;
    e->gate = e->v + mb * s->kv_dim;
    e->up = e->gate + mb * s->ffn;
    e->logits = e->up + mb * s->ffn;
    return 0;
}

/* Adds the time since *t to part p and restarts the clock. */
static void lap(decode_engine *e, decode_part p, uint64_t *t) {
    uint64_t now = timer_wall_ns();
    e->part_ns[p] += now - *t;
    *t = now;
}

static void matmul(const decode_engine *e, const decode_matrix *m, const float *x, size_t rows,
                   float *y) {
    m->k->run(m->pw, x, rows, y, e->threads, e->workspace);
}

static void norm_rows(const decode_engine *e, const float *g, size_t m) {
    const decode_shape *s = &e->w->shape;
    for (size_t i = 0; i < m; i++)
        op_rmsnorm(e->xn + i * s->hidden, e->x + i * s->hidden, g, s->hidden, (float)s->norm_eps);
}

/* SwiGLU over m rows of ffn values, in chunks spread over the threads where it pays (a
 * parallel region's idle threads spin for a while after it, competing with a kernel's own
 * thread pool; below about a millisecond of work one thread does it). */
static void swiglu_rows(const decode_engine *e, size_t m) {
    size_t n = m * e->w->shape.ffn, chunk = 4096, chunks = (n + chunk - 1) / chunk;
#pragma omp parallel for num_threads(e->threads) schedule(static) if (e->threads > 1 && n >= (1 << 17))
    for (size_t c = 0; c < chunks; c++) {
        size_t at = c * chunk, count = at + chunk <= n ? chunk : n - at;
        op_swiglu(e->gate + at, e->up + at, count);
    }
}

static void layer_forward(decode_engine *e, size_t l, size_t m, size_t pos0, uint64_t *t) {
    const decode_shape *s = &e->w->shape;
    const decode_layer *ly = &e->w->layers[l];
    norm_rows(e, ly->attn_norm, m);
    lap(e, PART_NORMS, t);
    matmul(e, &ly->mat[MAT_Q], e->xn, m, e->q);
    matmul(e, &ly->mat[MAT_K], e->xn, m, e->k);
    matmul(e, &ly->mat[MAT_V], e->xn, m, e->v);
    lap(e, PART_MATMUL, t);
    attention_args a = {s, &e->cache, &e->rope, l, m, pos0, e->q, e->k, e->v, e->att,
                        e->attn_scratch, e->threads};
    attention_layer(&a);
    lap(e, PART_ATTENTION, t);
    matmul(e, &ly->mat[MAT_O], e->att, m, e->tmp);
    lap(e, PART_MATMUL, t);
    op_add(e->x, e->tmp, m * s->hidden);
    lap(e, PART_OTHER, t);
    norm_rows(e, ly->ffn_norm, m);
    lap(e, PART_NORMS, t);
    matmul(e, &ly->mat[MAT_GATE], e->xn, m, e->gate);
    matmul(e, &ly->mat[MAT_UP], e->xn, m, e->up);
    lap(e, PART_MATMUL, t);
    swiglu_rows(e, m);
    lap(e, PART_OTHER, t);
    matmul(e, &ly->mat[MAT_DOWN], e->gate, m, e->tmp);
    lap(e, PART_MATMUL, t);
    op_add(e->x, e->tmp, m * s->hidden);
    lap(e, PART_OTHER, t);
}

int32_t decode_forward(decode_engine *e, const int32_t *tokens, size_t m, size_t pos0) {
    const decode_shape *s = &e->w->shape;
    uint64_t t = timer_wall_ns();
    for (size_t i = 0; i < m; i++) decode_embed_row(e->x + i * s->hidden, s->hidden, e->w->seed, tokens[i]);
    lap(e, PART_OTHER, &t);
    for (size_t l = 0; l < s->layers; l++) layer_forward(e, l, m, pos0, &t);
    op_rmsnorm(e->xn, e->x + (m - 1) * s->hidden, e->w->final_norm, s->hidden, (float)s->norm_eps);
    lap(e, PART_NORMS, &t);
    matmul(e, &e->w->lm_head, e->xn, 1, e->logits);
    lap(e, PART_MATMUL, &t);
    int32_t next = (int32_t)op_argmax(e->logits, s->vocab);
    lap(e, PART_OTHER, &t);
    return next;
}
