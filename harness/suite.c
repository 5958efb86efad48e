#include "suite.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kernels/registry.h"
#include "rng.h"
#include "system_info.h"
#include "timer.h"

size_t suite_case_count(const suite_config *cfg) {
    size_t total = 0;
    for (size_t i = 0; i < cfg->n_sweeps; i++) {
        const config_sweep *s = &cfg->sweeps[i];
        total += s->n_shapes * s->n_kernels * s->n_batch * s->n_threads;
    }
    return total;
}

/* The state one timed call needs. */
typedef struct call_ctx {
    const kernel *k;
    const kernel_weights *pw;
    const float *x;
    size_t m;
    float *y;
    int threads;
    void *workspace;
} call_ctx;

static void call_kernel(void *p) {
    call_ctx *c = p;
    c->k->run(c->pw, c->x, c->m, c->y, c->threads, c->workspace);
}

typedef struct run_state {
    const suite_config *cfg;
    suite_results *res;
    size_t total;
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
    snprintf(c->format, sizeof c->format, "%s", k->format);
    snprintf(c->shape, sizeof c->shape, "%s", shape->name);
    snprintf(c->isa, sizeof c->isa, "%s", kernel_isa(k));
    c->n = shape->n;
    c->k = shape->k;
    c->m = m;
    c->threads = threads;
    c->qp = sw->qp;
    c->gate_bound = k->gate_bound;
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

static void report_progress(run_state *st, const case_result *c) {
    if (!st->progress) return;
    double elapsed = (double)(timer_wall_ns() - st->t_start) * 1e-9;
    double left = elapsed / (double)st->res->n * (double)(st->total - st->res->n);
    fprintf(st->progress, "[%zu/%zu %6.1fs, ~%.0fs left] %-40s ", st->res->n, st->total, elapsed,
            left, c->name);
    if (c->status == CASE_OK)
        fprintf(st->progress, "%10.4f ms  cv %5.2f%%  gate %.1e\n", c->real.median * 1e3,
                c->real.cv * 100.0, c->gate.max_error);
    else
        fprintf(st->progress, "%s: %s\n", case_status_name(c->status), c->message);
    fflush(st->progress);
}

static void count(suite_results *r, const case_result *c) {
    switch (c->status) {
    case CASE_OK: r->ok++; break;
    case CASE_FAILED: r->failed++; break;
    case CASE_UNAVAILABLE: r->unavailable++; break;
    case CASE_ERROR: r->errors++; break;
    }
}

/* Marks every (batch, threads) case of a kernel on a shape with one status. */
static void mark_all(run_state *st, const config_sweep *sw, const kernel *k,
                     const config_shape *shape, case_status status, const char *msg) {
    for (size_t b = 0; b < sw->n_batch; b++)
        for (size_t t = 0; t < sw->n_threads; t++) {
            case_result *c = new_case(st, sw, k, shape, sw->batch[b], sw->threads[t]);
            c->status = status;
            snprintf(c->message, sizeof c->message, "%s", msg);
            count(st->res, c);
            report_progress(st, c);
        }
}

/* Gate, then time, one case on already packed weights. */
static void run_case(run_state *st, case_result *c, const kernel *k, const kernel_weights *pw,
                     const float *w, const float *x) {
    size_t m = c->m, n = c->n;
    size_t ws_bytes = k->workspace_bytes ? k->workspace_bytes(pw, m, c->threads) : 0;
    void *ws = ws_bytes ? aligned_alloc(64, (ws_bytes + 63) / 64 * 64) : NULL;
    float *y = malloc(m * n * sizeof *y);
    if (!y || (ws_bytes && !ws)) {
        c->status = CASE_ERROR;
        snprintf(c->message, sizeof c->message, "out of memory for the output or workspace");
        goto done;
    }
    for (size_t i = 0; i < m * n; i++) y[i] = NAN; /* unwritten outputs fail the gate */
    c->cost = k->cost(pw, m);

    call_ctx ctx = {k, pw, x, m, y, c->threads, ws};
    call_kernel(&ctx);
    if (k->describe) k->describe(pw, c->params, sizeof c->params);
    gate_inputs gi = {.k = k, .pw = pw, .w = w, .x = x, .y = y, .m = m, .n = n,
                      .kdim = c->k, .bound = k->gate_bound,
                      .max_macs = st->cfg->gate_max_macs, .seed = st->cfg->seed,
                      .threads = st->host_threads};
    if (gate_check(&gi, &c->gate) != 0) {
        c->status = CASE_ERROR;
        snprintf(c->message, sizeof c->message, "%s", c->gate.reason);
        goto done;
    }
    if (!c->gate.passed) {
        c->status = CASE_FAILED;
        snprintf(c->message, sizeof c->message, "correctness gate: %s", c->gate.reason);
        goto done;
    }
    measure_plan plan = {st->cfg->min_time_s, st->cfg->repetitions, st->cfg->warmup,
                         st->cfg->counters};
    if (measure_run(call_kernel, &ctx, &plan, &c->meas) != 0) {
        c->status = CASE_ERROR;
        snprintf(c->message, sizeof c->message, "out of memory for the samples");
        goto done;
    }
    stats_compute(c->meas.real_s, (size_t)c->meas.repetitions, &c->real);
    stats_compute(c->meas.cpu_s, (size_t)c->meas.repetitions, &c->cpu);
    c->status = CASE_OK;
done:
    free(y);
    free(ws);
}

static void run_kernel_on_shape(run_state *st, const config_sweep *sw, const kernel *k,
                                const config_shape *shape, const float *w) {
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
    kernel_error err = {{0}};
    uint64_t t0 = timer_wall_ns();
    kernel_weights *pw = k->pack(w, shape->n, shape->k, &sw->qp, &err);
    double pack_s = (double)(timer_wall_ns() - t0) * 1e-9;
    if (!pw) {
        snprintf(why, sizeof why, "pack failed: %s", err.msg[0] ? err.msg : "no reason given");
        mark_all(st, sw, k, shape, CASE_ERROR, why);
        return;
    }
    for (size_t b = 0; b < sw->n_batch; b++) {
        size_t m = sw->batch[b];
        float *x = malloc(m * shape->k * sizeof *x);
        char stream[96];
        snprintf(stream, sizeof stream, "X:%zux%zu", m, shape->k);
        if (x)
            rng_fill_normal(x, m * shape->k, st->cfg->seed, rng_stream(stream), 0.0f, 1.0f,
                            st->host_threads);
        for (size_t t = 0; t < sw->n_threads; t++) {
            case_result *c = new_case(st, sw, k, shape, m, sw->threads[t]);
            c->pack_s = pack_s;
            if (x) {
                run_case(st, c, k, pw, w, x);
            } else {
                c->status = CASE_ERROR;
                snprintf(c->message, sizeof c->message, "out of memory for activations");
            }
            count(st->res, c);
            report_progress(st, c);
        }
        free(x);
    }
    k->free(pw);
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
    out->cases = calloc(st.total ? st.total : 1, sizeof *out->cases);
    if (!out->cases) return -1;

    /* Shape-major, so each shape's weights are generated once for all kernels. */
    for (size_t s = 0; s < cfg->n_shapes; s++) {
        const config_shape *shape = &cfg->shapes[s];
        bool used = false;
        for (size_t i = 0; i < cfg->n_sweeps; i++) used |= sweep_uses_shape(&cfg->sweeps[i], s);
        if (!used) continue;
        double need = (double)shape->n * (double)shape->k * sizeof(float);
        double avail = system_memory_available_bytes();
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
        for (size_t i = 0; i < cfg->n_sweeps; i++) {
            const config_sweep *sw = &cfg->sweeps[i];
            if (!sweep_uses_shape(sw, s)) continue;
            for (size_t j = 0; j < sw->n_kernels; j++) {
                if (w) run_kernel_on_shape(&st, sw, sw->kernels[j], shape, w);
                else mark_all(&st, sw, sw->kernels[j], shape, CASE_ERROR, why);
            }
        }
        free(w);
    }
    out->elapsed_s = (double)(timer_wall_ns() - st.t_start) * 1e-9;
    return 0;
}

void suite_results_free(suite_results *r) {
    for (size_t i = 0; i < r->n; i++) measurement_free(&r->cases[i].meas);
    free(r->cases);
    memset(r, 0, sizeof *r);
}
