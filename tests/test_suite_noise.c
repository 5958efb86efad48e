/* The suite's interleaved blocks on real (tiny) kernels: the order it records is every
 * item's repetitions exactly once, round by round (or case after case with interleave =
 * none); the A/A twin and the DRAM read roof probes are timed as items of their block;
 * noisy cases are re-measured, interleaved again, and keep the new samples; a memory
 * budget too small for two kernels' weights splits a shape into blocks, and comparisons
 * across blocks say they were not interleaved. Nothing here depends on how fast anything
 * ran: bounds of 0 % make every case "noisy" deterministically. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "harness/compare.h"
#include "harness/suite.h"
#include "kernels/registry.h"
#include "roofline/read_roof.h"

#define REPS 5

static void load(const char *extra, const char *shape, suite_config *cfg) {
    char text[1024], err[CONFIG_ERROR_LEN];
    snprintf(text, sizeof text,
             "[suite]\nname = t\nmin_time_ms = 0.2\nrepetitions = %d\nroof_buffer_mib = 4\n%s\n"
             "[shapes]\ntiny = %s\n[sweep s]\nkernels = f32_naive, f32_blas\nshapes = all\n"
             "batch = 1, 2\nthreads = 1, 2\n",
             REPS, extra, shape);
    if (config_load_string(text, "mem", cfg, err, sizeof err)) fail_msg("%s", err);
    static read_roof roof; /* the front end's probe (cli/bench_run.c) */
    static roof_probe probe;
    probe = read_roof_provider(&roof);
    cfg->roof_probe = &probe;
}

/* The slots of (block, attempt): every item the same number of times, once per round
 * (random order) or in runs of `rounds` (none); returns how many distinct items. */
static size_t check_order(const suite_results *r, int block, int attempt, size_t rounds,
                          interleave_mode mode) {
    size_t first = r->n_order, n = 0;
    for (size_t i = 0; i < r->n_order; i++)
        if (r->order[i].block == block && r->order[i].attempt == attempt) {
            if (first == r->n_order) first = i;
            n++;
        }
    assert_true(n > 0 && n % rounds == 0);
    size_t items = n / rounds;
    for (size_t p = 0; p < n; p++) {
        const suite_slot *s = &r->order[first + p];
        assert_int_equal(s->block, block);
        assert_int_equal(s->position, p);
        if (mode == INTERLEAVE_RANDOM) assert_int_equal(s->round, p / items);
        else assert_int_equal(s->round, p % rounds);
        /* the same item is never twice in one round */
        int twice = 0;
        for (size_t q = 0; q < n; q++) {
            const suite_slot *o = &r->order[first + q];
            twice += o->kind == s->kind && o->index == s->index && o->round == s->round;
        }
        assert_int_equal(twice, 1);
    }
    return items;
}

