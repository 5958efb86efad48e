#include "rtable.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomic_file.h"

#define TSV_MAX_BYTES (256u << 20)

void rtable_free(rtable *t) {
    free(t->text);
    free(t->cells);
    free(t->lines);
    memset(t, 0, sizeof *t);
}

int rtable_parse(char *text, const char *label, rtable *t, char *err, size_t len) {
    memset(t, 0, sizeof *t);
    snprintf(t->path, sizeof t->path, "%s", label);
    t->text = text;
    size_t n_lines = 0, n_tabs_max = 0, tabs = 0;
    for (char *p = text; *p; p++) {
        if (*p == '\t') tabs++;
        if (*p == '\n') {
            n_lines++;
            if (tabs > n_tabs_max) n_tabs_max = tabs;
            tabs = 0;
        }
    }
    if (tabs > n_tabs_max) n_tabs_max = tabs;
    size_t len_text = strlen(text);
    if (len_text == 0) {
        snprintf(err, len, "%s: empty file; expected a header row", label);
        return -1;
    }
    if (text[len_text - 1] != '\n') {
        snprintf(err, len, "%s:%zu: last line does not end with a newline (truncated file?)",
                 label, n_lines + 1);
        return -1;
    }
    /* header */
    char *line = text, *nl = strchr(line, '\n');
    *nl = '\0';
    if (nl > line && nl[-1] == '\r') nl[-1] = '\0';
    size_t cols = 1;
    for (char *p = line; *p; p++) cols += *p == '\t';
    if (!line[0]) {
        snprintf(err, len, "%s:1: empty header row", label);
        return -1;
    }
    t->n_cols = cols;
    t->cells = malloc(n_lines * cols * sizeof *t->cells);
    t->lines = malloc(n_lines * sizeof *t->lines);
    if (!t->cells || !t->lines) {
        snprintf(err, len, "%s: out of memory", label);
        return -1;
    }
    size_t row = 0;
    int line_no = 1;
    for (;;) {
        /* split `line` into cells of row `row` */
        size_t c = 0;
        char *p = line;
        for (;;) {
            char *tab = strchr(p, '\t');
            if (c == cols) {
                snprintf(err, len, "%s:%d: expected %zu tab-separated fields, got more", label,
                         line_no, cols);
                return -1;
            }
            t->cells[row * cols + c++] = p;
            if (!tab) break;
            *tab = '\0';
            p = tab + 1;
        }
        if (c != cols) {
            snprintf(err, len, "%s:%d: expected %zu tab-separated fields, got %zu", label,
                     line_no, cols, c);
            return -1;
        }
        t->lines[row++] = line_no;
        line = nl + 1;
        if (!*line) break;
        line_no++;
        nl = strchr(line, '\n');
        *nl = '\0';
        if (nl > line && nl[-1] == '\r') nl[-1] = '\0';
        if (!line[0]) {
            snprintf(err, len, "%s:%d: empty line", label, line_no);
            return -1;
        }
    }
    t->n_rows = row - 1;
    for (size_t i = 0; i < cols; i++)
        if (!t->cells[i][0]) {
            snprintf(err, len, "%s:1: empty column name in the header", label);
            return -1;
        }
    (void)n_tabs_max;
    return 0;
}

int rtable_load(const char *path, rtable *t, char *err, size_t len) {
    size_t size;
    memset(t, 0, sizeof *t);
    char *text = read_whole_file(path, TSV_MAX_BYTES, &size, err, len);
    if (!text) return -1;
    if (strlen(text) != size) {
        snprintf(err, len, "%s: contains a NUL byte; expected a text table", path);
        free(text);
        return -1;
    }
    if (rtable_parse(text, path, t, err, len)) {
        rtable_free(t);
        return -1;
    }
    return 0;
}

int rtable_col(const rtable *t, const char *name) {
    for (size_t c = 0; c < t->n_cols; c++)
        if (strcmp(t->cells[c], name) == 0) return (int)c;
    return -1;
}

const char *rtable_cell(const rtable *t, size_t r, int c) {
    if (c < 0 || (size_t)c >= t->n_cols || r >= t->n_rows) return "";
    return t->cells[(r + 1) * t->n_cols + (size_t)c];
}

int rtable_require(const rtable *t, const char *const *names, char *err, size_t len) {
    for (size_t i = 0; names[i]; i++)
        if (rtable_col(t, names[i]) < 0) {
            snprintf(err, len, "%s:1: missing column '%s' in the header", t->path, names[i]);
            return -1;
        }
    return 0;
}
