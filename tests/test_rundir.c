/* Run directories: atomic writes leave no temporaries, a sealed run verifies, and a missing
 * marker, a truncated, altered or deleted file are each reported as such; COMPLETE is
 * sha256sum's format (SHA-256 through libcrypto, checked against known digests) and its
 * one reader refuses every malformed line with file:line. */
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

#include "base/sha256.h"
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

static void test_sha256_known_digests(void **state) {
    (void)state;
    char hex[SHA256_HEX_LEN + 1], err[300];
    /* FIPS 180-2 examples */
    assert_int_equal(sha256_data("abc", 3, hex), 0);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert_int_equal(sha256_data("", 0, hex), 0);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    /* a file of 200000 bytes ('a' repeated: more than one read block) */
    char path[] = "/tmp/q35_sha_XXXXXX";
    int fd = mkstemp(path);
    static char a[200000];
    memset(a, 'a', sizeof a);
    assert_int_equal(write(fd, a, sizeof a), (ssize_t)sizeof a);
    close(fd);
    unsigned long long bytes;
    assert_int_equal(sha256_file(path, hex, &bytes, err, sizeof err), 0);
    char want[SHA256_HEX_LEN + 1];
    assert_int_equal(sha256_data(a, sizeof a, want), 0);
    assert_string_equal(hex, want);
    assert_true(bytes == sizeof a);
    unlink(path);
    assert_int_equal(sha256_file(path, hex, NULL, err, sizeof err), -1);
    assert_non_null(strstr(err, path));
}

static void test_manifest_format_and_errors(void **state) {
    fixture *f = *state;
    char err[600], why[1024], path[1400];
    assert_int_equal(rundir_seal(&f->rd, err, sizeof err), 0);
    rundir_manifest m;
    assert_int_equal(rundir_manifest_read(f->rd.path, &m, err, sizeof err), 0);
    assert_int_equal(m.n, 2);
    assert_string_equal(m.files[0].name, "a.json");
    char hex[SHA256_HEX_LEN + 1];
    assert_int_equal(sha256_data("{\"x\": 1}\n", 9, hex), 0);
    assert_string_equal(m.files[0].sha256, hex);
    rundir_manifest_free(&m);
    snprintf(path, sizeof path, "%s/COMPLETE", f->rd.path);
    static const struct {
        const char *text, *want;
    } bad[] = {
        {"# only a comment\n", "lists no files"},
        {"a.json\t9\t0123456789abcdef\n", "COMPLETE:1: a manifest of an older q35bench"},
        {"# c\nXYZ  a.json\n", "COMPLETE:2: expected a SHA-256 in lower-case hex"},
        {"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 a.json\n", "COMPLETE:1: expected"},
        {"E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855  a.json\n", "COMPLETE:1: expected"},
        {"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  ../a.json\n", "COMPLETE:1: expected"},
        {"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  a.json", "COMPLETE:1: the last line does not end"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        FILE *fp = fopen(path, "w");
        fputs(bad[i].text, fp);
        fclose(fp);
        assert_int_equal(rundir_verify(f->rd.path, why, sizeof why), RUNDIR_CORRUPT);
        if (!strstr(why, bad[i].want)) fail_msg("'%s' lacks '%s'", why, bad[i].want);
    }
    /* a listed file whose digest differs (the empty string's) */
    FILE *fp = fopen(path, "w");
    fprintf(fp, "%s  a.json\n", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    fclose(fp);
    assert_int_equal(rundir_verify(f->rd.path, why, sizeof why), RUNDIR_CORRUPT);
    assert_non_null(strstr(why, "a.json: its SHA-256 differs"));
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
        cmocka_unit_test(test_sha256_known_digests),
        cmocka_unit_test_setup_teardown(test_manifest_format_and_errors, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
