/* quality.json: the whole result with its context. An n/a value is null. */
#include <stdio.h>
#include <stdlib.h>

#include "base/build_info.h"
#include "base/rng.h"
#include "qdist.h"
#include "qpareto.h"
#include "qscheme.h"
#include "qwrite.h"

/* A macro, not a function: `ok` (often a call that fills v) is evaluated before v is read. */
#define add_num(o, key, ok, v)                                                                 \
    do {                                                                                       \
        if (ok) cJSON_AddNumberToObject(o, key, (double)(v));                                   \
        else cJSON_AddNullToObject(o, key);                                                    \
    } while (0)

static cJSON *context_json(const quality_results *r, const qwrite_context *ctx) {
    const quality_config *cfg = r->cfg;
    cJSON *c = cJSON_CreateObject();
    cJSON_AddStringToObject(c, "config", cfg->path);
    cJSON_AddStringToObject(c, "name", cfg->name);
    cJSON_AddStringToObject(c, "description", cfg->description);
    cJSON_AddNumberToObject(c, "seed", (double)cfg->seed);
    cJSON_AddNumberToObject(c, "threads", r->threads);
    cJSON_AddStringToObject(c, "git_revision", build_git_rev());
    cJSON_AddBoolToObject(c, "git_dirty", build_git_dirty());
    if (ctx->run_id) cJSON_AddStringToObject(c, "run_id", ctx->run_id);
    if (ctx->executable) cJSON_AddStringToObject(c, "executable", ctx->executable);
    cJSON *s = cJSON_AddObjectToObject(c, "sampling");
    cJSON_AddBoolToObject(s, "quick", r->quick);
    if (r->quick) cJSON_AddNumberToObject(s, "columns_per_shape", (double)cfg->quick_columns);
    else cJSON_AddStringToObject(s, "columns_per_shape", "all");
    cJSON_AddStringToObject(s, "column_selection",
                            "rows i * N / used for i < used (evenly spaced; all rows when used >= N)");
    cJSON_AddNumberToObject(s, "output_rows", (double)(r->quick ? cfg->quick_output_rows : cfg->output_rows));
    cJSON_AddNumberToObject(s, "output_batch", (double)cfg->output_batch);
    cJSON_AddStringToObject(s, "activations", "X ~ N(0, 1), stream quality:X:<M>x<K>");
    cJSON *q = cJSON_AddObjectToObject(c, "search");
    cJSON_AddNumberToObject(q, "steps", cfg->search.steps);
    cJSON_AddNumberToObject(q, "min_ratio", cfg->search.min_ratio);
    cJSON_AddNumberToObject(c, "wall_s", r->wall_s);
    cJSON_AddNumberToObject(c, "cpu_s", r->cpu_s);
    return c;
}

static cJSON *dists_json(const quality_results *r) {
    const quality_config *cfg = r->cfg;
    cJSON *a = cJSON_CreateArray();
    for (size_t d = 0; d < cfg->n_dists; d++) {
        const qc_dist *di = &cfg->dists[d];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "id", di->id);
        cJSON_AddStringToObject(o, "kind", qconfig_dist_kind_name(di->kind));
        cJSON_AddStringToObject(o, "description", di->description);
        if (di->kind == QD_STUDENT_T) cJSON_AddNumberToObject(o, "dof", di->dof);
        if (di->kind == QD_OUTLIER_CHANNELS) {
            cJSON_AddNumberToObject(o, "outlier_fraction", di->outlier_fraction);
            cJSON_AddNumberToObject(o, "outlier_scale", di->outlier_scale);
        }
        cJSON_AddStringToObject(o, "streams",
                                "quality:W:normal:<N>x<K> (rng_normal, index row*K+k); "
                                "quality:W:chi2:<N>x<K> (student_t); quality:outlier_channels:<K>");
        cJSON_AddItemToArray(a, o);
    }
    return a;
}

static cJSON *outliers_json(const quality_results *r) {
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; i < r->n_outlier_k; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "k", (double)r->outlier_k[i]);
        cJSON *ch = cJSON_AddArrayToObject(o, "channels");
        for (size_t j = 0; j < r->n_outlier_idx[i]; j++)
            cJSON_AddItemToArray(ch, cJSON_CreateNumber((double)r->outlier_idx[i][j]));
        cJSON_AddItemToArray(a, o);
    }
    return a;
}

