#include "run_data.h"

#include "base/error.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/atomic_file.h"
#include "harness/results.h"
#include "harness/rundir.h"

int text_line_of(const char *text, const char *at) {
    int line = 1;
    for (const char *p = text; p < at && *p; p++) line += *p == '\n';
    return line;
}

static int load_json(const char *path, cJSON **out, char *err, size_t len) {
    char *text = read_whole_file(path, 64u << 20, NULL, err, len);
    if (!text) return -1;
    *out = cJSON_Parse(text);
    if (!*out) {
        const char *at = cJSON_GetErrorPtr();
        snprintf(err, len, "%s:%d: malformed JSON (truncated or corrupt file?)", path,
                 at ? text_line_of(text, at) : 1);
        free(text);
        return -1;
    }
    free(text);
    return 0;
}

static int load_bench(run_data *r, const char *path, char *err, size_t len) {
    if (bench_tsv_read(path, &r->bench_tab, err, len)) return -1;
    r->bench = r->bench_tab.rows;
    r->n_bench = r->bench_tab.n;
    r->has_bench = true;
    return 0;
}

/* bench.compare.tsv: the comparisons and their intervals (harness/compare.h); its columns
 * are the writer's (results_compare_columns). */
static int load_compare(run_data *r, const char *path, char *err, size_t len) {
    tsv_table *t = &r->compare_tab;
    if (tsv_read(path, t, err, len) || tsv_require(t, results_compare_columns, err, len))
        return -1;
    r->compare = calloc(t->n_rows ? t->n_rows : 1, sizeof *r->compare);
    if (!r->compare) return snprintf(err, len, "out of memory"), -1;
    for (size_t i = 0; i < t->n_rows; i++) {
        compare_row *c = &r->compare[i];
        c->id = tsv_cell(t, i, tsv_column(t, "id"));
        c->kind = tsv_cell(t, i, tsv_column(t, "kind"));
        c->a = tsv_cell(t, i, tsv_column(t, "a"));
        c->b = tsv_cell(t, i, tsv_column(t, "b"));
        c->shape = tsv_cell(t, i, tsv_column(t, "shape"));
        struct {
            const char *col;
            double *dst;
        } nums[] = {{"m", &c->m},         {"threads_a", &c->threads_a},
                    {"threads_b", &c->threads_b}, {"ratio", &c->ratio},
                    {"lo", &c->lo},               {"hi", &c->hi},
                    {"coverage", &c->coverage},   {"p_value", &c->p_value}};
        for (size_t k = 0; k < sizeof nums / sizeof nums[0]; k++)
            if (tsv_get_number(t, i, tsv_column(t, nums[k].col), 0, nums[k].dst, err, len))
                return -1;
        if (!(c->lo <= c->ratio && c->ratio <= c->hi)) {
            snprintf(err, len, "%s:%d: interval %g to %g does not contain the ratio %g", path,
                     t->line[i], c->lo, c->hi, c->ratio);
            return -1;
        }
        const char *flags[] = {"distinguishable", "interleaved"};
        bool *dst[] = {&c->distinguishable, &c->interleaved};
        for (int k = 0; k < 2; k++) {
            const char *cell = tsv_cell(t, i, tsv_column(t, flags[k]));
            if (strcmp(cell, "yes") && strcmp(cell, "no")) {
                snprintf(err, len, "%s:%d: column '%s' is '%s'; expected yes or no", path,
                         t->line[i], flags[k], cell);
                return -1;
            }
            *dst[k] = strcmp(cell, "yes") == 0;
        }
    }
    r->n_compare = t->n_rows;
    r->has_compare = true;
    return 0;
}

