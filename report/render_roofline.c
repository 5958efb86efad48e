#include "render_roofline.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "markdown.h"
#include "render_audit.h"

void render_roofline(render_ctx *c, const run_data *r) {
    text_buf *b = c->b;
    name_set kinds = {0}, threads = {0};
    collect_metric_names(r, "roofline.stream.", ".gbps", 2, &kinds);
    collect_metric_names(r, "roofline.stream.", ".gbps", 3, &threads);
    if (!kinds.n && !r->has_bench) return;
    tb_printf(b, "## Roofline\n\n");
    char v[MD_NUM_LEN];
    if (kinds.n) {
        tb_printf(b, "Measured by the roofline step: STREAM-style bandwidth (GB/s) and compute "
                     "peaks per thread count.\n\n");
        md_row_start(b);
        md_cell(b, "threads");
        for (size_t k = 0; k < kinds.n; k++) md_cellf(b, "%s GB/s", kinds.items[k]);
        md_cell(b, "FP32 GFLOP/s peak");
        md_cell(b, "INT8 GOP/s peak");
        md_cell(b, "SGEMM GFLOP/s");
        md_row_end(b);
        md_row_start(b);
        for (size_t k = 0; k < kinds.n + 4; k++) tb_printf(b, k ? " ---: |" : " --- |");
        md_row_end(b);
        for (size_t t = 0; t < threads.n; t++) {
            const char *tt = threads.items[t]; /* "t1"; "best" is the highest of the rows */
            if (tt[0] != 't' || !(atof(tt + 1) > 0)) continue;
            double nt = atof(tt + 1);
            md_row_start(b);
            md_cell(b, tt + 1);
            for (size_t k = 0; k < kinds.n; k++)
                md_cell(b, md_num(run_roofs(r, kinds.items[k], nt).stream_gbps, 3, v));
            host_roofs h = run_roofs(r, c->rc->memory_roof, nt);
            md_cell(b, md_num(h.peak[PEAK_FP32], 3, v));
            md_cell(b, md_num(h.peak[PEAK_INT8], 3, v));
            md_cell(b, md_num(h.sgemm_gflops, 3, v));
            md_row_end(b);
        }
        tb_printf(b, "\n");
    }
    if (r->has_placement) {
        tb_printf(b, "Placement of every timed case, as the roofline step computed it "
                     "(roofline.placement.tsv): arithmetic intensity (operations per byte moved, "
                     "from each kernel's cost model), achieved GOP/s, and the roof at that "
                     "intensity: the read bandwidth of the cache level its working set falls in "
                     "times the intensity, or the measured peak of the format's compute kind "
                     "(formats/format_traits.h), whichever is lower.\n\n");
        md_header(b, "llrrrrrrl", "kernel", "shape", "M", "threads", "op/byte", "GOP/s",
               "roof GOP/s", "% of roof", "bound by");
        for (size_t i = 0; i < r->placement.n; i++) {
            const placement_row *p = &r->placement.rows[i];
            if (strcmp(p->status, "ok") != 0 || !isfinite(p->ai_ops_per_byte)) continue;
            bool placed = strcmp(p->binds, "NA") != 0;
            md_row_start(b);
            md_cellf(b, "`%s`", p->kernel);
            md_cell(b, p->shape);
            md_cellf(b, "%.0f", p->m);
            md_cellf(b, "%.0f", p->threads);
            md_cell(b, md_num(p->ai_ops_per_byte, 3, v));
            md_cell(b, md_num(p->gops, 3, v));
            md_cell(b, md_num(p->attainable_gops, 3, v));
            md_cell(b, md_num(p->pct_attainable, 2, v));
            if (!placed) md_cellf(b, "- (%s)", p->note);
            else if (strcmp(p->binds, "bandwidth") == 0) md_cellf(b, "bandwidth (%s)", p->level);
            else md_cellf(b, "compute (%s)", p->compute_roof);
            md_row_end(b);
        }
        tb_printf(b, "\n");
    } else if (r->has_bench) {
        tb_printf(b, "No placement in this run (roofline.placement.tsv: the roofline step did "
                     "not run after the bench step), so no %% of roof.\n\n");
    }
    name_set_free(&kinds);
    name_set_free(&threads);
}

