#include "render.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/output.h"
#include "harness/intervals.h"
#include "render_decode.h"
#include "render_peers.h"
#include "base/text_buf.h"
#include "markdown.h"
#include "render_audit.h"

typedef struct ctx {
    text_buf *b;
    const report_config *rc;
    const render_options *opt;
} ctx;

/* ---- metric discovery ----------------------------------------------------------------- */

typedef struct name_set {
    char *items[256];
    size_t n;
} name_set;

static void set_add(name_set *s, const char *name, size_t len) {
    for (size_t i = 0; i < s->n; i++)
        if (strlen(s->items[i]) == len && strncmp(s->items[i], name, len) == 0) return;
    if (s->n == 256) return;
    char *d = malloc(len + 1);
    if (!d) return;
    memcpy(d, name, len);
    d[len] = '\0';
    s->items[s->n++] = d;
}

static void set_free(name_set *s) {
    for (size_t i = 0; i < s->n; i++) free(s->items[i]);
    s->n = 0;
}

/* Token `pos` (0-based, dot-separated) of every metric id that starts with prefix and ends
 * with suffix (either may be ""). */
static void collect(const run_data *r, const char *prefix, const char *suffix, int pos,
                    name_set *out) {
    size_t pl = strlen(prefix), sl = strlen(suffix);
    for (size_t i = 0; i < r->audit.metrics.n; i++) {
        const char *id = metrics_by_id(&r->audit.metrics, i)->id;
        size_t il = strlen(id);
        if (strncmp(id, prefix, pl) != 0 || il < sl || strcmp(id + il - sl, suffix) != 0)
            continue;
        const char *p = id;
        for (int k = 0; k < pos && p; k++) {
            p = strchr(p, '.');
            if (p) p++;
        }
        if (!p) continue;
        const char *e = strchr(p, '.');
        set_add(out, p, e ? (size_t)(e - p) : strlen(p));
    }
}

static const metric *find_metric(const run_data *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static const metric *find_metric(const run_data *r, const char *fmt, ...) {
    char id[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(id, sizeof id, fmt, ap);
    va_end(ap);
    return metrics_find(&r->audit.metrics, id);
}

/* ---- sections -------------------------------------------------------------------------- */

static void section_machine(ctx *c, run_data *runs, size_t n) {
    text_buf *b = c->b;
    tb_printf(b, "## Machine and build\n\n");
    bool any = false;
    for (size_t i = 0; i < n; i++) any |= runs[i].machine != NULL;
    if (!any) {
        tb_printf(b, "The run has no machine.json (no bench step ran).\n\n");
        return;
    }
    md_row_start(b);
    md_cell(b, "");
    for (size_t i = 0; i < n; i++) md_cell(b, runs[i].id);
    md_row_end(b);
    md_row_start(b);
    tb_printf(b, " --- |");
    for (size_t i = 0; i < n; i++) tb_printf(b, " --- |");
    md_row_end(b);
    static const struct {
        const char *label, *obj, *key;
        int kind; /* 0 string, 1 number, 2 bytes as GiB, 3 bool */
    } rows[] = {
        {"host", NULL, "host", 0},
        {"CPU", "cpu", "model", 0},
        {"logical CPUs", "cpu", "online_cpus", 1},
        {"MHz (reported)", "cpu", "mhz", 1},
        {"ISA features enabled", "cpu", "features_enabled", 0},
        {"memory (GiB)", "memory", "total_bytes", 2},
        {"OS", "os", "distribution", 0},
        {"kernel", "os", "kernel_release", 0},
        {"virtual machine", "vm", "is_vm", 3},
        {"compiler", "build", "compiler", 0},
        {"CFLAGS", "build", "cflags", 0},
        {"git revision", "build", "git_revision", 0},
        {"uncommitted changes", "build", "git_dirty", 3},
        {"OpenBLAS", "openblas", "config", 0},
        {"timer resolution (ns, measured)", "timer", "measured_resolution_ns", 1},
    };
    char v[MD_NUM_LEN];
    for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
        md_row_start(b);
        md_cell(b, rows[k].label);
        for (size_t i = 0; i < n; i++) {
            const cJSON *m = runs[i].machine;
            if (!m) {
                md_cell(b, "-");
                continue;
            }
            const cJSON *o = rows[k].obj ? cJSON_GetObjectItemCaseSensitive(m, rows[k].obj) : m;
            const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, rows[k].key);
            switch (rows[k].kind) {
            case 0: md_cell(b, cJSON_IsString(x) ? x->valuestring : "-"); break;
            case 1: md_cell(b, md_num(cJSON_IsNumber(x) ? x->valuedouble : NAN, 4, v)); break;
            case 2:
                md_cell(b, md_num(cJSON_IsNumber(x) ? x->valuedouble / 1073741824.0 : NAN, 3, v));
                break;
            default: md_cell(b, cJSON_IsBool(x) ? (cJSON_IsTrue(x) ? "yes" : "no") : "-");
            }
        }
        md_row_end(b);
    }
    md_row_start(b);
    md_cell(b, "load average at start (1, 5, 15 min)");
    for (size_t i = 0; i < n; i++) {
        const cJSON *la = runs[i].machine
                              ? cJSON_GetObjectItemCaseSensitive(runs[i].machine, "load_avg")
                              : NULL;
        char a[MD_NUM_LEN], bb[MD_NUM_LEN], cc[MD_NUM_LEN];
        if (cJSON_IsArray(la) && cJSON_GetArraySize(la) == 3)
            md_cellf(b, "%s, %s, %s", md_num(cJSON_GetArrayItem(la, 0)->valuedouble, 3, a),
                  md_num(cJSON_GetArrayItem(la, 1)->valuedouble, 3, bb),
                  md_num(cJSON_GetArrayItem(la, 2)->valuedouble, 3, cc));
        else md_cell(b, "-");
    }
    md_row_end(b);
    tb_printf(b, "\n");
}

