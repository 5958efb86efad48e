#include "decode_run.h"

#include <math.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel_choice.h"
#include "base/system_info.h"
#include "harness/timer.h"
#include "base/error.h"

const char *const decode_status_names[] = {"planned", "ok", "too_big", "unavailable", "error"};

static int max_threads(const decode_config *cfg) {
    int t = 1;
    for (size_t i = 0; i < cfg->n_threads; i++) t = cfg->threads[i] > t ? cfg->threads[i] : t;
    return t;
}

static void plan_case(decode_run *r, decode_case *c) {
    const decode_config *cfg = r->cfg;
    if (decode_choose_kernels(c->format, &c->shape, max_threads(cfg), cfg->seed, c->kernel_of,
                              c->message, sizeof c->message)) {
        c->status = CASE_UNAVAILABLE;
        return;
    }
    snprintf(c->choice, sizeof c->choice, "%s", c->message);
    c->message[0] = '\0';
    char why[400];
    if (decode_memory_plan(&c->shape, c->kernel_of, r->context, cfg->pp, max_threads(cfg),
                           cfg->kv_fp16, cfg->memory_limit_bytes, &c->mem, why, sizeof why)) {
        c->status = CASE_ERROR;
        snprintf(c->message, sizeof c->message, "memory plan: %s", why);
        return;
    }
    if (!c->mem.fits) {
        c->status = CASE_TOO_BIG;
        char d[400];
        decode_memory_describe(&c->mem, d, sizeof d);
        snprintf(c->message, sizeof c->message, "refused before allocating: %s", d);
        return;
    }
    c->status = CASE_PLANNED;
}

static bool wanted(const char *only, const char *name) { return !only || strcmp(only, name) == 0; }

int decode_run_plan(decode_run *r, const decode_config *cfg, const decode_run_options *opt,
                    char *err, size_t len) {
    memset(r, 0, sizeof *r);
    r->cfg = cfg;
    r->context = decode_config_context(cfg);
    /* --model and --format together name one case; a --model the config does not list
     * runs every format of the config */
    decode_model_entry extra = {{0}, {0}, 0, 0};
    const decode_model_entry *entries = cfg->models;
    size_t n_entries = cfg->n_models;
    bool listed = false;
    for (size_t i = 0; opt->only_model && i < cfg->n_models; i++)
        listed |= strcmp(opt->only_model, cfg->models[i].id) == 0;
    if (opt->only_model && (!listed || opt->only_format)) {
        snprintf(extra.id, sizeof extra.id, "%s", opt->only_model);
        for (size_t f = 0; f < cfg->n_formats; f++) extra.formats[extra.n_formats++] = f;
        entries = &extra;
        n_entries = 1;
    }
    bool format_known = !opt->only_format;
    for (size_t f = 0; f < cfg->n_formats; f++) format_known |= wanted(opt->only_format, cfg->formats[f].name);
    if (!format_known) {
        snprintf(err, len, "--format %s: %s has no such format in [formats]", opt->only_format, cfg->path);
        return Q35_ERR_INPUT;
    }
    size_t total = 0;
    for (size_t i = 0; i < n_entries; i++) total += entries[i].n_formats;
    r->cases = calloc(total ? total : 1, sizeof *r->cases);
    if (!r->cases) return snprintf(err, len, "out of memory"), Q35_ERR_NOMEM;
    for (size_t i = 0; i < n_entries; i++) {
        const decode_model_entry *m = &entries[i];
        if (!wanted(opt->only_model, m->id)) continue;
        decode_shape shape;
        if (decode_shape_load(cfg->models_dir, m->id, &shape, err, len)) {
            decode_run_free(r);
            return Q35_ERR_INPUT;
        }
        for (size_t f = 0; f < m->n_formats; f++) {
            const decode_format *fmt = &cfg->formats[m->formats[f]];
            if (!wanted(opt->only_format, fmt->name)) continue;
            decode_case *c = &r->cases[r->n_cases++];
            c->shape = shape;
            c->format = fmt;
            plan_case(r, c);
        }
    }
    if (!r->n_cases) {
        snprintf(err, len, "no case to run: model %s has no format %s in %s",
                 opt->only_model ? opt->only_model : "(any)", opt->only_format ? opt->only_format : "(any)",
                 cfg->path);
        decode_run_free(r);
        return Q35_ERR_INPUT;
    }
    return 0;
}

