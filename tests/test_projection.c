/* The projection model on a toy device and model (numbers computed by hand in the
 * comments), the storage accounting of the formats, config errors with file:line,
 * measured figures resolved from a metrics file, and the calibration arithmetic. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "projection/calibration.h"
#include "projection/measured_figures.h"
#include "projection/projection.h"

/* hidden 4, intermediate 8, 2 layers, 2 heads of 2, 1 KV head, vocab 10:
 * per layer q 4x4 = 16, k 2x4 = 8, v 8, o 16, gate 8x4 = 32, up 32, down 4x8 = 32: 144;
 * 2 layers 288; LM head 40; embeddings 40; norms (2*2+1)*4 = 20; total 388. */
static const char *const toy_model =
    "[model]\nid = toy\nname = Toy\n[figures]\n"
    "parameters = 388\nparameters.source = by hand\n"
    "hidden = 4\nhidden.source = t\nintermediate = 8\nintermediate.source = t\n"
    "layers = 2\nlayers.source = t\nheads = 2\nheads.source = t\nkv_heads = 1\nkv_heads.source = t\n"
    "head_dim = 2\nhead_dim.source = t\nvocab = 10\nvocab.source = t\n"
    "tied_embeddings = 0\ntied_embeddings.source = t\n"
    "kv_bytes_per_value = 2\nkv_bytes_per_value.source = t\nkv_bytes_per_value.status = assumption\n"
    "norm_bytes_per_value = 2\nnorm_bytes_per_value.source = t\n";

/* 500 bytes of memory, 1 GB/s, FP16 2 GFLOP/s, INT8 1 GOP/s */
static const char *const toy_device =
    "[device]\nid = toy-dev\nname = Toy device\nkind = gpu\nmemory_kind = hbm\n[figures]\n"
    "memory_gb = 0.0000005\nmemory_gb.source = made up\n"
    "bandwidth_gbps = 1\nbandwidth_gbps.source = made up\n"
    "fp16_tflops = 0.002\nfp16_tflops.source = made up\n"
    "int8_tops = 0.001\nint8_tops.source = made up\nint8_tops.status = unconfirmed\n";

static void test_toy_projection_by_hand(void **state) {
    (void)state;
    model_config m;
    device_config d;
    char err[512];
    assert_int_equal(model_config_load_text(toy_model, "toy.ini", &m, err, sizeof err), 0);
    assert_int_equal(device_config_load_text(toy_device, "dev.ini", &d, err, sizeof err), 0);
    assert_float_equal(m.derived_parameters, 388, 0);
    /* KV per token of context: 2 (K and V) x 2 layers x 1 head x 2 dims x 2 bytes = 16 */
    assert_float_equal(m.kv_bytes_per_context_token, 16, 0);
    model_format_size s;
    model_format_size_compute(&m, weight_format_find("fp16"), false, &s);
    /* fp16: 2 x (288 + 40 + 40) + 20 norms x 2 = 776 bytes */
    assert_float_equal(s.weight_bytes, 776, 1e-9);
    assert_float_equal(s.bpw, 776.0 * 8 / 388, 1e-12);
    /* per token: layers 576 + LM head 80 + norms 40 + one embedding row 8 = 704 */
    assert_float_equal(s.weight_bytes_per_token, 704, 1e-9);
    device_numbers dn;
    device_numbers_from(&d, &dn);
    projection p;
    projection_compute(&dn, &s, false, 100, &p);
    assert_float_equal(p.kv_bytes_per_token, 1600, 0);
    assert_float_equal(p.bytes_per_token, 2304, 1e-9);
    assert_false(p.fits);
    assert_float_equal(p.devices_needed, 2, 0);         /* ceil(776 / 500) */
    assert_float_equal(p.devices_needed_with_kv, 5, 0); /* ceil(2376 / 500) */
    assert_float_equal(p.decode_tok_s_bound, 2 * 1e9 / 2304.0, 1e-6);
    assert_float_equal(p.decode_tok_s_bound_pipeline, 1e9 / 2304.0, 1e-6);
    /* prefill: 2 x 288 + attention 4 x 2 layers x 4 x (100 / 2) = 576 + 1600 = 2176 ops */
    assert_float_equal(p.prefill_ops_per_token, 2176, 1e-9);
    assert_string_equal(p.compute_figure, "fp16_tflops");
    assert_float_equal(p.prefill_tok_s_bound, 2 * 2e9 / 2176.0, 1e-6);
    /* an integer format uses the INT8 figure */
    model_format_size_compute(&m, weight_format_find("int4_sym_channel"), false, &s);
    projection_compute(&dn, &s, true, 100, &p);
    assert_string_equal(p.compute_figure, "int8_tops");
    assert_float_equal(p.prefill_tok_s_bound, p.devices_needed * 1e9 / 2176.0, 1e-6);
    /* 4 bits + one FP32 scale per row of K = 4 (or 8 for down): per layer
     * q 4 rows x (2 + 4) = 24, k 12, v 12, o 24, gate 48, up 48, down 4 x (4 + 4) = 32 */
    double layer = 24 + 12 + 12 + 24 + 48 + 48 + 32;
    assert_float_equal(s.weight_bytes, 2 * layer + 2 * 10 * 6 + 40, 1e-9);
}