static void section_steps(ctx *c, const run_data *r) {
    text_buf *b = c->b;
    if (!r->n_steps) return;
    tb_printf(b, "## Steps and their cost\n\n");
    md_header(b, "llrr", "step", "status", "seconds", "share of the run");
    double total = 0;
    for (size_t i = 0; i < r->n_steps; i++) total += r->steps[i].seconds;
    char v[MD_NUM_LEN], w[MD_NUM_LEN];
    for (size_t i = 0; i < r->n_steps; i++) {
        md_row_start(b);
        md_cellf(b, "%s (%s)", r->steps[i].step, r->steps[i].mode);
        md_cell(b, r->steps[i].status);
        md_cell(b, md_num(r->steps[i].seconds, 3, v));
        md_cellf(b, "%s %%", md_num(total > 0 ? 100 * r->steps[i].seconds / total : NAN, 2, w));
        md_row_end(b);
    }
    md_row_start(b);
    md_cell(b, "total");
    md_cell(b, "");
    md_cell(b, md_num(total, 3, v));
    md_cell(b, "");
    md_row_end(b);
    tb_printf(b, "\n");
}

static void section_unmeasured(ctx *c, const run_data *r) {
    text_buf *b = c->b;
    tb_printf(b, "## What could not be measured on this host\n\n");
    int items = 0;
    /* kernels that did not run */
    for (size_t i = 0; i < r->n_bench; i++) {
        const bench_row *x = &r->bench[i];
        if (strcmp(x->status, "unavailable") != 0 && strcmp(x->status, "error") != 0) continue;
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = strcmp(r->bench[j].kernel, x->kernel) == 0 &&
                   strcmp(r->bench[j].status, x->status) == 0 &&
                   strcmp(r->bench[j].message, x->message) == 0;
        if (seen) continue;
        tb_printf(b, "- kernel `%s` (%s): %s: %s\n", x->kernel, x->format, x->status, x->message);
        items++;
    }
    /* library paths a kernel wanted but this build/host lacks: "key=not_..." in its params */
    for (size_t i = 0; i < r->n_bench; i++) {
        const bench_row *x = &r->bench[i];
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++) seen = strcmp(r->bench[j].kernel, x->kernel) == 0;
        if (seen) continue;
        const char *p = x->params;
        while ((p = strstr(p, "=not_"))) {
            const char *k = p;
            while (k > x->params && k[-1] != ' ') k--;
            const char *e = p;
            while (*e && *e != ' ') e++;
            tb_printf(b, "- kernel `%s`: `%.*s` (its params); it ran on the path `%s` instead\n",
                      x->kernel, (int)(e - k), k, x->isa_path);
            items++;
            p = e;
        }
    }
    /* metrics a step could not measure: NA with the reason, grouped by reason */
    {
        const metric_table *mt = &r->audit.metrics;
        bool *done = calloc(mt->n ? mt->n : 1, sizeof *done);
        for (size_t i = 0; done && i < mt->n; i++) {
            const metric *m = metrics_by_id(mt, i);
            if (!m->na || done[i]) continue;
            const char *why = strstr(m->description, "n/a: ");
            why = why ? why + 5 : m->description;
            size_t count = 0;
            text_buf ex = {0};
            for (size_t j = i; j < mt->n; j++) {
                const metric *o = metrics_by_id(mt, j);
                if (!o->na || done[j] || strcmp(o->file, m->file) != 0) continue;
                const char *w = strstr(o->description, "n/a: ");
                w = w ? w + 5 : o->description;
                if (strcmp(w, why) != 0) continue;
                done[j] = true;
                if (count++ < 2) tb_printf(&ex, "%s`%s`", ex.len ? ", " : "", o->id);
            }
            char *e = tb_take(&ex);
            if (count == 1) tb_printf(b, "- %s (%s): %s\n", e ? e : "", m->file, why);
            else
                tb_printf(b, "- %zu metrics of %s (e.g. %s): %s\n", count, m->file, e ? e : "",
                          why);
            free(e);
            items++;
        }
        free(done);
    }
    const metric *papi = find_metric(r, "roofline.papi.available");
    if (papi && !papi->na && papi->value == 0) {
        tb_printf(b, "- hardware counters (PAPI): %s\n", papi->description);
        items++;
    }
    /* hardware the audit needed */
    items += render_audit_needs(b, r);
    if (!items) tb_printf(b, "Nothing: every kernel ran and every metric has a value.\n");
    tb_printf(b, "\n");
}

