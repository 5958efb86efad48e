/* The interleaving plan: every repetition of every item exactly once, round by round, the
 * same order for the same seed; and, on a deterministic burst fixture (a fake clock, no
 * real timing), why it matters: a burst that slows one kernel's repetitions down skews the
 * sequential ratio but not the interleaved one. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "harness/interleave.h"
#include "harness/intervals.h"

/* Every (item, round) exactly once; with random order, round r fills slots
 * [r n, (r + 1) n) with each item once. */
static void check_permutation(const interleave_slot *s, size_t n, size_t rounds, bool by_round) {
    char *seen = calloc(n * rounds, 1);
    assert_non_null(seen);
    for (size_t p = 0; p < n * rounds; p++) {
        assert_true(s[p].item < n);
        assert_true(s[p].round < rounds);
        if (by_round) assert_int_equal(s[p].round, p / n);
        assert_int_equal(seen[s[p].item * rounds + s[p].round], 0);
        seen[s[p].item * rounds + s[p].round] = 1;
    }
    free(seen);
}

static void test_random_plan_is_a_permutation(void **state) {
    (void)state;
    const size_t sizes[][2] = {{1, 1}, {1, 7}, {5, 1}, {13, 10}, {48, 9}};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        interleave_slot *s;
        assert_int_equal(interleave_plan(sizes[i][0], sizes[i][1], INTERLEAVE_RANDOM, 42, &s), 0);
        check_permutation(s, sizes[i][0], sizes[i][1], true);
        free(s);
    }
}

static void test_seed_reproduces_the_order(void **state) {
    (void)state;
    interleave_slot *a, *b, *c;
    assert_int_equal(interleave_plan(20, 9, INTERLEAVE_RANDOM, 42, &a), 0);
    assert_int_equal(interleave_plan(20, 9, INTERLEAVE_RANDOM, 42, &b), 0);
    assert_int_equal(interleave_plan(20, 9, INTERLEAVE_RANDOM, 43, &c), 0);
    assert_memory_equal(a, b, 20 * 9 * sizeof *a);
    assert_memory_not_equal(a, c, 20 * 9 * sizeof *a);
    /* rounds are drawn afresh: round 0 and round 1 differ (20! orders) */
    assert_memory_not_equal(a, a + 20, 20 * sizeof *a);
    free(a), free(b), free(c);
    /* a block's seed depends on the suite seed, the block and the attempt */
    uint64_t s0 = interleave_seed(42, "up_proj#0", 0);
    assert_true(s0 == interleave_seed(42, "up_proj#0", 0));
    assert_true(s0 != interleave_seed(42, "up_proj#0", 1));
    assert_true(s0 != interleave_seed(42, "up_proj#1", 0));
    assert_true(s0 != interleave_seed(7, "up_proj#0", 0));
}

static void test_none_is_case_after_case(void **state) {
    (void)state;
    interleave_slot *s;
    assert_int_equal(interleave_plan(3, 4, INTERLEAVE_NONE, 42, &s), 0);
    check_permutation(s, 3, 4, false);
    for (size_t p = 0; p < 12; p++) {
        assert_int_equal(s[p].item, p / 4);
        assert_int_equal(s[p].round, p % 4);
    }
    free(s);
}

static void test_bad_arguments(void **state) {
    (void)state;
    interleave_slot *s = (interleave_slot *)&s;
    assert_int_equal(interleave_plan(0, 3, INTERLEAVE_RANDOM, 1, &s), -1);
    assert_null(s);
    assert_int_equal(interleave_plan(3, 0, INTERLEAVE_RANDOM, 1, &s), -1);
    assert_string_equal(interleave_mode_names[INTERLEAVE_RANDOM], "random");
    assert_string_equal(interleave_mode_names[INTERLEAVE_NONE], "none");
    assert_null(interleave_mode_names[2]);
}

/* ---- the burst fixture ------------------------------------------------------------------
 * Two kernels: A takes 1.0 time units per repetition, B 0.8 (true ratio A/B = 1.25). The
 * plan runs on a fake clock; a repetition that starts inside the burst window [1, 30)
 * takes 3x as long (a neighbour took the machine). Sequentially, the burst covers nine of
 * A's ten repetitions and one of B's; interleaved, it covers the same rounds of both. */
#define REPS 10
#define BURST_FROM 1.0
#define BURST_TO 30.0
#define BURST_FACTOR 3.0

static void simulate(interleave_mode mode, double *a, double *b) {
    const double base[2] = {1.0, 0.8};
    interleave_slot *plan;
    assert_int_equal(interleave_plan(2, REPS, mode, 20261205, &plan), 0);
    double clock = 0;
    for (size_t p = 0; p < 2 * REPS; p++) {
        double t = base[plan[p].item];
        if (clock >= BURST_FROM && clock < BURST_TO) t *= BURST_FACTOR;
        (plan[p].item == 0 ? a : b)[plan[p].round] = t;
        clock += t;
    }
    free(plan);
}

static void test_burst_skews_sequential_not_interleaved(void **state) {
    (void)state;
    double a[REPS], b[REPS];
    estimate seq, inter;
    simulate(INTERLEAVE_NONE, a, b);
    int inflated_a = 0, inflated_b = 0;
    for (int i = 0; i < REPS; i++) inflated_a += a[i] > 1.0, inflated_b += b[i] > 0.8;
    assert_int_equal(inflated_a, 9); /* the fixture is what the comment says */
    assert_int_equal(inflated_b, 1);
    assert_int_equal(ci_ratio(a, REPS, b, REPS, 0.95, &seq), 0);
    /* the sequential ratio is the burst's, not the kernels': 3.0 / 0.8 */
    assert_float_equal(seq.value, 3.75, 1e-9);
    assert_true(seq.lo > 1.25); /* and its interval excludes the truth */

    simulate(INTERLEAVE_RANDOM, a, b);
    inflated_a = inflated_b = 0;
    for (int i = 0; i < REPS; i++) inflated_a += a[i] > 1.0, inflated_b += b[i] > 0.8;
    assert_true(inflated_a >= 3 && inflated_b >= 3); /* the burst hit both */
    assert_int_equal(ci_ratio(a, REPS, b, REPS, 0.95, &inter), 0);
    assert_float_equal(inter.value, 1.25, 1e-9);
    assert_true(inter.lo <= 1.25 && inter.hi >= 1.25);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_plan_is_a_permutation),
        cmocka_unit_test(test_seed_reproduces_the_order),
        cmocka_unit_test(test_none_is_case_after_case),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_burst_skews_sequential_not_interleaved),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
