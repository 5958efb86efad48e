/* The TSV tables quality.<name>.tsv, each with a header row; NA marks a value that is n/a. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text_buf.h"
#include "qpareto.h"
#include "qwrite.h"

const char *const qwrite_table_names[] = {"weights", "output", "summary", "seeds",
                                          "dequant", "sweep",  "pareto",  "peers", NULL};

/* A macro, not a function: `ok` (often a call that fills v) is evaluated before v is read. */
#define num(b, ok, v)                                                                          \
    do {                                                                                       \
        if (ok) tb_printf(b, "\t%.6g", (double)(v));                                           \
        else tb_printf(b, "\tNA");                                                             \
    } while (0)

static void str(text_buf *b, const char *s) {
    tb_printf(b, "\t");
    tb_field(b, s && *s ? s : "-");
}

static void weights_table(text_buf *b, const quality_results *r) {
    const quality_config *cfg = r->cfg;
    tb_printf(b, "scheme\tdistribution\tshape\tn\tk\tseed_kxn\tcolumns_used\tcomputed_with\t"
                 "weight_nrmse_pct\tcolmean_nrmse_pct\tna_columns\tsqnr_db\tmax_abs_err\t"
                 "clip_pct\tbpw\tquantizer\n");
    for (size_t s = 0; s < cfg->n_schemes; s++)
        for (size_t d = 0; d < cfg->n_dists; d++)
            for (size_t i = 0; i < cfg->n_shapes; i++) {
                const qc_shape *sh = &cfg->shapes[i];
                const qcell *c = qres_cell(r, s, d, i);
                char label[160];
                double v;
                qconfig_scheme_summary(&cfg->schemes[s], label, sizeof label);
                tb_printf(b, "%s\t%s\t%s\t%zu\t%zu\t%zux%zu\t%zu", cfg->schemes[s].id,
                          cfg->dists[d].id, sh->id, sh->n, sh->k, sh->k, sh->n, c->rows);
                str(b, cfg->shapes[c->same_as].id);
                num(b, qval_weight_nrmse(r, c, sh, &v), v);
                num(b, qval_colmean_nrmse(r, c, sh, &v), v);
                tb_printf(b, "\t%.0f", c->err.na_cols);
                num(b, qval_sqnr(r, c, sh, &v), v);
                num(b, qval_max_abs(r, c, sh, &v), v);
                num(b, qval_clip_pct(r, c, sh, &v), v);
                num(b, qval_bpw(r, c, sh, &v), v);
                str(b, label);
                tb_printf(b, "\n");
            }
}

static void output_table(text_buf *b, const quality_results *r) {
    const quality_config *cfg = r->cfg;
    tb_printf(b, "scheme\tdistribution\tshape\tn\tk\trows_used\tbatch\tkernel\tstatus\t"
                 "output_nrmse_pct\toutput_wonly_nrmse_pct\tkernel_bpw\tisa_path\t"
                 "kernel_params\tkernel_vs_quant_max_diff\treason\n");
    for (size_t s = 0; s < cfg->n_schemes; s++)
        for (size_t d = 0; d < cfg->n_dists; d++)
            for (size_t i = 0; i < cfg->n_shapes; i++) {
                const qc_shape *sh = &cfg->shapes[i];
                const qcell *c = qres_cell(r, s, d, i);
                tb_printf(b, "%s\t%s\t%s\t%zu\t%zu\t%zu\t%zu", cfg->schemes[s].id,
                          cfg->dists[d].id, sh->id, sh->n, sh->k, c->out_rows, cfg->output_batch);
                str(b, cfg->schemes[s].kernel);
                str(b, c->kr.ok ? "ok" : "n/a");
                num(b, c->kr.ok, c->kr.nrmse_pct);
                num(b, c->wonly_ok, c->wonly_pct);
                num(b, c->kr.ok, c->kr.kernel_bpw);
                str(b, c->kr.ok ? c->kr.isa : "");
                str(b, c->kr.ok ? c->kr.params : "");
                num(b, c->kr.dequant_compared, c->kr.dequant_max_diff);
                str(b, c->kr.ok ? "" : c->kr.reason);
                tb_printf(b, "\n");
            }
}

