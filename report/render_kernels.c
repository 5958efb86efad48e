#include "render_kernels.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "markdown.h"

/* A case's % of its attainable roof, as the roofline step placed it (NAN: not placed). */
static double pct_of_roof(const run_data *r, const bench_row *x) {
    const placement_row *p = run_placement(r, x);
    return p ? p->pct_attainable : NAN;
}

/* How quiet the machine was, the A/A noise floor, the configured comparisons, and the
 * cases that stayed noisy or ran above the DRAM read roof. */
static void section_noise(render_ctx *c, const run_data *r) {
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
static void speedup_cell(render_ctx *c, const run_data *r, const bench_row *x, bool ok) {
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

void render_kernels(render_ctx *c, const run_data *r) {
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
        name_set_add(&shapes, r->bench[i].shape, strlen(r->bench[i].shape));
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
    name_set_free(&shapes);
}