static void section_models(ctx *c, const run_data *r) {
    text_buf *b = c->b;
    name_set models = {0}, formats = {0};
    collect(r, "model.", ".weight_gib", 1, &models);
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
        set_free(&formats);
        collect(r, prefix, ".weight_gib", 2, &formats);
        rc_sort(&c->rc->formats, formats.items, formats.n);
        const metric *p = find_metric(r, "model.%s.params", m);
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
    set_free(&models);
    set_free(&formats);
}

/* llama.cpp's formats, quantized by ggml in this run's quality step, against the figures
 * cited in configs/reference/ (a cross-check of the measurement, not an input). */
static void quality_peers_crosscheck(text_buf *b, const run_data *r) {
    name_set ids = {0};
    collect(r, "quality.ggml_", ".measured_minus_cited_pct", 1, &ids);
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
    set_free(&ids);
}

static void section_quality(ctx *c, const run_data *r) {
    text_buf *b = c->b;
    name_set schemes = {0}, dists = {0};
    collect(r, "quality.", ".mean_weight_nrmse_pct", 1, &schemes);
    collect(r, "quality.", ".mean_weight_nrmse_pct", 2, &dists);
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
    set_free(&schemes);
    set_free(&dists);
}

/* A case's % of its attainable roof, as the roofline step placed it (NAN: not placed). */
static double pct_of_roof(const run_data *r, const bench_row *x) {
    const placement_row *p = run_placement(r, x);
    return p ? p->pct_attainable : NAN;
}

/* "2.31x [2.20-2.45]" and what the interval says: not distinguishable from 1, inside the
 * run's A/A noise floor, or timed in different blocks. */
static void ratio_text(const compare_row *x, const compare_row *aa, char *out, size_t len) {
    char v[MD_NUM_LEN], lo[MD_NUM_LEN], hi[MD_NUM_LEN];
    int used = snprintf(out, len, "%sx [%s-%s]", md_num(x->ratio, 3, v), md_num(x->lo, 3, lo),
                        md_num(x->hi, 3, hi));
    if (used < 0 || (size_t)used >= len) return;
    if (!x->distinguishable)
        used += snprintf(out + used, len - (size_t)used, ", not distinguishable");
    else if (aa && x != aa && x->lo >= aa->lo && x->hi <= aa->hi)
        used += snprintf(out + used, len - (size_t)used, ", within the A/A noise floor");
    if (!x->interleaved && (size_t)used < len)
        snprintf(out + used, len - (size_t)used, ", not interleaved");
}

static const compare_row *aa_row(const run_data *r) {
    return run_compare_find(r, "aa", NULL, NULL);
}

/* How quiet the machine was, the A/A noise floor, the configured comparisons, and the
 * cases that stayed noisy or ran above the DRAM read roof. */