static void test_interleaved_block_with_twin_and_roofs(void **state) {
    (void)state;
    suite_config cfg;
    load("aa_case = f32_blas/tiny/M:1/threads:1\ncompare = f32_naive/f32_blas\nroof_shapes = all",
         "33x70", &cfg);
    suite_results r;
    assert_int_equal(suite_run(&cfg, &r, NULL), 0);
    assert_int_equal(r.n, 8);
    assert_int_equal(r.ok, 8);
    assert_int_equal(r.n_blocks, 1);
    assert_string_equal(r.blocks[0].name, "tiny#0");
    /* 8 cases + the twin + roofs at 1 and 2 threads */
    assert_int_equal(check_order(&r, 0, 0, REPS, INTERLEAVE_RANDOM), 11);
    assert_int_equal(r.blocks[0].items, 11);
    for (size_t i = 0; i < r.n; i++) {
        const case_result *c = &r.cases[i];
        assert_int_equal(c->block, 0);
        assert_int_equal(c->meas.repetitions, REPS);
        assert_int_equal(c->attempts, 1 + c->kept_attempt);
        assert_true(c->median.lo <= c->median.value && c->median.value <= c->median.hi);
        assert_true(c->roof_valid);
    }
    assert_true(r.aa.ran);
    assert_string_equal(r.cases[r.aa.case_index].name, "f32_blas/tiny/M:1/threads:1");
    assert_int_equal(r.aa.twin.repetitions, REPS);
    assert_int_equal(r.n_roofs, 2);
    for (size_t i = 0; i < r.n_roofs; i++) {
        assert_true(r.roofs[i].valid);
        assert_int_equal(r.roofs[i].n, REPS);
        assert_true(r.roofs[i].median.value > 0);
    }
    /* a case's roof is the best probe at its thread count or fewer, and "above" compares
     * its GB/s with that roof's upper end */
    for (size_t i = 0; i < r.n; i++) {
        const case_result *c = &r.cases[i];
        double best = 0, hi = 0;
        for (size_t k = 0; k < r.n_roofs; k++)
            if (r.roofs[k].threads <= c->threads && r.roofs[k].median.value > best)
                best = r.roofs[k].median.value, hi = r.roofs[k].median.hi;
        assert_float_equal(c->roof_gbps.value, best, 0);
        assert_true(c->above_roof == (c->cost.bytes_moved / c->real.median * 1e-9 > hi));
    }
    compare_set cmp;
    assert_int_equal(compare_build(&cfg, &r, NULL, NULL, &cmp), 0);
    /* aa, 4 pairs (every M x threads), threads for both kernels at both M */
    size_t kinds[4] = {0};
    for (size_t i = 0; i < cmp.n; i++) {
        kinds[cmp.v[i].kind]++;
        assert_true(cmp.v[i].ratio.lo <= cmp.v[i].ratio.value);
        assert_true(cmp.v[i].p >= 0 && cmp.v[i].p <= 1);
    }
    assert_int_equal(kinds[COMPARE_AA], 1);
    assert_int_equal(kinds[COMPARE_PAIR], 4);
    assert_int_equal(kinds[COMPARE_THREADS], 4);
    compare_free(&cmp);
    suite_results_free(&r);
    config_free(&cfg);
}

static void test_noisy_cases_are_remeasured(void **state) {
    (void)state;
    suite_config cfg;
    /* a bound of 0 % makes every case noisy: the noisiest third of the 9 items (8 cases and
     * the twin) is re-measured, with the A/A pair kept together, and keeps the new samples */
    load("noise_cv_max_pct = 0\nremeasure_max = 1\naa_case = f32_naive/tiny/M:2/threads:2",
         "33x70", &cfg);
    suite_results r;
    assert_int_equal(suite_run(&cfg, &r, NULL), 0);
    assert_int_equal(r.blocks[0].attempts, 2);
    size_t again = check_order(&r, 0, 1, REPS, INTERLEAVE_RANDOM);
    assert_true(again == 3 || again == 4); /* 3, and the partner of a chosen A/A half */
    double least_again = INFINITY, most_not = 0;
    const case_result *aa = &r.cases[r.aa.case_index];
    for (size_t i = 0; i < r.n; i++) {
        const case_result *c = &r.cases[i];
        assert_int_equal(c->meas.repetitions, REPS);
        assert_true(c->noisy);
        assert_int_equal(c->kept_attempt, c->attempts - 1);
        if (c == aa) continue; /* may have come along with its twin */
        if (c->attempts == 2) least_again = fmin(least_again, c->first_cv);
        else most_not = fmax(most_not, c->first_cv);
    }
    assert_true(least_again >= most_not); /* the noisiest were chosen */
    assert_int_equal(r.aa.kept_attempt, aa->kept_attempt); /* the pair stayed together */
    assert_int_equal(r.remeasured, again - (r.aa.kept_attempt ? 1 : 0));
    assert_int_equal(r.noisy, 8);
    suite_results_free(&r);
    config_free(&cfg);

    /* remeasure_max = 0: nothing is re-measured, whatever the bounds */
    load("noise_cv_max_pct = 0\nremeasure_max = 0", "33x70", &cfg);
    assert_int_equal(suite_run(&cfg, &r, NULL), 0);
    assert_int_equal(r.blocks[0].attempts, 1);
    for (size_t i = 0; i < r.n_order; i++) assert_int_equal(r.order[i].attempt, 0);
    assert_int_equal(r.remeasured, 0);
    suite_results_free(&r);
    config_free(&cfg);
}

