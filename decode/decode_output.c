#include "decode_output.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <string.h>

#include "harness/fingerprint.h"
#include "base/metrics_tsv.h"
#include "base/text_buf.h"

void decode_kernels_text(const decode_case *c, char *buf, size_t len) {
    buf[0] = '\0';
    if (!c->kernel_of[0]) return;
    /* the kernel of most roles first, then the roles that differ */
    const kernel *main = c->kernel_of[MAT_GATE];
    size_t used = (size_t)snprintf(buf, len, "%s", main->name);
    for (int r = 0; r < MAT_COUNT && used < len; r++)
        if (c->kernel_of[r] != main)
            used += (size_t)snprintf(buf + used, len - used, ", %s: %s", decode_matrix_names[r],
                                     c->kernel_of[r]->name);
}

static void num(text_buf *b, double v) {
    if (isfinite(v)) tb_printf(b, "\t%.6g", v);
    else tb_printf(b, "\tNA");
}

char *decode_tsv(const decode_run *r) {
    text_buf b = {0};
    tb_printf(&b, "model\tformat\tkernels\tkv_cache\tthreads\ttest\ttokens\tstatus\trepetitions"
                  "\tmedian_tok_s\tlo_tok_s\thi_tok_s\tci_coverage\tmedian_s\tmatmul_pct"
                  "\tattention_pct\tnorms_pct\tother_pct\tweight_bytes\tbytes_per_token"
                  "\tbound_gbps\tbound_tok_s\tpct_of_bound\tmemory_need_bytes"
                  "\tmemory_budget_bytes\tmessage\n");
    const char *kv = r->cfg->kv_fp16 ? "f16" : "f32";
    for (size_t i = 0; i < r->n_cases; i++) {
        const decode_case *c = &r->cases[i];
        char kernels[300];
        decode_kernels_text(c, kernels, sizeof kernels);
        size_t rows = c->status == CASE_OK ? c->n_sums : 1;
        for (size_t j = 0; j < rows; j++) {
            const decode_summary *s = c->status == CASE_OK ? &c->sums[j] : NULL;
            tb_field(&b, c->shape.id);
            tb_printf(&b, "\t");
            tb_field(&b, c->format->name);
            tb_printf(&b, "\t");
            tb_field(&b, kernels[0] ? kernels : "-");
            tb_printf(&b, "\t%s", kv);
            if (s) {
                tb_printf(&b, "\t%d\t%s\t%zu\tok\t%d", s->series->threads,
                          decode_test_names[s->series->test], s->series->tokens, s->series->n);
                num(&b, s->tok_s.value);
                num(&b, s->tok_s.lo);
                num(&b, s->tok_s.hi);
                num(&b, s->tok_s.coverage);
                num(&b, (double)s->series->tokens / s->tok_s.value);
                for (int q = 0; q < PART_COUNT; q++) num(&b, s->part_pct[q]);
                num(&b, c->weight_bytes);
                num(&b, s->series->test == TEST_TG ? c->bytes_per_token : NAN);
                num(&b, s->bound_gbps);
                num(&b, s->bound_tok_s);
                num(&b, s->pct_of_bound);
            } else {
                tb_printf(&b, "\t-\t-\t-\t%s\t0", decode_status_names[c->status]);
                for (int q = 0; q < 14; q++) tb_printf(&b, "\tNA"); /* median_tok_s .. pct_of_bound */
            }
            num(&b, c->mem.need);
            num(&b, c->mem.budget);
            tb_printf(&b, "\t");
            tb_field(&b, c->message[0] ? c->message : "-");
            tb_printf(&b, "\n");
        }
    }
    return tb_take(&b);
}

