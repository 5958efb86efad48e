/* bench.json follows Google Benchmark's JSON schema (what its tools/compare.py reads):
 * context with the standard keys, benchmarks[] whose entries carry name, run_name,
 * run_type, repetitions, repetition_index (iterations), threads, iterations, real_time,
 * cpu_time, time_unit, and aggregate_name on aggregates; failed cases carry error_occurred.
 * Also: bench.tsv rows have one field per column, and metrics.bench.tsv ids are well formed. */
#include <cjson/cJSON.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/metrics_read.h"
#include "harness/compare.h"
#include "harness/fingerprint.h"
#include "harness/bench_tsv.h"
#include "harness/results.h"
#include "harness/suite.h"

typedef struct fixture {
    suite_config cfg;
    suite_results res;
    cJSON *machine;
    cJSON *doc;
    char *tsv, *metrics, *compare, *samples;
    compare_set cmp;
} fixture;

static int setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    char err[CONFIG_ERROR_LEN];
    const char *text = "[suite]\nname = schema\nmin_time_ms = 1\nrepetitions = 3\n"
                       "aa_case = f32_blas/small/M:1/threads:1\ncompare = f32_naive/f32_blas\n"
                       "[shapes]\nsmall = 33x70\n[sweep s]\nkernels = f32_naive, f32_blas\n"
                       "shapes = all\nbatch = 1, 2\nthreads = 1\n";
    if (config_load_string(text, "mem", &f->cfg, err, sizeof err)) fail_msg("%s", err);
    assert_int_equal(suite_run(&f->cfg, &f->res, NULL), 0);
    /* one hand-made failed case, as the gate would leave it */
    case_result *failed = &f->res.cases[1];
    measurement_free(&failed->meas);
    memset(&failed->meas, 0, sizeof failed->meas);
    failed->status = CASE_FAILED;
    snprintf(failed->message, sizeof failed->message, "correctness gate: test");
    f->res.ok--, f->res.failed++;
    timer_info ti = {1, 1, 1};
    f->machine = fingerprint_collect(&ti);
    char *json = results_bench_json(&f->cfg, &f->res, f->machine, "run-id", "q35bench");
    f->doc = cJSON_Parse(json);
    free(json);
    f->tsv = results_bench_tsv(&f->res);
    assert_int_equal(compare_build(&f->cfg, &f->res, NULL, NULL, &f->cmp), 0);
    f->metrics = results_metrics_tsv(&f->res, &f->cmp);
    f->compare = results_compare_tsv(&f->res, &f->cmp);
    f->samples = results_samples_tsv(&f->res);
    *state = f;
    return 0;
}

static int teardown(void **state) {
    fixture *f = *state;
    cJSON_Delete(f->doc);
    cJSON_Delete(f->machine);
    suite_results_free(&f->res);
    config_free(&f->cfg);
    compare_free(&f->cmp);
    free(f->tsv), free(f->metrics), free(f->compare), free(f->samples), free(f);
    return 0;
}

static const cJSON *field(const cJSON *o, const char *key) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!v) fail_msg("missing field '%s'", key);
    return v;
}

static void test_context(void **state) {
    fixture *f = *state;
    assert_non_null(f->doc);
    const cJSON *ctx = field(f->doc, "context");
    assert_true(cJSON_IsString(field(ctx, "date")));
    assert_true(cJSON_IsString(field(ctx, "host_name")));
    assert_true(cJSON_IsString(field(ctx, "executable")));
    assert_true(cJSON_IsNumber(field(ctx, "num_cpus")));
    assert_true(cJSON_IsNumber(field(ctx, "mhz_per_cpu")));
    assert_true(cJSON_IsBool(field(ctx, "cpu_scaling_enabled")));
    assert_true(cJSON_IsArray(field(ctx, "caches")));
    assert_int_equal(cJSON_GetArraySize(field(ctx, "load_avg")), 3);
    assert_string_equal(field(ctx, "library_build_type")->valuestring, "release");
    const cJSON *q = field(ctx, "q35bench");
    assert_true(cJSON_IsObject(field(q, "machine")));
    assert_true(cJSON_IsObject(field(field(q, "machine"), "build")));
}

