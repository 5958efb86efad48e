#include "metrics.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/atomic_file.h"
#include "base/metrics_tsv.h"
#include "base/rtable.h"

static const char *const known_units[] = {
    "ms", "s", "us", "pct", "x", "gbps", "gops", "gflops", "gib", "gb", "mb", "mib", "kb", "bytes",
    "bpw", "bits", "tok_s", "w", "count", "bool", "db", "tops", "tbps", "date", "ratio", NULL};

bool mtab_unit_known(const char *unit) {
    for (int i = 0; known_units[i]; i++)
        if (strcmp(unit, known_units[i]) == 0) return true;
    return false;
}

static char *dup_str(const char *s) {
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

int mtab_add(metric_table *t, const char *id, double value, bool na, const char *unit,
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
    if (!m->id || !m->unit || !m->description) {
        free(m->id);
        free(m->unit);
        free(m->description);
        return -1;
    }
    t->n++;
    return 0;
}

static int cmp_metric(const void *a, const void *b) {
    return strcmp(((const metric *)a)->id, ((const metric *)b)->id);
}

void mtab_sort(metric_table *t) {
    if (t->n) qsort(t->items, t->n, sizeof *t->items, cmp_metric);
}

const metric *mtab_find(const metric_table *t, const char *id) {
    size_t lo = 0, hi = t->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(t->items[mid].id, id);
        if (c == 0) return &t->items[mid];
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return NULL;
}

int mtab_add_text(metric_table *t, char *text, const char *label, const char *file_name,
                     char *err, size_t len) {
    rtable tab;
    if (rtable_parse(text, label, &tab, err, len)) {
        rtable_free(&tab);
        return -1;
    }
    static const char *const cols[] = {"id", "value", "lo", "hi", "unit", "description", NULL};
    int rc = 0;
    if (tab.n_cols != 6 || rtable_require(&tab, cols, err, len) || rtable_col(&tab, "id") != 0 ||
        rtable_col(&tab, "value") != 1 || rtable_col(&tab, "lo") != 2 ||
        rtable_col(&tab, "hi") != 3 || rtable_col(&tab, "unit") != 4) {
        snprintf(err, len,
                 "%s:1: expected the header 'id<TAB>value<TAB>lo<TAB>hi<TAB>unit<TAB>description'",
                 label);
        rtable_free(&tab);
        return -1;
    }
    for (size_t r = 0; r < tab.n_rows && rc == 0; r++) {
        const char *id = rtable_cell(&tab, r, 0), *v = rtable_cell(&tab, r, 1),
                   *lo_text = rtable_cell(&tab, r, 2), *hi_text = rtable_cell(&tab, r, 3),
                   *unit = rtable_cell(&tab, r, 4), *desc = rtable_cell(&tab, r, 5);
        int line = tab.lines[r + 1];
        if (!metrics_id_valid(id)) {
            snprintf(err, len, "%s:%d: id '%s' is not dot-separated lower-case tokens [a-z0-9_-]",
                     label, line, id);
            rc = -1;
            break;
        }
        bool na = strcmp(v, "NA") == 0;
        double value = 0;
        if (!na) {
            char *end;
            errno = 0;
            value = strtod(v, &end);
            if (end == v || *end || errno == ERANGE || !isfinite(value)) {
                snprintf(err, len, "%s:%d: value of '%s' is '%s'; expected a number or NA",
                         label, line, id, v);
                rc = -1;
                break;
            }
        }
        if (!unit[0] || strspn(unit, "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(unit)) {
            snprintf(err, len, "%s:%d: unit '%s' of '%s' is not a lower-case unit name such as ms or gbps",
                     label, line, unit, id);
            rc = -1;
            break;
        }
        bool has_ci = strcmp(lo_text, "-") != 0 || strcmp(hi_text, "-") != 0;
        double lo = NAN, hi = NAN;
        if (has_ci) {
            char *end_lo, *end_hi;
            errno = 0;
            lo = strtod(lo_text, &end_lo);
            hi = strtod(hi_text, &end_hi);
            if (na || end_lo == lo_text || *end_lo || end_hi == hi_text || *end_hi ||
                errno == ERANGE || !isfinite(lo) || !isfinite(hi) || !(lo <= value) ||
                !(value <= hi)) {
                snprintf(err, len,
                         "%s:%d: interval '%s' to '%s' of '%s' is not two numbers around its "
                         "value %s (or '-' '-' for an exact value)",
                         label, line, lo_text, hi_text, id, v);
                rc = -1;
                break;
            }
        }
        if (mtab_add(t, id, value, na, unit, desc, file_name)) {
            snprintf(err, len, "%s: out of memory", label);
            rc = -1;
            break;
        }
        metric *added = &t->items[t->n - 1];
        added->line = line;
        added->has_ci = has_ci;
        added->lo = lo;
        added->hi = hi;
    }
    rtable_free(&tab);
    return rc;
}

static int cmp_name(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int mtab_load_dir(const char *run_dir, const char *skip_file, metric_table *t, char *err,
                     size_t len) {
    memset(t, 0, sizeof *t);
    DIR *d = opendir(run_dir);
    if (!d) {
        snprintf(err, len, "%s: cannot open run directory: %s", run_dir, strerror(errno));
        return -1;
    }
    struct dirent *e;
    size_t cap = 0;
    while ((e = readdir(d))) {
        const char *n = e->d_name;
        size_t l = strlen(n);
        if (strncmp(n, "metrics.", 8) != 0 || l < 13 || strcmp(n + l - 4, ".tsv") != 0 ||
            strstr(n, ".tmp."))
            continue;
        if (skip_file && strcmp(n, skip_file) == 0) continue;
        if (t->n_files == cap) {
            cap = cap ? cap * 2 : 8;
            char **grown = realloc(t->files, cap * sizeof *grown);
            if (!grown) break;
            t->files = grown;
        }
        t->files[t->n_files++] = dup_str(n);
    }
    closedir(d);
    if (t->n_files) qsort(t->files, t->n_files, sizeof *t->files, cmp_name);
    for (size_t i = 0; i < t->n_files; i++) {
        char path[1400];
        snprintf(path, sizeof path, "%s/%s", run_dir, t->files[i]);
        char *text = read_whole_file(path, 64u << 20, NULL, err, len);
        if (!text) return -1;
        if (mtab_add_text(t, text, path, t->files[i], err, len)) return -1;
    }
    mtab_sort(t);
    for (size_t i = 1; i < t->n; i++)
        if (strcmp(t->items[i].id, t->items[i - 1].id) == 0) {
            snprintf(err, len, "%s/%s:%d: id '%s' appears again (first in %s:%d)", run_dir,
                     t->items[i].file, t->items[i].line, t->items[i].id, t->items[i - 1].file,
                     t->items[i - 1].line);
            return -1;
        }
    return 0;
}

void mtab_free(metric_table *t) {
    for (size_t i = 0; i < t->n; i++) {
        free(t->items[i].id);
        free(t->items[i].unit);
        free(t->items[i].description);
    }
    free(t->items);
    for (size_t i = 0; i < t->n_files; i++) free(t->files[i]);
    free(t->files);
    memset(t, 0, sizeof *t);
}