static cJSON *series_json(const decode_case *c, const decode_summary *s) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "test", decode_test_names[s->series->test]);
    cJSON_AddNumberToObject(o, "threads", s->series->threads);
    cJSON_AddNumberToObject(o, "tokens", (double)s->series->tokens);
    cJSON *sec = cJSON_AddArrayToObject(o, "seconds");
    for (int i = 0; i < s->series->n; i++) cJSON_AddItemToArray(sec, cJSON_CreateNumber(s->series->seconds[i]));
    cJSON *t = cJSON_AddObjectToObject(o, "tok_s");
    cJSON_AddNumberToObject(t, "median", s->tok_s.value);
    cJSON_AddNumberToObject(t, "lo", s->tok_s.lo);
    cJSON_AddNumberToObject(t, "hi", s->tok_s.hi);
    cJSON_AddNumberToObject(t, "coverage", s->tok_s.coverage);
    cJSON *parts = cJSON_AddObjectToObject(o, "parts_seconds");
    for (int q = 0; q < PART_COUNT; q++)
        cJSON_AddNumberToObject(parts, decode_part_names[q], (double)s->series->part_ns[q] * 1e-9);
    cJSON_AddNumberToObject(o, "last_token", s->series->last_token);
    if (s->has_vs_baseline) {
        cJSON *v = cJSON_AddObjectToObject(o, "tok_s_over_baseline");
        cJSON_AddNumberToObject(v, "ratio", s->vs_baseline.value);
        cJSON_AddNumberToObject(v, "lo", s->vs_baseline.lo);
        cJSON_AddNumberToObject(v, "hi", s->vs_baseline.hi);
        cJSON_AddNumberToObject(v, "coverage", s->vs_baseline.coverage);
    }
    if (s->series->test == TEST_TG) {
        cJSON *bd = cJSON_AddObjectToObject(o, "bandwidth_bound");
        cJSON_AddStringToObject(bd, "bandwidth", s->bound_id);
        if (isfinite(s->bound_tok_s)) {
            cJSON_AddNumberToObject(bd, "gbps", s->bound_gbps);
            cJSON_AddNumberToObject(bd, "bytes_per_token", c->bytes_per_token);
            cJSON_AddNumberToObject(bd, "tok_s", s->bound_tok_s);
            cJSON_AddNumberToObject(bd, "pct_of_bound", s->pct_of_bound);
        }
    }
    return o;
}

static cJSON *case_json(const decode_run *r, const decode_case *c) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "model", c->shape.id);
    cJSON_AddStringToObject(o, "model_name", c->shape.name);
    cJSON_AddStringToObject(o, "model_config", c->shape.path);
    cJSON *sh = cJSON_AddObjectToObject(o, "shape");
    cJSON_AddNumberToObject(sh, "layers", (double)c->shape.layers);
    cJSON_AddNumberToObject(sh, "hidden", (double)c->shape.hidden);
    cJSON_AddNumberToObject(sh, "ffn", (double)c->shape.ffn);
    cJSON_AddNumberToObject(sh, "heads", (double)c->shape.heads);
    cJSON_AddNumberToObject(sh, "kv_heads", (double)c->shape.kv_heads);
    cJSON_AddNumberToObject(sh, "head_dim", (double)c->shape.head_dim);
    cJSON_AddNumberToObject(sh, "vocab", (double)c->shape.vocab);
    cJSON_AddNumberToObject(sh, "rope_theta", c->shape.rope_theta);
    cJSON_AddNumberToObject(sh, "norm_eps", c->shape.norm_eps);
    cJSON_AddNumberToObject(sh, "matrix_weights", decode_matrix_weights(&c->shape));
    cJSON_AddStringToObject(o, "format", c->format->name);
    cJSON_AddStringToObject(o, "format_spec", c->format->spec);
    cJSON_AddStringToObject(o, "status", decode_status_names[c->status]);
    cJSON_AddStringToObject(o, "message", c->message);
    cJSON_AddStringToObject(o, "kernel_choice", c->choice);
    cJSON_AddStringToObject(o, "kv_cache", r->cfg->kv_fp16 ? "f16" : "f32");
    if (c->kernel_of[0]) {
        cJSON *k = cJSON_AddObjectToObject(o, "kernels");
        cJSON *isa = cJSON_AddObjectToObject(o, "isa_paths");
        for (int q = 0; q < MAT_COUNT; q++) {
            cJSON_AddStringToObject(k, decode_matrix_names[q], c->kernel_of[q]->name);
            cJSON_AddStringToObject(isa, decode_matrix_names[q],
                                    c->kernel_of[q]->isa_path ? c->kernel_of[q]->isa_path() : "c");
        }
    }
    if (c->mem.need > 0) {
        cJSON *m = cJSON_AddObjectToObject(o, "memory_plan_bytes");
        cJSON_AddNumberToObject(m, "weights", c->mem.weights);
        cJSON_AddNumberToObject(m, "scratch", c->mem.scratch);
        cJSON_AddNumberToObject(m, "kv_cache", c->mem.kv_cache);
        cJSON_AddNumberToObject(m, "buffers", c->mem.buffers);
        cJSON_AddNumberToObject(m, "need", c->mem.need);
        cJSON_AddNumberToObject(m, "mem_available", c->mem.available);
        if (isfinite(c->mem.limit)) cJSON_AddNumberToObject(m, "limit", c->mem.limit);
        cJSON_AddNumberToObject(m, "budget", c->mem.budget);
    }
    if (c->status == CASE_OK) {
        cJSON_AddNumberToObject(o, "weight_bytes", c->weight_bytes);
        cJSON *mb = cJSON_AddObjectToObject(o, "matrix_bytes");
        for (int q = 0; q < MAT_COUNT; q++) cJSON_AddNumberToObject(mb, decode_matrix_names[q], c->matrix_bytes[q]);
        cJSON_AddNumberToObject(o, "kv_bytes_per_token", c->kv_bytes_per_token);
        cJSON_AddNumberToObject(o, "bytes_per_token", c->bytes_per_token);
        cJSON_AddNumberToObject(o, "build_seconds", c->build_s);
        cJSON_AddNumberToObject(o, "measure_seconds", c->measure_s);
        cJSON *ser = cJSON_AddArrayToObject(o, "series");
        for (size_t i = 0; i < c->n_sums; i++) cJSON_AddItemToArray(ser, series_json(c, &c->sums[i]));
    }
    return o;
}