/* bench.samples.tsv: every kept repetition's time, attached to its bench row. */
static int load_samples(run_data *r, const char *path, char *err, size_t len) {
    tsv_table t;
    static const char *const cols[] = {"name", "real_ms", NULL};
    if (tsv_read(path, &t, err, len)) return -1;
    if (tsv_require(&t, cols, err, len)) {
        tsv_free(&t);
        return -1;
    }
    int name_col = tsv_column(&t, "name"), ms_col = tsv_column(&t, "real_ms");
    r->samples = calloc(t.n_rows ? t.n_rows : 1, sizeof *r->samples);
    r->samples_of = calloc(r->n_bench ? r->n_bench : 1, sizeof *r->samples_of);
    if (!r->samples || !r->samples_of) {
        tsv_free(&t);
        return snprintf(err, len, "out of memory"), -1;
    }
    size_t used = 0;
    for (size_t b = 0; b < r->n_bench; b++) {
        bench_samples *x = &r->samples_of[b];
        x->ms = r->samples + used;
        for (size_t i = 0; i < t.n_rows; i++) {
            if (strcmp(tsv_cell(&t, i, name_col), r->bench[b].name) != 0) continue;
            if (tsv_get_number(&t, i, ms_col, TSV_POSITIVE, &r->samples[used], err, len)) {
                tsv_free(&t);
                return -1;
            }
            used++;
            x->n++;
        }
        if (!x->n) x->ms = NULL;
    }
    tsv_free(&t);
    r->has_samples = true;
    return 0;
}

const placement_row *run_placement(const run_data *r, const bench_row *x) {
    return r->has_placement ? placement_find(&r->placement, x->name) : NULL;
}

host_roofs run_roofs(const run_data *r, const char *stream_kind, double threads) {
    host_roofs h;
    h.stream_gbps = run_metricf(r, "roofline.stream.%s.t%.0f.gbps", stream_kind, threads);
    for (int k = 0; k < PEAK_KINDS; k++)
        h.peak[k] = run_metricf(r, "roofline.peak.%s.t%.0f", peak_metric_name((peak_kind)k), threads);
    h.sgemm_gflops = run_metricf(r, "roofline.sgemm.gflops.t%.0f", threads);
    return h;
}

bench_samples run_samples(const run_data *r, const bench_row *x) {
    if (!r->samples_of || x < r->bench || x >= r->bench + r->n_bench) return (bench_samples){0};
    return r->samples_of[x - r->bench];
}

static int load_hyperfine(run_data *r, const char *dir, const char *name, char *err,
                          size_t len) {
    char path[1400];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    cJSON *doc;
    if (load_json(path, &doc, err, len)) return -1;
    const cJSON *results = cJSON_GetObjectItemCaseSensitive(doc, "results");
    if (!cJSON_IsArray(results)) {
        snprintf(err, len, "%s: expected hyperfine's {\"results\": [...]}", path);
        cJSON_Delete(doc);
        return -1;
    }
    hyperfine_file *grown = realloc(r->hyperfine, (r->n_hyperfine + 1) * sizeof *grown);
    if (!grown) {
        cJSON_Delete(doc);
        return snprintf(err, len, "out of memory"), -1;
    }
    r->hyperfine = grown;
    hyperfine_file *f = &r->hyperfine[r->n_hyperfine++];
    memset(f, 0, sizeof *f);
    snprintf(f->name, sizeof f->name, "%s", name);
    int n = cJSON_GetArraySize(results);
    f->results = calloc(n ? (size_t)n : 1, sizeof *f->results);
    if (!f->results) {
        cJSON_Delete(doc);
        return snprintf(err, len, "out of memory"), -1;
    }
    const cJSON *it;
    cJSON_ArrayForEach(it, results) {
        hyperfine_result *h = &f->results[f->n];
        const cJSON *cmd = cJSON_GetObjectItemCaseSensitive(it, "command");
        const char *keys[] = {"mean", "stddev", "median", "min", "max"};
        double *dst[] = {&h->mean_s, &h->stddev_s, &h->median_s, &h->min_s, &h->max_s};
        if (!cJSON_IsString(cmd)) {
            snprintf(err, len, "%s: result %zu has no command", path, f->n + 1);
            cJSON_Delete(doc);
            return -1;
        }
        snprintf(h->command, sizeof h->command, "%s", cmd->valuestring);
        for (int k = 0; k < 5; k++) {
            const cJSON *v = cJSON_GetObjectItemCaseSensitive(it, keys[k]);
            *dst[k] = cJSON_IsNumber(v) ? v->valuedouble : NAN;
        }
        if (!isfinite(h->mean_s)) {
            snprintf(err, len, "%s: result '%s' has no mean", path, h->command);
            cJSON_Delete(doc);
            return -1;
        }
        const cJSON *times = cJSON_GetObjectItemCaseSensitive(it, "times");
        h->runs = cJSON_IsArray(times) ? cJSON_GetArraySize(times) : 0;
        f->n++;
    }
    cJSON_Delete(doc);
    return 0;
}