static void test_seed_accounting(void **state) {
    (void)state;
    /* the seeds' model-size arithmetic, 70e9 parameters and rows of 8192 */
    assert_float_equal(weight_format_formula_bpw(weight_format_find("int4_g128"), 8192), 4.25, 1e-12);
    assert_float_equal(weight_format_formula_bpw(weight_format_find("q35_seed_accounting"), 8192), 4.0, 1e-12);
    assert_float_equal(weight_format_formula_bpw(weight_format_find("q35"), 8192), 4.0 + 64.0 / 8192, 1e-12);
    assert_float_equal(weight_format_formula_bpw(weight_format_find("q35d"), 8192), 3.5 + 64.0 / 8192, 1e-12);
    assert_float_equal(weight_format_formula_bpw(weight_format_find("int4_sym_channel"), 8192), 4.0 + 32.0 / 8192, 1e-12);
    assert_float_equal(weight_format_formula_bpw(weight_format_find("int8"), 8192), 8.0 + 32.0 / 8192, 1e-12);
    assert_float_equal(weight_format_formula_bpw(weight_format_find("fp16"), 8192), 16.0, 0);
    model_config m;
    char err[512];
    assert_int_equal(model_config_load_text("[model]\nid = s\nname = S\n[figures]\nparameters = 70000000000\n"
                                            "parameters.source = seeds\nreference_k = 8192\nreference_k.source = a\n",
                                            "s.ini", &m, err, sizeof err), 0);
    model_format_size s;
    model_format_size_compute(&m, weight_format_find("q35_seed_accounting"), false, &s);
    assert_float_equal(s.weight_bytes, 35e9, 1);                       /* 70e9 x 0.5 byte */
    assert_float_equal(s.weight_bytes / 1073741824.0, 32.596290, 1e-5); /* printed as 32.6 */
    model_format_size_compute(&m, weight_format_find("int4_g128"), false, &s);
    assert_float_equal(s.weight_bytes / 1073741824.0, 34.633558, 1e-5); /* 34.6 */
    model_format_size_compute(&m, weight_format_find("fp16"), false, &s);
    assert_float_equal(s.weight_bytes / 1073741824.0, 130.385160, 1e-5); /* 130.4 */
}

static void expect_error(const char *text, const char *want, int device) {
    char err[600];
    int rc;
    if (device) {
        device_config d;
        rc = device_config_load_text(text, "bad.ini", &d, err, sizeof err);
    } else {
        model_config m;
        rc = model_config_load_text(text, "bad.ini", &m, err, sizeof err);
    }
    assert_int_equal(rc, 2);
    if (!strstr(err, want)) fail_msg("expected '%s' in '%s'", want, err);
}