static void section_noise(ctx *c, const run_data *r) {
    text_buf *b = c->b;
    double load = run_metric(r, "bench.noise.load_avg");
    if (!isfinite(load) && !r->has_compare) return; /* a run from before noise tracking */
    char v1[MD_NUM_LEN], v2[MD_NUM_LEN], v3[MD_NUM_LEN], v4[MD_NUM_LEN], v5[MD_NUM_LEN], v6[MD_NUM_LEN],
        v7[MD_NUM_LEN];
    tb_printf(b, "### Noise and confidence\n\n");
    double interleaved = run_metric(r, "bench.noise.interleaved");
    tb_printf(b, "Repetitions were timed %s. How quiet the machine was over them (from /proc): "
                 "load average %s, steal %s %% and other processes %s %% of the CPUs' time. "
                 "%s case(s) were re-measured (cv above %s %% or steal above %s %%), %s stayed "
                 "noisy.\n\n",
              interleaved == 1   ? "in a seeded random interleaved order (bench.order.tsv)"
              : interleaved == 0 ? "case after case (interleave = none)"
                                 : "in an order this run does not record",
              md_num(load, 3, v1), md_num(run_metric(r, "bench.noise.steal_pct"), 2, v2),
              md_num(run_metric(r, "bench.noise.other_cpu_pct"), 2, v3),
              md_num(run_metric(r, "bench.noise.cases_remeasured"), 3, v4),
              md_num(run_metric(r, "bench.noise.cv_max_pct"), 3, v5),
              md_num(run_metric(r, "bench.noise.steal_max_pct"), 3, v6),
              md_num(run_metric(r, "bench.noise.cases_noisy"), 3, v7));
    const compare_row *aa = aa_row(r);
    char t[256];
    if (aa) {
        ratio_text(aa, NULL, t, sizeof t);
        tb_printf(b, "**Noise floor (A/A check)**: `%s` timed twice as if it were two cases: "
                     "%s. A ratio whose interval lies inside [%s, %s] is not a finding.\n\n",
                  aa->a, t, md_num(aa->lo, 3, v1), md_num(aa->hi, 3, v2));
    } else {
        tb_printf(b, "No A/A check in this run (aa_case = none): the noise floor is "
                     "unknown.\n\n");
    }
    bool any = false;
    for (size_t i = 0; i < r->n_compare; i++) {
        const compare_row *x = &r->compare[i];
        if (strcmp(x->kind, "pair") != 0) continue;
        if (!any) {
            tb_printf(b, "Comparisons the suite config asks for (`compare = A/B`): time(A) / "
                         "time(B), Hodges-Lehmann estimate with its 95 %% Mann-Whitney "
                         "interval, and the Mann-Whitney p-value.\n\n");
            md_header(b, "llrrrrl", "A / B", "shape", "M", "threads", "time(A) / time(B)",
                   "p", "reading");
            any = true;
        }
        const char *slash = strchr(x->a, '/');
        const char *bslash = strchr(x->b, '/');
        md_row_start(b);
        md_cellf(b, "`%.*s` / `%.*s`", (int)(slash ? slash - x->a : (long)strlen(x->a)), x->a,
              (int)(bslash ? bslash - x->b : (long)strlen(x->b)), x->b);
        md_cell(b, x->shape);
        md_cellf(b, "%.0f", x->m);
        md_cellf(b, "%.0f", x->threads_a);
        ratio_text(x, aa, t, sizeof t);
        md_cell(b, t);
        md_cell(b, md_num(x->p_value, 2, v1));
        md_cell(b, !x->distinguishable                          ? "not distinguishable"
                : aa && x->lo >= aa->lo && x->hi <= aa->hi ? "within the noise floor"
                : x->ratio > 1                              ? "A slower"
                                                            : "A faster");
        md_row_end(b);
    }
    if (any) tb_printf(b, "\n");
    int noisy = 0, above = 0;
    for (size_t i = 0; i < r->n_bench; i++) {
        const bench_row *x = &r->bench[i];
        if (strcmp(x->status, "ok") != 0 || x->noisy != 1) continue;
        if (!noisy++)
            tb_printf(b, "Cases still noisy at the end (a block re-measures about a third of "
                         "its cases, the noisiest first):\n\n");
        tb_printf(b, "- `%s`: cv %s %% after %s measurement(s); steal %s %%, other processes "
                     "%s %%\n",
                  x->name, md_num(100 * x->cv, 2, v1), md_num(x->attempts, 2, v2),
                  md_num(x->steal_pct, 2, v3), md_num(x->other_cpu_pct, 2, v4));
    }
    if (noisy) tb_printf(b, "\n");
    for (size_t i = 0; i < r->n_bench; i++) {
        const bench_row *x = &r->bench[i];
        if (strcmp(x->status, "ok") != 0 || x->above_roof != 1) continue;
        if (!above++)
            tb_printf(b, "Cases above the DRAM read roof measured interleaved with them, "
                         "beyond the roof's interval: an error of the roof (under-measured), "
                         "not a success of the kernel:\n\n");
        tb_printf(b, "- `%s`: %s GB/s against a roof of %s GB/s [%s-%s]\n", x->name,
                  md_num(x->gbps, 3, v1), md_num(x->roof_gbps, 3, v2), md_num(x->roof_lo_gbps, 3, v3),
                  md_num(x->roof_hi_gbps, 3, v4));
    }
    if (above) tb_printf(b, "\n");
}

