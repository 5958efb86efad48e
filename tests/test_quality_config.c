/* Quality configs: the shipped one loads with the scheme and distribution ids the metric
 * ids depend on; every bad value is reported as file:line and loading returns 2; the
 * reference-points file likewise. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "quality/qconfig.h"
#include "quality/qrefs.h"

static const char *const good =
    "[quality]\n"                         /* 1 */
    "name = t\n"                          /* 2 */
    "seed_shapes = a\n"                   /* 3 */
    "[shapes]\n"                          /* 4 */
    "a = 16x64\n"                         /* 5 */
    "[distribution normal]\n"             /* 6 */
    "kind = normal\n"                     /* 7 */
    "[scheme s]\n"                        /* 8 */
    "type = uniform\n"                    /* 9 */
    "bits = 4\n";                         /* 10 */

static void test_shipped_config(void **state) {
    (void)state;
    quality_config cfg;
    char err[QC_ERROR_LEN] = "";
    int rc = qconfig_load("configs/quality.ini", &cfg, err, sizeof err);
    if (rc) fprintf(stderr, "%s\n", err);
    assert_int_equal(rc, 0);
    static const char *const schemes[] = {"seed_int4", "seed_q35", "q35_shared", "q35_split",
                                          "q35d_split", "int4_sym_g128", "int4_asym_g128",
                                          "uniform3_asym_channel", "int8_channel", "fp16", "bf16"};
    for (size_t i = 0; i < sizeof schemes / sizeof schemes[0]; i++) {
        size_t j = 0;
        while (j < cfg.n_schemes && strcmp(cfg.schemes[j].id, schemes[i]) != 0) j++;
        assert_true(j < cfg.n_schemes);
    }
    static const char *const dists[] = {"normal", "student_t4", "outliers"};
    for (size_t i = 0; i < 3; i++) {
        size_t j = 0;
        while (j < cfg.n_dists && strcmp(cfg.dists[j].id, dists[i]) != 0) j++;
        assert_true(j < cfg.n_dists);
    }
    /* the seeds' four shapes, as K x N: 8192x8192 8192x28672 28672x8192 8192x32000 */
    assert_int_equal(cfg.n_seed_shapes, 4);
    const size_t kn[4][2] = {{8192, 8192}, {8192, 28672}, {28672, 8192}, {8192, 32000}};
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(cfg.shapes[cfg.seed_shapes[i]].k, kn[i][0]);
        assert_int_equal(cfg.shapes[cfg.seed_shapes[i]].n, kn[i][1]);
    }
    assert_string_equal(cfg.dists[cfg.seed_dist].id, "normal");
    assert_true(cfg.has_dequant && cfg.has_q35d_check);
    assert_int_equal(cfg.n_sweeps, 1);
    assert_string_equal(cfg.sweeps[0].id, "q35d");
    qref_set refs;
    rc = qrefs_load(cfg.references, &refs, err, sizeof err);
    if (rc) fprintf(stderr, "%s\n", err);
    assert_int_equal(rc, 0);
    assert_true(refs.n_formats >= 1);
}

static void test_good_minimal(void **state) {
    (void)state;
    quality_config cfg;
    char err[QC_ERROR_LEN] = "";
    assert_int_equal(qconfig_load_string(good, "g.ini", &cfg, err, sizeof err), 0);
    assert_int_equal(cfg.schemes[0].q.bits_even, 4);
    assert_int_equal(cfg.schemes[0].q.bits_odd, 4);
    /* the tables' defaults */
    assert_int_equal(cfg.dists[0].dof, 4);
    assert_true(cfg.dists[0].outlier_fraction == 0.001);
    assert_true(cfg.dists[0].outlier_scale == 10.0);
    assert_false(cfg.schemes[0].q.symmetric);
    assert_false(cfg.schemes[0].q.split);
    assert_false(cfg.schemes[0].q.fp16_params);
    assert_false(cfg.schemes[0].search);
    assert_int_equal(cfg.schemes[0].q.group, 0);
    assert_true(cfg.schemes[0].code_storage_bits == 0.0);
    assert_string_equal(cfg.schemes[0].kernel, "");
}

