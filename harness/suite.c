#include "suite.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kernels/registry.h"
#include "base/rng.h"
#include "suite_block.h"
#include "base/system_info.h"
#include "timer.h"

/* Share of the available memory that one block may hold (FP32 weights plus packed
 * copies) when the config sets no block_memory_mib: leaves room for the other steps of a
 * machine that others share, and for the one packed copy that may briefly exceed it. */
#define BLOCK_MEMORY_SHARE 0.4

size_t suite_case_count(const suite_config *cfg) {
    size_t total = 0;
    for (size_t i = 0; i < cfg->n_sweeps; i++) {
        const config_sweep *s = &cfg->sweeps[i];
        total += s->n_shapes * s->n_kernels * s->n_batch * s->n_threads;
    }
    return total;
}

/* Packed weights of one kernel (and quantization parameters) within a block. */
typedef struct packed {
    const kernel *k;
    quant_params qp;
    kernel_weights *pw;
    double bytes, pack_s;
} packed;

/* An activation matrix of one batch size, shared by the block's cases. */
typedef struct activation {
    size_t m;
    float *x;
} activation;

typedef struct block_state {
    packed packs[64];
    size_t n_packs;
    double bytes;
    activation xs[64];
    size_t n_xs;
    block_items items;
    size_t index_in_shape;
} block_state;

typedef struct run_state {
    const suite_config *cfg;
    suite_results *res;
    size_t total, done;
    FILE *progress;
    uint64_t t_start;
    int host_threads;
} run_state;

static case_result *new_case(run_state *st, const config_sweep *sw, const kernel *k,
                             const config_shape *shape, size_t m, int threads) {
    case_result *c = &st->res->cases[st->res->n++];
    memset(c, 0, sizeof *c);
    snprintf(c->sweep, sizeof c->sweep, "%s", sw->name);
    snprintf(c->kernel, sizeof c->kernel, "%s", k->name);
    snprintf(c->format, sizeof c->format, "%s", format_name(k->format));
    snprintf(c->shape, sizeof c->shape, "%s", shape->name);
    snprintf(c->isa, sizeof c->isa, "%s", kernel_isa(k));
    c->n = shape->n;
    c->k = shape->k;
    c->m = m;
    c->threads = threads;
    c->qp = sw->qp;
    c->gate_bound = k->gate_bound;
    c->block = -1;
    c->median = (estimate){NAN, NAN, NAN, 0};
    snprintf(c->name, sizeof c->name, "%s/%s/M:%zu/threads:%d", k->name, shape->name, m,
             threads);
    for (size_t i = 0; i + 1 < st->res->n; i++) /* same case from two sweeps: name the sweep */
        if (strcmp(st->res->cases[i].name, c->name) == 0) {
            size_t len = strlen(c->name);
            snprintf(c->name + len, sizeof c->name - len, "/sweep:%s", sw->name);
            break;
        }
    return c;
}

static void count(suite_results *r, const case_result *c) {
    switch (c->status) {
    case CASE_OK: r->ok++; break;
    case CASE_FAILED: r->failed++; break;
    case CASE_UNAVAILABLE: r->unavailable++; break;
    case CASE_ERROR: r->errors++; break;
    }
}

/* A case is finished: counted and reported. */
static void finish_case(run_state *st, const case_result *c) {
    count(st->res, c);
    st->done++;
    if (!st->progress) return;
    double elapsed = (double)(timer_wall_ns() - st->t_start) * 1e-9;
    double left = elapsed / (double)st->done * (double)(st->total - st->done);
    fprintf(st->progress, "[%zu/%zu %6.1fs, ~%.0fs left] %-40s ", st->done, st->total, elapsed,
            left, c->name);
    if (c->status == CASE_OK)
        fprintf(st->progress, "%10.4f ms  cv %5.2f%%%s  gate %.1e\n", c->real.median * 1e3,
                c->real.cv * 100.0, c->attempts > 1 ? " (re-measured)" : "", c->gate.max_error);
    else
        fprintf(st->progress, "%s: %s\n", case_status_name(c->status), c->message);
    fflush(st->progress);
}

/* Marks every (batch, threads) case of a kernel on a shape with one status. */
static void mark_all(run_state *st, const config_sweep *sw, const kernel *k,
                     const config_shape *shape, case_status status, const char *msg) {
    for (size_t b = 0; b < sw->n_batch; b++)
        for (size_t t = 0; t < sw->n_threads; t++) {
            case_result *c = new_case(st, sw, k, shape, sw->batch[b], sw->threads[t]);
            c->status = status;
            snprintf(c->message, sizeof c->message, "%s", msg);
            finish_case(st, c);
        }
}

static void fail_case(run_state *st, case_result *c, case_status status, const char *msg) {
    c->status = status;
    snprintf(c->message, sizeof c->message, "%s", msg);
    measurement_free(&c->meas);
    finish_case(st, c);
}

