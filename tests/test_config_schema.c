/* Config schemas as tables (base/config_schema.h): each type checked as declared, defaults
 * set through the same checks, and an unknown key answered with the table's own list. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "base/config_schema.h"

typedef struct sample {
    int reps;
    uint64_t seed;
    size_t rows;
    double seconds;
    bool flag;
    char name[8], text[16];
    int mode;
    int custom_calls;
} sample;

static const char *const modes[] = {"fast", "slow", NULL};

static int count(void *target, const char *value, char *why, size_t len) {
    (void)value;
    (void)why;
    (void)len;
    ((sample *)target)->custom_calls++;
    return 0;
}

static const cfg_key keys[] = {
    {"reps", CFG_INT, offsetof(sample, reps), .min = 1, .max = 100, .def = "10", .help = "h"},
    {"seed", CFG_U64, offsetof(sample, seed), .max = 18446744073709551615.0, .def = "42"},
    {"rows", CFG_SIZE, offsetof(sample, rows), .min = 1, .max = 4096, .def = "512"},
    {"time_ms", CFG_DOUBLE, offsetof(sample, seconds), .min = 0.001, .max = 1000, .scale = 1e-3,
     .def = "50"},
    {"flag", CFG_BOOL, offsetof(sample, flag), .def = "true"},
    {"name", CFG_NAME, offsetof(sample, name), .size = 8},
    {"text", CFG_TEXT, offsetof(sample, text), .size = 16},
    {"mode", CFG_CHOICE, offsetof(sample, mode), .choices = modes, .def = "slow"},
    {"custom", CFG_CUSTOM, .parse = count},
    {0},
};

static void test_defaults(void **state) {
    (void)state;
    sample s = {0};
    char why[512];
    assert_int_equal(cfg_defaults(keys, &s, why, sizeof why), 0);
    assert_int_equal(s.reps, 10);
    assert_true(s.seed == 42);
    assert_int_equal(s.rows, 512);
    assert_true(s.seconds > 0.0499 && s.seconds < 0.0501);
    assert_true(s.flag);
    assert_int_equal(s.mode, 1);
    assert_int_equal(s.custom_calls, 0);
}

static void test_values_checked_as_declared(void **state) {
    (void)state;
    sample s = {0};
    char why[512];
    assert_int_equal(cfg_set(keys, &s, "x", "reps", "101", why, sizeof why), -1);
    assert_non_null(strstr(why, "from 1 to 100"));
    assert_int_equal(cfg_set(keys, &s, "x", "reps", "7", why, sizeof why), 0);
    assert_int_equal(s.reps, 7);
    assert_int_equal(cfg_set(keys, &s, "x", "seed", "18446744073709551615", why, sizeof why), 0);
    assert_true(s.seed == UINT64_MAX);
    assert_int_equal(cfg_set(keys, &s, "x", "time_ms", "0", why, sizeof why), -1);
    assert_int_equal(cfg_set(keys, &s, "x", "flag", "yes", why, sizeof why), -1);
    assert_int_equal(cfg_set(keys, &s, "x", "name", "too_long_name", why, sizeof why), -1);
    assert_int_equal(cfg_set(keys, &s, "x", "name", "ok", why, sizeof why), 0);
    assert_string_equal(s.name, "ok");
    assert_int_equal(cfg_set(keys, &s, "x", "text", "sixteen chars!!!", why, sizeof why), -1);
    assert_int_equal(cfg_set(keys, &s, "x", "text", "", why, sizeof why), 0);
    assert_int_equal(cfg_set(keys, &s, "x", "mode", "medium", why, sizeof why), -1);
    assert_non_null(strstr(why, "fast"));
    assert_int_equal(cfg_set(keys, &s, "x", "custom", "anything", why, sizeof why), 0);
    assert_int_equal(s.custom_calls, 1);
}

static void test_unknown_key_lists_the_table(void **state) {
    (void)state;
    sample s = {0};
    char why[512];
    assert_int_equal(cfg_set(keys, &s, "sec", "rep", "1", why, sizeof why), -1);
    assert_string_equal(why, "unknown key 'rep' in [sec]; expected reps, seed, rows, time_ms, "
                             "flag, name, text, mode or custom");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_values_checked_as_declared),
        cmocka_unit_test(test_unknown_key_lists_the_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