void render_projection(render_ctx *c, const run_data *r) {
    text_buf *b = c->b;
    name_set devices = {0}, models = {0};
    collect_metric_names(r, "projection.", ".decode_tok_s_bound", 1, &devices);
    collect_metric_names(r, "projection.", ".decode_tok_s_bound", 2, &models);
    char v[MD_NUM_LEN], w[MD_NUM_LEN];
    if (devices.n) {
        tb_printf(b, "## Projections per device\n\n");
        tb_printf(b, "Models, not measurements: decode tokens/s bound = device memory bandwidth "
                     "/ bytes read per token (configs of the roofline step); a format that does "
                     "not fit one device shows the devices needed. The seeds' claims for the "
                     "same device and format are listed below the tables.\n\n");
        rc_sort(&c->rc->devices, devices.items, devices.n);
        rc_sort(&c->rc->models, models.items, models.n);
        for (size_t mi = 0; mi < models.n; mi++) {
            const char *m = models.items[mi];
            name_set formats = {0};
            char prefix[128];
            for (size_t d = 0; d < devices.n; d++) {
                snprintf(prefix, sizeof prefix, "projection.%s.%s.", devices.items[d], m);
                collect_metric_names(r, prefix, ".decode_tok_s_bound", 3, &formats);
            }
            rc_sort(&c->rc->formats, formats.items, formats.n);
            tb_printf(b, "**%s**, decode tokens/s bound (devices needed to hold the weights)\n\n", m);
            md_row_start(b);
            md_cell(b, "device");
            for (size_t f = 0; f < formats.n; f++) md_cell(b, formats.items[f]);
            md_row_end(b);
            md_row_start(b);
            tb_printf(b, " --- |");
            for (size_t f = 0; f < formats.n; f++) tb_printf(b, " ---: |");
            md_row_end(b);
            for (size_t d = 0; d < devices.n; d++) {
                md_row_start(b);
                md_cell(b, devices.items[d]);
                for (size_t f = 0; f < formats.n; f++) {
                    const char *dv = devices.items[d], *fm = formats.items[f];
                    double tok = run_metricf(r, "projection.%s.%s.%s.decode_tok_s_bound", dv, m, fm);
                    double need = run_metricf(r, "projection.%s.%s.%s.devices_needed", dv, m, fm);
                    if (isfinite(need) && need > 1)
                        md_cellf(b, "%s (%s)", md_num(tok, 3, v), md_num(need, 3, w));
                    else md_cell(b, md_num(tok, 3, v));
                }
                md_row_end(b);
            }
            tb_printf(b, "\n");
            name_set_free(&formats);
        }
        /* Groq specifics, per model */
        for (size_t mi = 0; mi < models.n; mi++) {
            const char *m = models.items[mi];
            name_set gf = {0};
            char prefix[128];
            snprintf(prefix, sizeof prefix, "projection.groq-lpu.%s.", m);
            collect_metric_names(r, prefix, ".chips_needed", 3, &gf);
            if (!gf.n) continue;
            rc_sort(&c->rc->formats, gf.items, gf.n);
            tb_printf(b, "**groq-lpu, %s**: weights held in on-chip SRAM across chips\n\n", m);
            md_header(b, "lrrr", "format", "chips needed", "per-user tokens/s bound (chips in sequence)",
                   "aggregate SRAM TB/s");
            for (size_t f = 0; f < gf.n; f++) {
                md_row_start(b);
                md_cell(b, gf.items[f]);
                md_cell(b, md_num(run_metricf(r, "projection.groq-lpu.%s.%s.chips_needed", m, gf.items[f]), 4, v));
                md_cell(b, md_num(run_metricf(r, "projection.groq-lpu.%s.%s.per_user_tok_s_bound", m, gf.items[f]), 3, v));
                md_cell(b, md_num(run_metricf(r, "projection.groq-lpu.%s.%s.aggregate_sram_tbps", m, gf.items[f]), 3, v));
                md_row_end(b);
            }
            tb_printf(b, "\n");
            name_set_free(&gf);
        }
    }
    /* the seeds' throughput claims, each against the bound of its own setting */
    render_audit_projection_claims(b, r);
    /* calibration */
    name_set cal = {0};
    collect_metric_names(r, "calibration.", ".model_tok_s_extrapolated", 1, &cal);
    if (cal.n) {
        rc_sort(&c->rc->formats, cal.items, cal.n);
        tb_printf(b, "### Calibration on this host\n\n");
        tb_printf(b, "Measured layer time extrapolated to the whole model, against the "
                     "bandwidth model's prediction for this machine.\n\n");
        md_header(b, "lrrrr", "format", "layer ms (measured)", "model tok/s (extrapolated)",
               "model tok/s (predicted)", "model error %");
        for (size_t f = 0; f < cal.n; f++) {
            md_row_start(b);
            md_cell(b, cal.items[f]);
            md_cell(b, md_num(run_metricf(r, "calibration.%s.layer_ms_measured", cal.items[f]), 3, v));
            md_cell(b, md_num(run_metricf(r, "calibration.%s.model_tok_s_extrapolated", cal.items[f]), 3, v));
            md_cell(b, md_num(run_metricf(r, "calibration.%s.model_tok_s_predicted", cal.items[f]), 3, v));
            md_cell(b, md_num(run_metricf(r, "calibration.%s.model_error_pct", cal.items[f]), 2, v));
            md_row_end(b);
        }
        tb_printf(b, "\n");
    }
    name_set_free(&cal);
    name_set_free(&devices);
    name_set_free(&models);
}
