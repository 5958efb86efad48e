/* Fault paths of issue 14 at the library level, each a regression test from its defect's
 * reproducer: section headers as inih reads them (1), sealing (2, 5), FIFOs and symlinks in
 * a run (3, 9), long config lines (6), error lines and causes (8), free space (10), and
 * parsing that stays linear (the duplicate-key table). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "base/atomic_file.h"
#include "base/ini_file.h"
#include "base/system_info.h"
#include "harness/config.h"
#include "harness/rundir.h"
#include "harness/suite.h"

typedef struct seen {
    char section[128], key[128];
    char *value;
    int line, n;
} seen;

static int record(void *user, const char *section, const char *key, const char *value,
                  int line, char *why, size_t len) {
    (void)why;
    (void)len;
    seen *s = user;
    snprintf(s->section, sizeof s->section, "%s", section);
    snprintf(s->key, sizeof s->key, "%s", key);
    free(s->value);
    s->value = strdup(value);
    s->line = line;
    s->n++;
    return 0;
}

static int load(const char *text, seen *s, char *err, size_t len) {
    memset(s, 0, sizeof *s);
    ini_callbacks cb = {.entry = record};
    return ini_load_text(text, "t.ini", &cb, s, NULL, err, len);
}

/* 1: inih skips any white space before '[' and passes the name untrimmed; the callbacks
 * get the trimmed name, so "[ suite]" is [suite] and nothing reaches a wrong handler. */
static void test_section_names_trimmed(void **state) {
    (void)state;
    char err[512];
    seen s;
    assert_int_equal(load("[ suite ]\nname = t\n", &s, err, sizeof err), 0);
    assert_string_equal(s.section, "suite");
    free(s.value);
    assert_int_equal(load("\v[sweep s]\nbatch = 1\n", &s, err, sizeof err), 0);
    assert_string_equal(s.section, "sweep s");
    free(s.value);
    assert_int_equal(load("\f [x]\r\nk = v\r\n", &s, err, sizeof err), 0);
    assert_string_equal(s.section, "x");
    assert_string_equal(s.value, "v");
    free(s.value);
    /* the suite loader: '[ suite]' then keys of a sweep land in no sweep */
    suite_config cfg;
    assert_int_equal(config_load_string("[ suite]\nname = t\n", "x.ini", &cfg, err, sizeof err), 2);
    assert_non_null(strstr(err, "x.ini:"));
    assert_int_equal(config_load_string("\v[sweep s]\nbatch = 1\n", "x.ini", &cfg, err, sizeof err), 2);
}

/* 8: each syntax error on its own line, with its cause. */
static void test_error_lines_and_causes(void **state) {
    (void)state;
    char err[512];
    seen s;
    assert_int_equal(load("[a]\nk = 1\nno equals here\nj = 2\nk = 3\n", &s, err, sizeof err), 2);
    assert_non_null(strstr(err, "t.ini:3: syntax error"));
    free(s.value);
    assert_int_equal(load("[a]\nk = 1\n[shapes\nx = 1\n", &s, err, sizeof err), 2);
    assert_non_null(strstr(err, "t.ini:3: section header without its closing ']'"));
    free(s.value);
    assert_int_equal(load("[a]\rk = 1\rj = 2\r", &s, err, sizeof err), 2);
    assert_non_null(strstr(err, "t.ini:1: carriage return inside a line"));
    free(s.value);
    assert_int_equal(load("\r\r\r [sweep s]", &s, err, sizeof err), 2);
    assert_non_null(strstr(err, "t.ini:1: carriage return"));
    free(s.value);
    assert_int_equal(load("[a]\n[]\n", &s, err, sizeof err), 2);
    assert_non_null(strstr(err, "t.ini:2: empty section name"));
    free(s.value);
    assert_int_equal(load("[a] x\n", &s, err, sizeof err), 2);
    assert_non_null(strstr(err, "t.ini:1: text after a section header"));
    free(s.value);
}

/* 6: a value of 10,000 characters arrives whole, trimmed and without its inline comment,
 * as inih gives a short one; a long comment is skipped; a long key is refused. */
static void test_long_lines(void **state) {
    (void)state;
    char *value = malloc(10001), *text = malloc(20100), err[512];
    for (int i = 0; i < 10000; i++) value[i] = (char)('a' + i % 26);
    value[10000] = '\0';
    value[5000] = ' '; /* blanks inside stay */
    snprintf(text, 20100, "[s]\nk =   %s   ; a comment\nafter = 1\n", value);
    seen s;
    assert_int_equal(load(text, &s, err, sizeof err), 0);
    assert_int_equal(s.n, 2);
    assert_string_equal(s.key, "after");
    free(s.value);
    ini_callbacks cb = {.entry = record};
    memset(&s, 0, sizeof s);
    snprintf(text, 20100, "[s]\nk = %s\n", value);
    assert_int_equal(ini_load_text(text, "t.ini", &cb, &s, NULL, err, sizeof err), 0);
    assert_int_equal(strlen(s.value), 10000);
    assert_string_equal(s.value, value);
    assert_int_equal(s.line, 2);
    free(s.value);
    snprintf(text, 20100, "[s]\n; %s\nk = 1\n", value);
    assert_int_equal(load(text, &s, err, sizeof err), 0);
    assert_string_equal(s.value, "1");
    free(s.value);
    snprintf(text, 20100, "[s]\n%s = 1\n", value);
    assert_int_equal(load(text, &s, err, sizeof err), 2);
    assert_non_null(strstr(err, "t.ini:2: key is longer than"));
    free(s.value);
    /* the same key twice, once long: still a duplicate */
    snprintf(text, 20100, "[s]\nk = %s\nk = 1\n", value);
    assert_int_equal(load(text, &s, err, sizeof err), 2);
    assert_non_null(strstr(err, "t.ini:3: duplicate key 'k'"));
    free(s.value);
    free(value);
    free(text);
}