char *decode_json(const decode_run *r) {
    const decode_config *cfg = r->cfg;
    cJSON *doc = cJSON_CreateObject();
    timer_info ti;
    timer_measure(&ti);
    cJSON_AddItemToObject(doc, "context", fingerprint_collect(&ti));
    cJSON *c = cJSON_AddObjectToObject(doc, "config");
    cJSON_AddStringToObject(c, "path", cfg->path);
    cJSON_AddStringToObject(c, "models_dir", cfg->models_dir);
    cJSON *th = cJSON_AddArrayToObject(c, "threads");
    for (size_t i = 0; i < cfg->n_threads; i++) cJSON_AddItemToArray(th, cJSON_CreateNumber(cfg->threads[i]));
    cJSON_AddNumberToObject(c, "pp", (double)cfg->pp);
    cJSON_AddNumberToObject(c, "tg", (double)cfg->tg);
    cJSON_AddNumberToObject(c, "repetitions", cfg->repetitions);
    cJSON_AddNumberToObject(c, "warmup", cfg->warmup);
    cJSON_AddStringToObject(c, "kv_cache", cfg->kv_fp16 ? "f16" : "f32");
    cJSON_AddNumberToObject(c, "seed", (double)cfg->seed);
    cJSON_AddNumberToObject(c, "context", (double)r->context);
    if (isfinite(cfg->memory_limit_bytes)) cJSON_AddNumberToObject(c, "memory_limit_bytes", cfg->memory_limit_bytes);
    cJSON_AddStringToObject(c, "too_big", cfg->skip_too_big ? "skip" : "refuse");
    cJSON_AddStringToObject(c, "baseline", cfg->baseline);
    cJSON *cases = cJSON_AddArrayToObject(doc, "cases");
    for (size_t i = 0; i < r->n_cases; i++) cJSON_AddItemToArray(cases, case_json(r, &r->cases[i]));
    char *text = cJSON_Print(doc);
    cJSON_Delete(doc);
    return text;
}

