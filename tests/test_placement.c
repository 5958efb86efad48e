/* Placement arithmetic on hand-made bench.tsv rows and roofs (the reader's own errors:
 * tests/test_readers.c). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "harness/bench_tsv.h"
#include "roofline/placement.h"
#include "bench_tsv_text.h"

static const char *const header =
    "name\tsweep\tkernel\tformat\tshape\tn\tk\tm\tthreads\tstatus\tmedian_ms\tweight_bytes\t"
    "bytes_moved\tops\tcounters\n";

static char *write_temp(const char *text) {
    static char path[64];
    snprintf(path, sizeof path, "/tmp/q35_placement_XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return path;
}

static int read_text(const char *body, bench_table *bt, char *err, size_t len) {
    char *text = bench_tsv_text(header, body);
    assert_non_null(text);
    char *path = write_temp(text);
    free(text);
    int rc = bench_tsv_read(path, bt, err, len);
    unlink(path);
    return rc;
}

/* Roofs at 2 threads: read bandwidth 300, 150, 80, 60 GB/s at 1e6..1e9 bytes; peaks
 * fp32 200 GFLOP/s, int8 1000 GOP/s. */
static const size_t sw_bytes[] = {1000000, 10000000, 100000000, 1000000000};
static const double sw_gbps[] = {300, 150, 80, 60};
static cache_levels levels;
static roof_curve curve;
static roof_set roofs;

static int setup(void **state) {
    (void)state;
    levels_detect(sw_bytes, sw_gbps, 4, 0.75, 500000000, &levels, NULL);
    curve = (roof_curve){.threads = 2, .bytes = sw_bytes, .gbps = sw_gbps, .n = 4, .levels = &levels,
                         .peak = {[PEAK_FP32] = 200, [PEAK_FP64] = 100, [PEAK_INT8] = 1000}};
    roofs = (roof_set){&curve, 1};
    return 0;
}

static void test_bandwidth_bound_row(void **state) {
    (void)state;
    bench_table bt;
    char err[512];
    assert_int_equal(read_text("q35_simd/up/M:1/threads:2\tdecode\tq35_simd\tq35\tup\t28672\t8192\t1\t2\tok\t2\t"
                               "117440512\t120000000\t469762048\tn/a (PAPI reports 0 hardware counters)\n",
                               &bt, err, sizeof err), 0);
    placement p;
    placement_compute(&bt.rows[0], &roofs, &p);
    assert_true(p.placed);
    assert_float_equal(p.ai, 469762048.0 / 120000000.0, 1e-12);
    assert_float_equal(p.gbps, 60.0, 1e-9);           /* 1.2e8 bytes / 2 ms */
    assert_float_equal(p.gops, 234.881024, 1e-9);
    /* 1.2e8 bytes lies between 1e8 (80) and 1e9 (60): 80 - 20 log10(1.2) */
    double roof = 80.0 - 20.0 * log10(1.2);
    assert_float_equal(p.bw_roof_gbps, roof, 1e-9);
    assert_string_equal(p.level, "dram");
    assert_int_equal(p.compute_kind, PEAK_INT8);
    assert_float_equal(p.compute_roof_gops, 1000, 0);
    assert_string_equal(p.binds, "bandwidth");
    assert_float_equal(p.pct_bw_roof, 100.0 * 60.0 / roof, 1e-9);
    assert_float_equal(p.pct_compute_roof, 23.4881024, 1e-9);
    assert_float_equal(p.attainable_gops, p.ai * roof, 1e-9);
    assert_float_equal(p.pct_attainable, p.pct_bw_roof, 1e-9); /* bandwidth-bound: the same */
    assert_false(p.counters.have_ipc);
    bench_table_free(&bt);
}

