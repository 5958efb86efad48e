#include "projection.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

int model_format_size_compute(const model_config *m, const weight_format *f, bool use_kernels,
                              model_format_size *out) {
    memset(out, 0, sizeof *out);
    out->params = figures_value(&m->figs, "parameters");
    format_cost c;
    if (!m->has_architecture) {
        size_t k = (size_t)figures_value(&m->figs, "reference_k");
        weight_format_cost(f, k, use_kernels, &c);
        /* bytes per weight at rows of reference_k, applied to every parameter */
        out->weight_bytes = out->params * c.per_row / (double)k;
        out->weight_bytes_per_token = out->weight_bytes;
        out->prefill_flops_base = 2.0 * out->params;
        snprintf(out->source, sizeof out->source, "%.200s; every parameter in the format, rows of K = %zu",
                 c.source, k);
    } else {
        double norm_bytes = m->norm_values * figures_value(&m->figs, "norm_bytes_per_value");
        out->weight_bytes = norm_bytes;
        out->weight_bytes_per_token = norm_bytes;
        for (size_t i = 0; i < m->n_matrices; i++) {
            const model_matrix *mx = &m->matrices[i];
            weight_format_cost(f, (size_t)mx->k, use_kernels, &c);
            double bytes = c.fixed + c.per_row * mx->n;
            out->weight_bytes += bytes * mx->count;
            if (mx->per_token) out->weight_bytes_per_token += bytes * mx->count;
            else out->weight_bytes_per_token += c.per_row; /* one embedding row per token */
            if (strcmp(mx->name, "lm_head") && strcmp(mx->name, "embed_tokens"))
                out->prefill_flops_base += 2.0 * mx->n * mx->k * mx->count;
            if (i == 0) snprintf(out->source, sizeof out->source, "%s", c.source);
        }
        out->kv_bytes_per_context_token = m->kv_bytes_per_context_token;
        out->attention_flops_per_context_token = m->attention_flops_per_context_token;
    }
    out->bpw = out->params > 0 ? out->weight_bytes * 8.0 / out->params : NAN;
    return 0;
}

void device_numbers_from(const device_config *d, device_numbers *out) {
    out->memory_bytes = device_memory_bytes(d);
    out->bandwidth_bps = figures_value(&d->figs, "bandwidth_gbps") * 1e9;
    out->cpu_bandwidth_bps = figures_value(&d->figs, "cpu_bandwidth_gbps") * 1e9;
    out->host_link_bps = figures_value(&d->figs, "host_link_gbps") * 1e9;
    out->fp32_flops = figures_value(&d->figs, "fp32_tflops") * 1e12;
    out->fp16_flops = figures_value(&d->figs, "fp16_tflops") * 1e12;
    out->int8_ops = figures_value(&d->figs, "int8_tops") * 1e12;
}

void projection_compute(const device_numbers *d, const model_format_size *s, bool int_compute,
                        double context, projection *out) {
    memset(out, 0, sizeof *out);
    out->context = context;
    out->weight_bytes_per_token = s->weight_bytes_per_token;
    out->kv_bytes_per_token = s->kv_bytes_per_context_token * context;
    out->bytes_per_token = out->weight_bytes_per_token + out->kv_bytes_per_token;
    out->devices_needed = out->devices_needed_with_kv = NAN;
    out->decode_tok_s_bound = out->decode_tok_s_bound_pipeline = NAN;
    out->aggregate_bandwidth_bps = out->prefill_tok_s_bound = NAN;
    out->single_device_tok_s_bound = out->cpu_decode_tok_s_bound = NAN;
    out->compute_ops_per_s = NAN;
    if (isfinite(d->memory_bytes) && d->memory_bytes > 0) {
        out->fits = s->weight_bytes <= d->memory_bytes;
        out->devices_needed = ceil(s->weight_bytes / d->memory_bytes);
        out->devices_needed_with_kv = ceil((s->weight_bytes + out->kv_bytes_per_token) / d->memory_bytes);
    } else {
        snprintf(out->note, sizeof out->note, "memory size not resolved");
    }
    if (isfinite(d->bandwidth_bps) && d->bandwidth_bps > 0 && isfinite(out->devices_needed)) {
        out->aggregate_bandwidth_bps = out->devices_needed * d->bandwidth_bps;
        out->decode_tok_s_bound = out->aggregate_bandwidth_bps / out->bytes_per_token;
        out->decode_tok_s_bound_pipeline = d->bandwidth_bps / out->bytes_per_token;
    } else if (!out->note[0]) {
        snprintf(out->note, sizeof out->note, "bandwidth not resolved");
    }
    if (isfinite(d->bandwidth_bps) && d->bandwidth_bps > 0 && isfinite(d->memory_bytes)) {
        if (out->fits) {
            out->single_device_tok_s_bound = d->bandwidth_bps / out->bytes_per_token;
        } else if (isfinite(d->host_link_bps) && d->host_link_bps > 0) {
            double resident = fmin(d->memory_bytes, out->bytes_per_token);
            double t = fmax(resident / d->bandwidth_bps,
                            (out->bytes_per_token - resident) / d->host_link_bps);
            out->single_device_tok_s_bound = 1.0 / t;
        }
    }
    if (out->fits && isfinite(d->cpu_bandwidth_bps) && d->cpu_bandwidth_bps > 0)
        out->cpu_decode_tok_s_bound = d->cpu_bandwidth_bps / out->bytes_per_token;
    typedef struct { const char *name; double v; } peak_choice;
    peak_choice order[3];
    int n = 0;
    if (int_compute) order[n++] = (peak_choice){"int8_tops", d->int8_ops};
    order[n++] = (peak_choice){"fp16_tflops", d->fp16_flops};
    order[n++] = (peak_choice){"fp32_tflops", d->fp32_flops};
    for (int i = 0; i < n; i++)
        if (isfinite(order[i].v) && order[i].v > 0) {
            out->compute_figure = order[i].name;
            out->compute_ops_per_s = order[i].v;
            break;
        }
    out->prefill_ops_per_token = s->prefill_flops_base + s->attention_flops_per_context_token * context / 2.0;
    if (out->compute_figure && isfinite(out->devices_needed))
        out->prefill_tok_s_bound = out->devices_needed * out->compute_ops_per_s / out->prefill_ops_per_token;
    else if (!out->note[0])
        snprintf(out->note, sizeof out->note, "no compute figure for this device");
}
