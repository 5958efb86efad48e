#include "tsv.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomic_file.h"
#include "number.h"

#define TSV_MAX_BYTES (256u << 20)

void tsv_free(tsv_table *t) {
    if (t->rows)
        for (size_t i = 0; i < t->n_rows; i++) free(t->rows[i]);
    free(t->rows);
    free(t->line);
    free(t->header);
    free(t->text);
    memset(t, 0, sizeof *t);
}

static int fail(tsv_table *t, char *err, size_t len, int line, const char *what) {
    if (line > 0) snprintf(err, len, "%s:%d: %s", t->label, line, what);
    else snprintf(err, len, "%s: %s", t->label, what);
    tsv_free(t);
    return -1;
}

/* Splits one line in place at tabs into a new array; *n receives the field count. */
static char **split(char *line, size_t *n) {
    size_t count = 1;
    for (char *p = line; *p; p++) count += *p == '\t';
    char **cells = malloc(count * sizeof *cells);
    if (!cells) return NULL;
    size_t i = 0;
    char *p = line;
    for (;;) {
        cells[i++] = p;
        char *tab = strchr(p, '\t');
        if (!tab) break;
        *tab = '\0';
        p = tab + 1;
    }
    *n = count;
    return cells;
}

typedef struct named_column {
    const char *name;
    size_t index;
} named_column;

static int cmp_named_column(const void *a, const void *b) {
    const named_column *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : (x->index > y->index) - (x->index < y->index);
}

/* 1 with the first repeated name's two columns (by sorting: n log n, not n^2 in a wide
 * header), 0 when all differ, -1 when out of memory. */
static int duplicate_name(char **names, size_t n, size_t *first, size_t *second) {
    named_column *v = malloc((n + 1) * sizeof *v);
    if (!v) return -1;
    for (size_t i = 0; i < n; i++) v[i] = (named_column){names[i], i};
    qsort(v, n, sizeof *v, cmp_named_column);
    int found = 0;
    for (size_t i = 1; i < n; i++)
        if (strcmp(v[i].name, v[i - 1].name) == 0 && (!found || v[i].index < *second)) {
            *first = v[i - 1].index;
            *second = v[i].index;
            found = 1;
        }
    free(v);
    return found;
}

int tsv_parse(char *text, const char *label, tsv_table *t, char *err, size_t len) {
    memset(t, 0, sizeof *t);
    snprintf(t->label, sizeof t->label, "%s", label);
    t->text = text;
    char what[320];
    size_t size = strlen(text), lines = 0;
    if (size == 0) return fail(t, err, len, 1, "empty file; expected a header row");
    for (char *p = text; *p; p++) lines += *p == '\n';
    if (text[size - 1] != '\n')
        return fail(t, err, len, (int)lines + 1,
                    "the last line does not end with a newline (a truncated file?)");
    t->rows = calloc(lines, sizeof *t->rows);
    t->line = calloc(lines, sizeof *t->line);
    if (!t->rows || !t->line) return fail(t, err, len, 0, "out of memory");
    char *p = text;
    for (int line = 1; *p; line++) {
        char *nl = strchr(p, '\n');
        *nl = '\0';
        if (strchr(p, '\r'))
            return fail(t, err, len, line,
                        "carriage return in the line; expected Unix line ends (\\n)");
        if (!*p)
            return fail(t, err, len, line,
                        t->header ? "empty line; expected a row of tab-separated fields"
                                  : "empty line; expected the header row");
        size_t nf;
        char **cells = split(p, &nf);
        if (!cells) return fail(t, err, len, 0, "out of memory");
        if (!t->header) {
            t->header = cells;
            t->n_cols = nf;
            for (size_t c = 0; c < nf; c++)
                if (!cells[c][0]) {
                    snprintf(what, sizeof what, "column %zu of the header has an empty name", c + 1);
                    return fail(t, err, len, line, what);
                }
            size_t first, second;
            int dup = duplicate_name(cells, nf, &first, &second);
            if (dup < 0) return fail(t, err, len, 0, "out of memory");
            if (dup) {
                snprintf(what, sizeof what,
                         "column '%.100s' appears twice in the header (columns %zu and %zu)",
                         cells[second], first + 1, second + 1);
                return fail(t, err, len, line, what);
            }
        } else if (nf != t->n_cols) {
            free(cells);
            snprintf(what, sizeof what, "expected %zu tab-separated fields (as the header), got %zu",
                     t->n_cols, nf);
            return fail(t, err, len, line, what);
        } else {
            t->line[t->n_rows] = line;
            t->rows[t->n_rows++] = cells;
        }
        p = nl + 1;
    }
    return 0;
}

