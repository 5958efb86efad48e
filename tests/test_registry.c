/* The registry: every entry honours the contract, names are unique, lookups work, a kernel
 * whose CPU features are masked off is reported unavailable, and every kernel's cost model
 * agrees with its format's traits (formats/format_traits.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/rng.h"

#include "kernels/registry.h"

static void test_every_entry_honours_the_contract(void **state) {
    (void)state;
    assert_true(kernel_count() >= 3);
    for (size_t i = 0; i < kernel_count(); i++) {
        char why[256] = "";
        if (!kernel_check_contract(kernel_at(i), why, sizeof why)) fail_msg("%s", why);
    }
}

static void test_names_are_unique_and_found(void **state) {
    (void)state;
    for (size_t i = 0; i < kernel_count(); i++) {
        assert_ptr_equal(kernel_find(kernel_at(i)->name), kernel_at(i));
        for (size_t j = i + 1; j < kernel_count(); j++)
            assert_string_not_equal(kernel_at(i)->name, kernel_at(j)->name);
    }
    assert_null(kernel_find("no_such_kernel"));
    assert_null(kernel_at(kernel_count()));
}

static void test_reference_kernels_present(void **state) {
    (void)state;
    assert_non_null(kernel_find("ref_f64"));
    assert_non_null(kernel_find("f32_naive"));
    assert_non_null(kernel_find("f32_blas"));
}

static void test_cpu_feature_names_parse(void **state) {
    (void)state;
    uint64_t mask;
    char bad[32];
    assert_int_equal(cpu_features_parse("avx2, avx512f", &mask, bad, sizeof bad), 0);
    assert_int_equal(mask, CPU_FEATURE_AVX2 | CPU_FEATURE_AVX512F);
    assert_int_equal(cpu_features_parse("avx2,sse9", &mask, bad, sizeof bad), -1);
    assert_string_equal(bad, "sse9");
    char names[128];
    cpu_features_format(CPU_FEATURE_F16C | CPU_FEATURE_AVX512VNNI, names, sizeof names);
    assert_string_equal(names, "f16c avx512vnni");
}

/* A kernel needing a masked feature is unavailable, and says which feature. */
static void test_masked_feature_makes_kernel_unavailable(void **state) {
    (void)state;
    kernel fake = *kernel_find("f32_naive");
    fake.cpu_features = CPU_FEATURE_SSE2;
    if (!(cpu_features_detected() & CPU_FEATURE_SSE2)) skip();
    char why[128] = "";
    assert_true(kernel_is_available(&fake, why, sizeof why));
    setenv("Q35_DISABLE_CPU_FEATURES", "sse2", 1);
    assert_false(kernel_is_available(&fake, why, sizeof why));
    assert_string_equal(why, "needs sse2");
    unsetenv("Q35_DISABLE_CPU_FEATURES");
    assert_true(kernel_is_available(&fake, why, sizeof why));
}

/* The traits table: one entry per format id, names unique and found back. */
static void test_format_traits_table(void **state) {
    (void)state;
    for (int f = 0; f < FORMAT_COUNT; f++) {
        assert_non_null(format_table[f].name);
        assert_int_equal(format_lookup(format_table[f].name), f);
        assert_true(format_table[f].code_bits > 0);
        assert_true((unsigned)format_table[f].compute < COMPUTE_KINDS);
        assert_non_null(compute_kind_names[format_table[f].compute]);
    }
    assert_int_equal(format_lookup("f16"), -1);
    assert_string_equal(format_name(FORMAT_COUNT), "?");
}

/* Bits per weight from each available kernel's own cost model at default parameters
 * (N = 64, K = 4096, a multiple of every block size): a fixed block layout gives exactly its
 * format's bits per weight (padding within 1 %); q35bench's own formats add scales and
 * offsets to the code bits, less than one bit per weight at this K. */
static void test_cost_models_agree_with_the_traits(void **state) {
    (void)state;
    enum { N = 64, K = 4096 };
    float *w = malloc((size_t)N * K * sizeof *w);
    assert_non_null(w);
    rng_fill_normal(w, (size_t)N * K, 42, rng_stream("test:traits"), 0.0f, 1.0f, 1);
    int checked = 0;
    for (size_t i = 0; i < kernel_count(); i++) {
        const kernel *k = kernel_at(i);
        char why[KERNEL_ERROR_LEN + 768];
        if (!kernel_is_available(k, why, sizeof why)) continue;
        quant_params qp = {0};
        kernel_error err = {{0}};
        kernel_weights *pw = k->pack(w, N, K, &qp, &err);
        if (!pw) fail_msg("%s: %s", k->name, err.msg);
        double bpw = k->cost(pw, 1).weight_bytes * 8.0 / ((double)N * K);
        k->free(pw);
        const format_traits *t = &format_table[k->format];
        if (t->block_bits) {
            if (!(bpw >= t->code_bits && bpw <= t->code_bits * 1.01))
                fail_msg("%s: %.4f bits/weight, its format %s has %.4f", k->name, bpw, t->name,
                         t->code_bits);
        } else if (!(bpw >= t->code_bits && bpw < t->code_bits + 1.0)) {
            fail_msg("%s: %.4f bits/weight, outside %s's %.4g code bits + up to 1 for scales",
                     k->name, bpw, t->name, t->code_bits);
        }
        checked++;
    }
    assert_true(checked >= 8);
    free(w);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_entry_honours_the_contract),
        cmocka_unit_test(test_names_are_unique_and_found),
        cmocka_unit_test(test_reference_kernels_present),
        cmocka_unit_test(test_cpu_feature_names_parse),
        cmocka_unit_test(test_masked_feature_makes_kernel_unavailable),
        cmocka_unit_test(test_format_traits_table),
        cmocka_unit_test(test_cost_models_agree_with_the_traits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
