/* The correctness gate: channel sampling, a correct output passes, a wrong channel, NaN or
 * an unwritten output fails, and the format error is measured against the FP32 inputs. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "harness/gate.h"
#include "base/rng.h"
#include "kernels/ref_f64.h"
#include "kernels/registry.h"

static void test_sampling_all_when_small(void **state) {
    (void)state;
    size_t out[64];
    assert_int_equal(gate_sample_channels(2, 64, 16, 1u << 20, 1, out), 64);
    for (size_t i = 0; i < 64; i++) assert_int_equal(out[i], i);
}

static void test_sampling_covers_edges_sorted_unique(void **state) {
    (void)state;
    size_t n = 28672, k = 8192;
    size_t *out = malloc(n * sizeof *out);
    size_t c = gate_sample_channels(64, n, k, UINT64_C(1) << 26, 42, out);
    assert_true(c >= 32 && c < n);
    assert_int_equal(out[0], 0);
    assert_int_equal(out[c - 1], n - 1);
    for (size_t i = 1; i < c; i++) assert_true(out[i] > out[i - 1]);
    /* the spread reaches the middle of the matrix */
    size_t middle = 0;
    for (size_t i = 0; i < c; i++) middle += out[i] > n / 4 && out[i] < 3 * n / 4;
    assert_true(middle > c / 4);
    free(out);
}

typedef struct fixture {
    const kernel *k;
    kernel_weights *pw;
    float *w, *x, *y;
    size_t m, n, kd;
} fixture;

static int setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    f->k = kernel_find("f32_naive");
    f->m = 3, f->n = 37, f->kd = 129;
    f->w = malloc(f->n * f->kd * sizeof(float));
    f->x = malloc(f->m * f->kd * sizeof(float));
    f->y = malloc(f->m * f->n * sizeof(float));
    rng_fill_normal(f->w, f->n * f->kd, 1, 1, 0, 1, 1);
    rng_fill_normal(f->x, f->m * f->kd, 1, 2, 0, 1, 1);
    kernel_error err;
    quant_params qp = {0};
    f->pw = f->k->pack(f->w, f->n, f->kd, &qp, &err);
    f->k->run(f->pw, f->x, f->m, f->y, 1, NULL);
    *state = f;
    return 0;
}

static int teardown(void **state) {
    fixture *f = *state;
    f->k->free(f->pw);
    free(f->w), free(f->x), free(f->y), free(f);
    return 0;
}

static gate_result check(fixture *f, uint64_t budget) {
    gate_inputs in = {.k = f->k, .pw = f->pw, .w = f->w, .x = f->x, .y = f->y, .m = f->m,
                      .n = f->n, .kdim = f->kd, .bound = f->k->gate_bound, .max_macs = budget,
                      .seed = 1, .threads = 1};
    gate_result r;
    assert_int_equal(gate_check(&in, &r), 0);
    return r;
}

static void test_correct_output_passes(void **state) {
    fixture *f = *state;
    gate_result r = check(f, 1u << 30);
    assert_true(r.passed);
    assert_int_equal(r.channels_checked, f->n);
    assert_true(r.max_error < 1e-5);
    assert_true(r.format_nrmse < 1e-5); /* FP32 has no quantization error */
    assert_string_equal(r.reason, "");
}

static void test_one_wrong_channel_fails(void **state) {
    fixture *f = *state;
    f->y[1 * f->n + 20] += 0.5f;
    gate_result r = check(f, 1u << 30);
    assert_false(r.passed);
    assert_non_null(strstr(r.reason, "exceeds the kernel's bound"));
    f->y[1 * f->n + 20] -= 0.5f;
}

static void test_nan_anywhere_fails_even_unsampled(void **state) {
    fixture *f = *state;
    float saved = f->y[f->n + 17];
    f->y[f->n + 17] = NAN;
    gate_result r = check(f, 1024); /* sampling: channel 17 may not be checked */
    assert_false(r.passed);
    assert_int_equal(r.nonfinite, 1);
    assert_non_null(strstr(r.reason, "NaN or infinite"));
    f->y[f->n + 17] = saved;
}

static void test_format_error_measured_against_fp32(void **state) {
    fixture *f = *state;
    /* Pretend the kernel's weights were quantized: the gate compares with what the kernel
     * says it multiplies (here: the same FP32), the format error with the original inputs. */
    for (size_t i = 0; i < f->m * f->n; i++) f->y[i] *= 1.01f;
    gate_result r = check(f, 1u << 30);
    assert_false(r.passed); /* 1 % off what the kernel claims to compute */
    assert_float_equal(r.format_nrmse, 0.01, 1e-4);
    for (size_t i = 0; i < f->m * f->n; i++) f->y[i] /= 1.01f;
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sampling_all_when_small),
        cmocka_unit_test(test_sampling_covers_edges_sorted_unique),
        cmocka_unit_test_setup_teardown(test_correct_output_passes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_one_wrong_channel_fails, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nan_anywhere_fails_even_unsampled, setup, teardown),
        cmocka_unit_test_setup_teardown(test_format_error_measured_against_fp32, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
