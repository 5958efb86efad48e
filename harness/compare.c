#include "compare.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *compare_kind_name(compare_kind k) {
    switch (k) {
    case COMPARE_BASELINE: return "baseline";
    case COMPARE_PAIR: return "pair";
    case COMPARE_THREADS: return "threads";
    case COMPARE_AA: return "aa";
    }
    return "?";
}

static bool comparable(const case_result *c) {
    return c->status == CASE_OK && c->meas.repetitions > 0 && !strstr(c->name, "/sweep:");
}

/* The timed case of kernel `kernel` at x's shape and M with `threads` threads, or -1. */
static long find_case(const suite_results *res, const char *kernel, const case_result *x,
                      int threads) {
    for (size_t i = 0; i < res->n; i++) {
        const case_result *y = &res->cases[i];
        if (comparable(y) && strcmp(y->kernel, kernel) == 0 && strcmp(y->shape, x->shape) == 0 &&
            y->m == x->m && y->threads == threads)
            return (long)i;
    }
    return -1;
}

void compare_samples(const suite_results *res, const comparison *c, const double **a,
                     size_t *na, const double **b, size_t *nb) {
    const case_result *ca = &res->cases[c->a];
    *a = ca->meas.real_s;
    *na = (size_t)ca->meas.repetitions;
    if (c->kind == COMPARE_AA) {
        *b = res->aa.twin.real_s;
        *nb = (size_t)res->aa.twin.repetitions;
    } else {
        const case_result *cb = &res->cases[c->b];
        *b = cb->meas.real_s;
        *nb = (size_t)cb->meas.repetitions;
    }
}

static int add(compare_set *s, const suite_config *cfg, const suite_results *res,
               compare_kind kind, size_t a, size_t b, const char *id) {
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->v[i].id, id) == 0) return 0; /* e.g. a pair that is also a baseline */
    comparison c = {.kind = kind, .a = a, .b = b};
    snprintf(c.id, sizeof c.id, "%s", id);
    const double *sa, *sb;
    size_t na, nb;
    compare_samples(res, &c, &sa, &na, &sb, &nb);
    double u;
    if (ci_ratio(sa, na, sb, nb, CI_CONFIDENCE, &c.ratio) || rank_test_mwu(sa, na, sb, nb, &u, &c.p))
        return 0; /* a sample that is not a positive time: nothing to compare */
    const case_result *ca = &res->cases[a], *cb = &res->cases[b];
    int kept_b = kind == COMPARE_AA ? res->aa.kept_attempt : cb->kept_attempt;
    c.interleaved = cfg->interleave == INTERLEAVE_RANDOM && ca->block == cb->block &&
                    ca->kept_attempt == kept_b;
    if (s->n % 64 == 0) {
        comparison *grown = realloc(s->v, (s->n + 64) * sizeof *grown);
        if (!grown) return -1;
        s->v = grown;
    }
    s->v[s->n++] = c;
    return 0;
}

int compare_build(const suite_config *cfg, const suite_results *res,
                  compare_baseline_fn baseline, const void *baseline_ctx, compare_set *out) {
    memset(out, 0, sizeof *out);
    char id[320];
    int rc = 0;
    if (res->aa.ran && res->aa.twin.repetitions > 0) {
        const case_result *c = &res->cases[res->aa.case_index];
        snprintf(id, sizeof id, "bench.aa.%s.%s.m%zu.t%d.ratio", c->kernel, c->shape, c->m,
                 c->threads);
        rc = add(out, cfg, res, COMPARE_AA, res->aa.case_index, res->aa.case_index, id);
    }
    for (size_t i = 0; rc == 0 && i < res->n; i++) {
        const case_result *x = &res->cases[i];
        if (!comparable(x)) continue;
        const char *base = baseline ? baseline(baseline_ctx, x->format) : NULL;
        long j = base && base[0] && strcmp(base, x->kernel) ? find_case(res, base, x, x->threads) : -1;
        if (j >= 0) {
            snprintf(id, sizeof id, "bench.compare.%s.over.%s.%s.m%zu.t%d.ratio", base, x->kernel,
                     x->shape, x->m, x->threads);
            rc = add(out, cfg, res, COMPARE_BASELINE, (size_t)j, i, id);
        }
        for (size_t p = 0; rc == 0 && p < cfg->n_compare; p++) {
            if (strcmp(cfg->compare[p].a->name, x->kernel) != 0) continue;
            j = find_case(res, cfg->compare[p].b->name, x, x->threads);
            if (j < 0) continue;
            snprintf(id, sizeof id, "bench.compare.%s.over.%s.%s.m%zu.t%d.ratio", x->kernel,
                     cfg->compare[p].b->name, x->shape, x->m, x->threads);
            rc = add(out, cfg, res, COMPARE_PAIR, i, (size_t)j, id);
        }
        j = x->threads > 1 && rc == 0 ? find_case(res, x->kernel, x, 1) : -1;
        if (j >= 0) {
            snprintf(id, sizeof id, "bench.threads.%s.%s.m%zu.t1.over.t%d.ratio", x->kernel,
                     x->shape, x->m, x->threads);
            rc = add(out, cfg, res, COMPARE_THREADS, (size_t)j, i, id);
        }
    }
    if (rc) compare_free(out);
    return rc;
}

void compare_free(compare_set *s) {
    free(s->v);
    memset(s, 0, sizeof *s);
}
