/* configs/report.ini's reader: the shipped file loads; [roofs] is a table of one key,
 * memory, a choice of STREAM kernels with the default read; another key is refused with the
 * table's list and the pointer to where a format's compute roof lives; a bad value, with the
 * choices; every refusal names file:line and loading returns 2. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "report/report_config.h"
#include "temp_text_file.h"

/* Loads text; returns the loader's status with its message in err (the path cut off). */
static int load(const char *text, report_config *rc, char *err, size_t len) {
    char path[64];
    const char *p = temp_text_file(text, path, sizeof path);
    assert_non_null(p);
    char full[768] = "";
    int status = report_config_load(p, rc, full, sizeof full);
    size_t n = strlen(p);
    snprintf(err, len, "%s", strncmp(full, p, n) == 0 ? full + n : full);
    unlink(p);
    return status;
}

static void test_shipped_and_default(void **state) {
    (void)state;
    static report_config rc;
    char err[768] = "";
    int status = report_config_load("configs/report.ini", &rc, err, sizeof err);
    if (status) fprintf(stderr, "%s\n", err);
    assert_int_equal(status, 0);
    assert_int_equal(load("[order]\nmodels = a\n", &rc, err, sizeof err), 0);
    assert_string_equal(rc.memory_roof, "read");
    assert_int_equal(load("[roofs]\nmemory = triad\n", &rc, err, sizeof err), 0);
    assert_string_equal(rc.memory_roof, "triad");
}

static void test_roofs_refusals(void **state) {
    (void)state;
    static report_config rc;
    char err[768] = "";
    assert_int_equal(load("[roofs]\nint8 = 700\n", &rc, err, sizeof err), 2);
    assert_string_equal(err, ":2: unknown key 'int8' in [roofs]; expected memory (a format's "
                             "compute roof is its compute kind in formats/format_traits.h)");
    assert_int_equal(load("[roofs]\n\nmemory = l3\n", &rc, err, sizeof err), 2);
    assert_true(strncmp(err, ":3: ", 4) == 0);
    assert_non_null(strstr(err, "copy"));
    assert_non_null(strstr(err, "triad"));
    assert_int_equal(load("[order]\ncolour = red\n", &rc, err, sizeof err), 2);
    assert_non_null(strstr(err, ":2: unknown key 'colour' in [order]; expected models,"));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shipped_and_default),
        cmocka_unit_test(test_roofs_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
