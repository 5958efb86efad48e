/* Rendering the project step's results (see project.h). */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text_buf.h"
#include "project.h"

#define GIB 1073741824.0

static const char *const assumptions[] = {
    "Every number in this file is a projection from the figures shown beside it, not a measurement (except the calibration's measured side and this host's measured figures).",
    "Batch-1 decode reads every matrix of every layer, the LM head and the norm vectors in full once per token, one embedding row, and the whole KV cache of the context; activations are ignored (kilobytes).",
    "decode_tok_s_bound = devices_needed x bandwidth / bytes_per_token: each device streams its share at full bandwidth at the same time, with no communication cost (an upper bound for any split).",
    "decode_tok_s_bound_pipeline = bandwidth / bytes_per_token: the token passes through the devices in sequence (pipeline split), one device busy at a time.",
    "fits / devices_needed count the weights only against the memory of one device, with no room for runtime buffers; devices_needed_with_kv adds the KV cache at the chosen context.",
    "prefill_tok_s_bound = devices_needed x peak / operations per prompt token (2 x the layers' matrix parameters + 4 x layers x heads x head_dim x context/2 for attention; the LM head runs once per prompt). Peak: INT8 for formats with INT8 activations, else FP16, else FP32, whichever the device config gives.",
    "LPU (memory_kind sram): chips_needed = ceil(weight bytes / SRAM per chip); aggregate_sram_tbps = chips_needed x SRAM bandwidth per chip; per_user_tok_s_bound = SRAM bandwidth per chip / bytes per token, a token passing through the chips in sequence; chip-to-chip hops and their latency are not counted (they only lower the bound). The KV cache is counted in bytes per token but not in chips_needed.",
    "seed-70e9 has no architecture: every parameter is in the format, no KV cache, prefill operations = 2 x parameters.",
    NULL};

static cJSON *figures_json(const figure_set *fs) {
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; i < fs->n; i++) {
        const figure *f = &fs->items[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "name", f->spec->name);
        cJSON_AddStringToObject(o, "what", f->spec->what);
        if (isfinite(f->value)) cJSON_AddNumberToObject(o, "value", f->value);
        else cJSON_AddNullToObject(o, "value");
        if (f->measured[0]) {
            char ref[128];
            snprintf(ref, sizeof ref, "measured:%s", f->measured);
            cJSON_AddStringToObject(o, "written", ref);
            cJSON_AddStringToObject(o, "resolved", f->resolve_note);
        }
        cJSON_AddStringToObject(o, "source", f->source);
        cJSON_AddStringToObject(o, "status", figure_status_name(f->status));
        if (f->note[0]) cJSON_AddStringToObject(o, "note", f->note);
        cJSON_AddNumberToObject(o, "line", f->line);
        cJSON_AddItemToArray(a, o);
    }
    return a;
}

static void num_or_null(cJSON *o, const char *key, double v) {
    if (isfinite(v)) cJSON_AddNumberToObject(o, key, v);
    else cJSON_AddNullToObject(o, key);
}

static bool is_lpu(const device_config *d) { return strcmp(d->memory_kind, "sram") == 0; }

