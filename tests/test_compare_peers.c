/* The comparison of the suite's own kernels with the peers timed beside them: the fastest
 * peer with at least the kernel's bits per weight and the peer nearest to them, at the same
 * shape, M and threads; peers, format baselines and the FP64 oracle are not compared. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "harness/compare.h"

#define REPS 9

typedef struct fake_case {
    const char *kernel, *format;
    double bpw, ms;
    int threads;
} fake_case;

static double samples[16][REPS];

static const char *baseline_of(const void *ctx, const char *format) {
    (void)ctx;
    return strcmp(format, "q35d") == 0 ? "q35_baseline" : "";
}

static void build(const fake_case *f, size_t n, suite_results *res, case_result *cases) {
    memset(res, 0, sizeof *res);
    memset(cases, 0, n * sizeof *cases);
    for (size_t i = 0; i < n; i++) {
        case_result *c = &cases[i];
        snprintf(c->kernel, sizeof c->kernel, "%s", f[i].kernel);
        snprintf(c->format, sizeof c->format, "%s", f[i].format);
        snprintf(c->shape, sizeof c->shape, "up_proj");
        snprintf(c->name, sizeof c->name, "%s/up_proj/M:1/threads:%d", f[i].kernel, f[i].threads);
        c->n = 1024;
        c->k = 1024;
        c->m = 1;
        c->threads = f[i].threads;
        c->status = CASE_OK;
        c->cost.weight_bytes = f[i].bpw * 1024.0 * 1024.0 / 8.0;
        for (int r = 0; r < REPS; r++) samples[i][r] = f[i].ms * 1e-3 * (1 + 0.001 * r);
        c->meas.real_s = samples[i];
        c->meas.repetitions = REPS;
        c->median.value = f[i].ms * 1e-3;
    }
    res->cases = cases;
    res->n = n;
}

static const comparison *find(const compare_set *s, const char *id) {
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->v[i].id, id) == 0) return &s->v[i];
    return NULL;
}

static size_t count_kind(const compare_set *s, compare_kind k) {
    size_t n = 0;
    for (size_t i = 0; i < s->n; i++) n += s->v[i].kind == k;
    return n;
}

static void test_fastest_and_nearest_peer(void **state) {
    (void)state;
    static const fake_case f[] = {
        {"q35d_simd", "q35d", 4.0, 2.0, 1},
        {"ggml_q4_k", "q4_K", 4.5, 5.0, 1},        /* more bits, slow */
        {"ggml_q4_0_repack", "q4_0", 4.5, 4.0, 1}, /* more bits, the fastest of those */
        {"ggml_q3_k", "q3_K", 3.9, 1.0, 1},        /* fewer bits: fastest, but not eligible */
        {"ggml_bf16", "bf16", 16, 8.0, 2},         /* another thread count: not compared */
        {"q35_baseline", "q35d", 4.0, 90.0, 1},    /* its format's baseline: not compared */
        {"ref_f64", "f32", 32, 50.0, 1},           /* the oracle: not compared */
    };
    case_result cases[7];
    suite_results res;
    build(f, 7, &res, cases);
    suite_config cfg = {.interleave = INTERLEAVE_RANDOM};
    compare_set cmp;
    assert_int_equal(compare_build(&cfg, &res, baseline_of, NULL, &cmp), 0);
    const comparison *fast =
        find(&cmp, "bench.peer_fastest.ggml_q4_0_repack.over.q35d_simd.up_proj.m1.t1.ratio");
    assert_non_null(fast);
    assert_int_equal(fast->kind, COMPARE_PEER_FASTEST);
    assert_float_equal(fast->ratio.value, 2.0, 1e-9); /* time(peer) / time(kernel) */
    const comparison *near =
        find(&cmp, "bench.peer_nearest.ggml_q3_k.over.q35d_simd.up_proj.m1.t1.ratio");
    assert_non_null(near);
    assert_float_equal(near->ratio.value, 0.5, 1e-9); /* the peer wins */
    /* nothing else is compared with a peer */
    assert_int_equal(count_kind(&cmp, COMPARE_PEER_FASTEST), 1);
    assert_int_equal(count_kind(&cmp, COMPARE_PEER_NEAREST), 1);
    compare_free(&cmp);
}

static void test_no_eligible_peer(void **state) {
    (void)state;
    static const fake_case f[] = {
        {"f32_blas", "f32", 32, 10.0, 1},
        {"ggml_q8_0", "q8_0", 8.5, 3.0, 1},
    };
    case_result cases[2];
    suite_results res;
    build(f, 2, &res, cases);
    suite_config cfg = {.interleave = INTERLEAVE_RANDOM};
    compare_set cmp;
    assert_int_equal(compare_build(&cfg, &res, baseline_of, NULL, &cmp), 0);
    /* no peer with 32 or more bits: no "fastest"; the nearest is the one there is */
    assert_int_equal(count_kind(&cmp, COMPARE_PEER_FASTEST), 0);
    assert_non_null(find(&cmp, "bench.peer_nearest.ggml_q8_0.over.f32_blas.up_proj.m1.t1.ratio"));
    compare_free(&cmp);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fastest_and_nearest_peer),
        cmocka_unit_test(test_no_eligible_peer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
