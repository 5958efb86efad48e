/* Suite configs: the shipped configs load, defaults and resolution are right, the effective
 * config round-trips, and every file in tests/data/bad_configs fails with exit status 2 and
 * a message naming file:line and what was expected (first line: "; expect LINE: text"). */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "harness/config.h"
#include "kernels/registry.h"

#define BAD_DIR "tests/data/bad_configs"

static int cmp_names(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_bad_configs_name_file_and_line(void **state) {
    (void)state;
    DIR *d = opendir(BAD_DIR);
    assert_non_null(d);
    char *names[256];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 256)
        if (strstr(e->d_name, ".ini")) names[n++] = strdup(e->d_name);
    closedir(d);
    qsort(names, n, sizeof *names, cmp_names);
    assert_true(n >= 15);
    for (size_t i = 0; i < n; i++) {
        char path[512], first[512] = "";
        snprintf(path, sizeof path, "%s/%s", BAD_DIR, names[i]);
        FILE *f = fopen(path, "r");
        assert_non_null(f);
        assert_non_null(fgets(first, sizeof first, f));
        fclose(f);
        int line = 0, used = 0;
        assert_int_equal(sscanf(first, "; expect %d: %n", &line, &used), 1);
        char *want = first + used;
        want[strcspn(want, "\n")] = '\0';

        suite_config cfg;
        char err[CONFIG_ERROR_LEN] = "";
        int rc = config_load(path, &cfg, err, sizeof err);
        char prefix[600];
        snprintf(prefix, sizeof prefix, "%s:%d: ", path, line);
        if (rc != 2 || strncmp(err, prefix, strlen(prefix)) != 0 || !strstr(err, want))
            fail_msg("%s: rc %d, message '%s'; expected prefix '%s' and '%s'", names[i], rc, err,
                     prefix, want);
        free(names[i]);
    }
}

static void test_missing_file(void **state) {
    (void)state;
    suite_config cfg;
    char err[CONFIG_ERROR_LEN];
    assert_int_equal(config_load("tests/data/no_such_config.ini", &cfg, err, sizeof err), 2);
    assert_non_null(strstr(err, "tests/data/no_such_config.ini: cannot read"));
}

static void test_shipped_configs_load(void **state) {
    (void)state;
    const char *paths[] = {"configs/quick.ini", "configs/llama70b.ini"};
    for (size_t i = 0; i < 2; i++) {
        suite_config cfg;
        char err[CONFIG_ERROR_LEN] = "";
        if (config_load(paths[i], &cfg, err, sizeof err) != 0) fail_msg("%s", err);
        assert_true(cfg.n_shapes > 0 && cfg.n_sweeps > 0);
        config_free(&cfg);
    }
}

static void test_llama70b_shapes_are_the_real_ones(void **state) {
    (void)state;
    suite_config cfg;
    char err[CONFIG_ERROR_LEN];
    assert_int_equal(config_load("configs/llama70b.ini", &cfg, err, sizeof err), 0);
    const struct {
        const char *name;
        size_t n, k;
    } want[] = {{"q_proj", 8192, 8192},     {"k_proj", 1024, 8192},  {"v_proj", 1024, 8192},
                {"o_proj", 8192, 8192},     {"gate_proj", 28672, 8192}, {"up_proj", 28672, 8192},
                {"down_proj", 8192, 28672}, {"lm_head_l2", 32000, 8192},
                {"lm_head_l3", 128256, 8192}};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        size_t j = 0;
        while (j < cfg.n_shapes && strcmp(cfg.shapes[j].name, want[i].name) != 0) j++;
        assert_true(j < cfg.n_shapes);
        assert_int_equal(cfg.shapes[j].n, want[i].n);
        assert_int_equal(cfg.shapes[j].k, want[i].k);
    }
    config_free(&cfg);
}

static const char *const minimal =
    "[suite]\nname = t\n[shapes]\na = 4x8\nb = 3x5\n"
    "[sweep s]\nkernels = all\nexclude = ref_f64\nshapes = b\nbatch = 1, 7\nthreads = 2\n";

static void test_defaults_and_resolution(void **state) {
    (void)state;
    suite_config cfg;
    char err[CONFIG_ERROR_LEN];
    assert_int_equal(config_load_string(minimal, "mem", &cfg, err, sizeof err), 0);
    assert_string_equal(cfg.name, "t");
    assert_int_equal(cfg.seed, 42);
    assert_int_equal(cfg.repetitions, 10); /* compare.py's U test wants 9 or more */
    assert_int_equal(cfg.warmup, 1);
    assert_float_equal(cfg.min_time_s, 0.05, 1e-12);
    assert_int_equal(cfg.interleave, INTERLEAVE_RANDOM);
    assert_float_equal(cfg.noise_cv_max, 0.10, 1e-12);
    assert_float_equal(cfg.noise_steal_max_pct, 5.0, 1e-12);
    assert_int_equal(cfg.remeasure_max, 1);
    assert_false(cfg.aa.set);
    assert_int_equal(cfg.n_compare, 0);
    assert_false(cfg.roof_shape[0] || cfg.roof_shape[1]);
    const config_sweep *s = &cfg.sweeps[0];
    assert_int_equal(s->n_kernels, kernel_count() - 1); /* all but the excluded oracle */
    for (size_t i = 0; i < s->n_kernels; i++) assert_string_not_equal(s->kernels[i]->name, "ref_f64");
    assert_int_equal(s->n_shapes, 1);
    assert_string_equal(cfg.shapes[s->shapes[0]].name, "b");
    assert_int_equal(s->n_batch, 2);
    assert_int_equal(s->batch[1], 7);
    assert_int_equal(s->threads[0], 2);
    assert_int_equal(s->qp.group_size, QUANT_GROUP_DEFAULT);
    config_free(&cfg);
}

