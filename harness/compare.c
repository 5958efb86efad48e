#include "compare.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernels/registry.h"

const char *compare_kind_name(compare_kind k) {
    switch (k) {
    case COMPARE_BASELINE: return "baseline";
    case COMPARE_PAIR: return "pair";
    case COMPARE_THREADS: return "threads";
    case COMPARE_AA: return "aa";
    case COMPARE_PEER_FASTEST: return "peer_fastest";
    case COMPARE_PEER_NEAREST: return "peer_nearest";
    }
    return "?";
}

static bool is_peer(const case_result *c) { return kernel_name_is_peer(c->kernel); }

static double bits_per_weight(const case_result *c) {
    return c->cost.weight_bytes * 8.0 / ((double)c->n * (double)c->k);
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

/* Case i of the suite's own against the fastest peer case with at least its bits per
 * weight and the peer case nearest to them, at the same shape, M and threads. */
static int add_peers(compare_set *out, const suite_config *cfg, const suite_results *res,
                     size_t i) {
    const case_result *x = &res->cases[i];
    double bpw = bits_per_weight(x);
    long fastest = -1, nearest = -1;
    for (size_t j = 0; j < res->n; j++) {
        const case_result *y = &res->cases[j];
        if (!comparable(y) || !is_peer(y) || strcmp(y->shape, x->shape) || y->m != x->m ||
            y->threads != x->threads)
            continue;
        double ybpw = bits_per_weight(y);
        /* bits/weight within a thousandth count as equal */
        if (ybpw >= bpw - 1e-3 &&
            (fastest < 0 || y->median.value < res->cases[fastest].median.value))
            fastest = (long)j;
        if (nearest < 0 || fabs(ybpw - bpw) < fabs(bits_per_weight(&res->cases[nearest]) - bpw) ||
            (fabs(ybpw - bpw) == fabs(bits_per_weight(&res->cases[nearest]) - bpw) &&
             y->median.value < res->cases[nearest].median.value))
            nearest = (long)j;
    }
    char id[320];
    int rc = 0;
    if (fastest >= 0) {
        snprintf(id, sizeof id, "bench.peer_fastest.%s.over.%s.%s.m%zu.t%d.ratio",
                 res->cases[fastest].kernel, x->kernel, x->shape, x->m, x->threads);
        rc = add(out, cfg, res, COMPARE_PEER_FASTEST, (size_t)fastest, i, id);
    }
    if (rc == 0 && nearest >= 0) {
        snprintf(id, sizeof id, "bench.peer_nearest.%s.over.%s.%s.m%zu.t%d.ratio",
                 res->cases[nearest].kernel, x->kernel, x->shape, x->m, x->threads);
        rc = add(out, cfg, res, COMPARE_PEER_NEAREST, (size_t)nearest, i, id);
    }
    return rc;
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
        if (rc == 0 && !is_peer(x) && !(base && strcmp(base, x->kernel) == 0) &&
            !kernel_is_reference(kernel_find(x->kernel)))
            rc = add_peers(out, cfg, res, i);
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