/* Every key of [distribution], [scheme] and [sweep] set, read back into its field. */
static void test_every_key(void **state) {
    (void)state;
    static const char *const text =
        "[quality]\nname = t\n[shapes]\na = 16x64\n"
        "[distribution o]\nkind = outlier_channels\ndof = 6\noutlier_fraction = 0.01\n"
        "outlier_scale = 20\ndescription = outliers\n"
        "[scheme s]\ntype = uniform\nbits = 4, 3\nsymmetry = symmetric\nscales = split\n"
        "group = 128\nscale_type = fp16\nsearch = mse\ncode_storage_bits = 3.5\n"
        "kernel = q35_simd\ndescription = a scheme\n"
        "[sweep w]\nscheme = s\ndistribution = o\nshape = a\ngroups = 64, channel\n"
        "scale_types = fp32, fp16\nscales = split\nsearch = none, mse\nmax_bpw = 5\n";
    quality_config cfg;
    char err[QC_ERROR_LEN] = "";
    int rc = qconfig_load_string(text, "g.ini", &cfg, err, sizeof err);
    if (rc) fprintf(stderr, "%s\n", err);
    assert_int_equal(rc, 0);
    const qc_dist *d = &cfg.dists[0];
    assert_int_equal(d->kind, QD_OUTLIER_CHANNELS);
    assert_int_equal(d->dof, 6);
    assert_true(d->outlier_fraction == 0.01 && d->outlier_scale == 20.0);
    assert_string_equal(d->description, "outliers");
    const qc_scheme *s = &cfg.schemes[0];
    assert_int_equal(s->type, QS_UNIFORM);
    assert_int_equal(s->q.bits_even, 4);
    assert_int_equal(s->q.bits_odd, 3);
    assert_true(s->q.symmetric && s->q.split && s->q.fp16_params && s->search);
    assert_int_equal(s->q.group, 128);
    assert_true(s->code_storage_bits == 3.5);
    assert_string_equal(s->kernel, "q35_simd");
    assert_string_equal(s->description, "a scheme");
    const qc_sweep *w = &cfg.sweeps[0];
    assert_int_equal(w->n_groups, 2);
    assert_int_equal(w->groups[0], 64);
    assert_int_equal(w->groups[1], 0);
    assert_int_equal(w->n_fp16, 2);
    assert_true(!w->fp16[0] && w->fp16[1]);
    assert_int_equal(w->n_split, 1);
    assert_true(w->split[0]);
    assert_int_equal(w->n_search, 2);
    assert_true(!w->search[0] && w->search[1]);
    assert_true(w->max_bpw == 5.0);
}

typedef struct bad_case {
    const char *text;
    const char *where; /* "bad.ini:N:" */
    const char *what;  /* a word of the message */
} bad_case;