static void summary_table(text_buf *b, const quality_results *r) {
    const quality_config *cfg = r->cfg;
    static const struct {
        const char *name;
        qcell_value f;
    } cols[] = {{"weight_nrmse_pct", qval_weight_nrmse}, {"colmean_nrmse_pct", qval_colmean_nrmse},
                {"sqnr_db", qval_sqnr}, {"max_abs_err", qval_max_abs}, {"clip_pct", qval_clip_pct},
                {"output_nrmse_pct", qval_output}, {"output_wonly_nrmse_pct", qval_wonly},
                {"bpw", qval_bpw}, {"kernel_bpw", qval_kernel_bpw}};
    tb_printf(b, "scheme\tdistribution\tquantizer\tkernel\tweight_nrmse_std_pct");
    for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++) tb_printf(b, "\t%s", cols[c].name);
    tb_printf(b, "\tdescription\n");
    for (size_t s = 0; s < cfg->n_schemes; s++)
        for (size_t d = 0; d < cfg->n_dists; d++) {
            char label[160];
            double m, sd;
            qconfig_scheme_summary(&cfg->schemes[s], label, sizeof label);
            tb_printf(b, "%s\t%s", cfg->schemes[s].id, cfg->dists[d].id);
            str(b, label);
            str(b, cfg->schemes[s].kernel);
            bool ok = qres_mean_over_seed_shapes(r, s, d, qval_weight_nrmse, &m, &sd);
            num(b, ok, sd);
            for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++) {
                ok = qres_mean_over_seed_shapes(r, s, d, cols[c].f, &m, NULL);
                num(b, ok, m);
            }
            str(b, cfg->schemes[s].description);
            tb_printf(b, "\n");
        }
}

static void seeds_table(text_buf *b, const quality_results *r) {
    const quality_config *cfg = r->cfg;
    tb_printf(b, "row\tshape\tk\tn");
    for (size_t i = 0; i < cfg->n_seed_schemes; i++)
        tb_printf(b, "\t%s_nrmse_pct\t%s_colmean_nrmse_pct", cfg->schemes[cfg->seed_schemes[i]].id,
                  cfg->schemes[cfg->seed_schemes[i]].id);
    tb_printf(b, "\n");
    for (size_t j = 0; j < cfg->n_seed_shapes; j++) {
        const qc_shape *sh = &cfg->shapes[cfg->seed_shapes[j]];
        char sid[64];
        qwrite_seed_shape_id(sh, sid, sizeof sid);
        tb_printf(b, "%s\t%s\t%zu\t%zu", sid, sh->id, sh->k, sh->n);
        for (size_t i = 0; i < cfg->n_seed_schemes; i++) {
            const qcell *c = qres_cell(r, cfg->seed_schemes[i], cfg->seed_dist, cfg->seed_shapes[j]);
            double v;
            num(b, qval_weight_nrmse(r, c, sh, &v), v);
            num(b, qval_colmean_nrmse(r, c, sh, &v), v);
        }
        tb_printf(b, "\n");
    }
    for (int stat = 0; stat < 2; stat++) {
        tb_printf(b, "%s\tseed_shapes\t-\t-", stat == 0 ? "mean" : "std");
        for (size_t i = 0; i < cfg->n_seed_schemes; i++) {
            double m, sd;
            bool ok = qres_mean_over_seed_shapes(r, cfg->seed_schemes[i], cfg->seed_dist,
                                                 qval_weight_nrmse, &m, &sd);
            num(b, ok, stat == 0 ? m : sd);
            ok = qres_mean_over_seed_shapes(r, cfg->seed_schemes[i], cfg->seed_dist,
                                            qval_colmean_nrmse, &m, &sd);
            num(b, ok, stat == 0 ? m : sd);
        }
        tb_printf(b, "\n");
    }
}

static void dequant_table(text_buf *b, const quality_results *r) {
    const quality_config *cfg = r->cfg;
    tb_printf(b, "shape\tk\tn\tscheme\tkernel\tdequant\tstatus\toutput_nrmse_pct\tkernel_params\t"
                 "reason\n");
    if (!cfg->has_dequant) return;
    const qc_scheme *sc = &cfg->schemes[cfg->dequant_scheme];
    for (size_t j = 0; j < cfg->n_seed_shapes; j++)
        for (int f = 0; f < 2; f++) {
            const qc_shape *sh = &cfg->shapes[cfg->seed_shapes[j]];
            const qout_kernel_result *k = f == 0 ? &r->dequant[j].seed : &r->dequant[j].correct;
            tb_printf(b, "%s\t%zu\t%zu\t%s", sh->id, sh->k, sh->n, sc->id);
            str(b, sc->kernel);
            str(b, f == 0 ? "seed" : "correct");
            str(b, k->ok ? "ok" : "n/a");
            num(b, k->ok, k->nrmse_pct);
            str(b, k->ok ? k->params : "");
            str(b, k->ok ? "" : k->reason);
            tb_printf(b, "\n");
        }
}