typedef struct progress_ctx {
    const decode_case *c;
    size_t index, total;
    bool quiet;
    uint64_t last_ns; /* the last line printed: at most one every PROGRESS_NS */
} progress_ctx;

#define PROGRESS_NS 5000000000ull

static void progress_line(progress_ctx *p, bool last, const char *what, size_t done, size_t total) {
    uint64_t now = timer_wall_ns();
    if (p->quiet || (!last && now - p->last_ns < PROGRESS_NS)) return;
    p->last_ns = now;
    fprintf(stderr, "decode [%zu/%zu] %s %s: %s %zu of %zu\n", p->index, p->total, p->c->shape.id,
            p->c->format->name, what, done, total);
}

static void on_built(void *ctx, size_t done, size_t total) {
    progress_line(ctx, done == total, "packed matrices", done, total);
}

static void on_rep(void *ctx, int done, int total) {
    progress_line(ctx, done == total, "repetitions (warm-up included)", (size_t)done, (size_t)total);
}

void decode_bound(const decode_case *c, int threads, const metric_table *roof,
                  decode_summary *s) {
    s->bound_gbps = s->bound_tok_s = s->pct_of_bound = NAN;
    snprintf(s->bound_id, sizeof s->bound_id, "roofline.stream.read.t%d.gbps", threads);
    const metric *bw = roof ? metrics_find(roof, s->bound_id) : NULL;
    if (!bw || bw->na || !(bw->value > 0)) {
        snprintf(s->bound_id, sizeof s->bound_id, "%s",
                 !roof ? "no metrics.roofline.tsv in the run" : "no STREAM read at this thread count");
        return;
    }
    s->bound_gbps = bw->value;
    s->bound_tok_s = bw->value * 1e9 / c->bytes_per_token;
    s->pct_of_bound = 100.0 * s->tok_s.value / s->bound_tok_s;
}

static int summarize(decode_run *r, decode_case *c) {
    c->n_sums = c->meas.n;
    c->sums = calloc(c->n_sums, sizeof *c->sums);
    if (!c->sums) return -1;
    for (size_t i = 0; i < c->meas.n; i++) {
        const decode_series *s = &c->meas.series[i];
        decode_summary *d = &c->sums[i];
        d->series = s;
        double *tok_s = malloc((size_t)s->n * sizeof *tok_s);
        if (!tok_s) return -1;
        for (int j = 0; j < s->n; j++) tok_s[j] = (double)s->tokens / s->seconds[j];
        int rc = ci_median(tok_s, (size_t)s->n, CI_CONFIDENCE, &d->tok_s);
        free(tok_s);
        if (rc) return -1;
        uint64_t sum = 0;
        for (int q = 0; q < PART_COUNT; q++) sum += s->part_ns[q];
        for (int q = 0; q < PART_COUNT; q++) d->part_pct[q] = sum ? 100.0 * (double)s->part_ns[q] / (double)sum : NAN;
        if (s->test == TEST_TG) decode_bound(c, s->threads, r->roof, d);
        else {
            d->bound_gbps = d->bound_tok_s = d->pct_of_bound = NAN;
            snprintf(d->bound_id, sizeof d->bound_id, "pp is not bounded by reading the weights");
        }
    }
    return 0;
}

