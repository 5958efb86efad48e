#include "tsv.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomic_file.h"

void tsv_free(tsv_table *t) {
    if (t->rows)
        for (size_t i = 0; i < t->n_rows; i++) free(t->rows[i]);
    free(t->rows);
    free(t->line);
    free(t->header);
    free(t->text);
    memset(t, 0, sizeof *t);
}

/* Splits one line in place at tabs; returns the number of fields (cells may be NULL to
 * count only). */
static size_t split(char *line, char **cells, size_t max) {
    size_t n = 0;
    char *p = line;
    for (;;) {
        char *tab = strchr(p, '\t');
        if (cells && n < max) cells[n] = p;
        n++;
        if (!tab) break;
        if (cells) *tab = '\0';
        p = tab + 1;
    }
    return n;
}

int tsv_parse(char *text, const char *label, tsv_table *t, char *err, size_t len) {
    memset(t, 0, sizeof *t);
    snprintf(t->label, sizeof t->label, "%s", label);
    t->text = text;
    size_t lines = 1;
    for (char *p = text; *p; p++) lines += *p == '\n';
    t->rows = calloc(lines, sizeof *t->rows);
    t->line = calloc(lines, sizeof *t->line);
    if (!t->rows || !t->line) {
        snprintf(err, len, "%s: out of memory", label);
        tsv_free(t);
        return -1;
    }
    char *p = text;
    int line = 0;
    while (*p) {
        line++;
        char *nl = strchr(p, '\n');
        if (nl) *nl = '\0';
        char *next = nl ? nl + 1 : p + strlen(p);
        if (strchr(p, '\r')) {
            snprintf(err, len, "%s:%d: carriage return in a line; expected Unix line ends", label, line);
            tsv_free(t);
            return -1;
        }
        if (!*p && !nl) break;
        if (!*p) {
            snprintf(err, len, "%s:%d: empty line; expected %s", label, line,
                     t->header ? "a row of tab-separated fields" : "the header row");
            tsv_free(t);
            return -1;
        }
        size_t nf = split(p, NULL, 0);
        char **cells = calloc(nf, sizeof *cells);
        if (!cells) {
            snprintf(err, len, "%s: out of memory", label);
            tsv_free(t);
            return -1;
        }
        split(p, cells, nf);
        if (!t->header) {
            t->header = cells;
            t->n_cols = nf;
        } else if (nf != t->n_cols) {
            snprintf(err, len, "%s:%d: %zu tab-separated fields; the header has %zu", label,
                     line, nf, t->n_cols);
            free(cells);
            tsv_free(t);
            return -1;
        } else {
            t->line[t->n_rows] = line;
            t->rows[t->n_rows++] = cells;
        }
        p = next;
    }
    if (!t->header) {
        snprintf(err, len, "%s:1: empty file; expected a header row", label);
        tsv_free(t);
        return -1;
    }
    return 0;
}

int tsv_read(const char *path, tsv_table *t, char *err, size_t len) {
    memset(t, 0, sizeof *t);
    size_t size;
    char *text = read_whole_file(path, 256u << 20, &size, err, len);
    if (!text) return -1;
    if (strlen(text) != size) {
        snprintf(err, len, "%s: contains a NUL byte; expected a text table", path);
        free(text);
        return -1;
    }
    return tsv_parse(text, path, t, err, len);
}

int tsv_column(const tsv_table *t, const char *name) {
    for (size_t i = 0; i < t->n_cols; i++)
        if (strcmp(t->header[i], name) == 0) return (int)i;
    return -1;
}

int tsv_number(const char *field, double *out, int *na) {
    *na = 0;
    if (strcmp(field, "NA") == 0) {
        *na = 1;
        *out = NAN;
        return 0;
    }
    errno = 0;
    char *end;
    double v = strtod(field, &end);
    if (end == field || *end || errno == ERANGE || !isfinite(v)) return -1;
    *out = v;
    return 0;
}
