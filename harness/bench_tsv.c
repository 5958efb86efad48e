#include "bench_tsv.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COLUMN_ENTRY(col, kind, required) \
    {#col, TSV_FIELD_##kind, required, offsetof(bench_row, col), 0},
static const tsv_field columns[] = {BENCH_TSV_COLUMNS(COLUMN_ENTRY)};
#define N_COLUMNS (sizeof columns / sizeof columns[0])

#define COLUMN_NAME(col, kind, required) #col,
const char *const bench_tsv_columns[] = {BENCH_TSV_COLUMNS(COLUMN_NAME) NULL};

void bench_tsv_write_header(text_buf *b) { tsv_write_header_of(b, columns, N_COLUMNS); }

void bench_tsv_write_row(text_buf *b, const bench_row *r) {
    tsv_write_record(b, columns, N_COLUMNS, r);
}

void bench_table_free(bench_table *t) {
    free(t->rows);
    tsv_free(&t->tab);
    memset(t, 0, sizeof *t);
}

static const char *const statuses[] = {"ok", "FAILED", "unavailable", "error", NULL};

/* The checks of one row beyond numbers being numbers; 0 or -1 with err. */
static int check_row(const tsv_table *t, size_t i, bench_row *r, char *err, size_t len) {
    const char *label = t->label;
    int line = t->line[i];
    const char *texts[] = {r->name, r->kernel, r->format, r->shape, r->status};
    const char *names[] = {"name", "kernel", "format", "shape", "status"};
    for (int k = 0; k < 5; k++)
        if (!texts[k][0]) {
            snprintf(err, len, "%s:%d: column '%s' is empty", label, line, names[k]);
            return -1;
        }
    bool known = false;
    for (int s = 0; statuses[s]; s++) known |= strcmp(r->status, statuses[s]) == 0;
    if (!known) {
        snprintf(err, len, "%s:%d: column 'status' is '%.40s'; expected ok, FAILED, unavailable or error",
                 label, line, r->status);
        return -1;
    }
    const double dims[] = {r->n, r->k, r->m};
    for (int d = 0; d < 3; d++)
        if (!(dims[d] >= 1 && dims[d] == floor(dims[d]) && dims[d] < 9.0e15)) {
            snprintf(err, len, "%s:%d: column '%s' must be a positive whole number", label, line,
                     (const char *[]){"n", "k", "m"}[d]);
            return -1;
        }
    if (!(r->threads >= 1 && r->threads <= 65536 && r->threads == floor(r->threads))) {
        snprintf(err, len, "%s:%d: column 'threads' must be a whole number from 1 to 65536", label, line);
        return -1;
    }
    const double counts[] = {r->weight_bytes, r->bytes_moved, r->ops};
    for (int c = 0; c < 3; c++)
        if (counts[c] < 0) {
            snprintf(err, len, "%s:%d: column '%s' must be a non-negative number or NA", label, line,
                     (const char *[]){"weight_bytes", "bytes_moved", "ops"}[c]);
            return -1;
        }
    bool ok = bench_row_ok(r);
    if (ok && !(r->median_ms > 0)) {
        snprintf(err, len, "%s:%d: an ok row needs a positive median_ms, got '%.40s'", label, line,
                 tsv_cell(t, i, tsv_column(t, "median_ms")));
        return -1;
    }
    r->median_s = ok ? r->median_ms * 1e-3 : NAN;
    if (!r->counters) {
        snprintf(r->counts.note, sizeof r->counts.note, "bench.tsv has no counters column");
    } else if (counters_parse(r->counters, &r->counts)) {
        snprintf(err, len,
                 "%s:%d: column 'counters' must be 'EVENT=count;...;calls=N' or 'n/a (reason)', got '%.60s'",
                 label, line, r->counters);
        return -1;
    }
    return 0;
}

int bench_tsv_parse(char *text, const char *label, bench_table *out, char *err, size_t len) {
    memset(out, 0, sizeof *out);
    if (tsv_parse(text, label, &out->tab, err, len)) return -1;
    const tsv_table *t = &out->tab;
    for (size_t c = 0; c < N_COLUMNS; c++)
        if (columns[c].required && tsv_column(t, columns[c].name) < 0) {
            snprintf(err, len, "%s:1: missing column '%s' (expected bench.tsv from the bench step)",
                     label, columns[c].name);
            bench_table_free(out);
            return -1;
        }
    out->has_counters_column = tsv_column(t, "counters") >= 0;
    out->rows = calloc(t->n_rows ? t->n_rows : 1, sizeof *out->rows);
    if (!out->rows) {
        snprintf(err, len, "%s: out of memory", label);
        bench_table_free(out);
        return -1;
    }
    if (tsv_read_records(t, columns, N_COLUMNS, out->rows, sizeof *out->rows, err, len)) {
        bench_table_free(out);
        return -1;
    }
    for (size_t i = 0; i < t->n_rows; i++) {
        bench_row *r = &out->rows[i];
        r->line = t->line[i];
        if (check_row(t, i, r, err, len)) {
            bench_table_free(out);
            return -1;
        }
        out->n++;
    }
    return 0;
}

int bench_tsv_read(const char *path, bench_table *out, char *err, size_t len) {
    memset(out, 0, sizeof *out);
    char *text = tsv_read_text(path, err, len);
    return text ? bench_tsv_parse(text, path, out, err, len) : -1;
}
