/* The one reader of each results file format: base/tsv.h (every *.tsv), base/number.h,
 * base/metrics_read.h (metrics.*.tsv) and harness/bench_tsv.h (bench.tsv), each on good
 * input and on every malformed case its rules name; every error names file:line. */
#include <math.h>
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

#include "base/metrics_read.h"
#include "base/metrics_tsv.h"
#include "base/number.h"
#include "base/tsv.h"
#include "bench_tsv_text.h"
#include "harness/bench_tsv.h"
#include "harness/steps_tsv.h"

/* ---- base/tsv.h ------------------------------------------------------------------------- */

/* Parses text (copied) as "t.tsv"; returns the status, err holds the message. */
static int parse(const char *text, tsv_table *t, char *err, size_t len) {
    return tsv_parse(strdup(text), "t.tsv", t, err, len);
}

/* text must be refused with `want` (a substring naming t.tsv:line). */
static void refused(const char *text, const char *want) {
    tsv_table t;
    char err[512] = "";
    if (parse(text, &t, err, sizeof err) == 0) fail_msg("accepted: %s", text);
    if (!strstr(err, want)) fail_msg("'%s' does not contain '%s'", err, want);
    assert_null(t.text); /* freed on failure */
}

static void test_tsv_good_table(void **state) {
    (void)state;
    tsv_table t;
    char err[256];
    assert_int_equal(parse("a\tb\tc\n1\t\tx y\n2\t3\t-\n", &t, err, sizeof err), 0);
    assert_int_equal(t.n_cols, 3);
    assert_int_equal(t.n_rows, 2);
    assert_string_equal(tsv_cell(&t, 0, 1), ""); /* empty fields are fields */
    assert_string_equal(tsv_cell(&t, 0, 2), "x y");
    assert_int_equal(t.line[1], 3);
    assert_int_equal(tsv_column(&t, "c"), 2);
    assert_int_equal(tsv_column(&t, "d"), -1);
    assert_string_equal(tsv_cell(&t, 0, -1), "");
    static const char *const need[] = {"a", "d", NULL};
    assert_int_equal(tsv_require(&t, need, err, sizeof err), -1);
    assert_string_equal(err, "t.tsv:1: missing column 'd' in the header");
    double v;
    assert_int_equal(tsv_get_number(&t, 1, 1, TSV_POSITIVE | TSV_INTEGER, &v, err, sizeof err), 0);
    assert_true(v == 3);
    /* "-" is missing: refused unless allowed */
    assert_int_equal(tsv_get_number(&t, 1, 2, 0, &v, err, sizeof err), -1);
    assert_string_equal(err, "t.tsv:3: column 'c' is '-'; expected a number");
    assert_int_equal(tsv_get_number(&t, 1, 2, TSV_MISSING_OK, &v, err, sizeof err), 0);
    assert_true(isnan(v));
    assert_int_equal(tsv_get_number(&t, 0, 2, TSV_MISSING_OK, &v, err, sizeof err), -1);
    assert_string_equal(err, "t.tsv:2: column 'c' is 'x y'; expected a number or NA");
    assert_int_equal(tsv_get_number(&t, 0, 0, TSV_POSITIVE | TSV_INTEGER, &v, err, sizeof err), 0);
    tsv_free(&t);
    /* a header alone is a table without rows */
    assert_int_equal(parse("a\n", &t, err, sizeof err), 0);
    assert_int_equal(t.n_rows, 0);
    tsv_free(&t);
}

static void test_tsv_malformed(void **state) {
    (void)state;
    refused("", "t.tsv:1: empty file; expected a header row");
    refused("a\tb\n1\t2", "t.tsv:2: the last line does not end with a newline");
    refused("a\tb\r\n1\t2\r\n", "t.tsv:1: carriage return");
    refused("a\tb\n1\t2\r\n", "t.tsv:2: carriage return");
    refused("\na\n", "t.tsv:1: empty line; expected the header row");
    refused("a\tb\n1\t2\n\n3\t4\n", "t.tsv:3: empty line; expected a row");
    refused("a\t\tc\n", "t.tsv:1: column 2 of the header has an empty name");
    refused("a\tb\ta\n", "t.tsv:1: column 'a' appears twice in the header (columns 1 and 3)");
    refused("a\tb\n1\n", "t.tsv:2: expected 2 tab-separated fields (as the header), got 1");
    refused("a\tb\n1\t2\t3\n", "t.tsv:2: expected 2 tab-separated fields (as the header), got 3");
}