/* The speedup cell: over the format's baseline, the bench step's comparison with its
 * interval (bench.compare.tsv); the report computes no ratio of its own. */
static void speedup_cell(ctx *c, const run_data *r, const bench_row *x, bool ok) {
    const char *base = rc_baseline(c->rc, x->format);
    char t[256];
    if (ok && strcmp(base, x->kernel) == 0) {
        md_cell(c->b, "1 (baseline)");
        return;
    }
    const compare_row *cr = ok ? run_compare_find(r, "baseline", NULL, x->name) : NULL;
    if (!cr) {
        md_cell(c->b, "-");
        return;
    }
    ratio_text(cr, aa_row(r), t, sizeof t);
    /* the baseline the bench step compared with: the kernel of its case name */
    const char *slash = strchr(cr->a, '/');
    md_cellf(c->b, "%s vs %.*s", t, (int)(slash ? slash - cr->a : (long)strlen(cr->a)), cr->a);
}

static void section_kernels(ctx *c, const run_data *r) {
    text_buf *b = c->b;
    if (!r->has_bench) return;
    tb_printf(b, "## Kernels\n\n");
    tb_printf(b, "Median time per call over the repetitions with its 95 %% confidence interval "
                 "(order statistics) and the coefficient of variation, bytes moved per call "
                 "over the median time (GB/s, 10^9), packed weight bytes over the median time, "
                 "%% of roof as the roofline step placed the case (roofline.placement.tsv: achieved "
                 "operations against min(the measured peak of the format's compute kind, "
                 "arithmetic intensity x the read bandwidth its cache sweep measured at the "
                 "case's working set), '-' where the run has no placement), the speedup over "
                 "the format's baseline kernel "
                 "(configs/report.ini, same shape, batch M and threads) and the speedup of T "
                 "threads over 1 thread, each time(a) / time(b) with its 95 %% interval "
                 "(Hodges-Lehmann, Mann-Whitney) from the repetitions; \"not distinguishable\" "
                 "when the interval contains 1. Above 100 %% of roof: the weights were partly "
                 "cache-resident, or the roof was measured at another time. FAILED: over the "
                 "correctness bound, never timed.\n\n");
    section_noise(c, r);
    name_set shapes = {0};
    for (size_t i = 0; i < r->n_bench; i++)
        set_add(&shapes, r->bench[i].shape, strlen(r->bench[i].shape));
    char v1[MD_NUM_LEN], v2[MD_NUM_LEN], v3[MD_NUM_LEN], t[256];
    const compare_row *aa = aa_row(r);
    for (size_t s = 0; s < shapes.n; s++) {
        const bench_row *first = NULL;
        for (size_t i = 0; i < r->n_bench && !first; i++)
            if (strcmp(r->bench[i].shape, shapes.items[s]) == 0) first = &r->bench[i];
        tb_printf(b, "### %s (N x K = %.0f x %.0f)\n\n", shapes.items[s], first->n, first->k);
        md_header(b, "lrrlrrrrrrrrrl", "kernel", "M", "threads", "ISA path", "median ms",
               "95 % CI ms", "cv %", "GB/s", "weight GB/s", "% of roof", "bits/weight",
               "speedup", "vs 1 thread", "status");
        /* rows ordered by M, then threads, then order of appearance */
        double ms[64];
        size_t nm = 0;
        for (size_t i = 0; i < r->n_bench; i++) {
            const bench_row *x = &r->bench[i];
            if (strcmp(x->shape, shapes.items[s]) != 0) continue;
            bool seen = false;
            for (size_t k = 0; k < nm; k++) seen |= ms[k] == x->m * 1000 + x->threads;
            if (!seen && nm < 64) ms[nm++] = x->m * 1000 + x->threads;
        }
        for (size_t a = 1; a < nm; a++)
            for (size_t k = a; k > 0 && ms[k] < ms[k - 1]; k--) {
                double tmp = ms[k];
                ms[k] = ms[k - 1];
                ms[k - 1] = tmp;
            }
        for (size_t g = 0; g < nm; g++)
            for (size_t i = 0; i < r->n_bench; i++) {
                const bench_row *x = &r->bench[i];
                if (strcmp(x->shape, shapes.items[s]) != 0 || x->m * 1000 + x->threads != ms[g])
                    continue;
                bool ok = strcmp(x->status, "ok") == 0;
                md_row_start(b);
                md_cellf(b, "`%s`", x->kernel);
                md_cellf(b, "%.0f", x->m);
                md_cellf(b, "%.0f", x->threads);
                md_cell(b, x->isa_path);
                if (ok) {
                    md_cell(b, md_num(x->median_ms, 3, v1));
                    if (isfinite(x->median_lo_ms))
                        md_cellf(b, "%s-%s", md_num(x->median_lo_ms, 3, v2), md_num(x->median_hi_ms, 3, v3));
                    else
                        md_cell(b, "-");
                    md_cell(b, md_num(100 * x->cv, 2, v1));
                    md_cell(b, md_num(x->gbps, 3, v1));
                    md_cell(b, md_num(x->weight_gbps, 3, v1));
                    md_cell(b, md_num(pct_of_roof(r, x), 2, v1));
                } else {
                    for (int k = 0; k < 6; k++) md_cell(b, "-");
                }
                md_cell(b, md_num(x->bits_per_weight, 4, v1));
                speedup_cell(c, r, x, ok);
                const compare_row *th = ok ? run_compare_find(r, "threads", NULL, x->name) : NULL;
                if (th) ratio_text(th, aa, t, sizeof t);
                md_cell(b, th ? t : "-");
                if (strcmp(x->status, "FAILED") == 0) md_cellf(b, "**FAILED**: %s", x->message);
                else if (!ok) md_cellf(b, "%s: %s", x->status, x->message);
                else if (x->above_roof == 1)
                    md_cellf(b, "ok; **above the DRAM read roof** (%s GB/s > %s): the roof is "
                             "under-measured",
                          md_num(x->gbps, 3, v1), md_num(x->roof_hi_gbps, 3, v2));
                else if (x->noisy == 1 && x->attempts > 1)
                    md_cellf(b, "ok; noisy (cv %s %% after %s measurements)", md_num(100 * x->cv, 2, v1),
                          md_num(x->attempts, 2, v2));
                else if (x->noisy == 1)
                    md_cellf(b, "ok; noisy (cv %s %%, not re-measured: noisier cases came first)",
                          md_num(100 * x->cv, 2, v1));
                else if (x->attempts > 1) md_cell(b, "ok (re-measured)");
                else md_cell(b, "ok");
                md_row_end(b);
            }
        tb_printf(b, "\n");
    }
    set_free(&shapes);
}

