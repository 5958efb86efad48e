#include "steps_tsv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/tsv.h"

/* Copies cell (row, col) into dst; -1 with file:line when it is empty (where required) or
 * too long. */
static int text_cell(const tsv_table *t, size_t row, const char *col, char *dst, size_t size,
                     int required, char *err, size_t len) {
    const char *v = tsv_cell(t, row, tsv_column(t, col));
    if ((required && !*v) || strlen(v) >= size)
        return snprintf(err, len, "%s:%d: column '%s': expected %s of at most %zu characters",
                        t->label, t->line[row], col, required ? "a non-empty name" : "a name",
                        size - 1),
               -1;
    memcpy(dst, v, strlen(v) + 1);
    return 0;
}

int steps_tsv_read(const char *path, step_row **rows, size_t *n, char *err, size_t len) {
    static const char *const cols[] = {"step", "mode", "status", "seconds", NULL};
    *rows = NULL;
    *n = 0;
    tsv_table t;
    if (tsv_read(path, &t, err, len)) return -1;
    if (tsv_require(&t, cols, err, len)) {
        tsv_free(&t);
        return -1;
    }
    step_row *v = calloc(t.n_rows ? t.n_rows : 1, sizeof *v);
    int rc = v ? 0 : (snprintf(err, len, "out of memory"), -1);
    for (size_t i = 0; rc == 0 && i < t.n_rows; i++) {
        step_row *s = &v[i];
        rc = text_cell(&t, i, "step", s->step, sizeof s->step, 1, err, len) ||
                     text_cell(&t, i, "mode", s->mode, sizeof s->mode, 0, err, len) ||
                     text_cell(&t, i, "status", s->status, sizeof s->status, 1, err, len) ||
                     tsv_get_number(&t, i, tsv_column(&t, "seconds"), TSV_MISSING_OK,
                                    &s->seconds, err, len)
                 ? -1
                 : 0;
    }
    if (rc == 0) {
        *rows = v;
        *n = t.n_rows;
    } else {
        free(v);
    }
    tsv_free(&t);
    return rc;
}
