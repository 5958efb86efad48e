/* metrics.quality.tsv: the flat evidence file (id, value, unit, description). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "qwrite.h"
#include "base/metrics_tsv.h"
#include "base/text_buf.h"

void qwrite_seed_shape_id(const qc_shape *sh, char *buf, size_t len) {
    snprintf(buf, len, "shape_%zux%zu", sh->k, sh->n);
}

static void row(text_buf *b, const char *id, bool ok, double v, const char *unit,
                const char *fmt, ...) __attribute__((format(printf, 6, 7)));
static void row(text_buf *b, const char *id, bool ok, double v, const char *unit,
                const char *fmt, ...) {
    char desc[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(desc, sizeof desc, fmt, ap);
    va_end(ap);
    metrics_add(b, id, ok ? v : NAN, unit, "%s", desc);
}

typedef struct metric_def {
    const char *name, *unit, *what;
    qcell_value f;
} metric_def;

static const metric_def metric_defs[] = {
    {"weight_nrmse_pct", "pct", "weight NRMSE, the seeds' method: sqrt(mean((w-w')^2)) / std(w) * 100 over the whole matrix", qval_weight_nrmse},
    {"colmean_nrmse_pct", "pct", "per-column NRMSE averaged over the columns (constant columns left out)", qval_colmean_nrmse},
    {"sqnr_db", "db", "SQNR 10 log10(sum w^2 / sum (w-w')^2)", qval_sqnr},
    {"max_abs_err", "x", "max |w - w'| in the weights' own units", qval_max_abs},
    {"clip_pct", "pct", "codes clipped to [qmin, qmax], percent of the weights", qval_clip_pct},
    {"output_nrmse_pct", "pct", "output NRMSE of the kernel path vs FP64 on FP32 weights", qval_output},
    {"output_wonly_nrmse_pct", "pct", "output NRMSE with quant.h-dequantized weights and FP32 activations in FP64 (weight error only)", qval_wonly},
    {"bpw", "bpw", "bits per weight including scales and zero points (format model)", qval_bpw},
    {"kernel_bpw", "bpw", "the kernel's allocated weight bytes * 8 / weights", qval_kernel_bpw},
    {"kernel_vs_quant_max_diff", "x", "max |kernel's dequantized weight - quant.h's| on the output sample (0: the kernel uses exactly the quantizer measured here)", qval_kernel_diff},
};

/* Why a cell's value is n/a, for the description. */
static const char *na_reason(const metric_def *m, const qcell *c) {
    if (m->f == qval_output || m->f == qval_kernel_bpw || m->f == qval_kernel_diff)
        return c->kr.ok ? "the kernel's weights were not compared" : c->kr.reason;
    if (m->f == qval_sqnr) return "no quantization error at all (SQNR infinite)";
    if (m->f == qval_colmean_nrmse) return "every column is constant (std = 0)";
    return "undefined (std = 0 or nothing measured)";
}

static void seed_metrics(text_buf *b, const quality_results *r) {
    const quality_config *cfg = r->cfg;
    const char *dist = cfg->dists[cfg->seed_dist].id;
    for (size_t i = 0; i < cfg->n_seed_schemes; i++) {
        size_t s = cfg->seed_schemes[i];
        const char *id = cfg->schemes[s].id;
        char mid[256];
        double mean, std;
        bool ok = qres_mean_over_seed_shapes(r, s, cfg->seed_dist, qval_weight_nrmse, &mean, &std);
        snprintf(mid, sizeof mid, "quality.%s.mean_nrmse_pct", id);
        row(b, mid, ok, mean, "pct", "%s on %s, mean over the %zu seed shapes of the seeds' NRMSE (RMSE / std x 100, whole matrix)",
            id, dist, cfg->n_seed_shapes);
        snprintf(mid, sizeof mid, "quality.%s.std_nrmse_pct", id);
        row(b, mid, ok, std, "pct", "%s on %s, standard deviation (denominator n, as np.std) over the %zu seed shapes",
            id, dist, cfg->n_seed_shapes);
        ok = qres_mean_over_seed_shapes(r, s, cfg->seed_dist, qval_colmean_nrmse, &mean, &std);
        snprintf(mid, sizeof mid, "quality.%s.mean_colmean_nrmse_pct", id);
        row(b, mid, ok, mean, "pct", "%s on %s: the same with NRMSE per column, averaged over columns, then over shapes",
            id, dist);
        for (size_t j = 0; j < cfg->n_seed_shapes; j++) {
            const qc_shape *sh = &cfg->shapes[cfg->seed_shapes[j]];
            char sid[64];
            double v;
            qwrite_seed_shape_id(sh, sid, sizeof sid);
            ok = qval_weight_nrmse(r, qres_cell(r, s, cfg->seed_dist, cfg->seed_shapes[j]), sh, &v);
            snprintf(mid, sizeof mid, "quality.%s.%s.nrmse_pct", id, sid);
            row(b, mid, ok, v, "pct", "%s on %s, K x N = %zu x %zu (shape %s: N x K = %zux%zu), the seeds' method",
                id, dist, sh->k, sh->n, sh->id, sh->n, sh->k);
        }
    }
}