/* Builds, measures and frees one case. */
static void run_case(decode_run *r, decode_case *c, progress_ctx *pc) {
    const decode_config *cfg = r->cfg;
    /* MemAvailable again: other processes may have taken memory since the plan */
    c->mem.available = system_memory_available_bytes();
    c->mem.budget = c->mem.available > 0 && c->mem.available < c->mem.limit ? c->mem.available : c->mem.limit;
    c->mem.fits = c->mem.need <= c->mem.budget;
    if (!c->mem.fits) {
        char d[400];
        decode_memory_describe(&c->mem, d, sizeof d);
        snprintf(c->message, sizeof c->message, "refused before allocating (at its turn): %s", d);
        c->status = CASE_TOO_BIG;
        return;
    }
    decode_weights w;
    decode_build_options bo = {.seed = cfg->seed, .threads = max_threads(cfg),
                               .progress = on_built, .progress_ctx = pc};
    uint64_t t0 = timer_wall_ns();
    char err[500];
    if (decode_weights_build(&w, &c->shape, c->kernel_of, &bo, err, sizeof err)) {
        c->status = CASE_ERROR;
        snprintf(c->message, sizeof c->message, "building the weights: %s", err);
        return;
    }
    c->build_s = (double)(timer_wall_ns() - t0) * 1e-9;
    c->weight_bytes = decode_weights_bytes(&w);
    memcpy(c->matrix_bytes, w.matrix_bytes, sizeof c->matrix_bytes);
    /* token i of tg reads positions 0..i: (tg + 1) / 2 positions on average */
    c->kv_bytes_per_token = kv_cache_bytes(&c->shape, 1, cfg->kv_fp16) * ((double)cfg->tg + 1.0) / 2.0;
    c->bytes_per_token = c->weight_bytes + c->kv_bytes_per_token;
    decode_engine e;
    if (decode_engine_init(&e, &w, r->context, cfg->pp, max_threads(cfg), cfg->kv_fp16, err, sizeof err)) {
        c->status = CASE_ERROR;
        snprintf(c->message, sizeof c->message, "engine: %s", err);
        decode_weights_free(&w);
        return;
    }
    decode_plan plan = {cfg->pp, cfg->tg, cfg->repetitions, cfg->warmup, cfg->threads,
                        cfg->n_threads, cfg->seed};
    t0 = timer_wall_ns();
    if (decode_measure(&e, &plan, on_rep, pc, &c->meas) || summarize(r, c)) {
        c->status = CASE_ERROR;
        snprintf(c->message, sizeof c->message, "out of memory while measuring");
    } else {
        c->status = CASE_OK;
    }
    c->measure_s = (double)(timer_wall_ns() - t0) * 1e-9;
    decode_engine_free(&e);
    decode_weights_free(&w);
#ifdef __GLIBC__
    /* Matrices below glibc's mmap threshold (which grows to 32 MiB as large blocks are
     * freed) come from the heap; give their pages back, or the next case's plan would be
     * short by this case's heap (seen: 7.8 GB resident for a 5.6 GiB plan). */
    malloc_trim(0);
#endif
}

/* Each ok series against the baseline format's series of the same model, test, threads. */
static void compare_with_baseline(decode_run *r) {
    const char *base = r->cfg->baseline;
    for (size_t i = 0; base[0] && i < r->n_cases; i++) {
        decode_case *c = &r->cases[i];
        const decode_case *b = NULL;
        for (size_t j = 0; j < r->n_cases; j++)
            if (r->cases[j].status == CASE_OK && strcmp(r->cases[j].shape.id, c->shape.id) == 0 &&
                strcmp(r->cases[j].format->name, base) == 0)
                b = &r->cases[j];
        if (c->status != CASE_OK || !b || b == c) continue;
        for (size_t k = 0; k < c->n_sums && k < b->n_sums; k++) {
            const decode_series *x = c->sums[k].series, *y = b->sums[k].series;
            c->sums[k].has_vs_baseline =
                ci_ratio(y->seconds, (size_t)y->n, x->seconds, (size_t)x->n, CI_CONFIDENCE,
                         &c->sums[k].vs_baseline) == 0;
        }
    }
}

int decode_run_execute(decode_run *r, const decode_run_options *opt) {
    for (size_t i = 0; i < r->n_cases; i++) {
        decode_case *c = &r->cases[i];
        progress_ctx pc = {c, i + 1, r->n_cases, opt->quiet, timer_wall_ns()};
        if (c->status != CASE_PLANNED) {
            if (!opt->quiet)
                fprintf(stderr, "decode [%zu/%zu] %s %s: %s: %s\n", i + 1, r->n_cases, c->shape.id,
                        c->format->name, decode_status_names[c->status], c->message);
            continue;
        }
        run_case(r, c, &pc);
        if (!opt->quiet && c->status != CASE_OK)
            fprintf(stderr, "decode [%zu/%zu] %s %s: %s: %s\n", i + 1, r->n_cases, c->shape.id,
                    c->format->name, decode_status_names[c->status], c->message);
    }
    compare_with_baseline(r);
    return 0;
}

void decode_run_free(decode_run *r) {
    for (size_t i = 0; i < r->n_cases; i++) {
        decode_measurement_free(&r->cases[i].meas);
        free(r->cases[i].sums);
    }
    free(r->cases);
    r->cases = NULL;
    r->n_cases = 0;
}