static void sweep_table(text_buf *b, const quality_results *r) {
    const quality_config *cfg = r->cfg;
    tb_printf(b, "sweep\tsetting\tdistribution\tshape\tgroup\tscale_type\tscales\tsearch\tbpw\t"
                 "weight_nrmse_pct\tcolmean_nrmse_pct\tsqnr_db\tmax_abs_err\tclip_pct\tpareto\t"
                 "best_within_max_bpw\n");
    for (size_t w = 0; w < cfg->n_sweeps; w++) {
        const qc_sweep *sw = &cfg->sweeps[w];
        for (size_t i = 0; i < r->sweeps[w].n_points; i++) {
            const qsweep_point *pt = &r->sweeps[w].points[i];
            const quant_scheme *q = &pt->scheme.q;
            double v;
            tb_printf(b, "%s\t%s\t%s\t%s\t", sw->id, pt->setting, cfg->dists[sw->dist].id,
                      cfg->shapes[sw->shape].id);
            if (q->group) tb_printf(b, "%zu", q->group);
            else tb_printf(b, "channel");
            tb_printf(b, "\t%s\t%s\t%s\t%.6g", q->fp16_params ? "fp16" : "fp32",
                      q->split ? "split" : "shared", pt->scheme.search ? "mse" : "minmax", pt->bpw);
            num(b, qm_nrmse_pct(pt->err.sse, pt->err.n, pt->w.m2, &v), v);
            num(b, qerr_colmean_pct(&pt->err, &v), v);
            num(b, qm_sqnr_db(pt->err.signal, pt->err.sse, &v), v);
            num(b, pt->err.n > 0, pt->err.max_abs);
            num(b, pt->err.n > 0, pt->err.n > 0 ? 100.0 * pt->err.clipped / pt->err.n : 0);
            tb_printf(b, "\t%s\t%s\n", pt->pareto ? "yes" : "no",
                      r->sweeps[w].has_best && r->sweeps[w].best == i ? "yes" : "no");
        }
    }
}

static int pareto_table(text_buf *b, const quality_results *r) {
    size_t n;
    qpareto_point *p = qpareto_points(r, &n);
    if (!p) return -1;
    tb_printf(b, "distribution\tkind\tid\tlabel\tbpw\tnrmse_pct\tmeasured\tpareto\tsource\n");
    for (size_t i = 0; i < n; i++) {
        tb_printf(b, "%s\t%s\t%s", p[i].dist, qpareto_kind_name(p[i].kind), p[i].id);
        str(b, p[i].label);
        tb_printf(b, "\t%.6g\t%.6g\t%s\t%s", p[i].bpw, p[i].nrmse_pct, p[i].measured ? "yes" : "no",
                  p[i].measured ? (p[i].pareto ? "yes" : "no") : "-");
        str(b, p[i].source);
        tb_printf(b, "\n");
    }
    free(p);
    return 0;
}

char *qwrite_table(const quality_results *r, const char *name) {
    text_buf b = {0};
    if (strcmp(name, "weights") == 0) weights_table(&b, r);
    else if (strcmp(name, "output") == 0) output_table(&b, r);
    else if (strcmp(name, "summary") == 0) summary_table(&b, r);
    else if (strcmp(name, "seeds") == 0) seeds_table(&b, r);
    else if (strcmp(name, "dequant") == 0) dequant_table(&b, r);
    else if (strcmp(name, "sweep") == 0) sweep_table(&b, r);
    else if (strcmp(name, "peers") == 0) qggml_table(&b, r); /* quality/qggml.h */
    else if (strcmp(name, "pareto") == 0) {
        if (pareto_table(&b, r)) b.failed = true;
    } else {
        return NULL;
    }
    return tb_take(&b);
}
