/* metrics.project.tsv: model sizes, projections and calibration (ids in
 * docs/results-roofline.md). Every projection's description starts with "projection:" and
 * shows its inputs. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/metrics_tsv.h"
#include "project.h"

#define GIB 1073741824.0

static void model_metrics(text_buf *b, const project_run *p) {
    char id[200];
    for (size_t m = 0; m < p->n_models; m++) {
        const model_config *mc = &p->models[m];
        snprintf(id, sizeof id, "model.%s.params", mc->id);
        metrics_add(b, id, figures_value(&mc->figs, "parameters"), "count", "%s: %s%s", mc->name,
                    figures_get(&mc->figs, "parameters")->source,
                    mc->has_architecture ? " (equal to the count its architecture implies)" : "");
        for (size_t f = 0; f < weight_format_count; f++) {
            const model_format_size *s = project_size(p, m, f);
            const char *fid = weight_formats[f].id;
            snprintf(id, sizeof id, "model.%s.%s.weight_bytes", mc->id, fid);
            metrics_add(b, id, s->weight_bytes, "bytes",
                        "computed: %s stored as %s (%s)%s", mc->name, fid,
                        weight_formats[f].description, s->source[0] ? "" : "");
            snprintf(id, sizeof id, "model.%s.%s.weight_gib", mc->id, fid);
            metrics_add(b, id, s->weight_bytes / GIB, "gib", "computed: weight_bytes / 1024^3; bytes per weight from %s", s->source);
            snprintf(id, sizeof id, "model.%s.%s.weight_gb", mc->id, fid);
            metrics_add(b, id, s->weight_bytes / 1e9, "gb", "computed: weight_bytes / 1e9");
            snprintf(id, sizeof id, "model.%s.%s.bpw", mc->id, fid);
            metrics_add(b, id, s->bpw, "bpw", "computed: weight_bytes x 8 / %.0f parameters (scales, offsets%s included)",
                        s->params, mc->has_architecture ? " and FP16 norms" : "");
        }
    }
}

static void projection_metrics(text_buf *b, const project_run *p) {
    char id[240], base[200];
    for (size_t d = 0; d < p->n_devices; d++) {
        const device_config *dc = &p->devices[d];
        const figure *bwf = figures_get(&dc->figs, "bandwidth_gbps");
        char bw_in[480];
        if (bwf->measured[0]) snprintf(bw_in, sizeof bw_in, "bandwidth measured:%s (%.200s)", bwf->measured, bwf->resolve_note);
        else snprintf(bw_in, sizeof bw_in, "bandwidth %g GB/s (%s%.160s)", bwf->value,
                      bwf->status == FIG_UNCONFIRMED ? "unconfirmed: " : "", bwf->source);
        bool lpu = strcmp(dc->memory_kind, "sram") == 0;
        for (size_t m = 0; m < p->n_models; m++)
            for (size_t f = 0; f < weight_format_count; f++) {
                const projection *x = project_at(p, d, m, f);
                snprintf(base, sizeof base, "projection.%s.%s.%s", dc->id, p->models[m].id, weight_formats[f].id);
                bool have_mem = isfinite(x->devices_needed);
                bool have_bw = isfinite(x->decode_tok_s_bound);
                char why[800];
                snprintf(why, sizeof why, "projection not computed: %s; %s", x->note, bw_in);
                snprintf(id, sizeof id, "%s.bytes_per_token", base);
                metrics_add(b, id, x->bytes_per_token, "bytes",
                            "projection: weights read per decode token %.6g + KV cache %.6g (%.0f tokens of context)",
                            x->weight_bytes_per_token, x->kv_bytes_per_token, x->context);
                snprintf(id, sizeof id, "%s.weight_bytes_per_token", base);
                metrics_add(b, id, x->weight_bytes_per_token, "bytes", "projection: every layer matrix, LM head, norms and one embedding row");
                snprintf(id, sizeof id, "%s.kv_bytes_per_token", base);
                metrics_add(b, id, x->kv_bytes_per_token, "bytes", "projection: KV cache at %.0f tokens of context", x->context);
                double mem = device_memory_bytes(dc), wb = project_size(p, m, f)->weight_bytes;
                snprintf(id, sizeof id, "%s.fits", base);
                if (have_mem)
                    metrics_add(b, id, x->fits ? 1 : 0, "bool",
                                "projection: weights %.6g bytes vs %.6g bytes of memory per device",
                                wb, mem);
                else
                    metrics_add(b, id, NAN, "bool", "%s", why);
                snprintf(id, sizeof id, "%s.devices_needed", base);
                if (have_mem)
                    metrics_add(b, id, x->devices_needed, "count",
                                "projection: ceil(weights %.6g bytes / %.6g bytes per device); %.0f with the KV cache",
                                wb, mem, x->devices_needed_with_kv);
                else
                    metrics_add(b, id, NAN, "count", "%s", why);
                snprintf(id, sizeof id, "%s.decode_tok_s_bound", base);
                if (have_bw)
                    metrics_add(b, id, x->decode_tok_s_bound, "tok_s",
                                "projection: %.0f device(s) x %s / %.6g bytes per token (ideal split, no communication)",
                                x->devices_needed, bw_in, x->bytes_per_token);
                else
                    metrics_add(b, id, NAN, "tok_s", "%s", why);
                snprintf(id, sizeof id, "%s.decode_tok_s_bound_pipeline", base);
                if (have_bw)
                    metrics_add(b, id, x->decode_tok_s_bound_pipeline, "tok_s",
                                "projection: %s / %.6g bytes per token (devices in sequence)", bw_in, x->bytes_per_token);
                else
                    metrics_add(b, id, NAN, "tok_s", "%s", why);
                if (!lpu) {
                    const figure *hl = figures_get(&dc->figs, "host_link_gbps");
                    snprintf(id, sizeof id, "%s.single_device_tok_s_bound", base);
                    if (isfinite(x->single_device_tok_s_bound) && x->fits)
                        metrics_add(b, id, x->single_device_tok_s_bound, "tok_s",
                                    "projection: one device, the weights fit: %s / %.6g bytes per token",
                                    bw_in, x->bytes_per_token);
                    else if (isfinite(x->single_device_tok_s_bound))
                        metrics_add(b, id, x->single_device_tok_s_bound, "tok_s",
                                    "projection: one device; %.6g of %.6g bytes per token do not fit its %.6g bytes of memory and cross the host link at %g GB/s (%.120s) every token; the token takes at least the longer transfer",
                                    x->bytes_per_token - mem, x->bytes_per_token, mem, hl->value, hl->source);
                    else
                        metrics_add(b, id, NAN, "tok_s",
                                    "projection not computed: the weights do not fit one device and its config gives no host_link_gbps");
                    const figure *cb = figures_get(&dc->figs, "cpu_bandwidth_gbps");
                    if (cb && cb->has_value) {
                        snprintf(id, sizeof id, "%s.cpu_decode_tok_s_bound", base);
                        if (isfinite(x->cpu_decode_tok_s_bound))
                            metrics_add(b, id, x->cpu_decode_tok_s_bound, "tok_s",
                                        "projection: the CPU cores alone, %g GB/s (%.160s) / %.6g bytes per token",
                                        cb->value, cb->source, x->bytes_per_token);
                        else
                            metrics_add(b, id, NAN, "tok_s", "projection not computed: the weights do not fit the device's memory");
                    }
                }
                snprintf(id, sizeof id, "%s.prefill_tok_s_bound", base);
                if (isfinite(x->prefill_tok_s_bound)) {
                    const figure *cf = figures_get(&dc->figs, x->compute_figure);
                    metrics_add(b, id, x->prefill_tok_s_bound, "tok_s",
                                "projection: %.0f device(s) x %s %.6g (%s%.120s) / %.6g ops per prompt token",
                                x->devices_needed, x->compute_figure, cf->value,
                                cf->measured[0] ? "measured: " : "", cf->measured[0] ? cf->resolve_note : cf->source,
                                x->prefill_ops_per_token);
                } else {
                    metrics_add(b, id, NAN, "tok_s", "projection not computed: %s",
                                x->compute_figure ? x->note : "the device config gives no compute figure");
                }
                if (!lpu) continue;
                snprintf(id, sizeof id, "%s.chips_needed", base);
                metrics_add(b, id, x->devices_needed, "count",
                            "projection: ceil(weight bytes %.6g / SRAM per chip %.6g bytes)",
                            project_size(p, m, f)->weight_bytes, device_memory_bytes(dc));
                snprintf(id, sizeof id, "%s.aggregate_sram_tbps", base);
                metrics_add(b, id, x->aggregate_bandwidth_bps / 1e12, "tbps",
                            "projection: %.0f chips x %s", x->devices_needed, bw_in);
                snprintf(id, sizeof id, "%s.per_user_tok_s_bound", base);
                metrics_add(b, id, x->decode_tok_s_bound_pipeline, "tok_s",
                            "projection: a token passes the chips in sequence: %s per chip / %.6g bytes per token; hop latency not counted",
                            bw_in, x->bytes_per_token);
            }
    }
}

static void calibration_metrics(text_buf *b, const project_run *p) {
    char id[200], fmt[40];
    for (size_t i = 0; i < p->n_cal; i++) {
        const calibration *c = &p->cal[i];
        metrics_token(c->format, fmt, sizeof fmt);
        const char *model = p->calibration_model ? p->calibration_model->id : "?";
        char why[400];
        snprintf(why, sizeof why, "n/a: %s", c->note);
        snprintf(id, sizeof id, "calibration.%s.layer_ms_measured", fmt);
        if (c->measured)
            metrics_add(b, id, c->layer_s * 1e3, "ms",
                        "measured: sum of bench.tsv medians (M = 1, %d thread(s), kernel %s) of q %s, k %s, v %s, o %s, gate %s, up %s, down %s (%s shapes)",
                        c->threads, c->kernel, c->parts[0].shape, c->parts[1].shape, c->parts[2].shape,
                        c->parts[3].shape, c->parts[4].shape, c->parts[5].shape, c->parts[6].shape, model);
        else
            metrics_add(b, id, NAN, "ms", "%s", why);
        snprintf(id, sizeof id, "calibration.%s.model_tok_s_extrapolated", fmt);
        if (c->measured)
            metrics_add(b, id, c->tok_s_extrapolated, "tok_s",
                        "extrapolated from measurements: 1 / (%.0f layers x %.6g ms + LM head %.6g ms (%s)); matrix products only",
                        c->parts[0].count, c->layer_s * 1e3, c->lm_head_s * 1e3, c->parts[7].shape);
        else
            metrics_add(b, id, NAN, "tok_s", "%s", why);
        snprintf(id, sizeof id, "calibration.%s.model_tok_s_predicted", fmt);
        if (c->predicted)
            metrics_add(b, id, c->tok_s_predicted, "tok_s",
                        "projection for this machine: %s %.6g GB/s / %.6g bytes per token (the kernels' cost models)",
                        c->bandwidth_id, c->bandwidth_gbps, c->bytes_per_token);
        else
            metrics_add(b, id, NAN, "tok_s", "%s", why);
        snprintf(id, sizeof id, "calibration.%s.model_error_pct", fmt);
        if (c->predicted)
            metrics_add(b, id, c->error_pct, "pct",
                        "(predicted %.6g - extrapolated %.6g) / extrapolated x 100; positive = the bandwidth model promises more than the kernel delivers",
                        c->tok_s_predicted, c->tok_s_extrapolated);
        else
            metrics_add(b, id, NAN, "pct", "%s", why);
    }
}

/* One row: the value with its description, or NA with the reason when it is not finite. */
static void value_or_na(text_buf *b, const char *base, const char *name, double v,
                        const char *unit, const char *what, const char *why) {
    char id[260];
    snprintf(id, sizeof id, "%s.%s", base, name);
    if (isfinite(v)) metrics_add(b, id, v, unit, "%s", what);
    else metrics_add(b, id, NAN, unit, "n/a: %s", why);
}