static cJSON *scheme_json(const qc_scheme *s, size_t k) {
    cJSON *o = cJSON_CreateObject();
    char label[160];
    qconfig_scheme_summary(s, label, sizeof label);
    cJSON_AddStringToObject(o, "id", s->id);
    cJSON_AddStringToObject(o, "description", s->description);
    cJSON_AddStringToObject(o, "type", qconfig_scheme_type_name(s->type));
    cJSON_AddStringToObject(o, "quantizer", label);
    if (s->type == QS_UNIFORM) {
        cJSON_AddNumberToObject(o, "bits_even", s->q.bits_even);
        cJSON_AddNumberToObject(o, "bits_odd", s->q.bits_odd);
        cJSON_AddBoolToObject(o, "symmetric", s->q.symmetric);
        cJSON_AddBoolToObject(o, "split", s->q.split);
        if (s->q.group) cJSON_AddNumberToObject(o, "group", (double)s->q.group);
        else cJSON_AddStringToObject(o, "group", "channel");
        cJSON_AddStringToObject(o, "scale_type", s->q.fp16_params ? "fp16" : "fp32");
        cJSON_AddStringToObject(o, "search", s->search ? "mse" : "none");
        if (s->code_storage_bits > 0)
            cJSON_AddNumberToObject(o, "code_storage_bits", s->code_storage_bits);
    }
    if (k) cJSON_AddNumberToObject(o, "bpw_at_k", qscheme_bpw(s, k));
    if (s->kernel[0]) cJSON_AddStringToObject(o, "kernel", s->kernel);
    else cJSON_AddNullToObject(o, "kernel");
    return o;
}

static cJSON *kernel_json(const qout_kernel_result *k) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "status", k->ok ? "ok" : "n/a");
    add_num(o, "output_nrmse_pct", k->ok, k->nrmse_pct);
    if (k->ok) {
        cJSON_AddStringToObject(o, "isa_path", k->isa);
        cJSON_AddStringToObject(o, "params", k->params);
        cJSON_AddNumberToObject(o, "kernel_bpw", k->kernel_bpw);
        add_num(o, "kernel_vs_quant_max_diff", k->dequant_compared, k->dequant_max_diff);
    } else {
        cJSON_AddStringToObject(o, "reason", k->reason);
    }
    return o;
}

static cJSON *cells_json(const quality_results *r) {
    const quality_config *cfg = r->cfg;
    cJSON *a = cJSON_CreateArray();
    for (size_t s = 0; s < cfg->n_schemes; s++)
        for (size_t d = 0; d < cfg->n_dists; d++)
            for (size_t i = 0; i < cfg->n_shapes; i++) {
                const qc_shape *sh = &cfg->shapes[i];
                const qcell *c = qres_cell(r, s, d, i);
                cJSON *o = cJSON_CreateObject();
                double v;
                cJSON_AddStringToObject(o, "scheme", cfg->schemes[s].id);
                cJSON_AddStringToObject(o, "distribution", cfg->dists[d].id);
                cJSON_AddStringToObject(o, "shape", sh->id);
                cJSON_AddStringToObject(o, "computed_with", cfg->shapes[c->same_as].id);
                cJSON_AddNumberToObject(o, "columns_used", (double)c->rows);
                add_num(o, "weight_nrmse_pct", qval_weight_nrmse(r, c, sh, &v), v);
                add_num(o, "colmean_nrmse_pct", qval_colmean_nrmse(r, c, sh, &v), v);
                cJSON_AddNumberToObject(o, "na_columns", c->err.na_cols);
                add_num(o, "sqnr_db", qval_sqnr(r, c, sh, &v), v);
                add_num(o, "max_abs_err", qval_max_abs(r, c, sh, &v), v);
                add_num(o, "clip_pct", qval_clip_pct(r, c, sh, &v), v);
                add_num(o, "bpw", qval_bpw(r, c, sh, &v), v);
                cJSON_AddNumberToObject(o, "weights_std", qm_std(c->w));
                cJSON_AddNumberToObject(o, "weights_mean", c->w.mean);
                cJSON_AddNumberToObject(o, "output_rows_used", (double)c->out_rows);
                add_num(o, "output_wonly_nrmse_pct", c->wonly_ok, c->wonly_pct);
                cJSON_AddItemToObject(o, "kernel", kernel_json(&c->kr));
                cJSON_AddItemToArray(a, o);
            }
    return a;
}