char *project_json(const project_run *p) {
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "label", "projection: first-principles bounds, not measurements");
    cJSON *as = cJSON_AddArrayToObject(doc, "assumptions");
    for (int i = 0; assumptions[i]; i++) cJSON_AddItemToArray(as, cJSON_CreateString(assumptions[i]));
    cJSON_AddNumberToObject(doc, "context_tokens", p->context);
    cJSON_AddBoolToObject(doc, "bytes_from_kernels", p->use_kernels);
    cJSON_AddStringToObject(doc, "measured_figures_from", p->roof_note);
    cJSON *devs = cJSON_AddArrayToObject(doc, "devices");
    for (size_t d = 0; d < p->n_devices; d++) {
        const device_config *dc = &p->devices[d];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "id", dc->id);
        cJSON_AddStringToObject(o, "name", dc->name);
        cJSON_AddStringToObject(o, "kind", dc->kind);
        cJSON_AddStringToObject(o, "memory_kind", dc->memory_kind);
        cJSON_AddStringToObject(o, "config", dc->path);
        if (dc->notes[0]) cJSON_AddStringToObject(o, "notes", dc->notes);
        cJSON_AddItemToObject(o, "figures", figures_json(&dc->figs));
        cJSON_AddItemToArray(devs, o);
    }
    cJSON *models = cJSON_AddArrayToObject(doc, "models");
    for (size_t m = 0; m < p->n_models; m++) {
        const model_config *mc = &p->models[m];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "id", mc->id);
        cJSON_AddStringToObject(o, "name", mc->name);
        cJSON_AddStringToObject(o, "config", mc->path);
        cJSON_AddItemToObject(o, "figures", figures_json(&mc->figs));
        if (mc->has_architecture) {
            cJSON_AddNumberToObject(o, "parameters_from_architecture", mc->derived_parameters);
            cJSON_AddNumberToObject(o, "kv_bytes_per_context_token", mc->kv_bytes_per_context_token);
            cJSON *mx = cJSON_AddArrayToObject(o, "matrices");
            for (size_t i = 0; i < mc->n_matrices; i++) {
                cJSON *e = cJSON_CreateObject();
                cJSON_AddStringToObject(e, "name", mc->matrices[i].name);
                cJSON_AddNumberToObject(e, "n", mc->matrices[i].n);
                cJSON_AddNumberToObject(e, "k", mc->matrices[i].k);
                cJSON_AddNumberToObject(e, "count", mc->matrices[i].count);
                cJSON_AddBoolToObject(e, "read_per_token", mc->matrices[i].per_token);
                cJSON_AddItemToArray(mx, e);
            }
        }
        cJSON *sz = cJSON_AddArrayToObject(o, "sizes");
        for (size_t f = 0; f < weight_format_count; f++) {
            const model_format_size *s = project_size(p, m, f);
            cJSON *e = cJSON_CreateObject();
            cJSON_AddStringToObject(e, "format", weight_formats[f].id);
            cJSON_AddNumberToObject(e, "weight_bytes", s->weight_bytes);
            cJSON_AddNumberToObject(e, "weight_gib", s->weight_bytes / GIB);
            cJSON_AddNumberToObject(e, "bpw", s->bpw);
            cJSON_AddNumberToObject(e, "weight_bytes_per_token", s->weight_bytes_per_token);
            cJSON_AddStringToObject(e, "bytes_per_weight_from", s->source);
            cJSON_AddItemToArray(sz, e);
        }
        cJSON_AddItemToArray(models, o);
    }
    cJSON *fmts = cJSON_AddArrayToObject(doc, "formats");
    for (size_t f = 0; f < weight_format_count; f++) {
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "id", weight_formats[f].id);
        cJSON_AddStringToObject(e, "description", weight_formats[f].description);
        cJSON_AddBoolToObject(e, "int8_activations", weight_format_int_compute(&weight_formats[f]));
        cJSON_AddItemToArray(fmts, e);
    }
    cJSON *pr = cJSON_AddArrayToObject(doc, "projections");
    for (size_t d = 0; d < p->n_devices; d++)
        for (size_t m = 0; m < p->n_models; m++)
            for (size_t f = 0; f < weight_format_count; f++) {
                const projection *x = project_at(p, d, m, f);
                cJSON *e = cJSON_CreateObject();
                cJSON_AddStringToObject(e, "label", "projection");
                cJSON_AddStringToObject(e, "device", p->devices[d].id);
                cJSON_AddStringToObject(e, "model", p->models[m].id);
                cJSON_AddStringToObject(e, "format", weight_formats[f].id);
                cJSON_AddNumberToObject(e, "context_tokens", x->context);
                cJSON_AddNumberToObject(e, "bytes_per_token", x->bytes_per_token);
                cJSON_AddNumberToObject(e, "weight_bytes_per_token", x->weight_bytes_per_token);
                cJSON_AddNumberToObject(e, "kv_bytes_per_token", x->kv_bytes_per_token);
                cJSON_AddBoolToObject(e, "fits", x->fits);
                num_or_null(e, "devices_needed", x->devices_needed);
                num_or_null(e, "devices_needed_with_kv", x->devices_needed_with_kv);
                num_or_null(e, "decode_tok_s_bound", x->decode_tok_s_bound);
                num_or_null(e, "decode_tok_s_bound_pipeline", x->decode_tok_s_bound_pipeline);
                cJSON_AddStringToObject(e, "compute_figure", x->compute_figure ? x->compute_figure : "none");
                num_or_null(e, "prefill_ops_per_token", x->prefill_ops_per_token);
                num_or_null(e, "prefill_tok_s_bound", x->prefill_tok_s_bound);
                if (is_lpu(&p->devices[d])) {
                    num_or_null(e, "chips_needed", x->devices_needed);
                    num_or_null(e, "aggregate_sram_tbps", x->aggregate_bandwidth_bps / 1e12);
                    num_or_null(e, "per_user_tok_s_bound", x->decode_tok_s_bound_pipeline);
                }
                if (x->note[0]) cJSON_AddStringToObject(e, "note", x->note);
                cJSON_AddItemToArray(pr, e);
            }
    cJSON *cal = cJSON_AddObjectToObject(doc, "calibration");
    cJSON_AddStringToObject(cal, "model", p->calibration_model ? p->calibration_model->id : "none");
    cJSON_AddStringToObject(cal, "timings_from", p->bench_note);
    cJSON_AddStringToObject(cal, "method",
                            "bench.tsv medians (M = 1) of the 7 layer matrices, matched by N x K, "
                            "summed per layer, x layers + LM head; predicted = measured read "
                            "bandwidth (roofline.stream.read.best.gbps) / the kernels' bytes per token; "
                            "error = (predicted - extrapolated) / extrapolated x 100");
    cJSON *ca = cJSON_AddArrayToObject(cal, "formats");
    for (size_t i = 0; i < p->n_cal; i++) {
        const calibration *c = &p->cal[i];
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "format", c->format);
        cJSON_AddBoolToObject(e, "measured", c->measured);
        if (c->measured) {
            cJSON_AddStringToObject(e, "kernel", c->kernel);
            cJSON_AddNumberToObject(e, "threads", c->threads);
            cJSON *parts = cJSON_AddArrayToObject(e, "parts");
            for (int k = 0; k < CALIBRATION_PARTS; k++) {
                cJSON *x = cJSON_CreateObject();
                cJSON_AddStringToObject(x, "matrix", c->parts[k].matrix);
                cJSON_AddStringToObject(x, "bench_shape", c->parts[k].shape);
                cJSON_AddNumberToObject(x, "median_ms", c->parts[k].median_s * 1e3);
                cJSON_AddNumberToObject(x, "bytes_moved", c->parts[k].bytes_moved);
                cJSON_AddNumberToObject(x, "count", c->parts[k].count);
                cJSON_AddItemToArray(parts, x);
            }
            cJSON_AddNumberToObject(e, "layer_ms_measured", c->layer_s * 1e3);
            cJSON_AddNumberToObject(e, "model_tok_s_extrapolated", c->tok_s_extrapolated);
            cJSON_AddNumberToObject(e, "bytes_per_token", c->bytes_per_token);
        }
        if (c->predicted) {
            cJSON_AddStringToObject(e, "bandwidth_metric", c->bandwidth_id);
            cJSON_AddNumberToObject(e, "bandwidth_gbps", c->bandwidth_gbps);
            cJSON_AddNumberToObject(e, "model_tok_s_predicted", c->tok_s_predicted);
            cJSON_AddNumberToObject(e, "model_error_pct", c->error_pct);
        }
        if (c->note[0]) cJSON_AddStringToObject(e, "note", c->note);
        cJSON_AddItemToArray(ca, e);
    }
    char *out = cJSON_Print(doc);
    cJSON_Delete(doc);
    return out;
}