static void test_none_and_memory_blocks(void **state) {
    (void)state;
    suite_config cfg;
    load("interleave = none\nremeasure_max = 0", "33x70", &cfg);
    suite_results r;
    assert_int_equal(suite_run(&cfg, &r, NULL), 0);
    assert_int_equal(check_order(&r, 0, 0, REPS, INTERLEAVE_NONE), 8);
    suite_results_free(&r);
    config_free(&cfg);

    /* 512 x 1024 FP32 weights are 2 MiB per kernel: a 1 MiB budget gives each its block */
    load("block_memory_mib = 1\nremeasure_max = 0\ncompare = f32_naive/f32_blas", "512x1024",
         &cfg);
    assert_int_equal(suite_run(&cfg, &r, NULL), 0);
    assert_int_equal(r.n_blocks, 2);
    assert_string_equal(r.blocks[1].name, "tiny#1");
    assert_int_equal(check_order(&r, 0, 0, REPS, INTERLEAVE_RANDOM), 4);
    assert_int_equal(check_order(&r, 1, 0, REPS, INTERLEAVE_RANDOM), 4);
    compare_set cmp;
    assert_int_equal(compare_build(&cfg, &r, NULL, NULL, &cmp), 0);
    for (size_t i = 0; i < cmp.n; i++)
        assert_true(cmp.v[i].interleaved == (cmp.v[i].kind == COMPARE_THREADS));
    compare_free(&cmp);
    suite_results_free(&r);
    config_free(&cfg);
}

/* An own kernel and a peer at the same M and threads are re-measured together: the report
 * compares them (fastest and nearest peer), so the noisiest item takes its peer or its own
 * kernel along and every own/peer comparison stays interleaved. With 8 items, a third is 3:
 * without the pairing the three noisiest could not all be pairs, and one comparison would
 * mix attempts. Needs a peer (llama.cpp's ggml_f32); skipped, saying why, without one. */
static void test_peers_remeasured_with_own_kernels(void **state) {
    (void)state;
    char why[256] = "", err[CONFIG_ERROR_LEN];
    const kernel *peer = kernel_find("ggml_f32");
    if (!peer || !kernel_is_available(peer, why, sizeof why)) {
        printf("# SKIP ggml_f32 unavailable: %s\n", why);
        skip();
    }
    const char *text = "[suite]\nname = t\nmin_time_ms = 0.2\nrepetitions = 5\n"
                       "noise_cv_max_pct = 0\nremeasure_max = 1\nroof_shapes = none\n"
                       "[shapes]\ntiny = 32x64\n[sweep s]\nkernels = f32_blas, ggml_f32\n"
                       "shapes = all\nbatch = 1, 2\nthreads = 1, 2\n";
    suite_config cfg;
    if (config_load_string(text, "mem", &cfg, err, sizeof err)) fail_msg("%s", err);
    suite_results r;
    assert_int_equal(suite_run(&cfg, &r, NULL), 0);
    assert_int_equal(r.blocks[0].attempts, 2);
    size_t again = check_order(&r, 0, 1, 5, INTERLEAVE_RANDOM);
    assert_int_equal(again % 2, 0); /* whole own/peer pairs */
    compare_set cmp;
    assert_int_equal(compare_build(&cfg, &r, NULL, NULL, &cmp), 0);
    size_t peers = 0;
    for (size_t i = 0; i < cmp.n; i++) {
        if (cmp.v[i].kind != COMPARE_PEER_FASTEST && cmp.v[i].kind != COMPARE_PEER_NEAREST)
            continue;
        peers++;
        if (!cmp.v[i].interleaved) fail_msg("%s was not interleaved", cmp.v[i].id);
    }
    assert_int_equal(peers, 8); /* 4 (M, threads) x fastest and nearest */
    compare_free(&cmp);
    suite_results_free(&r);
    config_free(&cfg);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_interleaved_block_with_twin_and_roofs),
        cmocka_unit_test(test_noisy_cases_are_remeasured),
        cmocka_unit_test(test_none_and_memory_blocks),
        cmocka_unit_test(test_peers_remeasured_with_own_kernels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
