/*
 * Reading the flat evidence files metrics.<step>.tsv (format and writing:
 * base/metrics_tsv.h).
 */
#ifndef Q35_METRICS_H
#define Q35_METRICS_H

#include <stdbool.h>
#include <stddef.h>

#include "metrics_tsv.h"

typedef struct metric_row {
    const char *id, *unit, *description; /* into the table's text */
    double value;                        /* NAN when NA */
    double lo, hi;                       /* confidence interval; NAN when exact */
    bool na;
    int line;
} metric_row;

typedef struct metrics_table {
    metric_row *rows;
    size_t n;
    void *tsv; /* the underlying tsv_table */
} metrics_table;

/* Reads a metrics file; -1 with "file:line: ..." in err for anything malformed. */
int metrics_read(const char *path, metrics_table *out, char *err, size_t len);
const metric_row *metrics_find(const metrics_table *t, const char *id);
void metrics_free(metrics_table *t);

#endif