/* The block's activations for batch size m (generated once, deterministic). */
static const float *block_x(run_state *st, block_state *blk, size_t m, size_t k) {
    for (size_t i = 0; i < blk->n_xs; i++)
        if (blk->xs[i].m == m) return blk->xs[i].x;
    if (blk->n_xs == sizeof blk->xs / sizeof blk->xs[0]) return NULL;
    float *x = malloc(m * k * sizeof *x);
    if (!x) return NULL;
    char stream[96];
    snprintf(stream, sizeof stream, "X:%zux%zu", m, k);
    rng_fill_normal(x, m * k, st->cfg->seed, rng_stream(stream), 0.0f, 1.0f, st->host_threads);
    blk->xs[blk->n_xs++] = (activation){m, x};
    return x;
}

static bool is_aa_case(const suite_config *cfg, size_t shape, const kernel *k, size_t m,
                       int threads) {
    return cfg->aa.set && cfg->aa.k == k && cfg->aa.shape == shape && cfg->aa.m == m &&
           cfg->aa.threads == threads;
}

/* Gate, then calibrate, one case on already packed weights; an OK case joins the block. */
static void prepare_case(run_state *st, block_state *blk, case_result *c, const kernel *k,
                         const kernel_weights *pw, const float *w, const float *x,
                         bool aa) {
    size_t m = c->m, n = c->n;
    size_t ws_bytes = k->workspace_bytes ? k->workspace_bytes(pw, m, c->threads) : 0;
    void *ws = ws_bytes ? aligned_alloc(64, (ws_bytes + 63) / 64 * 64) : NULL;
    float *y = malloc(m * n * sizeof *y);
    if (!y || (ws_bytes && !ws)) {
        free(y);
        free(ws);
        fail_case(st, c, CASE_ERROR, "out of memory for the output or workspace");
        return;
    }
    for (size_t i = 0; i < m * n; i++) y[i] = NAN; /* unwritten outputs fail the gate */
    c->cost = k->cost(pw, m);

    call_ctx ctx = {k, pw, x, m, y, c->threads, ws};
    suite_call_kernel(&ctx);
    if (k->describe) k->describe(pw, c->params, sizeof c->params);
    gate_inputs gi = {.k = k, .pw = pw, .w = w, .x = x, .y = y, .m = m, .n = n,
                      .kdim = c->k, .bound = k->gate_bound,
                      .max_macs = st->cfg->gate_max_macs, .seed = st->cfg->seed,
                      .threads = st->host_threads};
    char msg[sizeof c->message];
    case_status bad = CASE_OK;
    if (gate_check(&gi, &c->gate) != 0) {
        bad = CASE_ERROR;
        snprintf(msg, sizeof msg, "%s", c->gate.reason);
    } else if (!c->gate.passed) {
        bad = CASE_FAILED;
        snprintf(msg, sizeof msg, "correctness gate: %.480s", c->gate.reason);
    } else {
        measure_plan plan = {st->cfg->min_time_s, st->cfg->repetitions, st->cfg->warmup,
                             st->cfg->counters};
        if (measure_calibrate(suite_call_kernel, &ctx, &plan, &c->meas) != 0) {
            bad = CASE_ERROR;
            snprintf(msg, sizeof msg, "out of memory for the samples");
        }
    }
    size_t index = (size_t)(c - st->res->cases);
    timed_item it = {.kind = SUITE_ITEM_CASE, .index = index, .ctx = ctx, .m = &c->meas,
                     .noise = &c->noise, .y = y, .workspace = ws};
    if (bad == CASE_OK && block_items_add(&blk->items, &it) != 0) {
        bad = CASE_ERROR;
        snprintf(msg, sizeof msg, "out of memory for the block");
    }
    if (bad != CASE_OK) {
        free(y);
        free(ws);
        fail_case(st, c, bad, msg);
        return;
    }
    c->status = CASE_OK; /* counted when its block has been timed */
    suite_aa *a = &st->res->aa;
    if (aa && !a->ran) {
        measure_plan plan = {st->cfg->min_time_s, st->cfg->repetitions, 0, st->cfg->counters};
        timed_item twin = {.kind = SUITE_ITEM_TWIN, .index = index, .ctx = ctx,
                           .m = &a->twin, .noise = &a->noise};
        if (measure_restart(&c->meas, &plan, &a->twin) == 0) {
            if (block_items_add(&blk->items, &twin) == 0) {
                a->ran = true;
                a->case_index = index;
            } else {
                measurement_free(&a->twin);
            }
        }
    }
}

