/*
 * Reading the bench step's bench.tsv (columns: harness/results.c results_tsv_columns),
 * for the placement and the calibration. Columns are found by name; the ones needed here
 * must exist, numbers must be numbers (NA where the row was not timed). Every error names
 * file:line.
 */
#ifndef Q35_BENCH_TSV_H
#define Q35_BENCH_TSV_H

#include <stdbool.h>
#include <stddef.h>

#include "counters.h"

typedef struct bench_row {
    char name[256], kernel[64], format[32], shape[64], status[16];
    size_t n, k, m;
    int threads;
    double median_s;     /* NAN unless ok */
    double weight_bytes; /* the kernel's cost model */
    double bytes_moved;  /* per call */
    double ops;          /* per call */
    counter_values counters; /* from the optional 'counters' column */
    int line;
} bench_row;

typedef struct bench_table {
    bench_row *rows;
    size_t n;
    bool has_counters_column;
} bench_table;

/* Returns 0, or -1 with "path:line: ..." in err. */
int bench_tsv_read(const char *path, bench_table *out, char *err, size_t len);
void bench_table_free(bench_table *t);

static inline bool bench_row_ok(const bench_row *r) { return r->status[0] == 'o' && r->status[1] == 'k' && !r->status[2]; }

#endif