static void section_roofline(ctx *c, const run_data *r) {
    text_buf *b = c->b;
    name_set kinds = {0}, threads = {0};
    collect(r, "roofline.stream.", ".gbps", 2, &kinds);
    collect(r, "roofline.stream.", ".gbps", 3, &threads);
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
    set_free(&kinds);
    set_free(&threads);
}

static void section_projection(ctx *c, const run_data *r) {
    text_buf *b = c->b;
    name_set devices = {0}, models = {0};
    collect(r, "projection.", ".decode_tok_s_bound", 1, &devices);
    collect(r, "projection.", ".decode_tok_s_bound", 2, &models);
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
                collect(r, prefix, ".decode_tok_s_bound", 3, &formats);
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
            set_free(&formats);
        }
        /* Groq specifics, per model */
        for (size_t mi = 0; mi < models.n; mi++) {
            const char *m = models.items[mi];
            name_set gf = {0};
            char prefix[128];
            snprintf(prefix, sizeof prefix, "projection.groq-lpu.%s.", m);
            collect(r, prefix, ".chips_needed", 3, &gf);
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
            set_free(&gf);
        }
    }
    /* the seeds' throughput claims, each against the bound of its own setting */
    render_audit_projection_claims(b, r);
    /* calibration */
    name_set cal = {0};
    collect(r, "calibration.", ".model_tok_s_extrapolated", 1, &cal);
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
    set_free(&cal);
    set_free(&devices);
    set_free(&models);
}

static void section_hyperfine(ctx *c, const run_data *r) {
    text_buf *b = c->b;
    if (!r->n_hyperfine) return;
    tb_printf(b, "## Whole-command timings (hyperfine)\n\n");
    tb_printf(b, "Wall time of a whole `q35bench` command, process start to exit, as "
                 "hyperfine measured it (its JSON export is stored in the run).\n\n");
    char v[MD_NUM_LEN], w[MD_NUM_LEN], x[MD_NUM_LEN], y[MD_NUM_LEN];
    for (size_t i = 0; i < r->n_hyperfine; i++) {
        const hyperfine_file *f = &r->hyperfine[i];
        tb_printf(b, "`%s`\n\n", f->name);
        md_header(b, "lrrrrr", "command", "runs", "mean s", "stddev s", "min s", "max s");
        for (size_t k = 0; k < f->n; k++) {
            const hyperfine_result *h = &f->results[k];
            /* the command from the binary's name on, without its scratch --results directory */
            char shown[512];
            const char *start = strstr(h->command, "q35bench");
            snprintf(shown, sizeof shown, "%s", start ? start : h->command);
            char *res = strstr(shown, " --results ");
            if (res) {
                char *after = strchr(res + 11, ' ');
                memmove(res, after ? after : res + strlen(res), strlen(after ? after : "") + 1);
            }
            md_row_start(b);
            md_cellf(b, "`%s`", shown);
            md_cellf(b, "%d", h->runs);
            md_cell(b, md_num(h->mean_s, 3, v));
            md_cell(b, md_num(h->stddev_s, 2, w));
            md_cell(b, md_num(h->min_s, 3, x));
            md_cell(b, md_num(h->max_s, 3, y));
            md_row_end(b);
        }
        tb_printf(b, "\n");
    }
}

