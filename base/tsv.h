/*
 * The one reader of tab-separated tables with a header row, the form of every *.tsv file a
 * step writes (bench.tsv, metrics.*.tsv, roofline.placement.tsv, fleet.tasks.tsv ...).
 * Writing is done with base/text_buf.h (tb_field keeps tabs and newlines out of a field).
 *
 * The rules, the same for every file (a file that breaks one was truncated or altered, or
 * is not what the step wrote); each error names "file:line: what was expected":
 *   - text only: no NUL byte; Unix line ends: a carriage return is an error;
 *   - the last line ends with a newline (a file cut short mid-line is refused);
 *   - no empty file and no empty line;
 *   - a header row of non-empty, distinct column names;
 *   - every row has exactly as many tab-separated fields as the header (fields may be empty).
 * Numbers (tsv_number): one finite decimal number (base/number.h), or `NA` (not available,
 * e.g. a case that was not timed) or `-` (not applicable, e.g. an exact value's interval),
 * both read as missing; whether missing is allowed is the caller's rule.
 */
#ifndef Q35_TSV_H
#define Q35_TSV_H

#include <stdbool.h>
#include <stddef.h>

#include "text_buf.h"

typedef struct tsv_table {
    char label[512]; /* the path, for messages */
    char *text;      /* the file, split in place */
    char **header;
    size_t n_cols;
    char ***rows; /* rows[i][j], field j of data row i */
    int *line;    /* file line of each data row */
    size_t n_rows;
} tsv_table;

/* Parses text (taken over: freed by tsv_free, also on failure) with `label` for messages.
 * Returns 0, or -1 with "label:line: what was expected" in err. */
int tsv_parse(char *text, const char *label, tsv_table *t, char *err, size_t len);
/* Reads and parses a file (at most 256 MiB); -1 with "path: reason" when unreadable. */
int tsv_read(const char *path, tsv_table *t, char *err, size_t len);
/* The file's text for tsv_parse (at most 256 MiB, no NUL byte); NULL with the reason. */
char *tsv_read_text(const char *path, char *err, size_t len);
void tsv_free(tsv_table *t);

/* Column index of `name`, or -1. */
int tsv_column(const tsv_table *t, const char *name);
/* Requires the NULL-terminated names; 0, or -1 with "label:1: missing column 'x'" in err. */
int tsv_require(const tsv_table *t, const char *const *names, char *err, size_t len);
/* Field of data row r in column c; "" when c is -1 (an optional column that is absent). */
const char *tsv_cell(const tsv_table *t, size_t r, int c);

/* A number field: 0 with *out set (NAN and *missing = true for NA or -), or -1 for
 * anything else. */
int tsv_number(const char *field, double *out, bool *missing);

/* What tsv_get_number accepts beyond a finite number. */
enum {
    TSV_MISSING_OK = 1,  /* NA or - (read as NAN) */
    TSV_NONNEGATIVE = 2, /* >= 0 */
    TSV_POSITIVE = 4,    /* > 0 */
    TSV_INTEGER = 8,     /* a whole number */
};
/* Field of row r in column c as a number under `flags`; an absent column (c = -1) reads as
 * missing. Returns 0, or -1 with "label:line: column 'name' is 'x'; expected ..." in err. */
int tsv_get_number(const tsv_table *t, size_t r, int c, unsigned flags, double *out, char *err,
                   size_t len);

/* Records: a file whose columns are declared once, in a table of tsv_field, so that its
 * writer and its one reader go through the same list (bench.tsv, roofline.placement.tsv).
 * A TEXT field is a const char * (NULL or "" written as "-"; read pointing into the
 * table); a NUM field a double (non-finite written as NA; read as a number, NA or -). */
typedef enum { TSV_FIELD_TEXT, TSV_FIELD_NUM } tsv_field_kind;
typedef struct tsv_field {
    const char *name;
    tsv_field_kind kind;
    bool required; /* the reader refuses a header without it; else NULL / NAN when absent */
    size_t offset; /* in the record */
    int digits;    /* NUM: significant digits written (0: 15) */
} tsv_field;

void tsv_write_header_of(text_buf *b, const tsv_field *fields, size_t n);
/* One row. */
void tsv_write_record(text_buf *b, const tsv_field *fields, size_t n, const void *record);
/* Fills one record (rec_size bytes apart in records) per row of t. Returns 0, or -1 with
 * "label:1: missing column 'x'" or "label:line: column 'x' is ..." in err. */
int tsv_read_records(const tsv_table *t, const tsv_field *fields, size_t n, void *records,
                     size_t rec_size, char *err, size_t len);

#endif