static int new_block(run_state *st, const config_shape *shape, block_state *blk) {
    suite_results *res = st->res;
    suite_block *grown = realloc(res->blocks, (res->n_blocks + 1) * sizeof *grown);
    if (!grown) return -1;
    res->blocks = grown;
    suite_block *b = &res->blocks[res->n_blocks++];
    memset(b, 0, sizeof *b);
    snprintf(b->name, sizeof b->name, "%s#%zu", shape->name, blk->index_in_shape);
    snprintf(b->shape, sizeof b->shape, "%s", shape->name);
    return 0;
}

/* Times the block gathered so far, reports its cases and frees what it held. */
static void close_block(run_state *st, const config_shape *shape, size_t shape_index,
                        block_state *blk) {
    suite_results *res = st->res;
    if (blk->items.n) {
        int threads[64];
        size_t n_roof = 0;
        for (size_t i = 0; st->cfg->roof_shape && st->cfg->roof_shape[shape_index] &&
                            i < blk->items.n; i++) {
            int t = blk->items.v[i].ctx.threads;
            bool seen = blk->items.v[i].kind != SUITE_ITEM_CASE;
            for (size_t j = 0; j < n_roof; j++) seen |= threads[j] == t;
            if (!seen && n_roof < 64) threads[n_roof++] = t;
        }
        int rc = new_block(st, shape, blk);
        if (rc == 0) {
            res->blocks[res->n_blocks - 1].weight_bytes = blk->bytes;
            rc = block_run(st->cfg, res, &blk->items, (int)res->n_blocks - 1, threads, n_roof,
                           st->progress);
        }
        for (size_t i = 0; i < blk->items.n; i++) {
            timed_item *it = &blk->items.v[i];
            if (it->kind != SUITE_ITEM_CASE) continue;
            case_result *c = &res->cases[it->index];
            if (rc != 0) {
                fail_case(st, c, CASE_ERROR, "out of memory while timing its block");
                continue;
            }
            finish_case(st, c);
        }
        if (rc != 0 && res->aa.ran) {
            measurement_free(&res->aa.twin);
            res->aa.ran = false;
        }
        blk->index_in_shape++;
    }
    block_items_free(&blk->items);
    for (size_t i = 0; i < blk->n_packs; i++) blk->packs[i].k->free(blk->packs[i].pw);
    for (size_t i = 0; i < blk->n_xs; i++) free(blk->xs[i].x);
    blk->n_packs = blk->n_xs = 0;
    blk->bytes = 0;
}

/* The kernel's weights packed for this block: reused when another sweep packed the same
 * kernel with the same parameters; a new pack that would exceed the memory budget first
 * closes (times) the block gathered so far. NULL with the reason when packing fails. */
static const packed *block_pack(run_state *st, block_state *blk, const config_sweep *sw,
                                const kernel *k, const config_shape *shape, size_t shape_index,
                                const float *w, double budget, char *why, size_t len) {
    for (size_t i = 0; i < blk->n_packs; i++)
        if (blk->packs[i].k == k && memcmp(&blk->packs[i].qp, &sw->qp, sizeof sw->qp) == 0)
            return &blk->packs[i];
    kernel_error err = {{0}};
    uint64_t t0 = timer_wall_ns();
    kernel_weights *pw = k->pack(w, shape->n, shape->k, &sw->qp, &err);
    double pack_s = (double)(timer_wall_ns() - t0) * 1e-9;
    if (!pw) {
        snprintf(why, len, "pack failed: %s", err.msg[0] ? err.msg : "no reason given");
        return NULL;
    }
    double bytes = k->cost(pw, 1).weight_bytes;
    size_t max_packs = sizeof blk->packs / sizeof blk->packs[0];
    if (blk->n_packs && (blk->bytes + bytes > budget || blk->n_packs == max_packs))
        close_block(st, shape, shape_index, blk);
    blk->packs[blk->n_packs] = (packed){k, sw->qp, pw, bytes, pack_s};
    blk->bytes += bytes;
    return &blk->packs[blk->n_packs++];
}

