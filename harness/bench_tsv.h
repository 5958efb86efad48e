/*
 * bench.tsv, the bench step's one row per case: its columns are declared once, in
 * BENCH_TSV_COLUMNS below, and both the writer (harness/results.c fills a bench_row per
 * case and bench_tsv_write_row prints it) and the one reader (bench_tsv_read, used by the
 * roofline placement, the projection's calibration and the report) go through that list,
 * so a column added to the writer is read everywhere.
 *
 * Reading applies base/tsv.h's rules and then: the columns marked required must be in the
 * header (the ones marked optional came with the noise-aware bench and are NA in older
 * runs); name, kernel, format, shape and status are non-empty and status is ok, FAILED,
 * unavailable or error; n, k, m are positive whole numbers and threads one from 1 to 65536;
 * an ok row has a positive median_ms; every other number is a number or NA (the writer's
 * NA for a case that was not timed), bytes and operations not negative; counters is
 * 'EVENT=count;...;calls=N' or 'n/a (reason)'. Errors name file:line and the column.
 */
#ifndef Q35_BENCH_TSV_H
#define Q35_BENCH_TSV_H

#include <stdbool.h>
#include <stddef.h>

#include "base/text_buf.h"
#include "base/tsv.h"
#include "counters.h"

/* X(column, kind, required): kind TEXT is a string, NUM a double (NA = NAN). In file order. */
#define BENCH_TSV_COLUMNS(X)                                                                  \
    X(name, TEXT, 1) X(sweep, TEXT, 1) X(kernel, TEXT, 1) X(format, TEXT, 1) X(shape, TEXT, 1)  \
    X(n, NUM, 1) X(k, NUM, 1) X(m, NUM, 1) X(threads, NUM, 1) X(isa_path, TEXT, 1)              \
    X(params, TEXT, 1) X(status, TEXT, 1) X(message, TEXT, 1) X(repetitions, NUM, 1)            \
    X(iterations, NUM, 1) X(median_ms, NUM, 1) X(mean_ms, NUM, 1) X(min_ms, NUM, 1)             \
    X(p10_ms, NUM, 1) X(p90_ms, NUM, 1) X(stddev_ms, NUM, 1) X(cv, NUM, 1)                      \
    X(cpu_median_ms, NUM, 1) X(weight_bytes, NUM, 1) X(bits_per_weight, NUM, 1)                 \
    X(bytes_moved, NUM, 1) X(ops, NUM, 1) X(gbps, NUM, 1) X(weight_gbps, NUM, 1)                \
    X(gops, NUM, 1) X(gate_max_error, NUM, 1) X(gate_bound, NUM, 1) X(gate_nrmse, NUM, 1)       \
    X(format_nrmse, NUM, 1) X(gate_channels_checked, NUM, 1) X(pack_s, NUM, 1)                  \
    X(counters, TEXT, 0) X(median_lo_ms, NUM, 0) X(median_hi_ms, NUM, 0)                        \
    X(median_coverage, NUM, 0) X(block, NUM, 0) X(attempts, NUM, 0) X(kept_attempt, NUM, 0)     \
    X(first_cv, NUM, 0) X(noisy, NUM, 0) X(load_avg, NUM, 0) X(steal_pct, NUM, 0)               \
    X(other_cpu_pct, NUM, 0) X(roof_gbps, NUM, 0) X(roof_lo_gbps, NUM, 0)                       \
    X(roof_hi_gbps, NUM, 0) X(above_roof, NUM, 0) X(reps_cut_short, NUM, 0)

#define BENCH_TSV_FIELD_TEXT const char *
#define BENCH_TSV_FIELD_NUM double
#define BENCH_TSV_FIELD(col, kind, required) BENCH_TSV_FIELD_##kind col;

/* One row; the field names are the column names. */
typedef struct bench_row {
    BENCH_TSV_COLUMNS(BENCH_TSV_FIELD)
    /* derived on reading: */
    double median_s;          /* median_ms in seconds; NAN unless status is ok */
    counter_values counts;    /* the counters column parsed (note says why when absent) */
    int line;                 /* its line in the file */
} bench_row;

typedef struct bench_table {
    bench_row *rows;
    size_t n;
    bool has_counters_column;
    tsv_table tab; /* the text the rows point into */
} bench_table;

/* The column names in order, NULL-terminated (for tests and readers of other files). */
extern const char *const bench_tsv_columns[];

/* Writing: the header row, then one row (a TEXT field that is NULL or empty is written as
 * "-"; a non-finite NUM as NA). */
void bench_tsv_write_header(text_buf *b);
void bench_tsv_write_row(text_buf *b, const bench_row *r);

/* Returns 0, or -1 with "path:line: ..." in err. */
int bench_tsv_read(const char *path, bench_table *out, char *err, size_t len);
/* The same from text (taken over); label names it in errors. */
int bench_tsv_parse(char *text, const char *label, bench_table *out, char *err, size_t len);
void bench_table_free(bench_table *t);

static inline bool bench_row_ok(const bench_row *r) {
    return r->status && r->status[0] == 'o' && r->status[1] == 'k' && !r->status[2];
}

#endif