static void scheme_metrics(text_buf *b, const quality_results *r) {
    const quality_config *cfg = r->cfg;
    char mid[256];
    for (size_t s = 0; s < cfg->n_schemes; s++)
        for (size_t d = 0; d < cfg->n_dists; d++) {
            const char *sid = cfg->schemes[s].id, *did = cfg->dists[d].id;
            const qcell *first = qres_cell(r, s, d, cfg->seed_shapes[0]);
            double mean;
            bool ok = qres_mean_over_seed_shapes(r, s, d, qval_weight_nrmse, &mean, NULL);
            snprintf(mid, sizeof mid, "quality.%s.%s.mean_nrmse_pct", sid, did);
            row(b, mid, ok, mean, "pct", "%s on %s: weight NRMSE (seeds' method), mean over the seed shapes", sid, did);
            for (size_t m = 0; m < sizeof metric_defs / sizeof metric_defs[0]; m++) {
                const metric_def *md = &metric_defs[m];
                ok = qres_mean_over_seed_shapes(r, s, d, md->f, &mean, NULL);
                snprintf(mid, sizeof mid, "quality.%s.%s.mean_%s", sid, did, md->name);
                if (ok) row(b, mid, true, mean, md->unit, "%s on %s: %s, mean over the seed shapes", sid, did, md->what);
                else row(b, mid, false, 0, md->unit, "%s on %s: %s: n/a: %s", sid, did, md->what, na_reason(md, first));
            }
            for (size_t i = 0; i < cfg->n_shapes; i++) {
                const qc_shape *sh = &cfg->shapes[i];
                const qcell *c = qres_cell(r, s, d, i);
                for (size_t m = 0; m < sizeof metric_defs / sizeof metric_defs[0]; m++) {
                    const metric_def *md = &metric_defs[m];
                    double v;
                    ok = md->f(r, c, sh, &v);
                    snprintf(mid, sizeof mid, "quality.%s.%s.%s.%s", sid, did, sh->id, md->name);
                    if (ok) row(b, mid, true, v, md->unit, "%s on %s, shape %s (N x K = %zux%zu): %s", sid, did, sh->id, sh->n, sh->k, md->what);
                    else row(b, mid, false, 0, md->unit, "%s on %s, shape %s: n/a: %s", sid, did, sh->id, na_reason(md, c));
                }
            }
        }
}

static void dequant_metrics(text_buf *b, const quality_results *r) {
    const quality_config *cfg = r->cfg;
    if (!cfg->has_dequant) return;
    const qc_scheme *sc = &cfg->schemes[cfg->dequant_scheme];
    for (int f = 0; f < 2; f++) {
        const char *name = f == 0 ? "seed_formula" : "correct";
        double v[QC_MAX_SHAPES];
        bool all = true;
        const char *reason = "";
        char mid[256];
        for (size_t j = 0; j < cfg->n_seed_shapes; j++) {
            const qout_kernel_result *k = f == 0 ? &r->dequant[j].seed : &r->dequant[j].correct;
            const qc_shape *sh = &cfg->shapes[cfg->seed_shapes[j]];
            char sid[64];
            qwrite_seed_shape_id(sh, sid, sizeof sid);
            snprintf(mid, sizeof mid, "quality.dequant.%s.%s.output_nrmse_pct", name, sid);
            row(b, mid, k->ok, k->nrmse_pct, "pct", "kernel %s (scheme %s) with dequant = %s: output NRMSE, %s: %s",
                sc->kernel, sc->id, f == 0 ? "seed ((acc + offset) * scale)" : "correct", sid, k->ok ? k->params : k->reason);
            if (k->ok) v[j] = k->nrmse_pct;
            else if (all) all = false, reason = k->reason;
        }
        double mean = 0, std = 0;
        if (all && cfg->n_seed_shapes) qm_mean_std(v, cfg->n_seed_shapes, &mean, &std);
        snprintf(mid, sizeof mid, "quality.dequant.%s.output_nrmse_pct", name);
        if (all && cfg->n_seed_shapes)
            row(b, mid, true, mean, "pct", "kernel %s (scheme %s) with dequant = %s, %s: output NRMSE vs FP64 on FP32 weights, mean over the seed shapes",
                sc->kernel, sc->id, f == 0 ? "seed ((acc + offset) * scale)" : "correct", cfg->dists[cfg->seed_dist].id);
        else
            row(b, mid, false, 0, "pct", "kernel %s with dequant = %s: n/a: %s", sc->kernel, name, reason);
    }
}

