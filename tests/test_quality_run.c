/* The quality run on tiny configs: q35d == q35 is checked (and a real difference is
 * caught), a missing kernel is n/a with its reason, a registered kernel runs through the
 * kernel contract, and the evidence file has the ids the audit reads and no NaN or inf. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "formats/half.h"
#include "quality/qconfig.h"
#include "quality/qrun.h"
#include "quality/qscheme.h"
#include "quality/qwrite.h"

static const char *const base =
    "[quality]\nname = t\nseed = 3\nthreads = 2\noutput_rows = 12\noutput_batch = 3\n"
    "seed_distribution = normal\nseed_shapes = a, b\nseed_schemes = seed_int4, seed_q35\n"
    "q35d_check = q35_split, q35d_split\ndequant_scheme = q35_split\n"
    "[shapes]\na = 24x128\nb = 8x256\nc = 24x128\n"
    "[distribution normal]\nkind = normal\n"
    "[distribution student_t4]\nkind = student_t\ndof = 4\n"
    "[scheme seed_int4]\ntype = uniform\nbits = 4\nsymmetry = symmetric\ngroup = channel\n"
    "kernel = no_such_kernel\n"
    "[scheme seed_q35]\ntype = uniform\nbits = 4\nsymmetry = asymmetric\ngroup = channel\n"
    "[scheme q35_split]\ntype = uniform\nbits = 4, 3\nscales = split\ncode_storage_bits = 4\n"
    "kernel = also_missing\n"
    "[scheme q35d_split]\ntype = uniform\nbits = 4, 3\nscales = split\ncode_storage_bits = 3.5\n"
    "%s\n"
    "[scheme fp16]\ntype = fp16\nkernel = ref_f64\n"
    "[sweep q35d]\nscheme = q35d_split\ngroups = channel, 32\nscale_types = fp32, fp16\n"
    "scales = shared, split\nsearch = none, mse\ndistribution = normal\nshape = b\nmax_bpw = 4.0\n";

static void load(const char *extra, quality_config *cfg) {
    char text[4096], err[QC_ERROR_LEN] = "";
    snprintf(text, sizeof text, base, extra);
    int rc = qconfig_load_string(text, "t.ini", cfg, err, sizeof err);
    if (rc) fprintf(stderr, "%s\n", err);
    assert_int_equal(rc, 0);
}

static size_t scheme_index(const quality_config *cfg, const char *id) {
    for (size_t i = 0; i < cfg->n_schemes; i++)
        if (strcmp(cfg->schemes[i].id, id) == 0) return i;
    fail();
    return 0;
}

static void test_q35d_equals_q35(void **state) {
    (void)state;
    quality_config cfg;
    quality_results res;
    qrun_options opt = {0};
    load("", &cfg);
    assert_int_equal(qrun_execute(&cfg, &opt, &res), 0);
    assert_true(res.q35d_weights_equal);
    assert_int_equal(res.q35d_cells_compared, 2 * 2); /* 2 distributions x 2 distinct shapes */
    assert_false(res.q35d_kernel_compared);           /* kernels missing: reason recorded */
    assert_non_null(strstr(res.q35d_kernel_reason, "names no kernel"));
    /* same errors, different storage: bpw differs by exactly 0.5 */
    size_t a = scheme_index(&cfg, "q35_split"), b = scheme_index(&cfg, "q35d_split");
    assert_float_equal(qres_cell(&res, a, 0, 0)->bpw - qres_cell(&res, b, 0, 0)->bpw, 0.5, 1e-12);
    qrun_free(&res);

    /* a q35d that is not q35 (FP16 parameters) is caught */
    load("scale_type = fp16", &cfg);
    assert_int_equal(qrun_execute(&cfg, &opt, &res), 0);
    assert_false(res.q35d_weights_equal);
    qrun_free(&res);
}

static void test_kernels(void **state) {
    (void)state;
    quality_config cfg;
    quality_results res;
    qrun_options opt = {0};
    load("", &cfg);
    assert_int_equal(qrun_execute(&cfg, &opt, &res), 0);
    const qcell *missing = qres_cell(&res, scheme_index(&cfg, "seed_int4"), 0, 0);
    assert_false(missing->kr.ok);
    assert_non_null(strstr(missing->kr.reason, "no_such_kernel"));
    assert_true(missing->wonly_ok); /* the weight-only output error needs no kernel */
    const qcell *none = qres_cell(&res, scheme_index(&cfg, "seed_q35"), 0, 0);
    assert_false(none->kr.ok);
    assert_non_null(strstr(none->kr.reason, "names no kernel"));
    /* fp16 weights through ref_f64 (FP32 weights as given): output error ~ FP32 rounding of
     * Y only; the kernel's weights differ from the FP16 ones by at most half an FP16 ulp */
    const qcell *k = qres_cell(&res, scheme_index(&cfg, "fp16"), 1, 1);
    assert_true(k->kr.ok);
    assert_true(k->kr.nrmse_pct < 1e-3);
    assert_true(k->kr.dequant_compared);
    assert_true(k->kr.dequant_max_diff > 0 && k->kr.dequant_max_diff < 0.01);
    assert_float_equal(k->kr.kernel_bpw, 32.0, 0.5);
    assert_int_equal(k->out_rows, 8); /* shape b has 8 rows < output_rows */
    /* the dequant comparison ran for each seed shape, as n/a with the kernel's reason */
    assert_false(res.dequant[0].seed.ok);
    assert_non_null(strstr(res.dequant[0].seed.reason, "also_missing"));
    /* shape c has a's dimensions: the same matrix and results */
    assert_int_equal(qres_cell(&res, 0, 0, 2)->same_as, 0);
    assert_true(qres_cell(&res, 0, 0, 2)->err.sse == qres_cell(&res, 0, 0, 0)->err.sse);
    qrun_free(&res);
}