static void test_tsv_file_errors(void **state) {
    (void)state;
    tsv_table t;
    char err[512];
    assert_int_equal(tsv_read("/nonexistent/x.tsv", &t, err, sizeof err), -1);
    assert_non_null(strstr(err, "/nonexistent/x.tsv"));
    char path[] = "/tmp/q35_readers_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "a\n1\0\n", 5), 5);
    close(fd);
    assert_int_equal(tsv_read(path, &t, err, sizeof err), -1);
    assert_non_null(strstr(err, "contains a NUL byte"));
    unlink(path);
}

static void test_number_parser(void **state) {
    (void)state;
    double v;
    assert_int_equal(number_parse("1e3", &v), 0);
    assert_true(v == 1000);
    assert_int_equal(number_parse("-0.5", &v), 0);
    const char *bad[] = {"", " 1", "1 ", "1x", "inf", "nan", "NA", "-", "1e999", NULL};
    for (int i = 0; bad[i]; i++)
        if (number_parse(bad[i], &v) == 0) fail_msg("accepted '%s'", bad[i]);
    bool missing;
    assert_int_equal(tsv_number("NA", &v, &missing), 0);
    assert_true(missing && isnan(v));
    assert_int_equal(tsv_number("-", &v, &missing), 0);
    assert_true(missing);
    assert_int_equal(tsv_number("2.5", &v, &missing), 0);
    assert_true(!missing && v == 2.5);
    assert_int_equal(tsv_number("n/a", &v, &missing), -1);
}

/* ---- base/metrics_read.h ------------------------------------------------------------------ */

#define MHEAD "id\tvalue\tlo\thi\tunit\tdescription\n"

static int metrics_text(const char *text, metric_table *t, char *err, size_t len) {
    memset(t, 0, sizeof *t);
    int rc = metrics_read_text(t, strdup(text), "m.tsv", "metrics.m.tsv", err, len);
    if (rc == 0) rc = metrics_index(t, err, len);
    return rc;
}

static void metrics_refused(const char *text, const char *want) {
    metric_table t;
    char err[700] = "";
    if (metrics_text(text, &t, err, sizeof err) == 0) fail_msg("accepted: %s", text);
    if (!strstr(err, want)) fail_msg("'%s' does not contain '%s'", err, want);
    metrics_free(&t);
}

static void test_metrics_good(void **state) {
    (void)state;
    metric_table t;
    char err[512];
    assert_int_equal(metrics_text(MHEAD "b.x\t2\t1\t3\tms\tmeasured\na.y\tNA\t-\t-\tcount\tno reason\n"
                                        "c.z\t5\t-\t-\tgbps\texact\n",
                                  &t, err, sizeof err),
                     0);
    assert_int_equal(t.n, 3);
    assert_string_equal(t.items[0].id, "b.x"); /* file order */
    assert_string_equal(metrics_by_id(&t, 0)->id, "a.y"); /* id order */
    const metric *m = metrics_find(&t, "b.x");
    assert_true(m->has_ci && m->lo == 1 && m->hi == 3 && m->line == 2);
    assert_string_equal(m->file, "metrics.m.tsv");
    m = metrics_find(&t, "a.y");
    assert_true(m->na && isnan(m->value) && !m->has_ci && isnan(m->lo));
    assert_null(metrics_find(&t, "q"));
    /* a value computed in memory, found once indexed again */
    assert_int_equal(metrics_put(&t, "audit.k", 7, false, "count", "computed", "metrics.audit.tsv"), 0);
    assert_non_null(metrics_find(&t, "audit.k")); /* not indexed yet: searched */
    assert_int_equal(metrics_index(&t, err, sizeof err), 0);
    assert_true(metrics_find(&t, "audit.k")->value == 7);
    metrics_free(&t);
}

