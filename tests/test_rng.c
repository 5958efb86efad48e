/* The seeded generator: reproducible, independent of thread count, roughly N(0, 1). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/rng.h"

static void test_same_seed_same_values_any_thread_count(void **state) {
    (void)state;
    size_t n = 100001;
    float *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
    rng_fill_normal(a, n, 42, rng_stream("W:1x1"), 0, 1, 1);
    rng_fill_normal(b, n, 42, rng_stream("W:1x1"), 0, 1, 3);
    assert_memory_equal(a, b, n * sizeof *a);
    rng_fill_normal(b, n, 43, rng_stream("W:1x1"), 0, 1, 1);
    assert_memory_not_equal(a, b, n * sizeof *a);
    free(a), free(b);
}

static void test_normal_moments(void **state) {
    (void)state;
    size_t n = 1 << 20;
    double sum = 0, sum2 = 0, sum4 = 0;
    for (size_t i = 0; i < n; i++) {
        double v = rng_normal(7, 9, i);
        sum += v, sum2 += v * v, sum4 += v * v * v * v;
    }
    double mean = sum / n, var = sum2 / n - mean * mean;
    assert_true(fabs(mean) < 0.01);
    assert_true(fabs(var - 1) < 0.01);
    assert_true(fabs(sum4 / n - 3) < 0.05); /* kurtosis of a Gaussian */
}

static void test_uniform_open_interval(void **state) {
    (void)state;
    for (uint64_t i = 0; i < 100000; i++) {
        double u = rng_uniform(1, 2, i);
        assert_true(u > 0 && u < 1);
    }
}

static void test_streams_differ(void **state) {
    (void)state;
    assert_true(rng_stream("X:1x8192") != rng_stream("X:8x8192"));
    assert_true(rng_u64(1, rng_stream("a"), 0) != rng_u64(1, rng_stream("b"), 0));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_seed_same_values_any_thread_count),
        cmocka_unit_test(test_normal_moments),
        cmocka_unit_test(test_uniform_open_interval),
        cmocka_unit_test(test_streams_differ),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
