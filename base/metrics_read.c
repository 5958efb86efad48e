#include "metrics_read.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tsv.h"

void metrics_free(metrics_table *t) {
    if (t->tsv) {
        tsv_free(t->tsv);
        free(t->tsv);
    }
    free(t->rows);
    memset(t, 0, sizeof *t);
}

int metrics_read(const char *path, metrics_table *out, char *err, size_t len) {
    memset(out, 0, sizeof *out);
    tsv_table *t = calloc(1, sizeof *t);
    if (!t) {
        snprintf(err, len, "%s: out of memory", path);
        return -1;
    }
    if (tsv_read(path, t, err, len)) {
        free(t);
        return -1;
    }
    out->tsv = t;
    const char *want[] = {"id", "value", "lo", "hi", "unit", "description"};
    for (int i = 0; i < 6; i++)
        if ((size_t)i >= t->n_cols || strcmp(t->header[i], want[i]) != 0) {
            snprintf(err, len, "%s:1: expected the header 'id value lo hi unit description' (tab-separated)", path);
            metrics_free(out);
            return -1;
        }
    out->rows = calloc(t->n_rows ? t->n_rows : 1, sizeof *out->rows);
    if (!out->rows) {
        snprintf(err, len, "%s: out of memory", path);
        metrics_free(out);
        return -1;
    }
    for (size_t i = 0; i < t->n_rows; i++) {
        metric_row *r = &out->rows[i];
        r->id = t->rows[i][0];
        r->unit = t->rows[i][4];
        r->description = t->rows[i][5];
        r->line = t->line[i];
        int na;
        if (!metrics_id_valid(r->id)) {
            snprintf(err, len, "%s:%d: id '%s' is not dot-separated lower-case tokens of [a-z0-9_-]",
                     path, r->line, r->id);
            metrics_free(out);
            return -1;
        }
        if (tsv_number(t->rows[i][1], &r->value, &na)) {
            snprintf(err, len, "%s:%d: value '%s' of %s is neither a number nor NA", path,
                     r->line, t->rows[i][1], r->id);
            metrics_free(out);
            return -1;
        }
        r->na = na;
        r->lo = r->hi = NAN;
        if (strcmp(t->rows[i][2], "-") != 0 || strcmp(t->rows[i][3], "-") != 0) {
            int lo_na, hi_na;
            if (na || tsv_number(t->rows[i][2], &r->lo, &lo_na) || lo_na ||
                tsv_number(t->rows[i][3], &r->hi, &hi_na) || hi_na || !(r->lo <= r->value) ||
                !(r->value <= r->hi)) {
                snprintf(err, len, "%s:%d: interval '%s' to '%s' of %s is not two numbers "
                         "around its value (or '-' '-' for an exact value)",
                         path, r->line, t->rows[i][2], t->rows[i][3], r->id);
                metrics_free(out);
                return -1;
            }
        }
        out->n++;
    }
    return 0;
}

const metric_row *metrics_find(const metrics_table *t, const char *id) {
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->rows[i].id, id) == 0) return &t->rows[i];
    return NULL;
}