static void test_evidence_file(void **state) {
    (void)state;
    quality_config cfg;
    quality_results res;
    qrun_options opt = {.quick = true};
    load("", &cfg);
    cfg.quick_columns = 5;
    assert_int_equal(qrun_execute(&cfg, &opt, &res), 0);
    assert_int_equal(qres_cell(&res, 0, 0, 0)->rows, 5);
    char *m = qwrite_metrics(&res);
    assert_non_null(m);
    assert_true(strncmp(m, "id\tvalue\tlo\thi\tunit\tdescription\n", 32) == 0);
    static const char *const ids[] = {
        "\nquality.seed_int4.mean_nrmse_pct\t", "\nquality.seed_int4.std_nrmse_pct\t",
        "\nquality.seed_q35.mean_nrmse_pct\t", "\nquality.seed_q35.std_nrmse_pct\t",
        "\nquality.seed_int4.shape_128x24.nrmse_pct\t", "\nquality.seed_q35.shape_256x8.nrmse_pct\t",
        "\nquality.fp16.student_t4.mean_output_nrmse_pct\t",
        "\nquality.seed_int4.normal.mean_output_nrmse_pct\tNA\t-\t-\tpct\t",
        "\nquality.q35_split.normal.mean_bpw\t", "\nquality.dequant.seed_formula.output_nrmse_pct\tNA",
        "\nquality.dequant.correct.output_nrmse_pct\tNA", "\nquality.q35d_equals_q35\t1\t-\t-\tbool\t",
        "\nquality.q35d_equals_q35.kernel_dequant\tNA\t-\t-\tbool\t",
        "\nquality.pareto.best_q35d_le4bpw.nrmse_pct\t", "\nquality.pareto.best_q35d_le4bpw.bpw\t",
        "\nquality.sweep.q35d.g32_fp16_split_mse.nrmse_pct\t", "\nquality.runtime.cpu_s\t",
        "\nquality.sampling.quick\t1\t-\t-\tbool\t"};
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        if (!strstr(m, ids[i])) fprintf(stderr, "missing %s\n", ids[i] + 1);
        assert_non_null(strstr(m, ids[i]));
    }
    /* every row has 6 fields (id value lo hi unit description), ids are dot-separated
     * [a-z0-9_-] tokens, values are numbers or NA; never nan or inf */
    for (char *line = strchr(m, '\n') + 1; *line; line = strchr(line, '\n') + 1) {
        char *end = strchr(line, '\n');
        assert_non_null(end);
        int tabs = 0;
        for (char *p = line; p < end; p++) tabs += *p == '\t';
        assert_int_equal(tabs, 5);
        size_t idlen = strcspn(line, "\t");
        assert_int_equal(strspn(line, "abcdefghijklmnopqrstuvwxyz0123456789_-."), idlen);
        char *value = line + idlen + 1;
        if (strncmp(value, "NA\t", 3) != 0) {
            char *after;
            double v = strtod(value, &after);
            assert_true(after != value && *after == '\t' && isfinite(v));
        }
    }
    assert_null(strstr(m, "nan"));
    assert_null(strstr(m, "inf\t"));
    free(m);
    for (size_t t = 0; qwrite_table_names[t]; t++) {
        char *tsv = qwrite_table(&res, qwrite_table_names[t]);
        assert_non_null(tsv);
        assert_null(strstr(tsv, "\tnan"));
        assert_null(strstr(tsv, "\tinf"));
        free(tsv);
    }
    qwrite_context ctx = {0};
    char *json = qwrite_json(&res, &ctx);
    assert_non_null(json);
    assert_null(strstr(json, "nan"));
    free(json);
    qrun_free(&res);
}

/* FP16 / BF16 schemes give exactly formats/half.h's rounding, subnormals and ties included. */
static void test_half_schemes_match_formats(void **state) {
    (void)state;
    enum { K = 1031 };
    float w[K], out[K];
    for (size_t i = 0; i < K; i++) {
        double mag = ldexp(1.0 + (double)(i % 97) / 97.0, (int)(i % 61) - 30); /* 2^-30 .. 2^30 */
        w[i] = (float)((i & 1) ? -mag : mag);
    }
    w[0] = 0x1.0p-20f;  /* an FP16 subnormal */
    w[1] = 65520.0f;    /* rounds to FP16 infinity */
    w[2] = 1.0f + 0x1.0p-11f; /* an FP16 tie: rounds to even */
    qscheme_work ws;
    assert_int_equal(qscheme_work_init(&ws, K), 0);
    qc_scheme f16 = {.type = QS_FP16}, b16 = {.type = QS_BF16};
    size_t clipped;
    qscheme_apply(&f16, NULL, w, K, out, &ws, &clipped);
    for (size_t i = 0; i < K; i++) {
        float e = fp16_to_fp32(fp32_to_fp16(w[i]));
        assert_memory_equal(&out[i], &e, sizeof e);
    }
    qscheme_apply(&b16, NULL, w, K, out, &ws, &clipped);
    for (size_t i = 0; i < K; i++) {
        float e = bf16_to_fp32(fp32_to_bf16(w[i]));
        assert_memory_equal(&out[i], &e, sizeof e);
    }
    qscheme_work_free(&ws);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_q35d_equals_q35),
        cmocka_unit_test(test_kernels),
        cmocka_unit_test(test_evidence_file),
        cmocka_unit_test(test_half_schemes_match_formats),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
