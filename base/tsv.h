/*
 * Reading tab-separated tables with a header row (bench.tsv, metrics.*.tsv). Every row
 * must have as many fields as the header; errors name "file:line". Writing is done with
 * base/text_buf.h.
 */
#ifndef Q35_TSV_H
#define Q35_TSV_H

#include <stddef.h>

typedef struct tsv_table {
    char label[512]; /* the path, for messages */
    char *text;      /* the file, split in place */
    char **header;
    size_t n_cols;
    char ***rows; /* rows[i][j], field j of data row i */
    int *line;    /* line number of each data row */
    size_t n_rows;
} tsv_table;

/* Parses text (taken over: freed by tsv_free) with `label` for messages. Returns 0, or -1
 * with "label:line: what was expected" in err. */
int tsv_parse(char *text, const char *label, tsv_table *t, char *err, size_t len);
/* Reads and parses a file (at most 256 MiB); -1 with "path: reason" when unreadable. */
int tsv_read(const char *path, tsv_table *t, char *err, size_t len);
void tsv_free(tsv_table *t);

/* Column index of `name`, or -1. */
int tsv_column(const tsv_table *t, const char *name);

/* Strict number parsing of one field: "NA" gives *na = 1; returns -1 for anything that
 * is neither a finite number nor NA. */
int tsv_number(const char *field, double *out, int *na);

#endif
