/* Run directories: atomic writes leave no temporaries, a sealed run verifies, and a missing
 * marker, a truncated, altered or deleted file are each reported as such. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "harness/rundir.h"

typedef struct fixture {
    char root[256];
    run_dir rd;
} fixture;

static int setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    snprintf(f->root, sizeof f->root, "/tmp/q35-test-rundir-XXXXXX");
    assert_non_null(mkdtemp(f->root));
    char err[600];
    if (rundir_create(f->root, "salt", &f->rd, err, sizeof err)) fail_msg("%s", err);
    assert_int_equal(rundir_write(&f->rd, "a.json", "{\"x\": 1}\n", 9, err, sizeof err), 0);
    assert_int_equal(rundir_write(&f->rd, "b.tsv", "h\n1\n", 4, err, sizeof err), 0);
    *state = f;
    return 0;
}

static int teardown(void **state) {
    fixture *f = *state;
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->root);
    assert_int_equal(system(cmd), 0);
    free(f);
    return 0;
}

static void test_id_format(void **state) {
    fixture *f = *state;
    /* 20261124T101530Z-host-0123abcd */
    assert_true(strlen(f->rd.id) > 26);
    assert_int_equal(f->rd.id[8], 'T');
    assert_int_equal(f->rd.id[15], 'Z');
    assert_int_equal(f->rd.id[16], '-');
}

static void test_no_temporaries_left(void **state) {
    fixture *f = *state;
    DIR *d = opendir(f->rd.path);
    struct dirent *e;
    int files = 0;
    while ((e = readdir(d))) {
        assert_null(strstr(e->d_name, ".tmp."));
        files += e->d_name[0] != '.';
    }
    closedir(d);
    assert_int_equal(files, 2);
}

static void test_unsealed_is_incomplete_then_complete(void **state) {
    fixture *f = *state;
    char why[1024], err[600];
    assert_int_equal(rundir_verify(f->rd.path, why, sizeof why), RUNDIR_INCOMPLETE);
    assert_non_null(strstr(why, "incomplete"));
    char latest[1024];
    assert_int_equal(rundir_latest_complete(f->root, latest, sizeof latest), -1);
    assert_int_equal(rundir_seal(&f->rd, err, sizeof err), 0);
    assert_int_equal(rundir_verify(f->rd.path, why, sizeof why), RUNDIR_COMPLETE);
    assert_int_equal(rundir_latest_complete(f->root, latest, sizeof latest), 0);
    assert_string_equal(latest, f->rd.path);
    /* a sealed run cannot be reopened for writing */
    run_dir again;
    assert_int_equal(rundir_open(f->rd.path, &again, err, sizeof err), -1);
    assert_non_null(strstr(err, "already sealed"));
}

static void corrupt_and_check(fixture *f, const char *how, const char *expect) {
    char err[600], why[1024], path[1400];
    assert_int_equal(rundir_seal(&f->rd, err, sizeof err), 0);
    snprintf(path, sizeof path, "%s/a.json", f->rd.path);
    if (strcmp(how, "truncate") == 0) assert_int_equal(truncate(path, 4), 0);
    if (strcmp(how, "delete") == 0) assert_int_equal(unlink(path), 0);
    if (strcmp(how, "alter") == 0) {
        FILE *fp = fopen(path, "r+");
        fputc('[', fp);
        fclose(fp);
    }
    assert_int_equal(rundir_verify(f->rd.path, why, sizeof why), RUNDIR_CORRUPT);
    if (!strstr(why, expect)) fail_msg("'%s' lacks '%s'", why, expect);
    assert_non_null(strstr(why, "a.json"));
}

static void test_truncated_file(void **state) { corrupt_and_check(*state, "truncate", "truncated"); }
static void test_altered_file(void **state) { corrupt_and_check(*state, "alter", "altered"); }
static void test_deleted_file(void **state) { corrupt_and_check(*state, "delete", "unreadable"); }

static void test_missing_directory(void **state) {
    (void)state;
    char why[256];
    assert_int_equal(rundir_verify("/tmp/q35-no-such-run", why, sizeof why), RUNDIR_MISSING);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_id_format, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_temporaries_left, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unsealed_is_incomplete_then_complete, setup, teardown),
        cmocka_unit_test_setup_teardown(test_truncated_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_altered_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deleted_file, setup, teardown),
        cmocka_unit_test(test_missing_directory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