static void gather_kernel(run_state *st, block_state *blk, const config_sweep *sw,
                          const kernel *k, const config_shape *shape, size_t shape_index,
                          const float *w, double budget) {
    char why[KERNEL_ERROR_LEN + 64];
    if (!kernel_is_available(k, why, sizeof why)) {
        mark_all(st, sw, k, shape, CASE_UNAVAILABLE, why);
        return;
    }
    if (k->max_k && shape->k > k->max_k) {
        snprintf(why, sizeof why,
                 "K = %zu exceeds the largest K this kernel's INT32 accumulators are proven "
                 "safe for (%zu)",
                 shape->k, k->max_k);
        mark_all(st, sw, k, shape, CASE_ERROR, why);
        return;
    }
    const packed *p = block_pack(st, blk, sw, k, shape, shape_index, w, budget, why, sizeof why);
    if (!p) {
        mark_all(st, sw, k, shape, CASE_ERROR, why);
        return;
    }
    for (size_t b = 0; b < sw->n_batch; b++) {
        size_t m = sw->batch[b];
        /* the batch's activations and output, before allocating them: a refused case says
         * why, where an overcommitted allocation would be killed later */
        double need = ((double)m * (double)shape->k + (double)m * (double)shape->n) * sizeof(float);
        double avail = system_memory_available_bytes();
        if (avail > 0 && need > avail) {
            snprintf(why, sizeof why,
                     "batch M = %zu needs about %.1f GiB for the activations and the output; "
                     "%.1f GiB available",
                     m, need / 1073741824.0, avail / 1073741824.0);
            for (size_t t = 0; t < sw->n_threads; t++)
                fail_case(st, new_case(st, sw, k, shape, m, sw->threads[t]), CASE_ERROR, why);
            continue;
        }
        const float *x = block_x(st, blk, m, shape->k);
        for (size_t t = 0; t < sw->n_threads; t++) {
            case_result *c = new_case(st, sw, k, shape, m, sw->threads[t]);
            c->pack_s = p->pack_s;
            if (x)
                prepare_case(st, blk, c, k, p->pw, w, x,
                             is_aa_case(st->cfg, shape_index, k, m, sw->threads[t]));
            else
                fail_case(st, c, CASE_ERROR, "out of memory for activations");
        }
    }
}

static bool sweep_uses_shape(const config_sweep *sw, size_t shape) {
    for (size_t i = 0; i < sw->n_shapes; i++)
        if (sw->shapes[i] == shape) return true;
    return false;
}

int suite_run(const suite_config *cfg, suite_results *out, FILE *progress) {
    memset(out, 0, sizeof *out);
    run_state st = {.cfg = cfg, .res = out, .total = suite_case_count(cfg),
                    .progress = progress, .t_start = timer_wall_ns()};
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    st.host_threads = online > 0 ? (int)online : 1;
    out->interleave = cfg->interleave;
    out->seed = cfg->seed;
    out->noise_cv_max = cfg->noise_cv_max;
    out->noise_steal_max_pct = cfg->noise_steal_max_pct;
    out->cases = calloc(st.total ? st.total : 1, sizeof *out->cases);
    if (!out->cases) return -1;

    /* Shape-major: each shape's weights are generated once, and its cases form blocks. */
    for (size_t s = 0; s < cfg->n_shapes; s++) {
        const config_shape *shape = &cfg->shapes[s];
        bool used = false;
        for (size_t i = 0; i < cfg->n_sweeps; i++) used |= sweep_uses_shape(&cfg->sweeps[i], s);
        if (!used) continue;
        double need = (double)shape->n * (double)shape->k * sizeof(float);
        double avail = system_memory_available_bytes();
        double budget = cfg->block_memory_bytes > 0 ? cfg->block_memory_bytes
                                                    : BLOCK_MEMORY_SHARE * avail - need;
        float *w = NULL;
        char why[256];
        /* W itself, plus the largest packed copy (FP32) a kernel may make of it */
        if (avail > 0 && 2.0 * need > avail)
            snprintf(why, sizeof why,
                     "shape %zux%zu needs about %.1f GiB (weights and one packed copy); %.1f "
                     "GiB available",
                     shape->n, shape->k, 2.0 * need / 1073741824.0, avail / 1073741824.0);
        else if (!(w = malloc(shape->n * shape->k * sizeof *w)))
            snprintf(why, sizeof why, "out of memory for %zux%zu weights", shape->n, shape->k);
        if (w) {
            char stream[96];
            snprintf(stream, sizeof stream, "W:%zux%zu", shape->n, shape->k);
            rng_fill_normal(w, shape->n * shape->k, cfg->seed, rng_stream(stream), 0.0f, 1.0f,
                            st.host_threads);
        }
        block_state blk = {0};
        for (size_t i = 0; i < cfg->n_sweeps; i++) {
            const config_sweep *sw = &cfg->sweeps[i];
            if (!sweep_uses_shape(sw, s)) continue;
            for (size_t j = 0; j < sw->n_kernels; j++) {
                if (w) gather_kernel(&st, &blk, sw, sw->kernels[j], shape, s, w, budget);
                else mark_all(&st, sw, sw->kernels[j], shape, CASE_ERROR, why);
            }
        }
        close_block(&st, shape, s, &blk);
        free(w);
    }
    out->elapsed_s = (double)(timer_wall_ns() - st.t_start) * 1e-9;
    return 0;
}

void suite_results_free(suite_results *r) {
    for (size_t i = 0; i < r->n; i++) measurement_free(&r->cases[i].meas);
    free(r->cases);
    measurement_free(&r->aa.twin);
    for (size_t i = 0; i < r->n_roofs; i++) free(r->roofs[i].gbps);
    free(r->roofs);
    free(r->blocks);
    free(r->order);
    memset(r, 0, sizeof *r);
}