static void test_effective_text_round_trips(void **state) {
    (void)state;
    suite_config a, b;
    char err[CONFIG_ERROR_LEN];
    const char *text =
        "[suite]\nname = t\nseed = 7\nmin_time_ms = 2.5\ninterleave = none\n"
        "noise_cv_max_pct = 7.5\nnoise_steal_max_pct = 2\nremeasure_max = 3\n"
        "aa_case = f32_naive/a/M:1/threads:2\ncompare = f32_naive/f32_blas, f32_blas/f32_naive\n"
        "roof_shapes = a\nroof_buffer_mib = 8\nblock_memory_mib = 100\n[shapes]\na = 4x8\n"
        "[sweep s]\nkernels = f32_naive\nshapes = all\nbatch = 1\nthreads = 1, 2\n"
        "group_size = channel\nscales = split\nsymmetry = asymmetric\nscale_type = fp16\n"
        "dequant = seed\n";
    assert_int_equal(config_load_string(text, "mem", &a, err, sizeof err), 0);
    char *eff = config_effective_text(&a);
    assert_non_null(eff);
    if (config_load_string(eff, "effective", &b, err, sizeof err) != 0) fail_msg("%s\n%s", err, eff);
    char *eff2 = config_effective_text(&b);
    /* identical apart from the "loaded from" comment on the first line */
    assert_string_equal(strchr(eff, '\n'), strchr(eff2, '\n'));
    assert_int_equal(b.sweeps[0].qp.group_size, QUANT_GROUP_PER_CHANNEL);
    assert_int_equal(b.sweeps[0].qp.scales, QUANT_SCALES_SPLIT);
    assert_int_equal(b.sweeps[0].qp.scale_type, QUANT_SCALE_FP16);
    assert_int_equal(b.sweeps[0].qp.dequant, QUANT_DEQUANT_SEED);
    assert_float_equal(b.min_time_s, 0.0025, 1e-15);
    assert_int_equal(b.interleave, INTERLEAVE_NONE);
    assert_float_equal(b.noise_cv_max, 0.075, 1e-15);
    assert_float_equal(b.noise_steal_max_pct, 2, 0);
    assert_int_equal(b.remeasure_max, 3);
    assert_true(b.aa.set && b.aa.m == 1 && b.aa.threads == 2 && b.aa.shape == 0);
    assert_string_equal(b.aa.k->name, "f32_naive");
    assert_int_equal(b.n_compare, 2);
    assert_string_equal(b.compare[1].a->name, "f32_blas");
    assert_string_equal(b.compare[1].b->name, "f32_naive");
    assert_true(b.roof_shape[0]);
    assert_float_equal(b.roof_buffer_bytes, 8.0 * 1048576, 0);
    assert_float_equal(b.block_memory_bytes, 100.0 * 1048576, 0);
    free(eff);
    free(eff2);
    config_free(&a);
    config_free(&b);
}

static void test_comments_and_inline_comments(void **state) {
    (void)state;
    suite_config cfg;
    char err[CONFIG_ERROR_LEN];
    const char *text = "# leading comment\n; another\n[suite] ; trailing\nname = t ; inline\n"
                       "[shapes]\na = 4x8   ; inline\n[sweep s]\nkernels = all\nshapes = all\n"
                       "batch = 1\nthreads = 1\n";
    if (config_load_string(text, "mem", &cfg, err, sizeof err) != 0) fail_msg("%s", err);
    assert_string_equal(cfg.name, "t");
    assert_int_equal(cfg.shapes[0].n, 4);
    config_free(&cfg);
}

/* The noise keys' errors name the key and what was expected. */
static void test_noise_key_errors(void **state) {
    (void)state;
    static const struct {
        const char *line, *needle;
    } bad[] = {
        {"aa_case = f32_naive/a/M:1", "expected KERNEL/SHAPE/M:m/threads:t"},
        {"aa_case = nope/a/M:1/threads:1", "unknown kernel 'nope'"},
        {"aa_case = f32_naive/zz/M:1/threads:1", "unknown shape 'zz'"},
        {"aa_case = f32_naive/a/M:1/threads:1 extra", "expected KERNEL/SHAPE"},
        {"compare = f32_naive/", "not a kernel pair"},
        {"compare = f32_naive/f32_naive", "compares a kernel with itself"},
        {"compare = f32_naive/nope", "unknown kernel 'nope'"},
        {"compare = f32_naive/f32_blas, f32_naive/f32_blas", "listed twice"},
        {"roof_shapes = a, zz", "unknown shape 'zz'"},
        {"remeasure_max = 11", "remeasure_max"},
        {"noise_steal_max_pct = 101", "noise_steal_max_pct"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[512], err[CONFIG_ERROR_LEN];
        snprintf(text, sizeof text,
                 "[suite]\nname = t\n%s\n[shapes]\na = 4x8\n[sweep s]\nkernels = f32_naive, "
                 "f32_blas\nshapes = all\nbatch = 1\nthreads = 1\n",
                 bad[i].line);
        suite_config cfg;
        assert_int_equal(config_load_string(text, "mem", &cfg, err, sizeof err), 2);
        if (!strstr(err, bad[i].needle) || strncmp(err, "mem:3: ", 7) != 0)
            fail_msg("'%s': got '%s', want mem:3 and '%s'", bad[i].line, err, bad[i].needle);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bad_configs_name_file_and_line),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_shipped_configs_load),
        cmocka_unit_test(test_llama70b_shapes_are_the_real_ones),
        cmocka_unit_test(test_defaults_and_resolution),
        cmocka_unit_test(test_effective_text_round_trips),
        cmocka_unit_test(test_comments_and_inline_comments),
        cmocka_unit_test(test_noise_key_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
