#include "results.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/metrics_tsv.h"
#include "bench_tsv.h"
#include "noise.h"
#include "base/text_buf.h"

#define MS_PER_S 1e3

void results_rates(const case_result *c, case_rates *out) {
    memset(out, 0, sizeof *out);
    double weights = (double)c->n * (double)c->k;
    if (weights > 0) out->bits_per_weight = c->cost.weight_bytes * 8.0 / weights;
    if (c->status != CASE_OK || !(c->real.median > 0)) return;
    out->gbps = c->cost.bytes_moved / c->real.median * 1e-9;
    out->weight_gbps = c->cost.weight_bytes / c->real.median * 1e-9;
    out->gops = c->cost.ops / c->real.median * 1e-9;
}

/* A number, or null when it is not finite (JSON has no NaN). */
static void json_number(cJSON *o, const char *key, double v) {
    if (isfinite(v)) cJSON_AddNumberToObject(o, key, v);
    else cJSON_AddNullToObject(o, key);
}

static void add_case_fields(cJSON *e, const case_result *c) {
    case_rates r;
    results_rates(c, &r);
    cJSON_AddStringToObject(e, "status", case_status_name(c->status));
    cJSON_AddStringToObject(e, "sweep", c->sweep);
    cJSON_AddStringToObject(e, "kernel", c->kernel);
    cJSON_AddStringToObject(e, "format", c->format);
    cJSON_AddStringToObject(e, "shape", c->shape);
    cJSON_AddNumberToObject(e, "n", (double)c->n);
    cJSON_AddNumberToObject(e, "k", (double)c->k);
    cJSON_AddNumberToObject(e, "m", (double)c->m);
    cJSON_AddStringToObject(e, "isa_path", c->isa);
    cJSON_AddStringToObject(e, "params", c->params);
    cJSON_AddNumberToObject(e, "weight_bytes", c->cost.weight_bytes);
    cJSON_AddNumberToObject(e, "bits_per_weight", r.bits_per_weight);
    cJSON_AddNumberToObject(e, "bytes_moved", c->cost.bytes_moved);
    cJSON_AddNumberToObject(e, "ops", c->cost.ops);
    cJSON_AddNumberToObject(e, "gate_bound", c->gate_bound);
    if (c->gate.channels_checked) {
        cJSON_AddBoolToObject(e, "gate_passed", c->gate.passed);
        cJSON_AddNumberToObject(e, "gate_max_error", c->gate.max_error);
        cJSON_AddNumberToObject(e, "gate_nrmse", c->gate.nrmse);
        cJSON_AddNumberToObject(e, "format_nrmse", c->gate.format_nrmse);
        cJSON_AddNumberToObject(e, "gate_channels_checked", (double)c->gate.channels_checked);
    }
    cJSON_AddNumberToObject(e, "pack_seconds", c->pack_s);
    if (c->status == CASE_OK) {
        cJSON *ci = cJSON_AddObjectToObject(e, "median_ci"); /* ms, ci_median */
        cJSON_AddNumberToObject(ci, "lo", c->median.lo * MS_PER_S);
        cJSON_AddNumberToObject(ci, "hi", c->median.hi * MS_PER_S);
        cJSON_AddNumberToObject(ci, "coverage", c->median.coverage);
        cJSON *how = cJSON_AddObjectToObject(e, "timing");
        cJSON_AddNumberToObject(how, "block", c->block);
        cJSON_AddNumberToObject(how, "attempts", c->attempts);
        cJSON_AddNumberToObject(how, "kept_attempt", c->kept_attempt);
        cJSON_AddNumberToObject(how, "first_cv", c->first_cv);
        cJSON_AddBoolToObject(how, "noisy", c->noisy);
        cJSON_AddNumberToObject(how, "repetitions_cut_short", c->meas.cut_short);
        cJSON *q = cJSON_AddObjectToObject(e, "quietness"); /* /proc over its repetitions */
        json_number(q, "load_avg", noise_load_avg(&c->noise));
        json_number(q, "steal_pct", noise_steal_pct(&c->noise));
        json_number(q, "other_cpu_pct", noise_other_cpu_pct(&c->noise));
        if (c->roof_valid) {
            cJSON *r = cJSON_AddObjectToObject(e, "dram_read_roof");
            cJSON_AddNumberToObject(r, "gbps", c->roof_gbps.value);
            cJSON_AddNumberToObject(r, "lo", c->roof_gbps.lo);
            cJSON_AddNumberToObject(r, "hi", c->roof_gbps.hi);
            cJSON_AddBoolToObject(r, "case_above_roof", c->above_roof);
        }
    }
    cJSON *ctr = cJSON_AddObjectToObject(e, "counters"); /* around the timed repetitions */
    const counter_values *cv = &c->meas.counters;
    cJSON_AddBoolToObject(ctr, "valid", cv->valid);
    if (cv->valid) {
        cJSON_AddNumberToObject(ctr, "calls", (double)cv->calls);
        for (int i = 0; i < cv->n; i++) cJSON_AddNumberToObject(ctr, cv->event[i], (double)cv->value[i]);
    } else {
        cJSON_AddStringToObject(ctr, "note", c->status != CASE_OK ? "not timed"
                                             : cv->note[0]        ? cv->note
                                                                  : "no counter provider");
    }
}