/* 6: a suite whose shapes list is longer than inih's line (10,000+ characters) loads, and
 * its effective config (bench.config.ini) loads again to the same suite. */
static void test_effective_config_reloads(void **state) {
    (void)state;
    enum { N = 900 };
    size_t cap = 64 * N + 512;
    char *text = malloc(cap), err[CONFIG_ERROR_LEN];
    size_t used = (size_t)snprintf(text, cap, "[suite]\nname = long\n[shapes]\n");
    for (int i = 0; i < N; i++) used += (size_t)snprintf(text + used, cap - used, "shape_%04d = %dx64\n", i, 8 + i);
    used += (size_t)snprintf(text + used, cap - used, "[sweep s]\nkernels = f32_naive\nbatch = 1\nthreads = 1\nshapes = ");
    for (int i = 0; i < N; i++) used += (size_t)snprintf(text + used, cap - used, "%sshape_%04d", i ? ", " : "", i);
    snprintf(text + used, cap - used, "\n");
    suite_config cfg, again;
    if (config_load_string(text, "long.ini", &cfg, err, sizeof err)) fail_msg("%s", err);
    assert_int_equal(cfg.n_shapes, N);
    assert_int_equal(cfg.sweeps[0].n_shapes, N);
    char *effective = config_effective_text(&cfg);
    assert_non_null(effective);
    if (config_load_string(effective, "bench.config.ini", &again, err, sizeof err))
        fail_msg("%s", err);
    assert_int_equal(again.n_shapes, N);
    assert_int_equal(again.sweeps[0].n_shapes, N);
    assert_int_equal(suite_case_count(&again), suite_case_count(&cfg));
    config_free(&cfg);
    config_free(&again);
    free(effective);
    free(text);
}

static void make_dir(char *path, size_t len, const char *name) {
    char base[] = "/tmp/q35-test-faults-XXXXXX";
    assert_non_null(mkdtemp(base));
    snprintf(path, len, "%s/%s", base, name);
    assert_int_equal(mkdir(path, 0755), 0);
}