static void test_config_errors(void **state) {
    (void)state;
    const char *head = "[device]\nid = x\nname = X\nkind = gpu\nmemory_kind = hbm\n[figures]\n";
    char text[1024];
    /* a figure without a source: rejected at its own line */
    snprintf(text, sizeof text, "%smemory_gb = 80\nmemory_gb.source = datasheet\nbandwidth_gbps = 3350\n", head);
    expect_error(text, "bad.ini:9: figure 'bandwidth_gbps' has no source", 1);
    snprintf(text, sizeof text, "%smemory_gb = 80\nmemory_gb.source = d\nbandwidth_gbps = 1\nbandwidth_gbps.source = d\n"
                                "power_w.source = somewhere\n", head);
    expect_error(text, "bad.ini:11: 'power_w.source' given but there is no figure", 1);
    snprintf(text, sizeof text, "%swarp_speed = 9\n", head);
    expect_error(text, "bad.ini:7: unknown figure 'warp_speed'", 1);
    snprintf(text, sizeof text, "%smemory_gb = lots\n", head);
    expect_error(text, "bad.ini:7: figure 'memory_gb'", 1);
    snprintf(text, sizeof text, "%spower_w = measured:power\n", head);
    expect_error(text, "bad.ini:7: figure 'power_w' cannot be 'measured:'", 1);
    snprintf(text, sizeof text, "%smemory_gb = 1\nmemory_gb.source = d\nmemory_gb.status = rumour\n", head);
    expect_error(text, "bad.ini:9: 'memory_gb.status'", 1);
    snprintf(text, sizeof text, "%sbandwidth_gbps = 1\nbandwidth_gbps.source = d\n", head);
    expect_error(text, "needs exactly one of memory_gb and memory_gib", 1);
    expect_error("[device]\nid = X Y\n", "bad.ini:2: 'id' must be", 1);
    /* a model whose architecture does not give its parameter count */
    char model[2048];
    snprintf(model, sizeof model, "%s", toy_model);
    char *p = strstr(model, "parameters = 388");
    memcpy(p, "parameters = 389", 16);
    expect_error(model, "bad.ini:5: parameters = 389, but the architecture gives 388", 0);
    expect_error("[model]\nid = m\nname = M\n[figures]\nparameters = 5\nparameters.source = s\nhidden = 4\nhidden.source = s\n",
                 "the architecture is incomplete", 0);
    expect_error("[model]\nid = m\nname = M\n[figures]\nparameters = 5\n", "bad.ini:5: figure 'parameters' has no source", 0);
}