static cJSON *entry(const case_result *c, const char *name, const char *run_type) {
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "name", name);
    cJSON_AddStringToObject(e, "run_name", c->name);
    cJSON_AddStringToObject(e, "run_type", run_type);
    cJSON_AddNumberToObject(e, "repetitions", c->meas.repetitions ? c->meas.repetitions : 1);
    cJSON_AddNumberToObject(e, "threads", c->threads);
    return e;
}

static void add_times(cJSON *e, double iterations, double real_s, double cpu_s,
                      const case_result *c, bool rates) {
    cJSON_AddNumberToObject(e, "iterations", iterations);
    cJSON_AddNumberToObject(e, "real_time", real_s * MS_PER_S);
    cJSON_AddNumberToObject(e, "cpu_time", cpu_s * MS_PER_S);
    cJSON_AddStringToObject(e, "time_unit", "ms");
    if (rates && real_s > 0) { /* Google Benchmark's counter names */
        cJSON_AddNumberToObject(e, "bytes_per_second", c->cost.bytes_moved / real_s);
        cJSON_AddNumberToObject(e, "items_per_second", c->cost.ops / real_s);
    }
}

static void add_aggregates(cJSON *list, const case_result *c) {
    struct {
        const char *name;
        double real, cpu;
        const char *unit;
    } aggs[] = {
        {"mean", c->real.mean, c->cpu.mean, "time"},
        {"median", c->real.median, c->cpu.median, "time"},
        {"stddev", c->real.stddev, c->cpu.stddev, "time"},
        {"cv", c->real.cv, c->cpu.cv, "percentage"},
        {"min", c->real.min, c->cpu.min, "time"},
        {"p10", c->real.p10, c->cpu.p10, "time"},
        {"p90", c->real.p90, c->cpu.p90, "time"},
    };
    for (size_t i = 0; i < sizeof aggs / sizeof aggs[0]; i++) {
        char name[300];
        snprintf(name, sizeof name, "%s_%s", c->name, aggs[i].name);
        cJSON *e = entry(c, name, "aggregate");
        cJSON_AddStringToObject(e, "aggregate_name", aggs[i].name);
        cJSON_AddStringToObject(e, "aggregate_unit", aggs[i].unit);
        if (strcmp(aggs[i].unit, "percentage") == 0) { /* Google Benchmark stores cv as a ratio */
            cJSON_AddNumberToObject(e, "iterations", c->meas.repetitions);
            cJSON_AddNumberToObject(e, "real_time", aggs[i].real);
            cJSON_AddNumberToObject(e, "cpu_time", aggs[i].cpu);
            cJSON_AddStringToObject(e, "time_unit", "ms");
        } else {
            bool rates = strcmp(aggs[i].name, "stddev") != 0;
            add_times(e, c->meas.repetitions, aggs[i].real, aggs[i].cpu, c, rates);
        }
        add_case_fields(e, c);
        cJSON_AddItemToArray(list, e);
    }
}