static void test_metrics_malformed(void **state) {
    (void)state;
    metrics_refused("id\tvalue\tunit\n", "m.tsv:1: expected the header 'id<TAB>value<TAB>lo");
    metrics_refused("id\tvalue\thi\tlo\tunit\tdescription\n", "m.tsv:1: expected the header");
    metrics_refused(MHEAD "Bad.Id\t1\t-\t-\tms\tx\n", "m.tsv:2: id 'Bad.Id' is not");
    metrics_refused(MHEAD "a..b\t1\t-\t-\tms\tx\n", "m.tsv:2: id 'a..b' is not");
    metrics_refused(MHEAD "a\tfast\t-\t-\tms\tx\n", "m.tsv:2: value of 'a' is 'fast'; expected a number or NA");
    metrics_refused(MHEAD "a\t-\t-\t-\tms\tx\n", "m.tsv:2: value of 'a' is '-'");
    metrics_refused(MHEAD "a\t5\t1\t-\tms\tx\n", "m.tsv:2: interval '1' to '-' of 'a'");
    metrics_refused(MHEAD "a\t5\t6\t7\tms\tx\n", "m.tsv:2: interval '6' to '7' of 'a' is not two numbers around its value 5");
    metrics_refused(MHEAD "a\tNA\t1\t2\tms\tx\n", "m.tsv:2: interval '1' to '2' of 'a'");
    /* units: one set for every reader (GB/s was accepted by one reader and refused by another) */
    metrics_refused(MHEAD "a\t5\t-\t-\tGB/s\tx\n", "m.tsv:2: unit 'GB/s' of 'a' is not one of the metric units (ms, s,");
    metrics_refused(MHEAD "a\t5\t-\t-\t\tx\n", "m.tsv:2: unit '' of 'a'");
    metrics_refused(MHEAD "a\t5\t-\t-\tfurlongs\tx\n", "unit 'furlongs'");
    /* duplicate ids, named with the first */
    metrics_refused(MHEAD "a\t1\t-\t-\tms\tx\nb\t1\t-\t-\tms\tx\na\t2\t-\t-\tms\tx\n",
                    "metrics.m.tsv:4: id 'a' appears again (first in metrics.m.tsv:2)");
    /* and the table rules of base/tsv.h */
    metrics_refused(MHEAD "a\t1\t-\t-\tms\n", "m.tsv:2: expected 6 tab-separated fields");
    metrics_refused(MHEAD "a\t1\t-\t-\tms\tx", "m.tsv:2: the last line does not end with a newline");
}

