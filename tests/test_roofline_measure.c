/* The roofline measurements: STREAM byte counts and validation, the compute-peak
 * microkernels of every ISA path this CPU runs, cache-level detection on made-up curves.
 * No timing is asserted. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "kernels/cpu_features.h"
#include "roofline/levels.h"
#include "roofline/peak.h"
#include "roofline/stream.h"

static void test_stream_byte_model(void **state) {
    (void)state;
    /* STREAM: 2 words for copy and scale, 3 for add and triad, no write-allocate */
    assert_int_equal(stream_words_read(STREAM_COPY) + stream_words_written(STREAM_COPY), 2);
    assert_int_equal(stream_words_read(STREAM_SCALE) + stream_words_written(STREAM_SCALE), 2);
    assert_int_equal(stream_words_read(STREAM_ADD) + stream_words_written(STREAM_ADD), 3);
    assert_int_equal(stream_words_read(STREAM_TRIAD) + stream_words_written(STREAM_TRIAD), 3);
    assert_int_equal(stream_words_written(STREAM_READ), 0);
    assert_float_equal(stream_bytes(STREAM_COPY, 1000), 16000, 0);
    assert_float_equal(stream_bytes(STREAM_SCALE, 1000), 16000, 0);
    assert_float_equal(stream_bytes(STREAM_ADD, 1000), 24000, 0);
    assert_float_equal(stream_bytes(STREAM_TRIAD, 1000), 24000, 0);
    assert_float_equal(stream_bytes(STREAM_READ, 1000), 8000, 0);
}

static void test_stream_chunks_cover(void **state) {
    (void)state;
    const size_t sizes[] = {1, 7, 8, 9, 1003, 4096};
    for (size_t s = 0; s < 6; s++)
        for (int t = 1; t <= 5; t++) {
            size_t next = 0;
            for (int id = 0; id < t; id++) {
                size_t lo, hi;
                stream_chunk(sizes[s], t, id, &lo, &hi);
                assert_int_equal(lo, next);
                assert_true(hi >= lo);
                if (hi < sizes[s]) assert_int_equal(hi % 8, 0); /* whole cache lines */
                next = hi;
            }
            assert_int_equal(next, sizes[s]);
        }
}

/* Every path this CPU runs, and the portable one, validates at 1 and 2 threads on an odd
 * size (vector bodies and scalar tails), and the byte model is what was reported. */
static void test_stream_paths_validate(void **state) {
    (void)state;
    const stream_kernels *paths[3];
    size_t n = stream_kernels_available(cpu_features(), paths, 3);
    assert_true(n >= 1);
    assert_string_equal(paths[n - 1]->isa, "c");
    stream_arrays arr;
    assert_int_equal(stream_arrays_alloc(&arr, 1003, 2), 0);
    for (size_t i = 0; i < n; i++)
        for (int t = 1; t <= 2; t++) {
            stream_result r;
            assert_int_equal(stream_measure(paths[i], &arr, 3, t, &r), 0);
            if (!r.valid) fail_msg("%s t%d: %s", paths[i]->isa, t, r.why);
            assert_float_equal(r.kernel[STREAM_TRIAD].bytes, 3.0 * 8 * 1003, 0);
            assert_float_equal(r.kernel[STREAM_COPY].bytes, 2.0 * 8 * 1003, 0);
        }
    stream_arrays_free(&arr);
}

static void test_stream_check_catches_errors(void **state) {
    (void)state;
    stream_arrays arr;
    assert_int_equal(stream_arrays_alloc(&arr, 100, 1), 0);
    stream_result r;
    assert_int_equal(stream_measure(&stream_kernels_c, &arr, 3, 1, &r), 0);
    assert_true(r.valid);
    double worst;
    assert_int_equal(stream_check(&arr, 3, 1, &worst), 0);
    arr.b[57] *= 1.0 + 1e-9; /* one element off by 1e-9 relative */
    assert_int_equal(stream_check(&arr, 3, 1, &worst), 1);
    assert_true(worst > 1e-10);
    arr.c[3] = NAN;
    assert_int_equal(stream_check(&arr, 3, 1, &worst), 2);
    assert_int_equal(stream_check(&arr, 4, 1, &worst), 300); /* wrong iteration count */
    stream_arrays_free(&arr);
}

static void test_stream_expected_recurrence(void **state) {
    (void)state;
    double a, b, c, after[2];
    stream_expected(1, &a, &b, &c, after);
    /* a = 2: c = 2, b = 6, c = 8, a = 6 + 3 * 8 = 30 */
    assert_float_equal(c, 8, 0);
    assert_float_equal(b, 6, 0);
    assert_float_equal(a, 30, 0);
    stream_expected(2, &a, &b, &c, after);
    assert_float_equal(after[0], 30, 0);
    assert_float_equal(a, 450, 0);
}

static void test_peak_paths_validate(void **state) {
    (void)state;
    for (int kind = 0; kind < PEAK_KINDS; kind++) {
        const peak_kernel *ks[4];
        size_t n = peak_available((peak_kind)kind, cpu_features(), ks, 4);
        assert_true(n >= 1);
        assert_string_equal(ks[n - 1]->isa, "c");
        for (size_t i = 0; i < n; i++) {
            peak_result r;
            assert_int_equal(peak_measure(ks[i], 2, 1e-4, 2, &r), 0);
            if (!r.valid) fail_msg("%s %s: %s", peak_kind_name((peak_kind)kind), ks[i]->isa, r.why);
            assert_true(r.ops > 0);
        }
    }
}

