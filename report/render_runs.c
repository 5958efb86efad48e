#include "render_runs.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "harness/intervals.h"
#include "markdown.h"
#include "render_audit.h"

/* Significance level of "different" between runs (Google Benchmark's compare.py: 0.05). */
#define RUNS_ALPHA 0.05

void render_runs_compared(render_ctx *c, run_data *runs, size_t n) {
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