static void case_metrics(text_buf *b, const decode_run *r, const decode_case *c) {
    char base[160], id[320], kernels[300];
    snprintf(base, sizeof base, "decode.%s.%s", c->shape.id, c->format->name);
    decode_kernels_text(c, kernels, sizeof kernels);
    snprintf(id, sizeof id, "%s.measured", base);
    metrics_add(b, id, c->status == CASE_OK ? 1 : 0, "bool", "%s %s (%s): %s%s%s", c->shape.id,
                c->format->name, kernels[0] ? kernels : "no kernel", decode_status_names[c->status],
                c->message[0] ? ": " : "", c->message);
    if (c->mem.need > 0) {
        snprintf(id, sizeof id, "%s.memory_need_bytes", base);
        metrics_add(b, id, c->mem.need, "bytes",
                    "computed before allocating: weights %.6g (kernels' cost models) + scratch %.6g + KV cache %.6g + buffers %.6g; budget %.6g",
                    c->mem.weights, c->mem.scratch, c->mem.kv_cache, c->mem.buffers, c->mem.budget);
    }
    if (c->status != CASE_OK) return;
    for (int r = 0; r < MAT_COUNT; r++) { /* matrices per kernel, each kernel once */
        bool first = true;
        for (int q = 0; q < r; q++) first &= c->kernel_of[q] != c->kernel_of[r];
        if (!first) continue;
        double count = 0;
        for (int q = 0; q < MAT_COUNT; q++)
            if (c->kernel_of[q] == c->kernel_of[r]) count += (double)decode_matrix_count(&c->shape, (decode_matrix_role)q);
        snprintf(id, sizeof id, "%s.matrices.%s", base, c->kernel_of[r]->name);
        metrics_add(b, id, count, "count", "matrices of the model run by kernel %s (%s)",
                    c->kernel_of[r]->name, c->kernel_of[r]->description);
    }
    snprintf(id, sizeof id, "%s.weight_bytes", base);
    metrics_add(b, id, c->weight_bytes, "bytes", "as packed by %s (each kernel's cost model) + FP32 norm gains", kernels);
    snprintf(id, sizeof id, "%s.bytes_per_token", base);
    metrics_add(b, id, c->bytes_per_token, "bytes",
                "read per generated token: weights %.6g + KV cache %.6g (%s, mean context of the tg run)",
                c->weight_bytes, c->kv_bytes_per_token, r->cfg->kv_fp16 ? "FP16" : "FP32");
    for (size_t i = 0; i < c->n_sums; i++) {
        const decode_summary *s = &c->sums[i];
        const char *test = decode_test_names[s->series->test];
        char sb[200];
        snprintf(sb, sizeof sb, "%s.%s.t%d", base, test, s->series->threads);
        snprintf(id, sizeof id, "%s.tok_s", sb);
        metrics_add_ci(b, id, s->tok_s.value, s->tok_s.lo, s->tok_s.hi, "tok_s",
                       "measured: %s%zu with %s, %d thread(s): median of %d repetitions, interval of the median (coverage %.1f %%)",
                       test, s->series->tokens, kernels, s->series->threads, s->series->n, 100.0 * s->tok_s.coverage);
        for (int q = 0; q < PART_COUNT; q++) {
            snprintf(id, sizeof id, "%s.%s_pct", sb, decode_part_names[q]);
            metrics_add(b, id, s->part_pct[q], "pct", "measured: share of the %s time spent in %s", test, decode_part_names[q]);
        }
        if (s->has_vs_baseline) {
            snprintf(id, sizeof id, "%s.vs_%s", sb, r->cfg->baseline);
            metrics_add_ci(b, id, s->vs_baseline.value, s->vs_baseline.lo, s->vs_baseline.hi, "x",
                           "measured: %s tok/s over %s's on %s, %d thread(s): Hodges-Lehmann ratio of the times with its interval (coverage %.1f %%); the two ran one after the other",
                           c->format->name, r->cfg->baseline, c->shape.id, s->series->threads, 100.0 * s->vs_baseline.coverage);
        }
        if (s->series->test != TEST_TG) continue;
        snprintf(id, sizeof id, "%s.bound_tok_s", sb);
        if (isfinite(s->bound_tok_s))
            metrics_add(b, id, s->bound_tok_s, "tok_s", "model: measured %s %.6g GB/s / %.6g bytes per token",
                        s->bound_id, s->bound_gbps, c->bytes_per_token);
        else
            metrics_add(b, id, NAN, "tok_s", "no bound: %s", s->bound_id);
        snprintf(id, sizeof id, "%s.pct_of_bound", sb);
        if (isfinite(s->pct_of_bound))
            metrics_add_ci(b, id, s->pct_of_bound, 100.0 * s->tok_s.lo / s->bound_tok_s,
                           100.0 * s->tok_s.hi / s->bound_tok_s, "pct",
                           "measured tg tok/s / bandwidth bound x 100 (interval: the tok/s interval over the bound)");
        else
            metrics_add(b, id, NAN, "pct", "no bound: %s", s->bound_id);
    }
}