static cJSON *context(const suite_config *cfg, const suite_results *res, const cJSON *machine,
                      const char *run_id, const char *executable) {
    cJSON *ctx = cJSON_CreateObject();
    char date[64];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S+00:00", &tm);
    const cJSON *cpu = cJSON_GetObjectItemCaseSensitive(machine, "cpu");
    const cJSON *caches = cJSON_GetObjectItemCaseSensitive(cpu, "caches");
    cJSON_AddStringToObject(ctx, "date", date);
    cJSON_AddStringToObject(ctx, "host_name",
                            cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(machine, "host")));
    cJSON_AddStringToObject(ctx, "executable", executable);
    cJSON_AddNumberToObject(ctx, "num_cpus",
                            cJSON_GetObjectItemCaseSensitive(cpu, "online_cpus")->valuedouble);
    cJSON_AddNumberToObject(ctx, "mhz_per_cpu",
                            cJSON_GetObjectItemCaseSensitive(cpu, "mhz")->valuedouble);
    const char *gov = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(cpu, "scaling_governor"));
    cJSON_AddBoolToObject(ctx, "cpu_scaling_enabled", gov && strcmp(gov, "performance") != 0);
    cJSON *cache_list = cJSON_AddArrayToObject(ctx, "caches");
    const char *keys[] = {"l1d_bytes", "l2_bytes", "l3_bytes"};
    const char *types[] = {"Data", "Unified", "Unified"};
    for (int i = 0; i < 3; i++) {
        double size = cJSON_GetObjectItemCaseSensitive(caches, keys[i])->valuedouble;
        if (size <= 0) continue;
        cJSON *c = cJSON_CreateObject();
        cJSON_AddStringToObject(c, "type", types[i]);
        cJSON_AddNumberToObject(c, "level", i + 1);
        cJSON_AddNumberToObject(c, "size", size);
        cJSON_AddNumberToObject(c, "num_sharing", 0);
        cJSON_AddItemToArray(cache_list, c);
    }
    cJSON_AddItemReferenceToObject(ctx, "load_avg",
                                   cJSON_GetObjectItemCaseSensitive((cJSON *)machine, "load_avg"));
    cJSON_AddStringToObject(ctx, "library_build_type", "release");
    cJSON_AddNumberToObject(ctx, "json_schema_version", 1);

    cJSON *q = cJSON_AddObjectToObject(ctx, "q35bench");
    cJSON_AddStringToObject(q, "run_id", run_id);
    cJSON_AddStringToObject(q, "suite", cfg->name);
    cJSON_AddStringToObject(q, "config_path", cfg->path);
    cJSON_AddNumberToObject(q, "seed", (double)cfg->seed);
    cJSON_AddNumberToObject(q, "min_time_s", cfg->min_time_s);
    cJSON_AddNumberToObject(q, "repetitions", cfg->repetitions);
    cJSON_AddNumberToObject(q, "warmup", cfg->warmup);
    cJSON_AddNumberToObject(q, "gate_max_macs", (double)cfg->gate_max_macs);
    cJSON_AddStringToObject(q, "inputs", "W and X drawn from N(0, 1), counter-based, seeded");
    cJSON_AddNumberToObject(q, "elapsed_s", res->elapsed_s);
    cJSON_AddItemToObject(q, "noise", results_noise_json(cfg, res));
    cJSON *counts = cJSON_AddObjectToObject(q, "cases");
    cJSON_AddNumberToObject(counts, "total", (double)res->n);
    cJSON_AddNumberToObject(counts, "ok", (double)res->ok);
    cJSON_AddNumberToObject(counts, "failed", (double)res->failed);
    cJSON_AddNumberToObject(counts, "unavailable", (double)res->unavailable);
    cJSON_AddNumberToObject(counts, "error", (double)res->errors);
    cJSON_AddItemReferenceToObject(q, "machine", (cJSON *)machine);
    return ctx;
}

char *results_bench_json(const suite_config *cfg, const suite_results *res,
                         const cJSON *machine, const char *run_id, const char *executable) {
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddItemToObject(doc, "context", context(cfg, res, machine, run_id, executable));
    cJSON *list = cJSON_AddArrayToObject(doc, "benchmarks");
    for (size_t i = 0; i < res->n; i++) {
        const case_result *c = &res->cases[i];
        if (c->status != CASE_OK) {
            cJSON *e = entry(c, c->name, "iteration");
            cJSON_AddNumberToObject(e, "repetition_index", 0);
            add_times(e, 0, 0.0, 0.0, c, false);
            cJSON_AddBoolToObject(e, "error_occurred", true);
            char msg[600];
            snprintf(msg, sizeof msg, "%s: %s", case_status_name(c->status), c->message);
            cJSON_AddStringToObject(e, "error_message", msg);
            add_case_fields(e, c);
            cJSON_AddItemToArray(list, e);
            continue;
        }
        for (int r = 0; r < c->meas.repetitions; r++) {
            cJSON *e = entry(c, c->name, "iteration");
            cJSON_AddNumberToObject(e, "repetition_index", r);
            add_times(e, (double)c->meas.iterations, c->meas.real_s[r], c->meas.cpu_s[r], c, true);
            add_case_fields(e, c);
            cJSON_AddItemToArray(list, e);
        }
        add_aggregates(list, c);
    }
    char *text = cJSON_Print(doc);
    cJSON_Delete(doc);
    return text;
}

