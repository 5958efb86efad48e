/*
 * roofline.placement.tsv: every bench.tsv row placed on this run's measured roofs
 * (placement.h). Its columns are declared once, in PLACEMENT_TSV_COLUMNS; the roofline step
 * writes it through them and the report reads it through them (placement_tsv_read), so the
 * report shows the roofline step's % of roof and binding roof instead of computing its own.
 */
#ifndef Q35_PLACEMENT_TSV_H
#define Q35_PLACEMENT_TSV_H

#include <stddef.h>

#include "base/text_buf.h"
#include "base/tsv.h"
#include "placement.h"

/* X(column, kind, required, digits): TEXT a string, NUM a double (NA = NAN). In file order. */
#define PLACEMENT_TSV_COLUMNS(X)                                                              \
    X(name, TEXT, 1, 0) X(kernel, TEXT, 1, 0) X(format, TEXT, 1, 0) X(shape, TEXT, 1, 0)        \
    X(n, NUM, 1, 0) X(k, NUM, 1, 0) X(m, NUM, 1, 0) X(threads, NUM, 1, 0) X(status, TEXT, 1, 0) \
    X(weight_bytes, NUM, 1, 6) X(bytes_moved, NUM, 1, 6) X(ops, NUM, 1, 6)                      \
    X(ai_ops_per_byte, NUM, 1, 6) X(median_ms, NUM, 1, 6) X(gbps, NUM, 1, 6) X(gops, NUM, 1, 6) \
    X(roof_threads, NUM, 1, 0) X(level, TEXT, 1, 0) X(bw_roof_gbps, NUM, 1, 6)                  \
    X(compute_roof, TEXT, 1, 0) X(compute_roof_gops, NUM, 1, 6) X(attainable_gops, NUM, 1, 6)   \
    X(pct_bw_roof, NUM, 1, 6) X(pct_compute_roof, NUM, 1, 6) X(pct_attainable, NUM, 1, 6)       \
    X(binds, TEXT, 1, 0) X(ipc, NUM, 1, 6) X(bytes_per_miss, NUM, 1, 6) X(counters, TEXT, 1, 0)  \
    X(note, TEXT, 1, 0)

#define PLACEMENT_TSV_FIELD_TEXT const char *
#define PLACEMENT_TSV_FIELD_NUM double
#define PLACEMENT_TSV_FIELD(col, kind, required, digits) PLACEMENT_TSV_FIELD_##kind col;

/* One row; the field names are the column names. */
typedef struct placement_row {
    PLACEMENT_TSV_COLUMNS(PLACEMENT_TSV_FIELD)
} placement_row;

typedef struct placement_table {
    placement_row *rows;
    size_t n;
    tsv_table tab; /* the text the rows point into */
} placement_table;

/* The file for a bench table and its placements (ps->rows[i] places ps->bench->rows[i]). */
char *placement_tsv(const placement_set *ps);

/* Reads it back; 0, or -1 with "path:line: ..." in err. */
int placement_tsv_read(const char *path, placement_table *out, char *err, size_t len);
void placement_table_free(placement_table *t);
/* The row placing the bench case `name`, or NULL. */
const placement_row *placement_find(const placement_table *t, const char *name);

#endif