static void check_metrics(text_buf *b, const quality_results *r) {
    const quality_config *cfg = r->cfg;
    if (!cfg->has_q35d_check) return;
    const char *a = cfg->schemes[cfg->q35d_check[0]].id, *c = cfg->schemes[cfg->q35d_check[1]].id;
    bool equal = r->q35d_weights_equal && (!r->q35d_kernel_compared || r->q35d_kernel_equal);
    row(b, "quality.q35d_equals_q35", true, equal ? 1 : 0, "bool",
        "%s vs %s: weight metrics bit-identical on %zu matrices%s%s", c, a, r->q35d_cells_compared,
        r->q35d_kernel_compared ? "; kernels' dequantized weights compared bit for bit"
                                : "; kernel-level comparison n/a: ",
        r->q35d_kernel_compared ? "" : r->q35d_kernel_reason);
    row(b, "quality.q35d_equals_q35.weights", true, r->q35d_weights_equal ? 1 : 0, "bool",
        "%s vs %s: quant.h weight errors bit-identical on every distribution and shape", c, a);
    if (r->q35d_kernel_compared)
        row(b, "quality.q35d_equals_q35.kernel_dequant", true, r->q35d_kernel_equal ? 1 : 0, "bool",
            "kernels of %s and %s: dequantized weights bit-identical on every output sample", a, c);
    else
        row(b, "quality.q35d_equals_q35.kernel_dequant", false, 0, "bool", "n/a: %s", r->q35d_kernel_reason);
}

static void sweep_metrics(text_buf *b, const quality_results *r) {
    const quality_config *cfg = r->cfg;
    char mid[256];
    for (size_t w = 0; w < cfg->n_sweeps; w++) {
        const qc_sweep *sw = &cfg->sweeps[w];
        const qsweep_result *sr = &r->sweeps[w];
        const char *dist = cfg->dists[sw->dist].id, *shape = cfg->shapes[sw->shape].id;
        for (size_t i = 0; i < sr->n_points; i++) {
            const qsweep_point *pt = &sr->points[i];
            double e;
            bool ok = qm_nrmse_pct(pt->err.sse, pt->err.n, pt->w.m2, &e);
            snprintf(mid, sizeof mid, "quality.sweep.%s.%s.nrmse_pct", sw->id, pt->setting);
            row(b, mid, ok, e, "pct", "sweep %s on %s, shape %s: weight NRMSE%s", sw->id, dist, shape, pt->pareto ? " (Pareto-optimal)" : "");
            snprintf(mid, sizeof mid, "quality.sweep.%s.%s.bpw", sw->id, pt->setting);
            row(b, mid, true, pt->bpw, "bpw", "sweep %s: bits per weight including scales and zero points", sw->id);
        }
        char lim[32];
        snprintf(lim, sizeof lim, "%g", sw->max_bpw);
        for (char *p = lim; *p; p++)
            if (*p == '.') *p = '_';
        const qsweep_point *best = sr->has_best ? &sr->points[sr->best] : NULL;
        double e = 0;
        bool ok = best && qm_nrmse_pct(best->err.sse, best->err.n, best->w.m2, &e);
        snprintf(mid, sizeof mid, "quality.pareto.best_%s_le%sbpw.nrmse_pct", sw->id, lim);
        row(b, mid, ok, e, "pct", "lowest %s NRMSE of sweep %s at <= %g bits/weight: setting %s (%s)", dist, sw->id, sw->max_bpw,
            best ? best->setting : "none", best ? best->scheme.id : "no point within the limit");
        snprintf(mid, sizeof mid, "quality.pareto.best_%s_le%sbpw.bpw", sw->id, lim);
        row(b, mid, best != NULL, best ? best->bpw : 0, "bpw", "bits per weight of that setting (%s)", best ? best->setting : "none");
    }
}

char *qwrite_metrics(const quality_results *r) {
    const quality_config *cfg = r->cfg;
    text_buf b = {0};
    metrics_begin(&b);
    seed_metrics(&b, r);
    scheme_metrics(&b, r);
    dequant_metrics(&b, r);
    check_metrics(&b, r);
    sweep_metrics(&b, r);
    row(&b, "quality.runtime.wall_s", true, r->wall_s, "s", "wall-clock time of the quality computation (%d threads)", r->threads);
    row(&b, "quality.runtime.cpu_s", true, r->cpu_s, "s", "process CPU time of the quality computation, all threads");
    row(&b, "quality.runtime.threads", true, r->threads, "count", "OpenMP threads used");
    size_t rows = 0, total = 0;
    for (size_t i = 0; i < cfg->n_shapes; i++) {
        rows += qres_cell(r, 0, 0, i)->rows;
        total += cfg->shapes[i].n;
    }
    row(&b, "quality.sampling.quick", true, r->quick, "bool", "1 when --quick subsampled the columns");
    row(&b, "quality.sampling.columns_fraction", total > 0, total ? (double)rows / (double)total : 0, "x",
        "columns (output channels) used / columns of the shapes, over all shapes (%s)",
        r->quick ? "quick: evenly spaced columns" : "every column");
    row(&b, "quality.sampling.output_rows", true, (double)qres_cell(r, 0, 0, 0)->out_rows, "count",
        "output channels per shape in the output-error sample (evenly spaced), batch M = %zu", cfg->output_batch);
    qggml_metrics(&b, r); /* llama.cpp's quantizers (quality/qggml.h) */
    return tb_take(&b);
}