static void test_benchmark_entries(void **state) {
    fixture *f = *state;
    const cJSON *list = field(f->doc, "benchmarks");
    assert_true(cJSON_IsArray(list));
    int iterations = 0, aggregates = 0, errors = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, list) {
        assert_true(cJSON_IsString(field(e, "name")));
        assert_true(cJSON_IsString(field(e, "run_name")));
        const char *type = field(e, "run_type")->valuestring;
        assert_true(cJSON_IsNumber(field(e, "repetitions")));
        assert_true(cJSON_IsNumber(field(e, "threads")));
        assert_true(cJSON_IsNumber(field(e, "iterations")));
        assert_true(cJSON_IsNumber(field(e, "real_time")));
        assert_true(cJSON_IsNumber(field(e, "cpu_time")));
        assert_string_equal(field(e, "time_unit")->valuestring, "ms");
        if (strcmp(type, "iteration") == 0) {
            iterations++;
            assert_true(cJSON_IsNumber(field(e, "repetition_index")));
            if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(e, "error_occurred"))) {
                errors++;
                assert_true(cJSON_IsString(field(e, "error_message")));
                assert_string_equal(field(e, "status")->valuestring, "FAILED");
            } else {
                assert_true(field(e, "real_time")->valuedouble > 0);
            }
        } else {
            assert_string_equal(type, "aggregate");
            aggregates++;
            const char *agg = field(e, "aggregate_name")->valuestring;
            const char *unit = field(e, "aggregate_unit")->valuestring;
            assert_string_equal(unit, strcmp(agg, "cv") == 0 ? "percentage" : "time");
            /* name = run_name + "_" + aggregate_name, as Google Benchmark writes it */
            char want[400];
            snprintf(want, sizeof want, "%s_%s", field(e, "run_name")->valuestring, agg);
            assert_string_equal(field(e, "name")->valuestring, want);
        }
    }
    /* 4 cases: 3 timed x (3 repetitions + 7 aggregates), 1 failed entry */
    assert_int_equal(errors, 1);
    assert_int_equal(iterations, 3 * 3 + 1);
    assert_int_equal(aggregates, 3 * 7);
}

static void test_tsv_rows_have_every_column(void **state) {
    fixture *f = *state;
    int columns = 0;
    while (bench_tsv_columns[columns]) columns++;
    int rows = 0;
    for (char *line = strtok(f->tsv, "\n"); line; line = strtok(NULL, "\n"), rows++) {
        int fields = 1;
        for (char *p = line; *p; p++) fields += *p == '\t';
        assert_int_equal(fields, columns);
    }
    assert_int_equal(rows, 1 + 4);
}

static void test_metric_ids(void **state) {
    fixture *f = *state;
    assert_non_null(strstr(f->metrics, "bench.f32_naive.small.m1.t1.median_ms\t"));
    assert_non_null(strstr(f->metrics, "bench.f32_blas.small.m2.t1.gops\t"));
    /* the failed case's time is NA with its reason */
    assert_non_null(strstr(f->metrics,
                           "bench.f32_naive.small.m2.t1.median_ms\tNA\t-\t-\tms\tcorrectness gate: test"));
    /* a timed median carries its interval; the comparisons and the noise summary are there */
    assert_null(strstr(f->metrics, "bench.f32_naive.small.m1.t1.median_ms\t-"));
    assert_non_null(strstr(f->metrics, "bench.aa.f32_blas.small.m1.t1.ratio\t"));
    assert_non_null(strstr(f->metrics, "bench.compare.f32_naive.over.f32_blas.small.m1.t1.ratio\t"));
    assert_null(strstr(f->metrics, "bench.compare.f32_naive.over.f32_blas.small.m2")); /* failed */
    assert_non_null(strstr(f->metrics, "bench.noise.other_cpu_pct\t"));
    assert_non_null(strstr(f->metrics, "bench.noise.cases_noisy\t"));
    /* the audit's reader accepts the file: ids, numbers, every interval around its value */
    metric_table t = {0};
    char err[512], *copy = strdup(f->metrics);
    if (metrics_read_text(&t, copy, "metrics.bench.tsv", "metrics.bench.tsv", err, sizeof err))
        fail_msg("%s", err);
    if (metrics_index(&t, err, sizeof err)) fail_msg("%s", err);
    const metric *m = metrics_find(&t, "bench.f32_blas.small.m1.t1.median_ms");
    assert_non_null(m);
    assert_true(m->has_ci && m->lo <= m->value && m->value <= m->hi);
    m = metrics_find(&t, "bench.aa.f32_blas.small.m1.t1.ratio");
    assert_true(m && m->has_ci && m->lo <= 1.0 * m->hi && !strcmp(m->unit, "x"));
    metrics_free(&t); /* the table took the text over */
}

static void test_compare_and_samples(void **state) {
    fixture *f = *state;
    /* comparisons: the A/A check and the configured pair where both were timed */
    assert_int_equal(f->cmp.n, 2);
    int columns = 0;
    while (results_compare_columns[columns]) columns++;
    for (char *line = strtok(f->compare, "\n"); line; line = strtok(NULL, "\n")) {
        int fields = 1;
        for (char *p = line; *p; p++) fields += *p == '\t';
        assert_int_equal(fields, columns);
    }
    /* samples: 3 timed cases x 3 repetitions + the A/A twin's 3 */
    int rows = 0, twin = 0;
    for (char *line = strtok(f->samples, "\n"); line; line = strtok(NULL, "\n"), rows++)
        twin += strstr(line, "f32_blas/small/M:1/threads:1/twin\t") == line;
    assert_int_equal(rows, 1 + 3 * 3 + 3);
    assert_int_equal(twin, 3);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_context),
        cmocka_unit_test(test_benchmark_entries),
        cmocka_unit_test(test_tsv_rows_have_every_column),
        cmocka_unit_test(test_metric_ids),
        cmocka_unit_test(test_compare_and_samples),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