static void num(text_buf *b, double v) {
    if (isfinite(v)) tb_printf(b, "\t%.8g", v);
    else tb_printf(b, "\tNA");
}

char *project_models_tsv(const project_run *p) {
    text_buf b = {0};
    tb_printf(&b, "model\tformat\tparams\tweight_bytes\tweight_gib\tweight_gb\tbpw\t"
                  "weight_bytes_per_token\tkv_bytes_per_context_token\tbytes_per_weight_from\n");
    for (size_t m = 0; m < p->n_models; m++)
        for (size_t f = 0; f < weight_format_count; f++) {
            const model_format_size *s = project_size(p, m, f);
            tb_printf(&b, "%s\t%s", p->models[m].id, weight_formats[f].id);
            num(&b, s->params);
            num(&b, s->weight_bytes);
            num(&b, s->weight_bytes / GIB);
            num(&b, s->weight_bytes / 1e9);
            num(&b, s->bpw);
            num(&b, s->weight_bytes_per_token);
            num(&b, s->kv_bytes_per_context_token);
            tb_printf(&b, "\t");
            tb_field(&b, s->source);
            tb_printf(&b, "\n");
        }
    return tb_take(&b);
}

/* "value (status): source" of a figure, for the TSV. */
static void figure_text(const figure_set *fs, const char *name, char *out, size_t len) {
    const figure *f = figures_get(fs, name);
    if (!f) {
        snprintf(out, len, "-");
        return;
    }
    if (f->measured[0])
        snprintf(out, len, "measured:%s -> %.150s", f->measured, f->resolve_note);
    else
        snprintf(out, len, "%g %s (%s): %.150s", f->value, name, figure_status_name(f->status), f->source);
}

