#include "metrics_read.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics_tsv.h"
#include "tsv.h"

static char *dup_str(const char *s) {
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

int metrics_put(metric_table *t, const char *id, double value, bool na, const char *unit,
                const char *description, const char *file) {
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 256;
        metric *grown = realloc(t->items, cap * sizeof *grown);
        if (!grown) return -1;
        t->items = grown;
        t->cap = cap;
    }
    metric *m = &t->items[t->n];
    memset(m, 0, sizeof *m);
    m->id = dup_str(id);
    m->unit = dup_str(unit);
    m->description = dup_str(description);
    snprintf(m->file, sizeof m->file, "%s", file);
    m->na = na;
    m->value = na ? NAN : value;
    m->lo = m->hi = NAN;
    if (!m->id || !m->unit || !m->description) {
        free(m->id);
        free(m->unit);
        free(m->description);
        return -1;
    }
    t->n++;
    return 0;
}

static const metric_table *sorting;
static int cmp_index(const void *a, const void *b) {
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    int c = strcmp(sorting->items[x].id, sorting->items[y].id);
    return c ? c : (x > y) - (x < y); /* stable: the first one read comes first */
}

int metrics_index(metric_table *t, char *err, size_t len) {
    size_t *idx = realloc(t->by_id, (t->n ? t->n : 1) * sizeof *idx);
    if (!idx) {
        snprintf(err, len, "out of memory");
        return -1;
    }
    t->by_id = idx;
    for (size_t i = 0; i < t->n; i++) idx[i] = i;
    sorting = t;
    if (t->n) qsort(idx, t->n, sizeof *idx, cmp_index);
    t->n_indexed = t->n;
    for (size_t i = 1; i < t->n; i++) {
        const metric *a = &t->items[idx[i - 1]], *b = &t->items[idx[i]];
        if (strcmp(a->id, b->id) == 0) {
            snprintf(err, len, "%s:%d: id '%s' appears again (first in %s:%d)", b->file, b->line,
                     b->id, a->file, a->line);
            return -1;
        }
    }
    return 0;
}

const metric *metrics_find(const metric_table *t, const char *id) {
    if (t->n_indexed != t->n) { /* added to since indexed: search all */
        for (size_t i = 0; i < t->n; i++)
            if (strcmp(t->items[i].id, id) == 0) return &t->items[i];
        return NULL;
    }
    size_t lo = 0, hi = t->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const metric *m = &t->items[t->by_id[mid]];
        int c = strcmp(m->id, id);
        if (c == 0) return m;
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return NULL;
}

const metric *metrics_by_id(const metric_table *t, size_t i) {
    return i < t->n_indexed ? &t->items[t->by_id[i]] : NULL;
}

static const char *const columns[] = {"id", "value", "lo", "hi", "unit", "description"};

int metrics_read_text(metric_table *t, char *text, const char *label, const char *file_name,
                      char *err, size_t len) {
    tsv_table tab;
    if (tsv_parse(text, label, &tab, err, len)) return -1;
    bool header_ok = tab.n_cols == 6;
    for (size_t c = 0; header_ok && c < 6; c++) header_ok = strcmp(tab.header[c], columns[c]) == 0;
    if (!header_ok) {
        snprintf(err, len,
                 "%s:1: expected the header 'id<TAB>value<TAB>lo<TAB>hi<TAB>unit<TAB>description'",
                 label);
        tsv_free(&tab);
        return -1;
    }
    int rc = 0;
    for (size_t r = 0; r < tab.n_rows && rc == 0; r++) {
        char **f = tab.rows[r];
        const char *id = f[0], *v = f[1], *lo_text = f[2], *hi_text = f[3], *unit = f[4];
        int line = tab.line[r];
        double value = NAN, lo = NAN, hi = NAN;
        bool na = strcmp(v, "NA") == 0, lo_missing, hi_missing;
        bool has_ci = strcmp(lo_text, "-") != 0 || strcmp(hi_text, "-") != 0;
        rc = -1;
        if (!metrics_id_valid(id))
            snprintf(err, len, "%s:%d: id '%s' is not dot-separated lower-case tokens of [a-z0-9_-]",
                     label, line, id);
        else if (!na && tsv_number(v, &value, &lo_missing) != 0)
            snprintf(err, len, "%s:%d: value of '%s' is '%s'; expected a number or NA", label,
                     line, id, v);
        else if (!na && lo_missing) /* '-' is no value */
            snprintf(err, len, "%s:%d: value of '%s' is '-'; expected a number or NA", label, line, id);
        else if (has_ci && (na || tsv_number(lo_text, &lo, &lo_missing) || lo_missing ||
                            tsv_number(hi_text, &hi, &hi_missing) || hi_missing ||
                            !(lo <= value) || !(value <= hi)))
            snprintf(err, len,
                     "%s:%d: interval '%s' to '%s' of '%s' is not two numbers around its value %s "
                     "(or '-' '-' for an exact value)",
                     label, line, lo_text, hi_text, id, v);
        else if (!metrics_unit_known(unit)) {
            char units[300];
            metrics_unit_list(units, sizeof units);
            snprintf(err, len, "%s:%d: unit '%s' of '%s' is not one of the metric units (%s)", label,
                     line, unit, id, units);
        }
        else if (metrics_put(t, id, value, na, unit, f[5], file_name))
            snprintf(err, len, "%s: out of memory", label);
        else
            rc = 0;
        if (rc) break;
        metric *added = &t->items[t->n - 1];
        added->line = line;
        added->has_ci = has_ci;
        added->lo = lo;
        added->hi = hi;
    }
    tsv_free(&tab);
    return rc;
}