static const bad_case bad[] = {
    {"[quality]\nseed = 1\n[shapes]\na = 1x2\n", "bad.ini:1:", "name"},
    {"[quality]\nname = t\nseed = -3\n", "bad.ini:3:", "integer"},
    {"[quality]\nname = t\nthreads = two\n", "bad.ini:3:", "integer"},
    {"[quality]\nname = t\ncolour = red\n", "bad.ini:3:", "unknown key"},
    {"[quality]\nname = t\n[shapes]\na = 16xx64\n", "bad.ini:4:", "shape"},
    {"[quality]\nname = t\n[shapes]\nA = 16x64\n", "bad.ini:4:", "lower-case"},
    {"[quality]\nname = t\n[shapes]\na = 2x20000000\n", "bad.ini:4:", "too long"},
    {"[quality]\nname = t\n[oops]\n", "bad.ini:3:", "unknown section"},
    {"[quality]\nname = t\n[distribution d]\nkind = cauchy\n", "bad.ini:4:", "normal"},
    {"[quality]\nname = t\n[distribution d]\nkind = student_t\ndof = 3\n", "bad.ini:5:", "even"},
    {"[quality]\nname = t\n[distribution d]\nkind = outlier_channels\noutlier_scale = 0.5\n",
     "bad.ini:5:", "number"},
    {"[quality]\nname = t\n[scheme s]\ntype = uniform\nbits = 9\n", "bad.ini:5:", "code width"},
    {"[quality]\nname = t\n[scheme s]\ntype = uniform\nbits = 4, 3, 2\n", "bad.ini:5:", "code width"},
    {"[quality]\nname = t\n[scheme s]\ntype = uniform\ngroup = 3\n", "bad.ini:5:", "even"},
    {"[quality]\nname = t\n[scheme s]\ntype = int3\n", "bad.ini:4:", "uniform"},
    {"[quality]\nname = t\n[scheme s]\ntype = uniform\nsymmetry = lopsided\n", "bad.ini:5:", "symmetric"},
    {"[quality]\nname = t\n[scheme s]\ntype = uniform\nbits = 4\nbits = 3\n", "bad.ini:6:", "bits"},
    {"[quality]\nname = t\n[scheme s]\ntype = uniform\nkernel = no such\n", "bad.ini:5:", "name"},
    /* resolved after reading: the line of the reference or of the section */
    {"[quality]\nname = t\nseed_shapes = nope\n[shapes]\na = 16x64\n[distribution n]\nkind = normal\n"
     "[scheme s]\ntype = uniform\nbits = 4\n", "bad.ini:3:", "unknown shape"},
    {"[quality]\nname = t\ndequant_scheme = nope\n[shapes]\na = 16x64\n[distribution n]\nkind = normal\n"
     "[scheme s]\ntype = uniform\nbits = 4\n", "bad.ini:3:", "unknown scheme"},
    {"[quality]\nname = t\nq35d_check = s\n[shapes]\na = 16x64\n[distribution n]\nkind = normal\n"
     "[scheme s]\ntype = uniform\nbits = 4\n", "bad.ini:3:", "two schemes"},
    {"[quality]\nname = t\n[shapes]\na = 16x64\n[distribution n]\nkind = normal\n"
     "[scheme s]\ntype = uniform\nbits = 3, 4\nscales = shared\n", "bad.ini:7:", "bits_odd"},
    {"[quality]\nname = t\n[shapes]\na = 16x64\n[distribution n]\nkind = normal\n"
     "[scheme s]\ntype = uniform\n", "bad.ini:7:", "bits"},
    {"[quality]\nname = t\n[shapes]\na = 16x64\n[distribution n]\nkind = normal\n"
     "[scheme s]\ntype = uniform\nbits = 4\n[sweep w]\nscheme = s\n", "bad.ini:10:", "distribution"},
    {"[quality]\nname = t\n[shapes]\na = 16x64\n[distribution n]\nkind = normal\n"
     "[scheme s]\ntype = uniform\nbits = 4\n[sweep w]\nscheme = s\ndistribution = n\nshape = a\n"
     "groups = 128, 128\n", "bad.ini:14:", "twice"},
    {"[quality]\nname = t\n[shapes]\na = 16x64\n[distribution n]\nkind = normal\n", "bad.ini:6:", "scheme"},
    {"[quality]\nname = t\n[shapes]\na = 16x64\n", "bad.ini:4:", "distribution"},
    /* an unknown key in a repeated section: the message lists its table's keys */
    {"[quality]\nname = t\n[distribution d]\nkind = normal\ncolour = 1\n", "bad.ini:5:",
     "unknown key 'colour' in [distribution d]; expected kind, dof, outlier_fraction, "
     "outlier_scale or description"},
    {"[quality]\nname = t\n[scheme s]\ntype = uniform\ncolour = 1\n", "bad.ini:5:",
     "unknown key 'colour' in [scheme s]; expected type, bits, symmetry, scales, group, "
     "scale_type, search, code_storage_bits, kernel or description"},
    {"[quality]\nname = t\n[sweep w]\ncolour = 1\n", "bad.ini:4:",
     "unknown key 'colour' in [sweep w]; expected scheme, groups, scale_types, scales, search, "
     "distribution, shape or max_bpw"},
    /* bad values, checked by the tables */
    {"[quality]\nname = t\n[distribution d]\nkind = outlier_channels\noutlier_fraction = 0.9\n",
     "bad.ini:5:", "number"},
    {"[quality]\nname = t\n[distribution d]\nkind = student_t\ndof = many\n", "bad.ini:5:",
     "degrees of freedom"},
    {"[quality]\nname = t\n[scheme s]\ntype = uniform\ncode_storage_bits = 40\n", "bad.ini:5:",
     "number"},
    {"[quality]\nname = t\n[scheme s]\ntype = uniform\nscales = both\n", "bad.ini:5:", "split"},
    {"[quality]\nname = t\n[scheme s]\ntype = uniform\nscale_type = fp8\n", "bad.ini:5:",
     "fp16"},
    {"[quality]\nname = t\n[scheme s]\ntype = uniform\nsearch = grid\n", "bad.ini:5:", "mse"},
    {"[quality]\nname = t\n[sweep w]\nmax_bpw = 0.5\n", "bad.ini:4:", "number"},
    {"[quality]\nname = t\n[sweep w]\nscale_types = fp32, fp8\n", "bad.ini:4:", "fp16"},
    {"[quality]\nname = t\n[sweep w]\nsearch = mse, mse\n", "bad.ini:4:", "twice"},
    {"[quality]\nname = t\n[sweep w]\ngroups = 3\n", "bad.ini:4:", "even group size"},
};