static void section_figures(ctx *c, const run_data *r) {
    text_buf *b = c->b;
    if (!r->n_figures) {
        tb_printf(b, "## Figures\n\nThis run has no figures (the plots step did not run, or "
                     "gnuplot was missing); `./run.sh plots %s` draws them.\n\n",
                  r->path);
        return;
    }
    tb_printf(b, "## Figures\n\nDrawn by gnuplot from the plot.*.tsv tables of the run (SVG "
                 "versions beside each PNG, for papers).\n\n");
    for (size_t i = 0; i < r->n_figures; i++)
        tb_printf(b, "![%s](%s/%s)\n\n", r->figures[i], c->opt->figures_dir, r->figures[i]);
}

/* ---- several runs --------------------------------------------------------------------- */

/* Significance level of "different" between runs (Google Benchmark's compare.py: 0.05). */
#define RUNS_ALPHA 0.05

static void section_compare(ctx *c, run_data *runs, size_t n) {
    text_buf *b = c->b;
    char v[MD_NUM_LEN], w[MD_NUM_LEN], x3[MD_NUM_LEN];
    if (n > 16) n = 16;
    tb_printf(b, "## Runs compared\n\n");
    tb_printf(b, "Kernel cases present in more than one run: median ms per run with its 95 %% "
                 "interval; every later run against the first: time(run) / time(first run) "
                 "(Hodges-Lehmann estimate, 95 %% Mann-Whitney interval) and the two-sided "
                 "Mann-Whitney U test over the repetitions (as Google Benchmark's compare.py "
                 "does). A case is **different** when p < %g in some run; spreads that overlap "
                 "or not decide nothing.\n\n",
              RUNS_ALPHA);
    md_row_start(b);
    md_cell(b, "case");
    for (size_t i = 0; i < n; i++) md_cellf(b, "%s median ms [95 %% CI]", runs[i].id);
    for (size_t i = 1; i < n; i++) md_cellf(b, "%s / %s [95 %% CI], p", runs[i].id, runs[0].id);
    md_cell(b, "different");
    md_row_end(b);
    md_row_start(b);
    tb_printf(b, " --- |");
    for (size_t i = 1; i < 2 * n; i++) tb_printf(b, " ---: |");
    tb_printf(b, " --- |");
    md_row_end(b);
    int flagged = 0, compared = 0, untested = 0;
    for (size_t i = 0; i < runs[0].n_bench; i++) {
        const bench_row *x = &runs[0].bench[i];
        if (strcmp(x->status, "ok") != 0) continue;
        const bench_row *match[16] = {x};
        int found = 1;
        for (size_t k = 1; k < n; k++) {
            match[k] = NULL;
            for (size_t j = 0; j < runs[k].n_bench; j++)
                if (strcmp(runs[k].bench[j].name, x->name) == 0 &&
                    strcmp(runs[k].bench[j].status, "ok") == 0)
                    match[k] = &runs[k].bench[j];
            found += match[k] != NULL;
        }
        if (found < 2) continue;
        compared++;
        md_row_start(b);
        md_cellf(b, "`%s`", x->name);
        for (size_t k = 0; k < n; k++) {
            if (!match[k]) md_cell(b, "-");
            else if (isfinite(match[k]->median_lo_ms))
                md_cellf(b, "%s [%s-%s]", md_num(match[k]->median_ms, 3, v),
                      md_num(match[k]->median_lo_ms, 3, w), md_num(match[k]->median_hi_ms, 3, x3));
            else md_cell(b, md_num(match[k]->median_ms, 3, v));
        }
        bool differs = false, tested = false;
        for (size_t k = 1; k < n; k++) {
            estimate e;
            double u, p;
            bench_samples sx = run_samples(&runs[0], x),
                          sk = match[k] ? run_samples(&runs[k], match[k]) : (bench_samples){0};
            if (!match[k] || !sx.ms || !sk.ms ||
                ci_ratio(sk.ms, sk.n, sx.ms, sx.n, CI_CONFIDENCE, &e) ||
                rank_test_mwu(sk.ms, sk.n, sx.ms, sx.n, &u, &p)) {
                md_cell(b, match[k] ? "- (no repetitions in the run)" : "-");
                continue;
            }
            tested = true;
            differs |= p < RUNS_ALPHA;
            char pv[MD_NUM_LEN];
            md_cellf(b, "%sx [%s-%s], p = %s", md_num(e.value, 3, v), md_num(e.lo, 3, w), md_num(e.hi, 3, x3),
                  md_num(p, 2, pv));
        }
        flagged += differs;
        untested += !tested;
        md_cell(b, !tested ? "not tested" : differs ? "**yes**" : "no");
        md_row_end(b);
    }
    tb_printf(b, "\n%d case(s) compared, %d different (p < %g)", compared, flagged, RUNS_ALPHA);
    if (untested) tb_printf(b, ", %d not tested (a run lacks bench.samples.tsv)", untested);
    tb_printf(b, ".\n\n");

    /* the comparisons within each run (pairs and the A/A floor): do they agree? */
    int pairs = 0;
    for (size_t i = 0; i < runs[0].n_compare; i++) {
        const compare_row *x = &runs[0].compare[i];
        if (strcmp(x->kind, "pair") != 0 && strcmp(x->kind, "aa") != 0) continue;
        if (!pairs++) {
            tb_printf(b, "### Comparisons within each run\n\n");
            tb_printf(b, "Each run's own ratios (time(A) / time(B), measured side by side within "
                         "that run) side by side: they agree when their intervals overlap; a "
                         "flip is one run finding A faster and another A slower, both "
                         "distinguishable.\n\n");
            md_row_start(b);
            md_cell(b, "comparison");
            for (size_t k = 0; k < n; k++) md_cell(b, runs[k].id);
            md_cell(b, "agree");
            md_row_end(b);
            md_row_start(b);
            tb_printf(b, " --- |");
            for (size_t k = 0; k < n; k++) tb_printf(b, " ---: |");
            tb_printf(b, " --- |");
            md_row_end(b);
        }
        md_row_start(b);
        md_cellf(b, "`%s`", x->id);
        bool agree = true, faster = false, slower = false;
        for (size_t k = 0; k < n; k++) {
            const compare_row *y = NULL;
            for (size_t j = 0; j < runs[k].n_compare && !y; j++)
                if (strcmp(runs[k].compare[j].id, x->id) == 0) y = &runs[k].compare[j];
            if (!y) {
                md_cell(b, "-");
                continue;
            }
            char t[256];
            ratio_text(y, NULL, t, sizeof t);
            md_cell(b, t);
            agree &= y->lo <= x->hi && x->lo <= y->hi;
            faster |= y->distinguishable && y->ratio < 1;
            slower |= y->distinguishable && y->ratio > 1;
        }
        md_cell(b, faster && slower ? "**no: flips**" : agree ? "yes" : "**no**");
        md_row_end(b);
    }
    if (pairs) tb_printf(b, "\n");

    render_audit_compare(b, runs, n);
}

