/*
 * Tab-separated tables as the steps write them: a header row of column names, then rows
 * with exactly as many fields. Reading checks that and reports "path:line: what was
 * expected" for anything else (a truncated or corrupt results file).
 */
#ifndef Q35_REPORT_TSV_H
#define Q35_REPORT_TSV_H

#include <stddef.h>

typedef struct rtable {
    char path[1024];
    char *text;      /* the file, split in place */
    char **cells;    /* n_rows x n_cols, row-major; row 0 is the header */
    int *lines;      /* file line of each row */
    size_t n_rows;   /* data rows (the header is not counted) */
    size_t n_cols;
} rtable;

/* Reads path; returns 0, or -1 with "path[:line]: reason" in err. */
int rtable_load(const char *path, rtable *t, char *err, size_t len);
/* Parses text (taken over by the table, freed by rtable_free); label names it in errors. */
int rtable_parse(char *text, const char *label, rtable *t, char *err, size_t len);
void rtable_free(rtable *t);

/* Column index of a header name, or -1. */
int rtable_col(const rtable *t, const char *name);
/* Cell of data row r (0-based) in column c. */
const char *rtable_cell(const rtable *t, size_t r, int c);
/* Requires the named columns; returns 0 or -1 with the first missing one in err. */
int rtable_require(const rtable *t, const char *const *names, char *err, size_t len);

#endif
