#include "qoutput.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/rng.h"
#include "kernels/ref_f64.h"
#include "kernels/registry.h"
#include "qpass.h"
#include "qscheme.h"

int qout_prepare(qout_case *c, const qdist_gen *g, size_t rows, size_t m, uint64_t seed,
                 int threads) {
    memset(c, 0, sizeof *c);
    c->rows = qpass_row_count(g->n, rows);
    c->m = m;
    c->k = g->k;
    c->w = malloc(c->rows * c->k * sizeof *c->w);
    c->x = malloc(m * c->k * sizeof *c->x);
    c->yref = malloc(m * c->rows * sizeof *c->yref);
    if (!c->w || !c->x || !c->yref) {
        qout_release(c);
        return -1;
    }
#pragma omp parallel for num_threads(threads) schedule(dynamic, 4)
    for (size_t i = 0; i < c->rows; i++)
        qdist_row(g, qpass_row_index(g->n, c->rows, i), c->w + i * c->k);
    char name[96];
    snprintf(name, sizeof name, "quality:X:%zux%zu", m, c->k);
    qdist_normals(seed, rng_stream(name), 0, m * c->k, c->x);
    ref_f64_gemm(c->x, c->w, m, c->rows, c->k, c->yref, threads);
    c->yref_moments = qm_moments_d(c->yref, m * c->rows);
    return 0;
}

void qout_release(qout_case *c) {
    free(c->w);
    free(c->x);
    free(c->yref);
    memset(c, 0, sizeof *c);
}

bool qout_nrmse(const double *ref, const float *y, size_t count, qmoments ref_m, double *pct) {
    double sse = 0.0;
    for (size_t i = 0; i < count; i++) {
        if (!isfinite(y[i])) return false;
        double d = (double)y[i] - ref[i];
        sse += d * d;
    }
    return qm_nrmse_pct(sse, (double)count, ref_m.m2, pct);
}

int qout_dequant(const qout_case *c, const qc_scheme *s, const quant_search *search,
                 int threads, float *wq) {
    int failed = 0;
#pragma omp parallel num_threads(threads)
    {
        qscheme_work ws;
        int ok = qscheme_work_init(&ws, c->k) == 0;
        if (!ok) {
#pragma omp atomic write
            failed = 1;
        }
#pragma omp for schedule(dynamic, 4)
        for (size_t i = 0; i < c->rows; i++) {
            if (!ok) continue;
            size_t clipped;
            qscheme_apply(s, search, c->w + i * c->k, c->k, wq + i * c->k, &ws, &clipped);
        }
        if (ok) qscheme_work_free(&ws);
    }
    return failed ? -1 : 0;
}

bool qout_weight_only(const qout_case *c, const float *wq, int threads, double *nrmse_pct) {
    double *y = malloc(c->m * c->rows * sizeof *y);
    if (!y) return false;
    ref_f64_gemm(c->x, wq, c->m, c->rows, c->k, y, threads);
    /* Compared in double: the weight-only path has no FP32 output rounding of its own. */
    double sse = 0.0;
    for (size_t i = 0; i < c->m * c->rows; i++) {
        double d = y[i] - c->yref[i];
        sse += d * d;
    }
    free(y);
    return qm_nrmse_pct(sse, (double)(c->m * c->rows), c->yref_moments.m2, nrmse_pct);
}

void qout_kernel(const qout_case *c, const char *name, const quant_params *qp, int threads,
                 const float *reference_w, float *dequant_out, qout_kernel_result *r) {
    memset(r, 0, sizeof *r);
    const kernel *kn = kernel_find(name);
    char why[256];
    if (!kn) {
        snprintf(r->reason, sizeof r->reason,
                 "kernel '%s' is not in this build (kernels/registry.def)", name);
        return;
    }
    if (!kernel_is_available(kn, why, sizeof why)) {
        snprintf(r->reason, sizeof r->reason, "kernel '%s' cannot run on this CPU: %s", name, why);
        return;
    }
    if (kn->max_k && c->k > kn->max_k) {
        snprintf(r->reason, sizeof r->reason, "kernel '%s' supports K <= %zu, this shape has K = %zu",
                 name, kn->max_k, c->k);
        return;
    }
    snprintf(r->isa, sizeof r->isa, "%s", kernel_isa(kn));
    kernel_error kerr = {{0}};
    kernel_weights *pw = kn->pack(c->w, c->rows, c->k, qp, &kerr);
    if (!pw) {
        snprintf(r->reason, sizeof r->reason, "kernel '%s' refused the parameters: %s", name,
                 kerr.msg[0] ? kerr.msg : "(no reason given)");
        return;
    }
    if (kn->describe) kn->describe(pw, r->params, sizeof r->params);
    kernel_cost cost = kn->cost(pw, c->m);
    r->kernel_bpw = cost.weight_bytes * 8.0 / ((double)c->rows * (double)c->k);
    size_t ws_bytes = kn->workspace_bytes ? kn->workspace_bytes(pw, c->m, threads) : 0;
    /* 64-byte aligned, as the suite runner allocates it (kernels store to it with aligned
     * SIMD stores) */
    void *ws = ws_bytes ? aligned_alloc(64, (ws_bytes + 63) / 64 * 64) : NULL;
    float *y = malloc(c->m * c->rows * sizeof *y);
    float *dq = (reference_w || dequant_out) ? malloc(c->rows * c->k * sizeof *dq) : NULL;
    if ((ws_bytes && !ws) || !y || ((reference_w || dequant_out) && !dq)) {
        snprintf(r->reason, sizeof r->reason, "out of memory for kernel '%s'", name);
    } else {
        kn->run(pw, c->x, c->m, y, threads, ws);
        r->ok = qout_nrmse(c->yref, y, c->m * c->rows, c->yref_moments, &r->nrmse_pct);
        if (!r->ok)
            snprintf(r->reason, sizeof r->reason,
                     "kernel '%s' produced non-finite output (or Y_ref has zero spread)", name);
        if (dq) {
            kn->dequantize(pw, 0, c->rows, dq);
            if (reference_w) {
                double mx = 0.0;
                for (size_t i = 0; i < c->rows * c->k; i++) {
                    double d = fabs((double)dq[i] - (double)reference_w[i]);
                    if (isnan(d)) d = DBL_MAX; /* a NaN weight is as different as it gets */
                    if (d > mx) mx = d;
                }
                r->dequant_compared = true;
                r->dequant_max_diff = mx;
            }
            if (dequant_out) memcpy(dequant_out, dq, c->rows * c->k * sizeof *dq);
        }
    }
    free(dq);
    free(y);
    free(ws);
    kn->free(pw);
}
