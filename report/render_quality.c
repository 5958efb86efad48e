#include "render_quality.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "markdown.h"
#include "render_audit.h"

void render_models(render_ctx *c, const run_data *r) {
    text_buf *b = c->b;
    name_set models = {0}, formats = {0};
    collect_metric_names(r, "model.", ".weight_gib", 1, &models);
    if (!models.n) return;
    tb_printf(b, "## Model sizes\n\n");
    tb_printf(b, "Weights only (no KV cache), from the model step's parameter counts and each "
                 "format's bits per weight; GB = 10^9 bytes, GiB = 2^30 bytes.\n\n");
    rc_sort(&c->rc->models, models.items, models.n);
    char v[MD_NUM_LEN];
    for (size_t mi = 0; mi < models.n; mi++) {
        const char *m = models.items[mi];
        char prefix[128];
        snprintf(prefix, sizeof prefix, "model.%s.", m);
        name_set_free(&formats);
        collect_metric_names(r, prefix, ".weight_gib", 2, &formats);
        rc_sort(&c->rc->formats, formats.items, formats.n);
        const metric *p = find_metricf(r, "model.%s.params", m);
        tb_printf(b, "**%s**: %s parameters\n\n", m, p && !p->na ? md_num(p->value, 4, v) : "-");
        md_header(b, "lrrrr", "format", "bits/weight", "GB", "GiB", "share of FP16");
        double fp16 = run_metricf(r, "model.%s.fp16.weight_bytes", m);
        for (size_t fi = 0; fi < formats.n; fi++) {
            const char *f = formats.items[fi];
            md_row_start(b);
            md_cell(b, f);
            md_cell(b, md_num(run_metricf(r, "model.%s.%s.bpw", m, f), 4, v));
            md_cell(b, md_num(run_metricf(r, "model.%s.%s.weight_gb", m, f), 4, v));
            md_cell(b, md_num(run_metricf(r, "model.%s.%s.weight_gib", m, f), 4, v));
            double wb = run_metricf(r, "model.%s.%s.weight_bytes", m, f);
            md_cellf(b, "%s %%", md_num(isfinite(fp16) && fp16 > 0 ? 100 * wb / fp16 : NAN, 3, v));
            md_row_end(b);
        }
        tb_printf(b, "\n");
    }
    name_set_free(&models);
    name_set_free(&formats);
}

/* llama.cpp's formats, quantized by ggml in this run's quality step, against the figures
 * cited in configs/reference/ (a cross-check of the measurement, not an input). */
static void quality_peers_crosscheck(text_buf *b, const run_data *r) {
    name_set ids = {0};
    collect_metric_names(r, "quality.ggml_", ".measured_minus_cited_pct", 1, &ids);
    if (!ids.n) return;
    tb_printf(b, "llama.cpp's formats were quantized by ggml's own quantizers in this run (rows "
                 "above named `ggml_*`); the figures cited in configs/reference/ are a "
                 "cross-check: weight NRMSE %%, measured here, cited, and the difference.\n\n");
    md_header(b, "lrrrrrr", "format", "normal", "cited", "difference", "student_t4", "cited",
           "difference");
    char v[MD_NUM_LEN];
    for (size_t i = 0; i < ids.n; i++) {
        md_row_start(b);
        md_cell(b, ids.items[i]);
        static const char *const dists[] = {"normal", "student_t4"};
        for (int d = 0; d < 2; d++) {
            double e = run_metricf(r, "quality.%s.%s.mean_weight_nrmse_pct", ids.items[i], dists[d]);
            double diff = run_metricf(r, "quality.%s.%s.measured_minus_cited_pct", ids.items[i],
                                      dists[d]);
            md_cell(b, md_num(e, 4, v));
            md_cell(b, md_num(e - diff, 4, v));
            md_cell(b, md_num(diff, 2, v));
        }
        md_row_end(b);
    }
    tb_printf(b, "\n");
    name_set_free(&ids);
}

void render_quality(render_ctx *c, const run_data *r) {
    text_buf *b = c->b;
    name_set schemes = {0}, dists = {0};
    collect_metric_names(r, "quality.", ".mean_weight_nrmse_pct", 1, &schemes);
    collect_metric_names(r, "quality.", ".mean_weight_nrmse_pct", 2, &dists);
    const audit_result *a = &r->audit.result;
    bool any_repro = false;
    for (size_t ci = 0; ci < a->reg->n; ci++)
        for (int k = 0; k < CLAIMS_MAX_CHECKS; k++)
            any_repro |= a->reg->claims[ci].ck[k].present &&
                         a->reg->claims[ci].ck[k].reproduction_table;
    if (!schemes.n && !any_repro) return;
    tb_printf(b, "## Quantization quality\n\n");
    char v[MD_NUM_LEN];
    if (schemes.n) {
        rc_sort(&c->rc->schemes, schemes.items, schemes.n);
        rc_sort(&c->rc->dists, dists.items, dists.n);
        tb_printf(b, "Normalized weight RMSE (RMSE / std x 100, %%) by scheme and weight "
                     "distribution, with bits per weight and the output error of a product with "
                     "random activations (%%), from the quality step.\n\n");
        md_row_start(b);
        md_cell(b, "scheme");
        md_cell(b, "bits/weight");
        for (size_t d = 0; d < dists.n; d++) md_cellf(b, "weight NRMSE %%, %s", dists.items[d]);
        for (size_t d = 0; d < dists.n; d++) md_cellf(b, "SQNR dB, %s", dists.items[d]);
        md_cell(b, "output NRMSE %, normal");
        md_row_end(b);
        md_row_start(b);
        tb_printf(b, " --- |");
        for (size_t d = 0; d < 2 * dists.n + 2; d++) tb_printf(b, " ---: |");
        md_row_end(b);
        for (size_t s = 0; s < schemes.n; s++) {
            const char *sc = schemes.items[s];
            md_row_start(b);
            md_cell(b, sc);
            double bpw = NAN;
            for (size_t d = 0; d < dists.n && !isfinite(bpw); d++)
                bpw = run_metricf(r, "quality.%s.%s.mean_bpw", sc, dists.items[d]);
            md_cell(b, md_num(bpw, 4, v));
            for (size_t d = 0; d < dists.n; d++)
                md_cell(b, md_num(run_metricf(r, "quality.%s.%s.mean_weight_nrmse_pct", sc,
                                        dists.items[d]),
                            4, v));
            for (size_t d = 0; d < dists.n; d++)
                md_cell(b, md_num(run_metricf(r, "quality.%s.%s.mean_sqnr_db", sc, dists.items[d]), 4,
                            v));
            md_cell(b, md_num(run_metricf(r, "quality.%s.normal.mean_output_nrmse_pct", sc), 4, v));
            md_row_end(b);
        }
        tb_printf(b, "\n");
        quality_peers_crosscheck(b, r);
    }
    if (any_repro) render_audit_reproduction(b, r);
    name_set_free(&schemes);
    name_set_free(&dists);
}