char *tsv_read_text(const char *path, char *err, size_t len) {
    size_t size;
    char *text = read_whole_file(path, TSV_MAX_BYTES, &size, err, len);
    if (text && strlen(text) != size) {
        snprintf(err, len, "%s: contains a NUL byte; expected a text table", path);
        free(text);
        return NULL;
    }
    return text;
}

int tsv_read(const char *path, tsv_table *t, char *err, size_t len) {
    memset(t, 0, sizeof *t);
    char *text = tsv_read_text(path, err, len);
    return text ? tsv_parse(text, path, t, err, len) : -1;
}

int tsv_column(const tsv_table *t, const char *name) {
    for (size_t i = 0; i < t->n_cols; i++)
        if (strcmp(t->header[i], name) == 0) return (int)i;
    return -1;
}

int tsv_require(const tsv_table *t, const char *const *names, char *err, size_t len) {
    for (size_t i = 0; names[i]; i++)
        if (tsv_column(t, names[i]) < 0) {
            snprintf(err, len, "%s:1: missing column '%s' in the header", t->label, names[i]);
            return -1;
        }
    return 0;
}

const char *tsv_cell(const tsv_table *t, size_t r, int c) {
    if (c < 0 || (size_t)c >= t->n_cols || r >= t->n_rows) return "";
    return t->rows[r][c];
}

int tsv_number(const char *field, double *out, bool *missing) {
    *missing = strcmp(field, "NA") == 0 || strcmp(field, "-") == 0;
    if (*missing) {
        *out = NAN;
        return 0;
    }
    return number_parse(field, out);
}

int tsv_get_number(const tsv_table *t, size_t r, int c, unsigned flags, double *out, char *err,
                   size_t len) {
    if (c < 0) { /* an optional column this file does not have */
        *out = NAN;
        if (flags & TSV_MISSING_OK) return 0;
        snprintf(err, len, "%s:1: a required column is missing in the header", t->label);
        return -1;
    }
    const char *field = tsv_cell(t, r, c);
    bool missing;
    int bad = tsv_number(field, out, &missing);
    if (!bad && missing) bad = !(flags & TSV_MISSING_OK);
    if (!bad && !missing)
        bad = ((flags & TSV_NONNEGATIVE) && *out < 0) || ((flags & TSV_POSITIVE) && !(*out > 0)) ||
              ((flags & TSV_INTEGER) && *out != floor(*out));
    if (!bad) return 0;
    snprintf(err, len, "%s:%d: column '%s' is '%.60s'; expected a%s%s number%s", t->label,
             t->line[r], t->header[c], field,
             flags & TSV_POSITIVE ? " positive" : flags & TSV_NONNEGATIVE ? " non-negative" : "",
             flags & TSV_INTEGER ? " whole" : "", flags & TSV_MISSING_OK ? " or NA" : "");
    return -1;
}

void tsv_write_header_of(text_buf *b, const tsv_field *fields, size_t n) {
    for (size_t i = 0; i < n; i++) tb_printf(b, "%s%s", i ? "\t" : "", fields[i].name);
    tb_printf(b, "\n");
}

void tsv_write_record(text_buf *b, const tsv_field *fields, size_t n, const void *record) {
    for (size_t i = 0; i < n; i++) {
        const void *field = (const char *)record + fields[i].offset;
        if (i) tb_printf(b, "\t");
        if (fields[i].kind == TSV_FIELD_TEXT) {
            const char *s = *(const char *const *)field;
            tb_field(b, s && *s ? s : "-");
        } else {
            double v = *(const double *)field;
            if (isfinite(v)) tb_printf(b, "%.*g", fields[i].digits ? fields[i].digits : 15, v);
            else tb_printf(b, "NA");
        }
    }
    tb_printf(b, "\n");
}

int tsv_read_records(const tsv_table *t, const tsv_field *fields, size_t n, void *records,
                     size_t rec_size, char *err, size_t len) {
    for (size_t c = 0; c < n; c++)
        if (fields[c].required && tsv_column(t, fields[c].name) < 0) {
            snprintf(err, len, "%s:1: missing column '%s' in the header", t->label, fields[c].name);
            return -1;
        }
    for (size_t r = 0; r < t->n_rows; r++) {
        char *record = (char *)records + r * rec_size;
        for (size_t c = 0; c < n; c++) {
            int col = tsv_column(t, fields[c].name);
            void *field = record + fields[c].offset;
            if (fields[c].kind == TSV_FIELD_TEXT)
                *(const char **)field = col >= 0 ? t->rows[r][col] : NULL;
            else if (tsv_get_number(t, r, col, TSV_MISSING_OK, field, err, len))
                return -1;
        }
    }
    return 0;
}
