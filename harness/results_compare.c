/* The noise side of a suite's results: comparisons with their intervals (bench.compare.tsv
 * and metric rows), the order the repetitions ran in (bench.order.tsv), how quiet the
 * machine was and the interleaved DRAM read roofs. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "interleave.h"
#include "base/metrics_tsv.h"
#include "noise.h"
#include "results.h"

const char *const results_compare_columns[] = {
    "id", "kind", "a", "b", "shape", "m", "threads_a", "threads_b", "ratio", "lo", "hi",
    "coverage", "p_value", "n_a", "n_b", "distinguishable", "interleaved", NULL};

static const char *b_name(const suite_results *res, const comparison *c, char *buf, size_t len) {
    if (c->kind != COMPARE_AA) return res->cases[c->b].name;
    snprintf(buf, len, "%s/twin", res->cases[c->a].name);
    return buf;
}

char *results_compare_tsv(const suite_results *res, const compare_set *cmp) {
    text_buf b = {0};
    results_tsv_header(&b, results_compare_columns);
    for (size_t i = 0; i < cmp->n; i++) {
        const comparison *c = &cmp->v[i];
        const case_result *ca = &res->cases[c->a], *cb = &res->cases[c->b];
        const double *sa, *sb;
        size_t na, nb;
        compare_samples(res, c, &sa, &na, &sb, &nb);
        char twin[300];
        tb_field(&b, c->id);
        tb_printf(&b, "\t%s\t", compare_kind_name(c->kind));
        tb_field(&b, ca->name);
        tb_printf(&b, "\t");
        tb_field(&b, b_name(res, c, twin, sizeof twin));
        tb_printf(&b, "\t");
        tb_field(&b, ca->shape);
        tb_printf(&b, "\t%zu\t%d\t%d\t%.9g\t%.9g\t%.9g\t%.6g\t%.6g\t%zu\t%zu\t%s\t%s\n", ca->m,
                  ca->threads, cb->threads, c->ratio.value, c->ratio.lo, c->ratio.hi,
                  c->ratio.coverage, c->p, na, nb,
                  ci_ratio_distinguishable(&c->ratio) ? "yes" : "no",
                  c->interleaved ? "yes" : "no");
    }
    return tb_take(&b);
}

static const char *item_name(const suite_results *res, const suite_slot *s, char *buf,
                             size_t len) {
    switch (s->kind) {
    case SUITE_ITEM_CASE: return res->cases[s->index].name;
    case SUITE_ITEM_TWIN: snprintf(buf, len, "%s/twin", res->cases[s->index].name); return buf;
    case SUITE_ITEM_ROOF:
        snprintf(buf, len, "dram_read_roof/threads:%d", res->roofs[s->index].threads);
        return buf;
    }
    return "?";
}

char *results_order_tsv(const suite_results *res) {
    text_buf b = {0};
    tb_printf(&b, "block\tattempt\tround\tposition\tkind\titem\n");
    static const char *const kinds[] = {"case", "twin", "roof"};
    for (size_t i = 0; i < res->n_order; i++) {
        const suite_slot *s = &res->order[i];
        char buf[320];
        tb_field(&b, res->blocks[s->block].name);
        tb_printf(&b, "\t%d\t%u\t%u\t%s\t", s->attempt, s->round, s->position, kinds[s->kind]);
        tb_field(&b, item_name(res, s, buf, sizeof buf));
        tb_printf(&b, "\n");
    }
    return tb_take(&b);
}

void results_comparison_metrics(text_buf *b, const suite_results *res, const compare_set *cmp) {
    static const char *const what[] = {
        [COMPARE_BASELINE] = "speedup over the format's baseline: time(%s) / time(%s)",
        [COMPARE_PAIR] = "configured comparison: time(%s) / time(%s)",
        [COMPARE_THREADS] = "speedup of more threads: time(%s) / time(%s)",
        [COMPARE_AA] = "A/A check, one case timed twice as two: time(%s) / time(%s)",
        [COMPARE_PEER_FASTEST] = "speedup over the fastest peer of at least its bits per "
                                 "weight: time(%s) / time(%s)",
        [COMPARE_PEER_NEAREST] = "speedup over the peer nearest to its bits per weight: "
                                 "time(%s) / time(%s)",
    };
    _Static_assert(sizeof what / sizeof what[0] == COMPARE_PEER_NEAREST + 1,
                   "a description for every comparison kind");
    for (size_t i = 0; i < cmp->n; i++) {
        const comparison *c = &cmp->v[i];
        char twin[300], desc[900];
        snprintf(desc, sizeof desc, what[c->kind], res->cases[c->a].name,
                 b_name(res, c, twin, sizeof twin));
        metrics_add_ci(b, c->id, c->ratio.value, c->ratio.lo, c->ratio.hi, "x",
                       "measured: %s; Hodges-Lehmann estimate, lo/hi: Mann-Whitney interval "
                       "(coverage %.1f %%), p = %.3g; %s",
                       desc, 100 * c->ratio.coverage, c->p,
                       c->interleaved ? "timed interleaved"
                                      : "not timed interleaved (different blocks or attempts)");
    }
}

void results_noise_metrics(text_buf *b, const suite_results *res) {
    const noise_totals *n = &res->noise;
    const char *src = "over every timed repetition of the run, from /proc";
    metrics_add(b, "bench.noise.load_avg", noise_load_avg(n), "count",
                "measured: mean 1-minute load average (runnable tasks) %s; counts this "
                "process's threads",
                src);
    metrics_add(b, "bench.noise.steal_pct", noise_steal_pct(n), "pct",
                "measured: CPU time stolen by the hypervisor, %% of all CPUs' time, %s", src);
    metrics_add(b, "bench.noise.other_cpu_pct", noise_other_cpu_pct(n), "pct",
                "measured: CPU time of other processes, %% of all CPUs' time, %s", src);
    metrics_add(b, "bench.noise.interleaved", res->interleave == INTERLEAVE_RANDOM, "bool",
                "1: the repetitions of each block ran in a seeded random interleaved order "
                "(bench.order.tsv); 0: case after case");
    metrics_add(b, "bench.noise.cv_max_pct", 100 * res->noise_cv_max, "pct",
                "config: a case whose cv exceeds this is re-measured");
    metrics_add(b, "bench.noise.steal_max_pct", res->noise_steal_max_pct, "pct",
                "config: a case whose repetitions saw more steal time than this is re-measured");
    size_t ok = 0, above = 0;
    for (size_t i = 0; i < res->n; i++) {
        ok += res->cases[i].status == CASE_OK;
        above += res->cases[i].status == CASE_OK && res->cases[i].above_roof;
    }
    metrics_add(b, "bench.noise.cases_remeasured", (double)res->remeasured, "count",
                "cases re-measured because their cv or steal time exceeded the bounds (of %zu "
                "timed)", ok);
    metrics_add(b, "bench.noise.cases_noisy", (double)res->noisy, "count",
                "cases still above the noise bounds after re-measurement (of %zu timed)", ok);
    metrics_add(b, "bench.roof.cases_above", (double)above, "count",
                "cases whose GB/s exceeds the upper end of the interleaved DRAM read roof of "
                "their block: an error of the roof, not a success of the kernel");
    for (size_t i = 0; i < res->n_roofs; i++) {
        const suite_roof *r = &res->roofs[i];
        const suite_block *blk = &res->blocks[r->block];
        const char *hash = strrchr(blk->name, '#');
        char token[80], id[200];
        if (hash && strcmp(hash, "#0") != 0)
            snprintf(token, sizeof token, "%s-%s", blk->shape, hash + 1);
        else
            snprintf(token, sizeof token, "%s", blk->shape);
        snprintf(id, sizeof id, "bench.roof.read.%s.t%d.gbps", token, r->threads);
        if (r->valid)
            metrics_add_ci(b, id, r->median.value, r->median.lo, r->median.hi, "gbps",
                           "measured: DRAM read roof interleaved with the kernels of block %s, "
                           "%d thread(s): median over %d rounds of the best of %zu read "
                           "kernels; lo/hi: interval of the median (coverage %.1f %%); "
                           "buffer: %s",
                           blk->name, r->threads, r->n, res->n_roof_kernels,
                           100 * r->median.coverage, res->roof_rule);
        else
            metrics_add(b, id, NAN, "gbps", "n/a: DRAM read roof of block %s: %s", blk->name,
                        r->why);
    }
}

static void json_number(cJSON *o, const char *key, double v) {
    if (isfinite(v)) cJSON_AddNumberToObject(o, key, v);
    else cJSON_AddNullToObject(o, key);
}

cJSON *results_noise_json(const suite_config *cfg, const suite_results *res) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "interleave", interleave_mode_names[res->interleave]);
    cJSON_AddNumberToObject(o, "seed", (double)res->seed);
    cJSON_AddStringToObject(o, "order_file", "bench.order.tsv");
    cJSON_AddNumberToObject(o, "noise_cv_max", cfg->noise_cv_max);
    cJSON_AddNumberToObject(o, "noise_steal_max_pct", cfg->noise_steal_max_pct);
    cJSON_AddNumberToObject(o, "remeasure_max", cfg->remeasure_max);
    json_number(o, "load_avg", noise_load_avg(&res->noise));
    json_number(o, "steal_pct", noise_steal_pct(&res->noise));
    json_number(o, "other_cpu_pct", noise_other_cpu_pct(&res->noise));
    cJSON_AddNumberToObject(o, "cases_remeasured", (double)res->remeasured);
    cJSON_AddNumberToObject(o, "cases_noisy", (double)res->noisy);
    cJSON *blocks = cJSON_AddArrayToObject(o, "blocks");
    for (size_t i = 0; i < res->n_blocks; i++) {
        const suite_block *blk = &res->blocks[i];
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "name", blk->name);
        cJSON_AddNumberToObject(e, "items", (double)blk->items);
        cJSON_AddNumberToObject(e, "attempts", blk->attempts);
        char seed[32];
        snprintf(seed, sizeof seed, "%llu", (unsigned long long)blk->seed); /* exact */
        cJSON_AddStringToObject(e, "order_seed", seed);
        cJSON_AddNumberToObject(e, "weight_bytes", blk->weight_bytes);
        cJSON_AddItemToArray(blocks, e);
    }
    if (res->aa.ran) {
        cJSON *a = cJSON_AddObjectToObject(o, "aa");
        cJSON_AddStringToObject(a, "case", res->cases[res->aa.case_index].name);
        cJSON_AddNumberToObject(a, "attempts", res->aa.attempts);
        cJSON_AddNumberToObject(a, "kept_attempt", res->aa.kept_attempt);
    }
    cJSON *roofs = cJSON_AddArrayToObject(o, "dram_read_roofs");
    for (size_t i = 0; i < res->n_roofs; i++) {
        const suite_roof *r = &res->roofs[i];
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "block", res->blocks[r->block].name);
        cJSON_AddNumberToObject(e, "threads", r->threads);
        cJSON_AddBoolToObject(e, "valid", r->valid);
        if (!r->valid) cJSON_AddStringToObject(e, "why", r->why);
        if (r->valid) {
            cJSON_AddNumberToObject(e, "gbps", r->median.value);
            cJSON_AddNumberToObject(e, "lo", r->median.lo);
            cJSON_AddNumberToObject(e, "hi", r->median.hi);
        }
        cJSON_AddItemToObject(e, "samples_gbps", cJSON_CreateDoubleArray(r->gbps, r->n));
        cJSON *wins = cJSON_AddObjectToObject(e, "fastest_kernel_counts");
        for (size_t v = 0; v < res->n_roof_kernels; v++)
            cJSON_AddNumberToObject(wins, res->roof_kernels[v], r->variant_wins[v]);
        cJSON_AddItemToArray(roofs, e);
    }
    if (res->n_roofs) cJSON_AddStringToObject(o, "dram_read_roof_buffer", res->roof_rule);
    return o;
}