static cJSON *seeds_json(const quality_results *r) {
    const quality_config *cfg = r->cfg;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "distribution", cfg->dists[cfg->seed_dist].id);
    cJSON_AddStringToObject(o, "method",
                            "sqrt(mean((w - w')^2)) / std(w) * 100 over each whole matrix "
                            "(std with denominator n); mean and std (denominator n) over the "
                            "seed shapes");
    cJSON *a = cJSON_AddArrayToObject(o, "schemes");
    for (size_t i = 0; i < cfg->n_seed_schemes; i++) {
        size_t s = cfg->seed_schemes[i];
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "scheme", cfg->schemes[s].id);
        cJSON *per = cJSON_AddArrayToObject(e, "shapes");
        for (size_t j = 0; j < cfg->n_seed_shapes; j++) {
            const qc_shape *sh = &cfg->shapes[cfg->seed_shapes[j]];
            cJSON *p = cJSON_CreateObject();
            char sid[64];
            double v;
            qwrite_seed_shape_id(sh, sid, sizeof sid);
            cJSON_AddStringToObject(p, "id", sid);
            cJSON_AddStringToObject(p, "shape", sh->id);
            cJSON_AddNumberToObject(p, "k", (double)sh->k);
            cJSON_AddNumberToObject(p, "n", (double)sh->n);
            add_num(p, "nrmse_pct",
                    qval_weight_nrmse(r, qres_cell(r, s, cfg->seed_dist, cfg->seed_shapes[j]), sh, &v), v);
            cJSON_AddItemToArray(per, p);
        }
        double m, sd;
        bool ok = qres_mean_over_seed_shapes(r, s, cfg->seed_dist, qval_weight_nrmse, &m, &sd);
        add_num(e, "mean_nrmse_pct", ok, m);
        add_num(e, "std_nrmse_pct", ok, sd);
        cJSON_AddItemToArray(a, e);
    }
    return o;
}

static cJSON *dequant_json(const quality_results *r) {
    const quality_config *cfg = r->cfg;
    cJSON *a = cJSON_CreateArray();
    if (!cfg->has_dequant) return a;
    for (size_t j = 0; j < cfg->n_seed_shapes; j++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "shape", cfg->shapes[cfg->seed_shapes[j]].id);
        cJSON_AddStringToObject(o, "scheme", cfg->schemes[cfg->dequant_scheme].id);
        cJSON_AddItemToObject(o, "seed_formula", kernel_json(&r->dequant[j].seed));
        cJSON_AddItemToObject(o, "correct", kernel_json(&r->dequant[j].correct));
        cJSON_AddItemToArray(a, o);
    }
    return a;
}

static cJSON *sweeps_json(const quality_results *r) {
    const quality_config *cfg = r->cfg;
    cJSON *a = cJSON_CreateArray();
    for (size_t w = 0; w < cfg->n_sweeps; w++) {
        const qc_sweep *sw = &cfg->sweeps[w];
        const qsweep_result *sr = &r->sweeps[w];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "id", sw->id);
        cJSON_AddStringToObject(o, "base_scheme", cfg->schemes[sw->scheme].id);
        cJSON_AddStringToObject(o, "distribution", cfg->dists[sw->dist].id);
        cJSON_AddStringToObject(o, "shape", cfg->shapes[sw->shape].id);
        cJSON_AddNumberToObject(o, "max_bpw", sw->max_bpw);
        if (sr->has_best) cJSON_AddStringToObject(o, "best_within_max_bpw", sr->points[sr->best].setting);
        else cJSON_AddNullToObject(o, "best_within_max_bpw");
        cJSON *pts = cJSON_AddArrayToObject(o, "points");
        for (size_t i = 0; i < sr->n_points; i++) {
            const qsweep_point *pt = &sr->points[i];
            cJSON *p = scheme_json(&pt->scheme, cfg->shapes[sw->shape].k);
            double v;
            cJSON_AddStringToObject(p, "setting", pt->setting);
            cJSON_AddNumberToObject(p, "bpw", pt->bpw);
            add_num(p, "weight_nrmse_pct", qm_nrmse_pct(pt->err.sse, pt->err.n, pt->w.m2, &v), v);
            add_num(p, "colmean_nrmse_pct", qerr_colmean_pct(&pt->err, &v), v);
            add_num(p, "sqnr_db", qm_sqnr_db(pt->err.signal, pt->err.sse, &v), v);
            cJSON_AddNumberToObject(p, "max_abs_err", pt->err.max_abs);
            cJSON_AddNumberToObject(p, "columns_used", (double)pt->rows);
            cJSON_AddBoolToObject(p, "pareto", pt->pareto);
            cJSON_AddItemToArray(pts, p);
        }
        cJSON_AddItemToArray(a, o);
    }
    return a;
}