char *project_tsv(const project_run *p) {
    text_buf b = {0};
    tb_printf(&b, "device\tmodel\tformat\tlabel\tcontext_tokens\tweight_bytes\t"
                  "weight_bytes_per_token\tkv_bytes_per_token\tbytes_per_token\tmemory_bytes\tfits\t"
                  "devices_needed\tdevices_needed_with_kv\tbandwidth_gbps\taggregate_bandwidth_gbps\t"
                  "decode_tok_s_bound\tdecode_tok_s_bound_pipeline\tcompute_figure\tcompute_tops\t"
                  "prefill_ops_per_token\tprefill_tok_s_bound\tbandwidth_input\tmemory_input\t"
                  "compute_input\tnote\n");
    for (size_t d = 0; d < p->n_devices; d++) {
        const device_config *dc = &p->devices[d];
        device_numbers dn;
        device_numbers_from(dc, &dn);
        char bw[400], mem[400];
        figure_text(&dc->figs, "bandwidth_gbps", bw, sizeof bw);
        figure_text(&dc->figs, figures_get(&dc->figs, "memory_gb") ? "memory_gb" : "memory_gib", mem, sizeof mem);
        for (size_t m = 0; m < p->n_models; m++)
            for (size_t f = 0; f < weight_format_count; f++) {
                const projection *x = project_at(p, d, m, f);
                const model_format_size *s = project_size(p, m, f);
                tb_printf(&b, "%s\t%s\t%s\tprojection", dc->id, p->models[m].id, weight_formats[f].id);
                num(&b, x->context);
                num(&b, s->weight_bytes);
                num(&b, x->weight_bytes_per_token);
                num(&b, x->kv_bytes_per_token);
                num(&b, x->bytes_per_token);
                num(&b, dn.memory_bytes);
                tb_printf(&b, "\t%s", isfinite(x->devices_needed) ? (x->fits ? "yes" : "no") : "NA");
                num(&b, x->devices_needed);
                num(&b, x->devices_needed_with_kv);
                num(&b, dn.bandwidth_bps / 1e9);
                num(&b, x->aggregate_bandwidth_bps / 1e9);
                num(&b, x->decode_tok_s_bound);
                num(&b, x->decode_tok_s_bound_pipeline);
                tb_printf(&b, "\t%s", x->compute_figure ? x->compute_figure : "none");
                num(&b, x->compute_ops_per_s / 1e12);
                num(&b, x->prefill_ops_per_token);
                num(&b, x->prefill_tok_s_bound);
                char comp[400] = "-";
                if (x->compute_figure) figure_text(&dc->figs, x->compute_figure, comp, sizeof comp);
                const char *texts[] = {bw, mem, comp, x->note[0] ? x->note : "-"};
                for (int t = 0; t < 4; t++) {
                    tb_printf(&b, "\t");
                    tb_field(&b, texts[t]);
                }
                tb_printf(&b, "\n");
            }
    }
    return tb_take(&b);
}