static int add_file_name(metric_table *t, const char *name) {
    char **grown = realloc(t->files, (t->n_files + 1) * sizeof *grown);
    if (!grown) return -1;
    t->files = grown;
    if (!(t->files[t->n_files] = dup_str(name))) return -1;
    t->n_files++;
    return 0;
}

/* One file by name into t (not indexed). */
static int read_one(metric_table *t, const char *path, const char *name, char *err, size_t len) {
    char *text = tsv_read_text(path, err, len);
    if (!text) return -1;
    if (add_file_name(t, name)) {
        free(text);
        snprintf(err, len, "%s: out of memory", path);
        return -1;
    }
    return metrics_read_text(t, text, path, name, err, len);
}

int metrics_read_file(const char *path, metric_table *t, char *err, size_t len) {
    memset(t, 0, sizeof *t);
    const char *slash = strrchr(path, '/');
    int rc = read_one(t, path, slash ? slash + 1 : path, err, len);
    if (rc == 0 && metrics_index(t, err, len)) {
        char inner[1024]; /* name the file by its path, as every other message does */
        snprintf(inner, sizeof inner, "%s", err);
        snprintf(err, len, "%.*s%s", slash ? (int)(slash - path + 1) : 0, path, inner);
        rc = -1;
    }
    if (rc) metrics_free(t);
    return rc;
}

static int cmp_name(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int metrics_read_run(const char *run_dir, const char *const *files, size_t n_files,
                     const char *skip_file, metric_table *t, char *err, size_t len) {
    memset(t, 0, sizeof *t);
    char **names = calloc(n_files + 1, sizeof *names);
    size_t n = 0;
    int rc = names ? 0 : -1;
    for (size_t i = 0; rc == 0 && i < n_files; i++) {
        const char *f = files[i];
        size_t l = strlen(f);
        if (strncmp(f, "metrics.", 8) != 0 || l < 13 || strcmp(f + l - 4, ".tsv") != 0 ||
            strstr(f, ".tmp.") || strchr(f, '/') || (skip_file && strcmp(f, skip_file) == 0))
            continue;
        if (!(names[n] = dup_str(f))) rc = -1;
        else n++;
    }
    if (rc) snprintf(err, len, "%s: out of memory", run_dir);
    if (n) qsort(names, n, sizeof *names, cmp_name);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        char path[1400];
        snprintf(path, sizeof path, "%s/%s", run_dir, names[i]);
        rc = read_one(t, path, names[i], err, len);
    }
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
    if (rc == 0 && metrics_index(t, err, len)) {
        /* name the run directory with the file: "RUN/metrics.x.tsv:12: ..." */
        char inner[1024];
        snprintf(inner, sizeof inner, "%s", err);
        snprintf(err, len, "%s/%s", run_dir, inner);
        rc = -1;
    }
    if (rc) metrics_free(t);
    return rc;
}

void metrics_free(metric_table *t) {
    for (size_t i = 0; i < t->n; i++) {
        free(t->items[i].id);
        free(t->items[i].unit);
        free(t->items[i].description);
    }
    free(t->items);
    free(t->by_id);
    for (size_t i = 0; i < t->n_files; i++) free(t->files[i]);
    free(t->files);
    memset(t, 0, sizeof *t);
}