static void write_file(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_metrics_files_and_dirs(void **state) {
    (void)state;
    char dir[] = "/tmp/q35_metrics_XXXXXX", p[300], err[1024];
    assert_non_null(mkdtemp(dir));
    snprintf(p, sizeof p, "%s/metrics.a.tsv", dir);
    write_file(p, MHEAD "x.one\t1\t-\t-\tms\tx\n");
    snprintf(p, sizeof p, "%s/metrics.b.tsv", dir);
    write_file(p, MHEAD "x.two\t2\t-\t-\tms\tx\n");
    snprintf(p, sizeof p, "%s/metrics.skip.tsv", dir);
    write_file(p, MHEAD "x.one\t3\t-\t-\tms\tx\n");
    metric_table t;
    /* only the files named are read (a run's COMPLETE list): metrics.b.tsv is not */
    const char *files[] = {"bench.tsv", "metrics.a.tsv", "metrics.skip.tsv", "metrics.b.tsv"};
    assert_int_equal(metrics_read_run(dir, files, 2, NULL, &t, err, sizeof err), 0);
    assert_int_equal(t.n, 1);
    metrics_free(&t);
    /* the skipped file would repeat x.one */
    assert_int_equal(metrics_read_run(dir, files, 4, "metrics.skip.tsv", &t, err, sizeof err), 0);
    assert_int_equal(t.n, 2);
    assert_int_equal(t.n_files, 2);
    metrics_free(&t);
    assert_int_equal(metrics_read_run(dir, files, 4, NULL, &t, err, sizeof err), -1);
    char want[400];
    snprintf(want, sizeof want, "%s/metrics.skip.tsv:2: id 'x.one' appears again (first in metrics.a.tsv:2)", dir);
    assert_string_equal(err, want);
    snprintf(p, sizeof p, "%s/metrics.a.tsv", dir);
    assert_int_equal(metrics_read_file(p, &t, err, sizeof err), 0);
    assert_true(metrics_find(&t, "x.one")->value == 1);
    metrics_free(&t);
    write_file(p, MHEAD "x.one\t1\t-\t-\tms\tx\nx.one\t1\t-\t-\tms\tx\n");
    assert_int_equal(metrics_read_file(p, &t, err, sizeof err), -1);
    snprintf(want, sizeof want, "%s/metrics.a.tsv:3: id 'x.one' appears again", dir);
    assert_non_null(strstr(err, want));
    assert_int_equal(metrics_read_run("/nonexistent", files, 4, NULL, &t, err, sizeof err), -1);
    for (const char *n = "a\0b\0skip\0"; *n; n += strlen(n) + 1) {
        snprintf(p, sizeof p, "%s/metrics.%s.tsv", dir, n);
        unlink(p);
    }
    rmdir(dir);
}

/* The writer's rows read back by the reader: what metrics_add writes is accepted. */
static void test_metrics_writer_round_trip(void **state) {
    (void)state;
    text_buf b = {0};
    metrics_begin(&b);
    metrics_add(&b, "w.exact", 3, "count", "a tab\there and a\nnewline");
    metrics_add(&b, "w.na", NAN, "ms", "not measured");
    metrics_add_ci(&b, "w.ci", 2, 1, 3, "gbps", "measured");
    metrics_add_ci(&b, "w.bad_ci", 2, 3, 4, "gbps", "an interval not around its value is dropped");
    char *text = tb_take(&b), err[256];
    metric_table t;
    assert_int_equal(metrics_text(text, &t, err, sizeof err), 0);
    assert_int_equal(t.n, 4);
    assert_true(metrics_find(&t, "w.na")->na);
    assert_true(metrics_find(&t, "w.ci")->has_ci);
    assert_false(metrics_find(&t, "w.bad_ci")->has_ci);
    assert_string_equal(metrics_find(&t, "w.exact")->description, "a tab here and a newline");
    metrics_free(&t);
    free(text);
    assert_true(metrics_unit_known("tok_s"));
    assert_false(metrics_unit_known("GB/s"));
}

/* ---- harness/bench_tsv.h ------------------------------------------------------------------ */

#define BHEAD "name\tsweep\tkernel\tformat\tshape\tn\tk\tm\tthreads\tstatus\tmedian_ms\tbytes_moved\tops\tcounters"
#define BROW "q/s/M:1/threads:1\tall\tq\tq35\ts\t4\t8\t1\t1\tok\t2\t40\t64\tn/a (no counters)"

static int bench_text(const char *text, bench_table *bt, char *err, size_t len) {
    return bench_tsv_parse(strdup(text), "bench.tsv", bt, err, len);
}

/* One row given in BHEAD's columns must be refused with want. */
static void bench_refused(const char *row, const char *want) {
    char body[1024];
    snprintf(body, sizeof body, "%s\n", row);
    char *text = bench_tsv_text(BHEAD, body), err[600] = "";
    assert_non_null(text);
    bench_table bt;
    if (bench_text(text, &bt, err, sizeof err) == 0) fail_msg("accepted: %s", row);
    if (!strstr(err, want)) fail_msg("'%s' does not contain '%s'", err, want);
    free(text);
}

static void test_bench_round_trip(void **state) {
    (void)state;
    /* the writer's row, read back: every column, in the writer's order */
    bench_row w = {.name = "k/s/M:2/threads:2", .sweep = "all", .kernel = "k", .format = "f32",
                   .shape = "s", .n = 17, .k = 65, .m = 2, .threads = 2, .isa_path = "avx2",
                   .params = "", .status = "ok", .message = NULL, .median_ms = 1.5,
                   .bytes_moved = 100, .ops = 4420, .weight_bytes = NAN, .gbps = 0.25,
                   .counters = "PAPI_TOT_CYC=10;calls=3", .roof_gbps = NAN, .above_roof = 0};
    text_buf b = {0};
    bench_tsv_write_header(&b);
    bench_tsv_write_row(&b, &w);
    char *text = tb_take(&b), err[512];
    bench_table bt;
    assert_int_equal(bench_text(text, &bt, err, sizeof err), 0);
    free(text);
    assert_int_equal(bt.n, 1);
    size_t c = 0;
    for (; bench_tsv_columns[c]; c++) assert_string_equal(bt.tab.header[c], bench_tsv_columns[c]);
    assert_int_equal(bt.tab.n_cols, c);
    const bench_row *r = &bt.rows[0];
    assert_string_equal(r->name, w.name);
    assert_string_equal(r->params, "-"); /* an empty text is written as - */
    assert_string_equal(r->message, "-");
    assert_true(r->n == 17 && r->k == 65 && r->m == 2 && r->threads == 2);
    assert_true(r->median_ms == 1.5 && r->median_s == 1.5e-3);
    assert_true(isnan(r->weight_bytes) && isnan(r->roof_gbps)); /* NA */
    assert_true(r->counts.valid && r->counts.calls == 3);
    assert_true(bt.has_counters_column);
    assert_int_equal(r->line, 2);
    bench_table_free(&bt);
}

static void test_bench_older_runs_and_rows_not_timed(void **state) {
    (void)state;
    char err[512];
    bench_table bt;
    /* a FAILED row has NA times; the noise-era columns may be absent (older runs) */
    char *text = bench_tsv_text(BHEAD, "f/s/M:1/threads:1\tall\tf\tf32\ts\t4\t8\t1\t1\tFAILED\tNA\t40\t64\tn/a (not timed)\n");
    char *cut = strstr(text, "\tmedian_lo_ms"); /* drop the optional columns from the header */
    assert_non_null(cut);
    char older[4096];
    size_t keep_cols = 0;
    for (const char *p = text; p < cut; p++) keep_cols += *p == '\t';
    /* rebuild both lines with the first keep_cols + 1 fields */
    size_t o = 0;
    for (const char *line = text; *line;) {
        size_t f = 0;
        for (; *line && *line != '\n'; line++) {
            if (*line == '\t' && ++f > keep_cols) {
                while (*line && *line != '\n') line++;
                break;
            }
            older[o++] = *line;
        }
        older[o++] = '\n';
        if (*line == '\n') line++;
    }
    older[o] = '\0';
    free(text);
    assert_int_equal(bench_text(older, &bt, err, sizeof err), 0);
    assert_true(isnan(bt.rows[0].median_s) && isnan(bt.rows[0].roof_gbps));
    bench_table_free(&bt);
}

static void test_bench_malformed(void **state) {
    (void)state;
    char err[512];
    bench_table bt;
    /* a required column missing */
    assert_int_equal(bench_text("name\tkernel\nx\ty\n", &bt, err, sizeof err), -1);
    assert_string_equal(err, "bench.tsv:1: missing column 'sweep' (expected bench.tsv from the bench step)");
    /* every rule, on the row's own line */
    bench_refused("q/s\tall\tq\tq35\ts\t4\t8\t1\t1\tok\tfast\t40\t64\tn/a (x)",
                  "bench.tsv:2: column 'median_ms' is 'fast'; expected a number or NA");
    bench_refused("q/s\tall\tq\tq35\ts\t4\t8\t1\t1\tok\tNA\t40\t64\tn/a (x)",
                  "bench.tsv:2: an ok row needs a positive median_ms, got 'NA'");
    bench_refused("q/s\tall\tq\tq35\ts\t0\t8\t1\t1\tok\t2\t40\t64\tn/a (x)",
                  "bench.tsv:2: column 'n' must be a positive whole number");
    bench_refused("q/s\tall\tq\tq35\ts\t4\t8.5\t1\t1\tok\t2\t40\t64\tn/a (x)",
                  "bench.tsv:2: column 'k' must be a positive whole number");
    bench_refused("q/s\tall\tq\tq35\ts\t4\t8\t1\t0\tok\t2\t40\t64\tn/a (x)",
                  "bench.tsv:2: column 'threads' must be a whole number from 1 to 65536");
    bench_refused("q/s\tall\tq\tq35\ts\t4\t8\t1\t1\tfine\t2\t40\t64\tn/a (x)",
                  "bench.tsv:2: column 'status' is 'fine'; expected ok, FAILED, unavailable or error");
    bench_refused("\tall\tq\tq35\ts\t4\t8\t1\t1\tok\t2\t40\t64\tn/a (x)",
                  "bench.tsv:2: column 'name' is empty");
    bench_refused("q/s\tall\tq\tq35\ts\t4\t8\t1\t1\tok\t2\t-40\t64\tn/a (x)",
                  "bench.tsv:2: column 'bytes_moved' must be a non-negative number or NA");
    bench_refused("q/s\tall\tq\tq35\ts\t4\t8\t1\t1\tok\t2\t40\t64\tcycles lots",
                  "bench.tsv:2: column 'counters' must be 'EVENT=count;...;calls=N' or 'n/a (reason)'");
    /* the table rules */
    char *text = bench_tsv_text(BHEAD, BROW "\n");
    text[strlen(text) - 1] = '\0'; /* cut the final newline */
    assert_int_equal(bench_text(text, &bt, err, sizeof err), -1);
    assert_non_null(strstr(err, "bench.tsv:2: the last line does not end with a newline"));
    free(text);
    assert_int_equal(bench_tsv_read("/nonexistent/bench.tsv", &bt, err, sizeof err), -1);
    assert_non_null(strstr(err, "/nonexistent/bench.tsv"));
}

/* steps.tsv's one reader: the table run.sh writes, and each malformed case named by line. */
static void steps_refused(const char *dir, const char *text, const char *want) {
    char p[300], err[1024];
    snprintf(p, sizeof p, "%s/steps.tsv", dir);
    write_file(p, text);
    step_row *rows;
    size_t n;
    assert_int_equal(steps_tsv_read(p, &rows, &n, err, sizeof err), -1);
    assert_null(rows);
    if (!strstr(err, want)) fail_msg("'%s' does not say '%s'", err, want);
}

static void test_steps_table(void **state) {
    (void)state;
    char dir[] = "/tmp/q35_steps_XXXXXX", p[300], err[1024];
    assert_non_null(mkdtemp(dir));
    snprintf(p, sizeof p, "%s/steps.tsv", dir);
    write_file(p, "step\tmode\tstatus\tseconds\nbench\tfull\tok\t423\n"
                  "decode\tfull\texit 137\tNA\n");
    step_row *rows;
    size_t n;
    assert_int_equal(steps_tsv_read(p, &rows, &n, err, sizeof err), 0);
    assert_int_equal(n, 2);
    assert_string_equal(rows[0].step, "bench");
    assert_string_equal(rows[0].mode, "full");
    assert_string_equal(rows[0].status, "ok");
    assert_float_equal(rows[0].seconds, 423, 0);
    assert_string_equal(rows[1].status, "exit 137");
    assert_true(isnan(rows[1].seconds));
    free(rows);
    steps_refused(dir, "step\tmode\tseconds\nbench\tfull\t1\n", "status");
    steps_refused(dir, "step\tmode\tstatus\tseconds\n\tfull\tok\t1\n",
                  "steps.tsv:2: column 'step'");
    steps_refused(dir, "step\tmode\tstatus\tseconds\nbench\tfull\tok\t1\nq\tquick\tok\tfast\n",
                  "steps.tsv:3");
    steps_refused(dir, "step\tmode\tstatus\tseconds\nbench\tfull\tok\t1", "newline");
    steps_refused(dir, "step\tmode\tstatus\tseconds\nbench\tfull\tan overly long status text\t1\n",
                  "column 'status'");
    unlink(p);
    rmdir(dir);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tsv_good_table),
        cmocka_unit_test(test_tsv_malformed),
        cmocka_unit_test(test_tsv_file_errors),
        cmocka_unit_test(test_number_parser),
        cmocka_unit_test(test_metrics_good),
        cmocka_unit_test(test_metrics_malformed),
        cmocka_unit_test(test_metrics_files_and_dirs),
        cmocka_unit_test(test_metrics_writer_round_trip),
        cmocka_unit_test(test_bench_round_trip),
        cmocka_unit_test(test_bench_older_runs_and_rows_not_timed),
        cmocka_unit_test(test_bench_malformed),
        cmocka_unit_test(test_steps_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