char *project_devices_tsv(const project_run *p) {
    text_buf b = {0};
    tb_printf(&b, "device\tfigure\tvalue\twritten\tstatus\tsource\tnote\tconfig\n");
    for (size_t d = 0; d < p->n_devices; d++) {
        const device_config *dc = &p->devices[d];
        for (size_t i = 0; i < dc->figs.n; i++) {
            const figure *f = &dc->figs.items[i];
            tb_printf(&b, "%s\t%s", dc->id, f->spec->name);
            num(&b, f->value);
            char written[160];
            if (f->measured[0]) snprintf(written, sizeof written, "measured:%s", f->measured);
            else snprintf(written, sizeof written, "%g", f->value);
            tb_printf(&b, "\t");
            tb_field(&b, written);
            tb_printf(&b, "\t%s\t", figure_status_name(f->status));
            tb_field(&b, f->source);
            tb_printf(&b, "\t");
            tb_field(&b, f->measured[0] ? f->resolve_note : f->note[0] ? f->note : "-");
            tb_printf(&b, "\t%s:%d\n", dc->path, f->line);
        }
    }
    return tb_take(&b);
}

char *project_calibration_tsv(const project_run *p) {
    text_buf b = {0};
    tb_printf(&b, "format\tkernel\tthreads\tmodel\tq_proj_ms\tk_proj_ms\tv_proj_ms\to_proj_ms\t"
                  "gate_proj_ms\tup_proj_ms\tdown_proj_ms\tlm_head_ms\tlayer_ms_measured\t"
                  "model_tok_s_extrapolated\tbytes_per_token\tbandwidth_gbps\t"
                  "model_tok_s_predicted\tmodel_error_pct\tnote\n");
    for (size_t i = 0; i < p->n_cal; i++) {
        const calibration *c = &p->cal[i];
        tb_printf(&b, "%s\t%s\t", c->format, c->measured ? c->kernel : "NA");
        if (c->measured) tb_printf(&b, "%d", c->threads);
        else tb_printf(&b, "NA");
        tb_printf(&b, "\t%s", p->calibration_model ? p->calibration_model->id : "NA");
        for (int k = 0; k < CALIBRATION_PARTS; k++) num(&b, c->measured ? c->parts[k].median_s * 1e3 : NAN);
        num(&b, c->measured ? c->layer_s * 1e3 : NAN);
        num(&b, c->measured ? c->tok_s_extrapolated : NAN);
        num(&b, c->measured ? c->bytes_per_token : NAN);
        num(&b, c->predicted ? c->bandwidth_gbps : NAN);
        num(&b, c->predicted ? c->tok_s_predicted : NAN);
        num(&b, c->predicted ? c->error_pct : NAN);
        tb_printf(&b, "\t");
        tb_field(&b, c->note[0] ? c->note : "-");
        tb_printf(&b, "\n");
    }
    return tb_take(&b);
}