static void test_compute_bound_row_and_level_floor(void **state) {
    (void)state;
    bench_table bt;
    char err[512];
    /* f32, M = 64 on 1024x1024: 4.718592e6 bytes, 1.34217728e8 flops in 1 ms */
    assert_int_equal(read_text("f32_blas/s/M:64/threads:3\tbatch\tf32_blas\tf32\ts\t1024\t1024\t64\t3\tok\t1\t"
                               "4194304\t4718592\t134217728\tPAPI_TOT_CYC=2000;PAPI_TOT_INS=5000;PAPI_L3_TCM=10;calls=2\n",
                               &bt, err, sizeof err), 0);
    placement p;
    placement_compute(&bt.rows[0], &roofs, &p);
    assert_true(p.placed);
    assert_int_equal(p.compute_kind, PEAK_FP32);
    assert_string_equal(p.binds, "compute");
    assert_float_equal(p.gops, 134.217728, 1e-9);
    assert_float_equal(p.pct_compute_roof, 100.0 * 134.217728 / 200.0, 1e-9);
    assert_float_equal(p.attainable_gops, 200, 0);
    /* 3 threads: the 2-thread roofs, said so */
    assert_int_equal(p.roof_threads, 2);
    assert_non_null(strstr(p.note, "roofs of 2 thread(s)"));
    /* 4.7e6 bytes: between 1e6 (300) and 1e7 (150) on the curve, in the l2 level */
    assert_string_equal(p.level, "l2");
    assert_float_equal(p.bw_roof_gbps, 300.0 - 150.0 * log10(4.718592), 1e-9);
    /* counters: IPC and bytes per miss from fake counts */
    assert_true(p.counters.have_ipc);
    assert_float_equal(p.counters.ipc, 2.5, 1e-12);
    assert_true(p.counters.have_misses);
    assert_float_equal(p.counters.bytes_per_miss, 4718592.0 / 5.0, 1e-6); /* 10 misses / 2 calls */
    assert_string_equal(p.counters.miss_event, "PAPI_L3_TCM");
    bench_table_free(&bt);
}

static void test_roof_never_below_its_level(void **state) {
    (void)state;
    /* a dip on the curve (one noisy point) must not lower the roof below the level median */
    const size_t b[] = {1000, 2000, 4000, 8000, 16000};
    const double g[] = {100, 100, 30, 100, 100};
    cache_levels lv;
    levels_detect(b, g, 5, 0.75, 1u << 30, &lv, NULL);
    assert_int_equal(lv.n, 1);
    roof_curve c = {.threads = 1, .bytes = b, .gbps = g, .n = 5, .levels = &lv, .peak = {1, 1, 1}};
    roof_set rs = {&c, 1};
    bench_row row = {.status = "ok", .format = "f32", .threads = 1, .m = 1, .median_s = 1e-6,
                     .bytes_moved = 4000, .ops = 100};
    placement p;
    placement_compute(&row, &rs, &p);
    assert_float_equal(p.bw_roof_gbps, 100, 0);
}

static void test_rows_not_placed(void **state) {
    (void)state;
    bench_table bt;
    char err[512];
    assert_int_equal(read_text("x/s/M:1/threads:1\tall\tq35_lut\tq35\ts\t4\t4\t1\t1\tFAILED\tNA\t8\t40\t32\tn/a (not timed)\n",
                               &bt, err, sizeof err), 0);
    placement p;
    placement_compute(&bt.rows[0], &roofs, &p);
    assert_false(p.placed);
    assert_non_null(strstr(p.note, "FAILED"));
    roof_set none = {NULL, 0};
    bench_row ok = {.status = "ok", .format = "f32", .threads = 1, .median_s = 1e-3, .bytes_moved = 10, .ops = 10};
    placement_compute(&ok, &none, &p);
    assert_false(p.placed);
    assert_string_equal(p.note, "no measured roofs");
    bench_table_free(&bt);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bandwidth_bound_row),
        cmocka_unit_test(test_compute_bound_row_and_level_floor),
        cmocka_unit_test(test_roof_never_below_its_level),
        cmocka_unit_test(test_rows_not_placed),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