static cJSON *pareto_json(const quality_results *r) {
    size_t n;
    qpareto_point *p = qpareto_points(r, &n);
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; p && i < n; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "distribution", p[i].dist);
        cJSON_AddStringToObject(o, "kind", qpareto_kind_name(p[i].kind));
        cJSON_AddStringToObject(o, "id", p[i].id);
        cJSON_AddStringToObject(o, "label", p[i].label);
        cJSON_AddNumberToObject(o, "bpw", p[i].bpw);
        cJSON_AddNumberToObject(o, "nrmse_pct", p[i].nrmse_pct);
        cJSON_AddBoolToObject(o, "measured", p[i].measured);
        if (p[i].measured) cJSON_AddBoolToObject(o, "pareto", p[i].pareto);
        cJSON_AddStringToObject(o, "source", p[i].source);
        cJSON_AddItemToArray(a, o);
    }
    free(p);
    return a;
}

char *qwrite_json(const quality_results *r, const qwrite_context *ctx) {
    const quality_config *cfg = r->cfg;
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "schema", "q35bench.quality/1");
    cJSON_AddItemToObject(root, "context", context_json(r, ctx));
    if (ctx->machine) cJSON_AddItemReferenceToObject(root, "machine", ctx->machine);
    if (ctx->config_text) cJSON_AddStringToObject(root, "config_text", ctx->config_text);
    cJSON_AddItemToObject(root, "distributions", dists_json(r));
    cJSON_AddItemToObject(root, "outlier_channels", outliers_json(r));
    cJSON *shapes = cJSON_AddArrayToObject(root, "shapes");
    for (size_t i = 0; i < cfg->n_shapes; i++) {
        cJSON *o = cJSON_CreateObject();
        char sid[64];
        qwrite_seed_shape_id(&cfg->shapes[i], sid, sizeof sid);
        cJSON_AddStringToObject(o, "id", cfg->shapes[i].id);
        cJSON_AddNumberToObject(o, "n", (double)cfg->shapes[i].n);
        cJSON_AddNumberToObject(o, "k", (double)cfg->shapes[i].k);
        cJSON_AddStringToObject(o, "seed_id", sid);
        cJSON_AddItemToArray(shapes, o);
    }
    cJSON *schemes = cJSON_AddArrayToObject(root, "schemes");
    for (size_t s = 0; s < cfg->n_schemes; s++)
        cJSON_AddItemToArray(schemes, scheme_json(&cfg->schemes[s], 0));
    cJSON_AddItemToObject(root, "cells", cells_json(r));
    cJSON_AddItemToObject(root, "seed_reproduction", seeds_json(r));
    cJSON_AddItemToObject(root, "dequant", dequant_json(r));
    if (cfg->has_q35d_check) {
        cJSON *o = cJSON_AddObjectToObject(root, "q35d_check");
        cJSON_AddStringToObject(o, "q35", cfg->schemes[cfg->q35d_check[0]].id);
        cJSON_AddStringToObject(o, "q35d", cfg->schemes[cfg->q35d_check[1]].id);
        cJSON_AddBoolToObject(o, "weights_equal", r->q35d_weights_equal);
        cJSON_AddNumberToObject(o, "matrices_compared", (double)r->q35d_cells_compared);
        if (r->q35d_kernel_compared) cJSON_AddBoolToObject(o, "kernel_dequant_equal", r->q35d_kernel_equal);
        else {
            cJSON_AddNullToObject(o, "kernel_dequant_equal");
            cJSON_AddStringToObject(o, "kernel_reason", r->q35d_kernel_reason);
        }
    }
    cJSON_AddItemToObject(root, "sweeps", sweeps_json(r));
    cJSON_AddItemToObject(root, "pareto", pareto_json(r));
    cJSON_AddItemToObject(root, "peers", qggml_json(r)); /* llama.cpp's quantizers */
    if (r->has_refs) {
        cJSON *o = cJSON_AddObjectToObject(root, "references");
        cJSON_AddStringToObject(o, "path", r->refs.path);
        cJSON_AddStringToObject(o, "name", r->refs.name);
        cJSON_AddStringToObject(o, "citation", r->refs.citation);
        cJSON_AddStringToObject(o, "note", "cited figures, not measured by this run");
    }
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    return text;
}