static char *temp_file(const char *text) {
    static char path[64];
    snprintf(path, sizeof path, "/tmp/q35_metrics_XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return path;
}

static void test_measured_figures(void **state) {
    (void)state;
    char *path = temp_file("id\tvalue\tlo\thi\tunit\tdescription\n"
                           "roofline.stream.read.t1.gbps\t30\t-\t-\tgbps\tx\n"
                           "roofline.stream.read.t2.gbps\t60\t-\t-\tgbps\tx\n"
                           "roofline.peak.fp32_gflops.t2\t400\t-\t-\tgflops\tx\n"
                           "roofline.peak.int8_gops.t2\tNA\t-\t-\tgops\tvalidation failed\n"
                           "roofline.host.memory_gb\t25\t-\t-\tgb\tx\n");
    metric_table mt;
    char err[512];
    assert_int_equal(metrics_read_file(path, &mt, err, sizeof err), 0);
    unlink(path);
    device_config d;
    assert_int_equal(device_config_load_text(
                         "[device]\nid = me\nname = Me\nkind = cpu\nmemory_kind = dram\n[figures]\n"
                         "memory_gb = measured:host.memory_gb\nmemory_gb.source = this run\n"
                         "bandwidth_gbps = measured:stream.read.tmax.gbps\nbandwidth_gbps.source = this run\n"
                         "fp32_tflops = measured:peak.fp32_gflops.tmax\nfp32_tflops.source = this run\n"
                         "int8_tops = measured:peak.int8_gops.tmax\nint8_tops.source = this run\n"
                         "cpu_bandwidth_gbps = measured:stream.read.t1.gbps\ncpu_bandwidth_gbps.source = this run\n",
                         "me.ini", &d, err, sizeof err), 0);
    assert_int_equal(figures_get(&d.figs, "bandwidth_gbps")->status, FIG_MEASURED);
    assert_true(isnan(figures_value(&d.figs, "bandwidth_gbps")));
    assert_int_equal(measured_resolve(&d, &mt, "none"), 1);
    assert_float_equal(figures_value(&d.figs, "bandwidth_gbps"), 60, 0); /* tmax = t2 */
    assert_float_equal(figures_value(&d.figs, "cpu_bandwidth_gbps"), 30, 0);
    assert_float_equal(figures_value(&d.figs, "fp32_tflops"), 0.4, 1e-12); /* GFLOP/s -> TFLOP/s */
    assert_float_equal(device_memory_bytes(&d), 25e9, 0);
    assert_true(isnan(figures_value(&d.figs, "int8_tops")));
    assert_non_null(strstr(figures_get(&d.figs, "int8_tops")->resolve_note, "is NA: validation failed"));
    /* without a metrics file every measured figure stays unresolved, with the reason */
    assert_int_equal(measured_resolve(&d, NULL, "no metrics.roofline.tsv"), 5);
    assert_string_equal(figures_get(&d.figs, "bandwidth_gbps")->resolve_note, "no metrics.roofline.tsv");
    metrics_free(&mt);
    /* a malformed metrics file names its line */
    path = temp_file("id\tvalue\tlo\thi\tunit\tdescription\nroofline.x\tfast\t-\t-\tgbps\tx\n");
    assert_int_equal(metrics_read_file(path, &mt, err, sizeof err), -1);
    assert_non_null(strstr(err, ":2: value of 'roofline.x' is 'fast'"));
    unlink(path);
}

static void add_row(bench_table *bt, const char *kernel, int threads, size_t n, size_t k,
                    double ms, double bytes) {
    bench_row *r = &bt->rows[bt->n++];
    memset(r, 0, sizeof *r);
    static char shapes[16][32];
    r->kernel = kernel;
    r->format = "f32";
    r->status = "ok";
    snprintf(shapes[bt->n % 16], sizeof shapes[0], "s%zux%zu", n, k);
    r->shape = shapes[bt->n % 16];
    r->n = n;
    r->k = k;
    r->m = 1;
    r->threads = threads;
    r->median_s = ms * 1e-3;
    r->bytes_moved = bytes;
    r->ops = 2.0 * (double)n * (double)k;
}

static void test_calibration_arithmetic(void **state) {
    (void)state;
    model_config m;
    char err[512];
    assert_int_equal(model_config_load_text(toy_model, "toy.ini", &m, err, sizeof err), 0);
    bench_row rows[16];
    bench_table bt = {.rows = rows, .has_counters_column = true};
    /* one of each distinct toy shape at 2 threads: q/o 4x4, k/v 2x4, gate/up 8x4, down 4x8, head 10x4 */
    add_row(&bt, "fast", 2, 4, 4, 1.0, 100);
    add_row(&bt, "fast", 2, 2, 4, 0.5, 50);
    add_row(&bt, "fast", 2, 8, 4, 2.0, 200);
    add_row(&bt, "fast", 2, 4, 8, 3.0, 300);
    add_row(&bt, "fast", 2, 10, 4, 4.0, 400);
    add_row(&bt, "slow", 2, 4, 4, 10.0, 100); /* incomplete, and slower */
    add_row(&bt, "fast", 1, 4, 4, 0.1, 100);  /* fewer threads: not used */
    char *path = temp_file("id\tvalue\tlo\thi\tunit\tdescription\nroofline.stream.read.t2.gbps\t60\t-\t-\tgbps\tx\n");
    metric_table mt;
    assert_int_equal(metrics_read_file(path, &mt, err, sizeof err), 0);
    unlink(path);
    calibration c;
    calibrate_format(&bt, &m, "f32", &mt, &c);
    assert_true(c.measured);
    assert_true(c.predicted);
    assert_string_equal(c.kernel, "fast");
    assert_int_equal(c.threads, 2);
    /* layer: q 1 + k 0.5 + v 0.5 + o 1 + gate 2 + up 2 + down 3 = 10 ms; token 2 x 10 + 4 */
    assert_float_equal(c.layer_s, 10e-3, 1e-12);
    assert_float_equal(c.tok_s_extrapolated, 1.0 / 24e-3, 1e-9);
    /* bytes: 2 x (100 + 50 + 50 + 100 + 200 + 200 + 300) + 400 = 2400 */
    assert_float_equal(c.bytes_per_token, 2400, 0);
    assert_float_equal(c.tok_s_predicted, 60e9 / 2400, 1e-6);
    assert_float_equal(c.error_pct, (60e9 / 2400 - 1.0 / 24e-3) / (1.0 / 24e-3) * 100, 1e-6);
    assert_string_equal(c.parts[2].matrix, "v_proj");
    assert_string_equal(c.parts[2].shape, "s2x4"); /* v uses the k row */
    /* a format without rows, and no bench.tsv at all: n/a with a reason, never a crash */
    calibrate_format(&bt, &m, "q35", &mt, &c);
    assert_false(c.measured);
    assert_non_null(strstr(c.note, "no timed M = 1 row of format q35"));
    calibrate_format(NULL, &m, "f32", &mt, &c);
    assert_false(c.measured);
    bt.n = 4; /* the LM head row gone */
    calibrate_format(&bt, &m, "f32", &mt, &c);
    assert_false(c.measured);
    assert_non_null(strstr(c.note, "lm_head"));
    metrics_free(&mt);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_toy_projection_by_hand),
        cmocka_unit_test(test_seed_accounting),
        cmocka_unit_test(test_config_errors),
        cmocka_unit_test(test_measured_figures),
        cmocka_unit_test(test_calibration_arithmetic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