void results_tsv_header(text_buf *b, const char *const *columns) {
    for (int i = 0; columns[i]; i++) tb_printf(b, "%s%s", i ? "\t" : "", columns[i]);
    tb_printf(b, "\n");
}

/* A figure of the row, or NAN where the case gives none (written as NA). */
static double fig(double v, bool valid) { return valid ? v : NAN; }

/* The bench.tsv row of a case (harness/bench_tsv.h); counters is written into `counters`. */
static void bench_row_of(const case_result *c, bench_row *r, char *counters, size_t len) {
    bool ok = c->status == CASE_OK, gated = c->gate.channels_checked > 0;
    bool has_roof = ok && c->roof_valid;
    case_rates rt;
    results_rates(c, &rt);
    snprintf(counters, len, "n/a (not timed)");
    if (ok) counters_format(&c->meas.counters, counters, len);
    *r = (bench_row){
        .name = c->name, .sweep = c->sweep, .kernel = c->kernel, .format = c->format,
        .shape = c->shape, .n = (double)c->n, .k = (double)c->k, .m = (double)c->m,
        .threads = c->threads, .isa_path = c->isa, .params = c->params,
        .status = case_status_name(c->status), .message = c->message,
        .repetitions = fig(c->meas.repetitions, ok), .iterations = fig((double)c->meas.iterations, ok),
        .median_ms = fig(c->real.median * MS_PER_S, ok), .mean_ms = fig(c->real.mean * MS_PER_S, ok),
        .min_ms = fig(c->real.min * MS_PER_S, ok), .p10_ms = fig(c->real.p10 * MS_PER_S, ok),
        .p90_ms = fig(c->real.p90 * MS_PER_S, ok), .stddev_ms = fig(c->real.stddev * MS_PER_S, ok),
        .cv = fig(c->real.cv, ok), .cpu_median_ms = fig(c->cpu.median * MS_PER_S, ok),
        .weight_bytes = fig(c->cost.weight_bytes, c->cost.weight_bytes > 0),
        .bits_per_weight = fig(rt.bits_per_weight, c->cost.weight_bytes > 0),
        .bytes_moved = fig(c->cost.bytes_moved, c->cost.bytes_moved > 0),
        .ops = fig(c->cost.ops, c->cost.ops > 0), .gbps = fig(rt.gbps, ok),
        .weight_gbps = fig(rt.weight_gbps, ok), .gops = fig(rt.gops, ok),
        .gate_max_error = fig(c->gate.max_error, gated), .gate_bound = c->gate_bound,
        .gate_nrmse = fig(c->gate.nrmse, gated), .format_nrmse = fig(c->gate.format_nrmse, gated),
        .gate_channels_checked = fig((double)c->gate.channels_checked, gated),
        .pack_s = fig(c->pack_s, c->pack_s > 0), .counters = counters,
        .median_lo_ms = fig(c->median.lo * MS_PER_S, ok), .median_hi_ms = fig(c->median.hi * MS_PER_S, ok),
        .median_coverage = fig(c->median.coverage, ok), .block = fig(c->block, ok),
        .attempts = fig(c->attempts, ok), .kept_attempt = fig(c->kept_attempt, ok),
        .first_cv = fig(c->first_cv, ok), .noisy = fig(c->noisy, ok),
        .load_avg = fig(noise_load_avg(&c->noise), ok), .steal_pct = fig(noise_steal_pct(&c->noise), ok),
        .other_cpu_pct = fig(noise_other_cpu_pct(&c->noise), ok),
        .roof_gbps = fig(c->roof_gbps.value, has_roof), .roof_lo_gbps = fig(c->roof_gbps.lo, has_roof),
        .roof_hi_gbps = fig(c->roof_gbps.hi, has_roof), .above_roof = fig(c->above_roof, has_roof),
        .reps_cut_short = fig(c->meas.cut_short, ok)};
}

