/*
 * The projection's calibration against a measured decode (projection/calibration.h,
 * calibrate_decode), by hand on a toy model: the bandwidth prediction, the bench layer
 * extrapolation, their errors, and the reasons when either cannot be made.
 */
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

static const char *const toy_model =
    "[model]\nid = toy\nname = Toy\nproject = no\n[figures]\n"
    "parameters = 388\nparameters.source = by hand\n"
    "hidden = 4\nhidden.source = t\nintermediate = 8\nintermediate.source = t\n"
    "layers = 2\nlayers.source = t\nheads = 2\nheads.source = t\nkv_heads = 1\nkv_heads.source = t\n"
    "head_dim = 2\nhead_dim.source = t\nvocab = 10\nvocab.source = t\n"
    "tied_embeddings = 0\ntied_embeddings.source = t\n"
    "kv_bytes_per_value = 2\nkv_bytes_per_value.source = t\n"
    "norm_bytes_per_value = 2\nnorm_bytes_per_value.source = t\n"
    "rope_theta = 10000\nrope_theta.source = t\nnorm_eps = 1e-5\nnorm_eps.source = t\n";

static void read_metrics(const char *text, metric_table *t) {
    char path[64] = "/tmp/q35_dcal_XXXXXX", err[512];
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    if (metrics_read_file(path, t, err, sizeof err)) fail_msg("%s", err);
    unlink(path);
}

static void add_row(bench_table *bt, int threads, size_t n, size_t k, double ms) {
    bench_row *r = &bt->rows[bt->n++];
    memset(r, 0, sizeof *r);
    static char shapes[16][32];
    r->kernel = "fast";
    r->format = "f32";
    r->status = "ok";
    snprintf(shapes[bt->n % 16], sizeof shapes[0], "s%zux%zu", n, k);
    r->shape = shapes[bt->n % 16];
    r->n = n, r->k = k, r->m = 1, r->threads = threads;
    r->median_s = ms * 1e-3;
    r->bytes_moved = 1;
}

static void test_calibrate_decode(void **state) {
    (void)state;
    model_config m;
    char err[512];
    assert_int_equal(model_config_load_text(toy_model, "toy.ini", &m, err, sizeof err), 0);
    assert_true(m.skip_projection);
    bench_row rows[8];
    bench_table bt = {.rows = rows};
    /* q/o 4x4 1 ms, k/v 2x4 0.5 ms, gate/up 8x4 2 ms, down 4x8 3 ms, LM head 10x4 4 ms */
    add_row(&bt, 2, 4, 4, 1.0);
    add_row(&bt, 2, 2, 4, 0.5);
    add_row(&bt, 2, 8, 4, 2.0);
    add_row(&bt, 2, 4, 8, 3.0);
    add_row(&bt, 2, 10, 4, 4.0);
    metric_table decode, roof;
    read_metrics("id\tvalue\tlo\thi\tunit\tdescription\n"
                 "decode.toy.f.bytes_per_token\t1e8\t-\t-\tbytes\tx\n"
                 "decode.toy.f.matrices.fast\t15\t-\t-\tcount\tx\n"
                 "decode.toy.f.tg.t2.tok_s\t100\t90\t110\ttok_s\tx\n"
                 "decode.toy.f.tg.t1.tok_s\t50\t40\t60\ttok_s\tx\n"
                 "decode.toy.f.pp.t2.tok_s\t900\t800\t1000\ttok_s\tx\n"
                 "decode.toy.mixed.bytes_per_token\t2e8\t-\t-\tbytes\tx\n"
                 "decode.toy.mixed.matrices.fast\t14\t-\t-\tcount\tx\n"
                 "decode.toy.mixed.matrices.other\t1\t-\t-\tcount\tx\n"
                 "decode.toy.mixed.tg.t2.tok_s\t80\t70\t90\ttok_s\tx\n",
                 &decode);
    read_metrics("id\tvalue\tlo\thi\tunit\tdescription\nroofline.stream.read.best.gbps\t20\t-\t-\tgbps\tx\n", &roof);
    decode_calibration c[8];
    size_t n = calibrate_decode(&decode, &m, 1, &bt, &roof, c, 8);
    assert_int_equal(n, 3); /* the tg series only */
    const decode_calibration *f2 = NULL, *f1 = NULL, *mixed = NULL;
    for (size_t i = 0; i < n; i++) {
        if (!strcmp(c[i].format, "f") && c[i].threads == 2) f2 = &c[i];
        if (!strcmp(c[i].format, "f") && c[i].threads == 1) f1 = &c[i];
        if (!strcmp(c[i].format, "mixed")) mixed = &c[i];
    }
    assert_non_null(f2);
    assert_non_null(f1);
    assert_non_null(mixed);
    /* predicted: 20 GB/s / 1e8 bytes = 200 tok/s, +100 % over the measured 100 */
    assert_float_equal(f2->predicted, 200, 1e-9);
    assert_float_equal(f2->prediction_error_pct, 100, 1e-9);
    assert_float_equal(f2->lo, 90, 0);
    /* extrapolated: 2 layers x (1 + 0.5 + 0.5 + 1 + 2 + 2 + 3) ms + 4 ms = 24 ms */
    assert_string_equal(f2->kernel, "fast");
    assert_float_equal(f2->extrapolated, 1.0 / 0.024, 1e-9);
    assert_float_equal(f2->extrapolation_error_pct, (1.0 / 0.024 - 100) / 100 * 100, 1e-9);
    /* no bench rows at 1 thread, several kernels: no extrapolation, with the reason */
    assert_true(isnan(f1->extrapolated));
    assert_non_null(strstr(f1->note, "no M = 1 row of fast at 1 thread(s)"));
    assert_float_equal(f1->predicted, 200, 1e-9);
    assert_true(isnan(mixed->extrapolated));
    assert_non_null(strstr(mixed->note, "several kernels"));
    assert_float_equal(mixed->predicted, 100, 1e-9);
    /* no roofline: no prediction, said so */
    n = calibrate_decode(&decode, &m, 1, &bt, NULL, c, 8);
    assert_int_equal(n, 3);
    assert_true(isnan(c[0].predicted));
    assert_non_null(strstr(c[0].note, "no prediction: no metrics.roofline.tsv"));
    metrics_free(&decode);
    metrics_free(&roof);
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_calibrate_decode)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