static void test_bad_configs(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        quality_config cfg;
        char err[QC_ERROR_LEN] = "";
        int rc = qconfig_load_string(bad[i].text, "bad.ini", &cfg, err, sizeof err);
        if (rc != 2 || strncmp(err, bad[i].where, strlen(bad[i].where)) != 0 ||
            !strstr(err, bad[i].what))
            fprintf(stderr, "case %zu: rc %d, message '%s'; expected %s ... %s\n", i, rc, err,
                    bad[i].where, bad[i].what);
        assert_int_equal(rc, 2);
        assert_true(strncmp(err, bad[i].where, strlen(bad[i].where)) == 0);
        assert_non_null(strstr(err, bad[i].what));
    }
}

static void test_missing_file(void **state) {
    (void)state;
    quality_config cfg;
    char err[QC_ERROR_LEN] = "";
    assert_int_equal(qconfig_load("no/such/quality.ini", &cfg, err, sizeof err), 2);
    assert_non_null(strstr(err, "no/such/quality.ini"));
}

static void test_bad_references(void **state) {
    (void)state;
    qref_set refs;
    char err[QC_ERROR_LEN] = "";
    assert_int_equal(qrefs_load_string("[source]\nname = x\n[format a]\nbpw = 4\n", "r.ini", &refs,
                                       err, sizeof err), 2);
    assert_non_null(strstr(err, "citation"));
    assert_int_equal(qrefs_load_string("[source]\ncitation = c\n[format a]\nbpw = four\n", "r.ini",
                                       &refs, err, sizeof err), 2);
    assert_true(strncmp(err, "r.ini:4:", 8) == 0);
    assert_int_equal(qrefs_load_string("[source]\ncitation = c\n[format a]\nnrmse_normal = 5\n",
                                       "r.ini", &refs, err, sizeof err), 2);
    assert_true(strncmp(err, "r.ini:3:", 8) == 0);
    assert_int_equal(qrefs_load_string("[source]\ncitation = c\n[format a]\nbpw = 4\nnrmse_normal = 5\n",
                                       "r.ini", &refs, err, sizeof err), 0);
    assert_float_equal(refs.formats[0].nrmse_pct[0], 5, 0);
    assert_string_equal(refs.formats[0].dist[0], "normal");
    /* [source] and [format ID] are tables: an unknown key lists them, a bad value is refused */
    assert_int_equal(qrefs_load_string("[source]\ncitation = c\nyear = 2024\n", "r.ini", &refs,
                                       err, sizeof err), 2);
    assert_string_equal(err, "r.ini:3: unknown key 'year' in [source]; expected name or citation");
    assert_int_equal(qrefs_load_string("[source]\ncitation = c\nname = two words\n", "r.ini",
                                       &refs, err, sizeof err), 2);
    assert_true(strncmp(err, "r.ini:3:", 8) == 0);
    assert_int_equal(qrefs_load_string("[source]\ncitation = c\n[format a]\nbits = 4\n", "r.ini",
                                       &refs, err, sizeof err), 2);
    assert_string_equal(err, "r.ini:4: unknown key 'bits' in [format a]; expected bpw or "
                             "description, or nrmse_<distribution> (percent)");
    assert_int_equal(qrefs_load_string("[source]\ncitation = c\n[format a]\nbpw = 0.1\n", "r.ini",
                                       &refs, err, sizeof err), 2);
    assert_true(strncmp(err, "r.ini:4:", 8) == 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shipped_config), cmocka_unit_test(test_good_minimal),
        cmocka_unit_test(test_every_key),
        cmocka_unit_test(test_bad_configs),    cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_bad_references),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