/* ---- the document --------------------------------------------------------------------- */

char *render_report(run_data *runs, size_t n_runs, const report_config *rc,
                    const render_options *opt) {
    text_buf b = {0};
    ctx c = {&b, rc, opt};
    run_data *r = &runs[0];
    tb_printf(&b, "# q35bench report\n\n");
    if (n_runs == 1) tb_printf(&b, "Run `%s` (%s).", r->id, r->path);
    else {
        tb_printf(&b, "Runs");
        for (size_t i = 0; i < n_runs; i++)
            tb_printf(&b, "%s `%s`", i ? "," : "", runs[i].id);
        tb_printf(&b, "; details below are for `%s`.", r->id);
    }
    tb_printf(&b, " Rendered by `%s` from the results directories only; every number below "
                  "is a measurement or model quantity of the run, or a figure of the seeds or "
                  "of configs/references.ini with its source.\n\n",
              opt->command ? opt->command : "q35bench report");
    render_audit_glance(&b, &r->audit.result);
    if (opt->fleet) render_fleet(&b, runs, n_runs, rc, opt->fleet);
    section_machine(&c, runs, n_runs);
    if (n_runs > 1) section_compare(&c, runs, n_runs);
    section_steps(&c, r);
    section_unmeasured(&c, r);
    section_models(&c, r);
    section_quality(&c, r);
    section_kernels(&c, r);
    render_peers(&b, r);
    section_roofline(&c, r);
    section_projection(&c, r);
    render_decode(&b, r);
    section_hyperfine(&c, r);
    section_figures(&c, r);
    render_audit_section(&b, r);
    return tb_take(&b);
}