char *results_bench_tsv(const suite_results *res) {
    text_buf b = {0};
    bench_tsv_write_header(&b);
    for (size_t i = 0; i < res->n; i++) {
        bench_row r;
        char counters[512];
        bench_row_of(&res->cases[i], &r, counters, sizeof counters);
        bench_tsv_write_row(&b, &r);
    }
    return tb_take(&b);
}

static void samples_rows(text_buf *b, const char *name, const measurement *m, int block,
                         int attempt) {
    for (int r = 0; r < m->repetitions; r++) {
        tb_field(b, name);
        tb_printf(b, "\t%d\t%llu\t%.9g\t%.9g\t%d\t%d\n", r, (unsigned long long)m->iterations,
                  m->real_s[r] * MS_PER_S, m->cpu_s[r] * MS_PER_S, block, attempt);
    }
}

char *results_samples_tsv(const suite_results *res) {
    text_buf b = {0};
    tb_printf(&b, "name\trepetition\titerations\treal_ms\tcpu_ms\tblock\tattempt\n");
    for (size_t i = 0; i < res->n; i++) {
        const case_result *c = &res->cases[i];
        if (c->status != CASE_OK) continue;
        samples_rows(&b, c->name, &c->meas, c->block, c->kept_attempt);
        if (res->aa.ran && res->aa.case_index == i) { /* the A/A twin, after its original */
            char twin[300];
            snprintf(twin, sizeof twin, "%s/twin", c->name);
            samples_rows(&b, twin, &res->aa.twin, c->block, res->aa.kept_attempt);
        }
    }
    return tb_take(&b);
}

static void metric(text_buf *b, const char *base, const char *stat, double v, bool valid,
                   const char *unit, const char *what, const case_result *c) {
    char id[300];
    snprintf(id, sizeof id, "%s.%s", base, stat);
    if (valid)
        metrics_add(b, id, v, unit, "%s, %s %zux%zu, M=%zu, %d thread(s)", what, c->kernel,
                    c->n, c->k, c->m, c->threads);
    else
        metrics_add(b, id, NAN, unit, "%s", c->message[0] ? c->message : "not measured");
}

char *results_metrics_tsv(const suite_results *res, const compare_set *cmp) {
    text_buf b = {0};
    metrics_begin(&b);
    for (size_t i = 0; i < res->n; i++) {
        const case_result *c = &res->cases[i];
        char base[256];
        bool dup = strstr(c->name, "/sweep:") != NULL;
        snprintf(base, sizeof base, "bench.%s.%s.m%zu.t%d%s%s", c->kernel, c->shape, c->m,
                 c->threads, dup ? "." : "", dup ? c->sweep : "");
        bool ok = c->status == CASE_OK;
        case_rates r;
        results_rates(c, &r);
        char id[300];
        snprintf(id, sizeof id, "%s.median_ms", base);
        if (ok)
            metrics_add_ci(&b, id, c->real.median * MS_PER_S, c->median.lo * MS_PER_S,
                           c->median.hi * MS_PER_S, "ms",
                           "median wall time per call, %s %zux%zu, M=%zu, %d thread(s); lo, hi: "
                           "order-statistic interval of the median of %d repetitions (coverage "
                           "%.1f %%)",
                           c->kernel, c->n, c->k, c->m, c->threads, c->meas.repetitions,
                           100 * c->median.coverage);
        else
            metric(&b, base, "median_ms", NAN, false, "ms", "", c);
        metric(&b, base, "cv", c->real.cv * 100.0, ok, "pct", "coefficient of variation", c);
        metric(&b, base, "gbps", r.gbps, ok, "gbps", "bytes moved / median time", c);
        metric(&b, base, "weight_gbps", r.weight_gbps, ok, "gbps",
               "packed weight bytes / median time", c);
        metric(&b, base, "gops", r.gops, ok, "gops", "2*M*N*K / median time", c);
        metric(&b, base, "bpw", r.bits_per_weight, c->cost.weight_bytes > 0, "bpw",
               "packed weight bits per weight, scales included", c);
        metric(&b, base, "format_nrmse_pct", c->gate.format_nrmse * 100.0,
               c->gate.channels_checked > 0, "pct",
               "output NRMSE vs FP64 on the original FP32 inputs", c);
    }
    results_comparison_metrics(&b, res, cmp);
    results_noise_metrics(&b, res);
    return tb_take(&b);
}