static void decode_calibration_metrics(text_buf *b, const project_run *p) {
    char id[240], base[200], what[400];
    for (size_t i = 0; i < p->n_dcal; i++) {
        const decode_calibration *c = &p->dcal[i];
        snprintf(base, sizeof base, "calibration.decode.%s.%s.t%d", c->model, c->format, c->threads);
        snprintf(id, sizeof id, "%s.measured_tok_s", base);
        metrics_add_ci(b, id, c->measured, isfinite(c->lo) ? c->lo : c->measured,
                       isfinite(c->hi) ? c->hi : c->measured, "tok_s",
                       "measured: decode.%s.%s.tg.t%d.tok_s (end-to-end decode, metrics.decode.tsv)",
                       c->model, c->format, c->threads);
        snprintf(what, sizeof what, "projection for this machine: %s %.6g GB/s / %.6g bytes per token (the decode's own)",
                 c->bandwidth_id, c->bandwidth_gbps, c->bytes_per_token);
        value_or_na(b, base, "predicted_tok_s", c->predicted, "tok_s", what, c->note);
        snprintf(what, sizeof what, "(predicted %.6g - measured %.6g) / measured x 100; positive = the bandwidth model promises more than the decode delivers",
                 c->predicted, c->measured);
        value_or_na(b, base, "prediction_error_pct", c->prediction_error_pct, "pct", what, c->note);
        snprintf(what, sizeof what, "extrapolated from bench.tsv: the model's layers x its seven M = 1 products + the LM head, kernel %s, %d thread(s); matrix products only",
                 c->kernel, c->threads);
        value_or_na(b, base, "extrapolated_tok_s", c->extrapolated, "tok_s", what, c->note);
        snprintf(what, sizeof what, "(extrapolated %.6g - measured %.6g) / measured x 100: what the matrix-only extrapolation misses (attention, norms, activations, overheads)",
                 c->extrapolated, c->measured);
        value_or_na(b, base, "extrapolation_error_pct", c->extrapolation_error_pct, "pct", what, c->note);
    }
}

char *project_metrics(const project_run *p) {
    text_buf b = {0};
    metrics_begin(&b);
    metrics_add(&b, "projection.context_tokens", p->context, "count",
                "the context length at which the KV cache is counted in every projection");
    model_metrics(&b, p);
    projection_metrics(&b, p);
    calibration_metrics(&b, p);
    decode_calibration_metrics(&b, p);
    return tb_take(&b);
}
