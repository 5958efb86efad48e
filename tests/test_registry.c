/* The registry: every entry honours the contract, names are unique, lookups work, and a
 * kernel whose CPU features are masked off is reported unavailable. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

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

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_entry_honours_the_contract),
        cmocka_unit_test(test_names_are_unique_and_found),
        cmocka_unit_test(test_reference_kernels_present),
        cmocka_unit_test(test_cpu_feature_names_parse),
        cmocka_unit_test(test_masked_feature_makes_kernel_unavailable),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