char *decode_metrics(const decode_run *r) {
    text_buf b = {0};
    metrics_begin(&b);
    metrics_add(&b, "decode.context_tokens", (double)r->context, "count",
                "KV cache positions of every decode case (the longer of pp %zu and tg %zu)", r->cfg->pp, r->cfg->tg);
    metrics_add(&b, "decode.kv_bytes_per_value", r->cfg->kv_fp16 ? 2 : 4, "bytes", "KV cache stored as %s",
                r->cfg->kv_fp16 ? "FP16" : "FP32");
    for (size_t i = 0; i < r->n_cases; i++) {
        const decode_case *c = &r->cases[i];
        bool first = true; /* one row per model */
        for (size_t j = 0; j < i; j++) first &= strcmp(r->cases[j].shape.id, c->shape.id) != 0;
        if (!first) continue;
        char id[160];
        snprintf(id, sizeof id, "decode.%s.layers", c->shape.id);
        metrics_add(&b, id, (double)c->shape.layers, "count", "%s (%s): decoder layers run; %.6g weights in its matrices",
                    c->shape.name, c->shape.path, decode_matrix_weights(&c->shape));
    }
    for (size_t i = 0; i < r->n_cases; i++) case_metrics(&b, r, &r->cases[i]);
    return tb_take(&b);
}

#define DASHES "----------------------------------------"

/* Four significant figures without an exponent (tok/s from 0.01 to millions). */
static const char *tok_s_text(double v, char out[24]) {
    if (v >= 1e4) snprintf(out, 24, "%.0f", v);
    else snprintf(out, 24, "%.4g", v);
    return out;
}

void decode_print_table(FILE *out, const decode_run *r) {
    fprintf(out, "| %-14s | %-8s | %-30s | %7s | %6s | %32s | %7s |\n", "model", "format", "kernels",
            "threads", "test", "t/s [95% interval of the median]", "% bound");
    fprintf(out, "| %.14s | %.8s | %.30s | %.7s | %.6s | %.32s | %.7s |\n", DASHES, DASHES, DASHES,
            DASHES, DASHES, DASHES, DASHES);
    for (size_t i = 0; i < r->n_cases; i++) {
        const decode_case *c = &r->cases[i];
        char kernels[300];
        decode_kernels_text(c, kernels, sizeof kernels);
        if (c->status != CASE_OK) {
            fprintf(out, "| %-14s | %-8s | %-30s | %s: %s\n", c->shape.id, c->format->name,
                    kernels[0] ? kernels : "-", decode_status_names[c->status], c->message);
            continue;
        }
        for (size_t j = 0; j < c->n_sums; j++) {
            const decode_summary *s = &c->sums[j];
            char test[32], val[96], pct[32] = "-";
            snprintf(test, sizeof test, "%s%zu", decode_test_names[s->series->test], s->series->tokens);
            char v[3][24];
            snprintf(val, sizeof val, "%s [%s, %s]", tok_s_text(s->tok_s.value, v[0]),
                     tok_s_text(s->tok_s.lo, v[1]), tok_s_text(s->tok_s.hi, v[2]));
            if (isfinite(s->pct_of_bound)) snprintf(pct, sizeof pct, "%.1f", s->pct_of_bound);
            fprintf(out, "| %-14s | %-8s | %-30s | %7d | %6s | %32s | %7s |\n", c->shape.id,
                    c->format->name, kernels, s->series->threads, test, val, pct);
        }
    }
}
