#include "bench_tsv.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/tsv.h"

enum { C_NAME, C_KERNEL, C_FORMAT, C_SHAPE, C_N, C_K, C_M, C_THREADS, C_STATUS, C_MEDIAN,
       C_WBYTES, C_BYTES, C_OPS, C_COUNT };
static const char *const needed[C_COUNT] = {
    "name", "kernel", "format", "shape", "n", "k", "m", "threads", "status", "median_ms",
    "weight_bytes", "bytes_moved", "ops"};

void bench_table_free(bench_table *t) {
    free(t->rows);
    memset(t, 0, sizeof *t);
}

static int text_field(const char *v, char *out, size_t cap, const char *path, int line,
                      const char *col, char *err, size_t len) {
    if (strlen(v) >= cap || !*v) {
        snprintf(err, len, "%s:%d: column '%s' must be 1 to %zu characters, got '%.40s'", path,
                 line, col, cap - 1, v);
        return -1;
    }
    memcpy(out, v, strlen(v) + 1);
    return 0;
}

static int count_field(const char *v, size_t *out, const char *path, int line, const char *col,
                       char *err, size_t len) {
    double d;
    int na;
    if (tsv_number(v, &d, &na) || na || d < 0 || d != floor(d) || d > 9.0e15) {
        snprintf(err, len, "%s:%d: column '%s' must be a non-negative integer, got '%.40s'",
                 path, line, col, v);
        return -1;
    }
    *out = (size_t)d;
    return 0;
}

/* A number or NA (NAN); NA is refused when `required`. */
static int num_field(const char *v, double *out, bool required, const char *path, int line,
                     const char *col, char *err, size_t len) {
    int na;
    if (tsv_number(v, out, &na) || (na && required) || (!na && *out < 0)) {
        snprintf(err, len, "%s:%d: column '%s' must be a non-negative number%s, got '%.40s'",
                 path, line, col, required ? "" : " or NA", v);
        return -1;
    }
    return 0;
}

int bench_tsv_read(const char *path, bench_table *out, char *err, size_t len) {
    memset(out, 0, sizeof *out);
    tsv_table t;
    if (tsv_read(path, &t, err, len)) return -1;
    int col[C_COUNT];
    for (int i = 0; i < C_COUNT; i++) {
        col[i] = tsv_column(&t, needed[i]);
        if (col[i] < 0) {
            snprintf(err, len, "%s:1: missing column '%s' (expected bench.tsv from the bench step)",
                     path, needed[i]);
            tsv_free(&t);
            return -1;
        }
    }
    int c_counters = tsv_column(&t, "counters");
    out->has_counters_column = c_counters >= 0;
    out->rows = calloc(t.n_rows ? t.n_rows : 1, sizeof *out->rows);
    if (!out->rows) {
        snprintf(err, len, "%s: out of memory", path);
        tsv_free(&t);
        return -1;
    }
    for (size_t i = 0; i < t.n_rows; i++) {
        char **f = t.rows[i];
        int line = t.line[i];
        bench_row *r = &out->rows[i];
        r->line = line;
        size_t threads;
        double median_ms;
        if (text_field(f[col[C_NAME]], r->name, sizeof r->name, path, line, "name", err, len) ||
            text_field(f[col[C_KERNEL]], r->kernel, sizeof r->kernel, path, line, "kernel", err, len) ||
            text_field(f[col[C_FORMAT]], r->format, sizeof r->format, path, line, "format", err, len) ||
            text_field(f[col[C_SHAPE]], r->shape, sizeof r->shape, path, line, "shape", err, len) ||
            text_field(f[col[C_STATUS]], r->status, sizeof r->status, path, line, "status", err, len) ||
            count_field(f[col[C_N]], &r->n, path, line, "n", err, len) ||
            count_field(f[col[C_K]], &r->k, path, line, "k", err, len) ||
            count_field(f[col[C_M]], &r->m, path, line, "m", err, len) ||
            count_field(f[col[C_THREADS]], &threads, path, line, "threads", err, len))
            goto fail;
        bool ok = bench_row_ok(r);
        if (num_field(f[col[C_MEDIAN]], &median_ms, ok, path, line, "median_ms", err, len) ||
            num_field(f[col[C_WBYTES]], &r->weight_bytes, false, path, line, "weight_bytes", err, len) ||
            num_field(f[col[C_BYTES]], &r->bytes_moved, false, path, line, "bytes_moved", err, len) ||
            num_field(f[col[C_OPS]], &r->ops, false, path, line, "ops", err, len))
            goto fail;
        if (threads < 1 || threads > 65536) {
            snprintf(err, len, "%s:%d: column 'threads' must be from 1 to 65536", path, line);
            goto fail;
        }
        r->threads = (int)threads;
        r->median_s = ok ? median_ms * 1e-3 : NAN;
        if (ok && !(median_ms > 0)) {
            snprintf(err, len, "%s:%d: an ok row needs a positive median_ms", path, line);
            goto fail;
        }
        if (c_counters < 0) {
            snprintf(r->counters.note, sizeof r->counters.note,
                     "bench.tsv has no counters column");
        } else if (counters_parse(f[c_counters], &r->counters)) {
            snprintf(err, len,
                     "%s:%d: column 'counters' must be 'EVENT=count;...;calls=N' or 'n/a (reason)', got '%.60s'",
                     path, line, f[c_counters]);
            goto fail;
        }
        out->n++;
    }
    tsv_free(&t);
    return 0;
fail:
    tsv_free(&t);
    bench_table_free(out);
    return -1;
}