static void remove_tree(const char *path) {
    char cmd[1400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", path);
    assert_int_equal(system(cmd), 0);
}

/* 2: sealing an empty directory with a 250-character name is refused (no overflow under
 * ASan); with one file it seals and verifies. */
static void test_seal_long_name_and_empty(void **state) {
    (void)state;
    char name[251], path[600], err[1400], why[1400];
    memset(name, 'r', 250);
    name[250] = '\0';
    make_dir(path, sizeof path, name);
    run_dir rd;
    assert_int_equal(rundir_open(path, &rd, err, sizeof err), 0);
    assert_int_equal(rundir_seal(&rd, err, sizeof err), -1);
    assert_non_null(strstr(err, "no files to seal"));
    assert_int_equal(rundir_verify(path, why, sizeof why), RUNDIR_INCOMPLETE);
    assert_int_equal(rundir_write(&rd, "x.tsv", "h\n1\n", 4, err, sizeof err), 0);
    assert_int_equal(rundir_seal(&rd, err, sizeof err), 0);
    assert_int_equal(rundir_verify(path, why, sizeof why), RUNDIR_COMPLETE);
    *strrchr(path, '/') = '\0';
    remove_tree(path);
}

/* 3, 4, 9: a FIFO, a symlink or a stray file in a run; COMPLETE that is not a file. */
static void test_only_listed_regular_files(void **state) {
    (void)state;
    char path[600], p[800], err[1400], why[1400];
    make_dir(path, sizeof path, "run");
    run_dir rd;
    assert_int_equal(rundir_open(path, &rd, err, sizeof err), 0);
    assert_int_equal(rundir_write(&rd, "metrics.a.tsv", "h\n1\n", 4, err, sizeof err), 0);
    snprintf(p, sizeof p, "%s/fifo", path);
    assert_int_equal(mkfifo(p, 0644), 0);
    assert_int_equal(rundir_seal(&rd, err, sizeof err), -1); /* would hang on the FIFO */
    assert_non_null(strstr(err, "not a regular file"));
    size_t got = 1;
    char *none = read_whole_file(p, 1024, &got, err, sizeof err); /* returns at once: empty */
    assert_non_null(none);
    assert_int_equal(got, 0);
    free(none);
    unlink(p);
    snprintf(p, sizeof p, "%s/link.tsv", path);
    assert_int_equal(symlink("/etc/passwd", p), 0);
    assert_int_equal(rundir_seal(&rd, err, sizeof err), -1);
    unlink(p);
    assert_int_equal(rundir_seal(&rd, err, sizeof err), 0);
    /* a stray file after sealing: not part of the run; verify says so, readers skip it */
    snprintf(p, sizeof p, "%s/metrics.stray.tsv", path);
    FILE *f = fopen(p, "w");
    fputs("h\n1\n", f);
    fclose(f);
    assert_int_equal(rundir_verify(path, why, sizeof why), RUNDIR_CORRUPT);
    assert_non_null(strstr(why, "metrics.stray.tsv: not listed in COMPLETE"));
    char **files;
    size_t n;
    assert_int_equal(rundir_files(path, &files, &n, err, sizeof err), 0);
    assert_int_equal(n, 1);
    assert_string_equal(files[0], "metrics.a.tsv");
    rundir_files_free(files, n);
    unlink(p);
    /* a listed file replaced by a FIFO */
    snprintf(p, sizeof p, "%s/metrics.a.tsv", path);
    unlink(p);
    assert_int_equal(mkfifo(p, 0644), 0);
    assert_int_equal(rundir_verify(path, why, sizeof why), RUNDIR_CORRUPT);
    assert_non_null(strstr(why, "not a regular file"));
    /* COMPLETE a symlink to /dev/zero: corrupt for every command, never "sealed" */
    snprintf(p, sizeof p, "%s/COMPLETE", path);
    unlink(p);
    assert_int_equal(symlink("/dev/zero", p), 0);
    assert_int_equal(rundir_verify(path, why, sizeof why), RUNDIR_CORRUPT);
    assert_non_null(strstr(why, "COMPLETE is not a regular file"));
    assert_int_equal(rundir_open(path, &rd, err, sizeof err), -1);
    assert_non_null(strstr(err, "COMPLETE is not a regular file"));
    *strrchr(path, '/') = '\0';
    remove_tree(path);
}

/* 5: a run sealed as failed keeps its reasons in COMPLETE. */
static void test_sealed_as_failed(void **state) {
    (void)state;
    char path[600], err[1400], why[1400];
    make_dir(path, sizeof path, "run");
    run_dir rd;
    assert_int_equal(rundir_open(path, &rd, err, sizeof err), 0);
    assert_int_equal(rundir_write(&rd, "machine.json", "{}\n", 3, err, sizeof err), 0);
    const char *reasons[] = {"step bench ended with 'exit 137'", "two\nlines"};
    assert_int_equal(rundir_seal_failed(&rd, reasons, 2, err, sizeof err), 0);
    assert_int_equal(rundir_verify(path, why, sizeof why), RUNDIR_COMPLETE);
    assert_int_equal(rundir_failure(path, why, sizeof why), 1);
    assert_string_equal(why, "step bench ended with 'exit 137'; two lines");
    *strrchr(path, '/') = '\0';
    remove_tree(path);
}

/* 10: free space clearly too small is found before measuring. */
static void test_space_short(void **state) {
    (void)state;
    char why[512];
    assert_int_equal(system_space_short(1048576.0, 4.0 * 1048576.0, "/r", why, sizeof why), 1);
    assert_non_null(strstr(why, "/r: 1.0 MiB free, and this run writes about 4.0 MiB"));
    assert_int_equal(system_space_short(8.0 * 1048576.0, 4.0 * 1048576.0, "/r", why, sizeof why), 0);
    assert_int_equal(system_space_short(-1, 4.0 * 1048576.0, "/r", why, sizeof why), 0);
    assert_true(system_free_bytes("/tmp") > 0);
}

/* Parsing that scales: 50,000 distinct keys and one repeated at the end (the duplicate
 * table is a hash set: this is linear, the old list was 50,000^2 / 2 comparisons). */
static void test_many_keys(void **state) {
    (void)state;
    enum { N = 50000 };
    size_t cap = (size_t)N * 24 + 64;
    char *text = malloc(cap), err[512];
    size_t used = (size_t)snprintf(text, cap, "[s]\n");
    for (int i = 0; i < N; i++) used += (size_t)snprintf(text + used, cap - used, "k%d = %d\n", i, i);
    snprintf(text + used, cap - used, "k17 = again\n");
    seen s;
    assert_int_equal(load(text, &s, err, sizeof err), 2);
    assert_int_equal(s.n, N);
    char want[64];
    snprintf(want, sizeof want, "t.ini:%d: duplicate key 'k17'", N + 2);
    assert_non_null(strstr(err, want));
    free(s.value);
    free(text);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_section_names_trimmed),
        cmocka_unit_test(test_error_lines_and_causes),
        cmocka_unit_test(test_long_lines),
        cmocka_unit_test(test_effective_config_reloads),
        cmocka_unit_test(test_seal_long_name_and_empty),
        cmocka_unit_test(test_only_listed_regular_files),
        cmocka_unit_test(test_sealed_as_failed),
        cmocka_unit_test(test_space_short),
        cmocka_unit_test(test_many_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