static int load_steps(run_data *r, const char *path, char *err, size_t len) {
    return steps_tsv_read(path, &r->steps, &r->n_steps, err, len);
}

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int has_suffix(const char *s, const char *suffix) {
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* The files COMPLETE lists (harness/rundir.h's reader), so that only verified files are
 * read. */
static int list_complete(run_data *r, char *err, size_t len) {
    rundir_manifest m;
    if (rundir_manifest_read(r->path, &m, err, len)) return -1;
    r->files = calloc(m.n, sizeof *r->files);
    for (size_t i = 0; r->files && i < m.n; i++)
        if ((r->files[r->n_files] = strdup(m.files[i].name))) r->n_files++;
    size_t listed = m.n;
    rundir_manifest_free(&m);
    if (!r->files || r->n_files != listed) return snprintf(err, len, "out of memory"), -1;
    qsort(r->files, r->n_files, sizeof *r->files, cmp_str);
    return 0;
}

static bool listed(const run_data *r, const char *name) {
    for (size_t i = 0; i < r->n_files; i++)
        if (strcmp(r->files[i], name) == 0) return true;
    return false;
}

/* The regular files of a run still being written (no COMPLETE yet). */
static int list_dir(run_data *r, char *err, size_t len) {
    DIR *d = opendir(r->path);
    if (!d) return snprintf(err, len, "%s: cannot open: %s", r->path, strerror(errno)), -1;
    size_t cap = 16;
    r->files = malloc(cap * sizeof *r->files);
    struct dirent *e;
    while (r->files && (e = readdir(d))) {
        if (e->d_name[0] == '.' || strstr(e->d_name, ".tmp.") ||
            strcmp(e->d_name, RUNDIR_MARKER) == 0)
            continue;
        if (r->n_files == cap) {
            char **g = realloc(r->files, (cap *= 2) * sizeof *g);
            if (!g) break;
            r->files = g;
        }
        r->files[r->n_files++] = strdup(e->d_name);
    }
    closedir(d);
    if (!r->files) return snprintf(err, len, "out of memory"), -1;
    qsort(r->files, r->n_files, sizeof *r->files, cmp_str);
    return 0;
}

int run_data_load(const char *path, const char *claims, const char *refs, bool allow_unsealed,
                  run_data *r, char *err, size_t len) {
    memset(r, 0, sizeof *r);
    snprintf(r->path, sizeof r->path, "%s", path);
    size_t n = strlen(r->path);
    while (n > 1 && r->path[n - 1] == '/') r->path[--n] = '\0';
    const char *slash = strrchr(r->path, '/');
    snprintf(r->id, sizeof r->id, "%.255s", slash ? slash + 1 : r->path);

    char why[1400];
    rundir_state st = rundir_verify(r->path, why, sizeof why);
    if (st == RUNDIR_MISSING) {
        snprintf(err, len, "%s", why);
        return Q35_ERR_INPUT;
    }
    if (st == RUNDIR_INCOMPLETE && allow_unsealed) {
        if (list_dir(r, err, len)) return Q35_ERR_RUN;
    } else if (st != RUNDIR_COMPLETE) {
        snprintf(err, len, "%s; the report reads complete runs only", why);
        return Q35_ERR_RUN;
    } else if (list_complete(r, err, len)) {
        return Q35_ERR_RUN;
    }

    char file[1400];
    if (listed(r, "machine.json")) {
        snprintf(file, sizeof file, "%s/machine.json", r->path);
        if (load_json(file, &r->machine, err, len)) return Q35_ERR_RUN;
    }
    if (listed(r, "bench.tsv")) {
        snprintf(file, sizeof file, "%s/bench.tsv", r->path);
        if (load_bench(r, file, err, len)) return Q35_ERR_RUN;
    }
    if (r->has_bench && listed(r, "bench.samples.tsv")) {
        snprintf(file, sizeof file, "%s/bench.samples.tsv", r->path);
        if (load_samples(r, file, err, len)) return Q35_ERR_RUN;
    }
    if (listed(r, "bench.compare.tsv")) {
        snprintf(file, sizeof file, "%s/bench.compare.tsv", r->path);
        if (load_compare(r, file, err, len)) return Q35_ERR_RUN;
    }
    if (listed(r, "roofline.placement.tsv")) {
        snprintf(file, sizeof file, "%s/roofline.placement.tsv", r->path);
        if (placement_tsv_read(file, &r->placement, err, len)) return Q35_ERR_RUN;
        r->has_placement = true;
    }
    if (listed(r, "steps.tsv")) {
        snprintf(file, sizeof file, "%s/steps.tsv", r->path);
        if (load_steps(r, file, err, len)) return Q35_ERR_RUN;
    }
    r->has_audit_files = listed(r, "audit.json");
    if (r->has_audit_files) { /* must at least parse */
        cJSON *doc;
        snprintf(file, sizeof file, "%s/audit.json", r->path);
        if (load_json(file, &doc, err, len)) return Q35_ERR_RUN;
        cJSON_Delete(doc);
    }
    for (size_t i = 0; i < r->n_files; i++) {
        const char *f = r->files[i];
        if (strncmp(f, "hyperfine.", 10) == 0 && has_suffix(f, ".json")) {
            if (load_hyperfine(r, r->path, f, err, len)) return Q35_ERR_RUN;
        } else if (strncmp(f, "fig.", 4) == 0 && has_suffix(f, ".png")) {
            char **g = realloc(r->figures, (r->n_figures + 1) * sizeof *g);
            if (!g) return snprintf(err, len, "out of memory"), Q35_ERR_NOMEM;
            r->figures = g;
            r->figures[r->n_figures++] = strdup(f);
        }
    }
    int rc = audit_session_open(&r->audit, r->path, claims, refs, true, err, len);
    if (rc) return rc;
    return 0;
}

void run_data_free(run_data *r) {
    cJSON_Delete(r->machine);
    bench_table_free(&r->bench_tab);
    free(r->samples_of);
    placement_table_free(&r->placement);
    tsv_free(&r->compare_tab);
    free(r->compare);
    free(r->samples);
    audit_session_close(&r->audit);
    for (size_t i = 0; i < r->n_hyperfine; i++) free(r->hyperfine[i].results);
    free(r->hyperfine);
    free(r->steps);
    for (size_t i = 0; i < r->n_figures; i++) free(r->figures[i]);
    free(r->figures);
    for (size_t i = 0; i < r->n_files; i++) free(r->files[i]);
    free(r->files);
    memset(r, 0, sizeof *r);
}

const compare_row *run_compare_find(const run_data *r, const char *kind, const char *a,
                                    const char *b) {
    for (size_t i = 0; i < r->n_compare; i++) {
        const compare_row *c = &r->compare[i];
        if (strcmp(c->kind, kind) == 0 && (!a || strcmp(c->a, a) == 0) &&
            (!b || strcmp(c->b, b) == 0))
            return c;
    }
    return NULL;
}

double run_metric(const run_data *r, const char *id) {
    const metric *m = metrics_find(&r->audit.metrics, id);
    return m && !m->na ? m->value : NAN;
}

double run_metricf(const run_data *r, const char *fmt, ...) {
    char id[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(id, sizeof id, fmt, ap);
    va_end(ap);
    return run_metric(r, id);
}