static void test_peak_check_catches_errors(void **state) {
    (void)state;
    double lanes[PEAK_MAX_LANES];
    peak_fp32_c.run(PEAK_MIN_ITERS, lanes);
    assert_int_equal(peak_check(&peak_fp32_c, PEAK_MIN_ITERS, lanes), 0);
    lanes[5] = 3.0;
    assert_int_equal(peak_check(&peak_fp32_c, PEAK_MIN_ITERS, lanes), 1);
    peak_int8_c.run(100, lanes);
    assert_int_equal(peak_check(&peak_int8_c, 100, lanes), 0);
    assert_float_equal(lanes[3], 3 + 4 * 100, 0);
    assert_int_equal(peak_check(&peak_int8_c, 101, lanes), peak_int8_c.lanes);
}

/* A made-up curve: 4 plateaus (300, 150, 60, 20 GB/s) with one noisy point. */
static void test_levels_four_plateaus(void **state) {
    (void)state;
    size_t bytes[16];
    double gbps[16] = {300, 310, 295, 150, 155, 148, 152, 60, 62, 25 /* noise */, 61, 59,
                       20, 21, 20, 19};
    for (int i = 0; i < 16; i++) bytes[i] = (size_t)16384 << i;
    cache_levels lv;
    int level_of[16];
    assert_int_equal(levels_detect(bytes, gbps, 16, LEVELS_DROP, (size_t)256 << 20, &lv, level_of), 4);
    assert_true(lv.has_dram);
    assert_string_equal(lv.level[0].name, "l1");
    assert_string_equal(lv.level[1].name, "l2");
    assert_string_equal(lv.level[2].name, "l3");
    assert_string_equal(lv.level[3].name, "dram");
    assert_true(lv.level[2].is_llc);
    assert_int_equal(lv.level[0].upto_bytes, bytes[2]);
    assert_int_equal(lv.level[2].from_bytes, bytes[7]);
    assert_int_equal(level_of[9], 2); /* the noisy point stays in its level */
    assert_float_equal(lv.level[3].gbps, 20.0, 0.6);
    assert_string_equal(levels_find(&lv, "llc")->name, "l3");
    assert_int_equal(levels_lookup(&lv, bytes[5]), 1);
    assert_int_equal(levels_lookup(&lv, (size_t)1 << 40), 3);
}

static void test_levels_merge_and_no_dram(void **state) {
    (void)state;
    size_t bytes[10];
    /* five plateaus: the two closest (100 and 70) merge to keep three cache levels */
    double gbps[10] = {400, 400, 200, 200, 100, 100, 70, 70, 20, 20};
    for (int i = 0; i < 10; i++) bytes[i] = (size_t)16384 << i;
    cache_levels lv;
    assert_int_equal(levels_detect(bytes, gbps, 10, 0.75, bytes[9], &lv, NULL), 4);
    assert_int_equal(lv.level[2].first, 4);
    assert_int_equal(lv.level[2].last, 7);
    /* the same curve, not reaching the DRAM size: no dram level */
    assert_int_equal(levels_detect(bytes, gbps, 10, 0.75, bytes[9] + 1, &lv, NULL), 3);
    assert_false(lv.has_dram);
    assert_null(levels_find(&lv, "dram"));
    assert_null(levels_find(&lv, "llc"));
}

static void test_sweep_interpolate(void **state) {
    (void)state;
    const size_t bytes[] = {1000, 4000};
    const double gbps[] = {100, 40};
    assert_float_equal(sweep_interpolate(bytes, gbps, 2, 500), 100, 0);
    assert_float_equal(sweep_interpolate(bytes, gbps, 2, 9000), 40, 0);
    assert_float_equal(sweep_interpolate(bytes, gbps, 2, 2000), 70, 1e-9); /* halfway in log */
}

/* A level's bandwidth is the median of all its inner points, however many (a median of
 * the first 256 only read 50 here). */
static void test_levels_median_uses_every_point(void **state) {
    (void)state;
    enum { N = 300 };
    static size_t bytes[N];
    static double gbps[N];
    for (size_t i = 0; i < N; i++) {
        bytes[i] = (i + 1) * 4096;
        gbps[i] = i < N / 2 ? 50 : 100; /* rising: one level */
    }
    cache_levels lv;
    assert_int_equal(levels_detect(bytes, gbps, N, LEVELS_DROP, (size_t)1 << 40, &lv, NULL), 1);
    assert_float_equal(lv.level[0].gbps, 75, 0); /* 149 points at 50, 149 at 100 */
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stream_byte_model),
        cmocka_unit_test(test_stream_chunks_cover),
        cmocka_unit_test(test_stream_paths_validate),
        cmocka_unit_test(test_stream_check_catches_errors),
        cmocka_unit_test(test_stream_expected_recurrence),
        cmocka_unit_test(test_peak_paths_validate),
        cmocka_unit_test(test_peak_check_catches_errors),
        cmocka_unit_test(test_levels_four_plateaus),
        cmocka_unit_test(test_levels_merge_and_no_dram),
        cmocka_unit_test(test_levels_median_uses_every_point),
        cmocka_unit_test(test_sweep_interpolate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
