#include "run_data.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/atomic_file.h"
#include "harness/rundir.h"

int text_line_of(const char *text, const char *at) {
    int line = 1;
    for (const char *p = text; p < at && *p; p++) line += *p == '\n';
    return line;
}

static int parse_number(const char *s, double *out) {
    if (strcmp(s, "NA") == 0 || strcmp(s, "-") == 0) {
        *out = NAN;
        return 0;
    }
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end || errno == ERANGE) return -1;
    *out = v;
    return 0;
}

/* A numeric column of a table and where its value goes. */
typedef struct num_col {
    const char *col;
    double *dst;
} num_col;

/* Parses the numeric cells of data row `row`; an absent optional column reads as NA.
 * Returns 0, or -1 with "path:line: column C is 'x'; expected ..." in err. */
static int read_numbers(const rtable *t, size_t row, const num_col *cols, size_t n,
                        bool optional, bool finite, char *err, size_t len) {
    for (size_t k = 0; k < n; k++) {
        int c = rtable_col(t, cols[k].col);
        const char *cell = c >= 0 || !optional ? rtable_cell(t, row, c) : "NA";
        if (parse_number(cell, cols[k].dst) || (finite && !isfinite(*cols[k].dst))) {
            snprintf(err, len, "%s:%d: column %s is '%s'; expected a number%s", t->path,
                     t->lines[row + 1], cols[k].col, cell, finite ? "" : " or NA");
            return -1;
        }
    }
    return 0;
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
    if (rtable_load(path, &r->bench_tab, err, len)) return -1;
    static const char *const cols[] = {
        "name",     "sweep",     "kernel",  "format",  "shape",      "n",           "k",
        "m",        "threads",   "isa_path", "params", "status",     "message",     "repetitions",
        "median_ms", "min_ms",   "p10_ms",  "p90_ms",  "stddev_ms",  "cv",          "weight_bytes",
        "bits_per_weight", "bytes_moved", "ops", "gbps", "weight_gbps", "gops", "format_nrmse",
        NULL};
    if (rtable_require(&r->bench_tab, cols, err, len)) return -1;
    const rtable *t = &r->bench_tab;
    r->bench = calloc(t->n_rows ? t->n_rows : 1, sizeof *r->bench);
    if (!r->bench) return snprintf(err, len, "out of memory"), -1;
    for (size_t i = 0; i < t->n_rows; i++) {
        bench_row *b = &r->bench[i];
        b->name = rtable_cell(t, i, rtable_col(t, "name"));
        b->sweep = rtable_cell(t, i, rtable_col(t, "sweep"));
        b->kernel = rtable_cell(t, i, rtable_col(t, "kernel"));
        b->format = rtable_cell(t, i, rtable_col(t, "format"));
        b->shape = rtable_cell(t, i, rtable_col(t, "shape"));
        b->isa = rtable_cell(t, i, rtable_col(t, "isa_path"));
        b->params = rtable_cell(t, i, rtable_col(t, "params"));
        b->status = rtable_cell(t, i, rtable_col(t, "status"));
        b->message = rtable_cell(t, i, rtable_col(t, "message"));
        const num_col nums[] = {{"n", &b->n},
                                {"k", &b->k},
                                {"m", &b->m},
                                {"threads", &b->threads},
                                {"repetitions", &b->repetitions},
                                {"median_ms", &b->median_ms},
                                {"min_ms", &b->min_ms},
                                {"p10_ms", &b->p10_ms},
                                {"p90_ms", &b->p90_ms},
                                {"stddev_ms", &b->stddev_ms},
                                {"cv", &b->cv},
                                {"weight_bytes", &b->weight_bytes},
                                {"bits_per_weight", &b->bpw},
                                {"bytes_moved", &b->bytes_moved},
                                {"ops", &b->ops},
                                {"gbps", &b->gbps},
                                {"weight_gbps", &b->weight_gbps},
                                {"gops", &b->gops},
                                {"format_nrmse", &b->format_nrmse}};
        /* from the noise-aware bench; absent in runs made before it */
        const num_col optional[] = {
            {"median_lo_ms", &b->median_lo_ms}, {"median_hi_ms", &b->median_hi_ms},
            {"attempts", &b->attempts},         {"first_cv", &b->first_cv},
            {"noisy", &b->noisy},               {"load_avg", &b->load_avg},
            {"steal_pct", &b->steal_pct},       {"other_cpu_pct", &b->other_cpu_pct},
            {"roof_gbps", &b->roof_gbps},       {"roof_lo_gbps", &b->roof_lo_gbps},
            {"roof_hi_gbps", &b->roof_hi_gbps}, {"above_roof", &b->above_roof}};
        if (read_numbers(t, i, nums, sizeof nums / sizeof nums[0], false, false, err, len) ||
            read_numbers(t, i, optional, sizeof optional / sizeof optional[0], true, false, err,
                         len))
            return -1;
        if (!(b->n >= 1 && b->k >= 1 && b->m >= 1 && b->threads >= 1)) {
            snprintf(err, len, "%s:%d: n, k, m and threads must be positive", path,
                     t->lines[i + 1]);
            return -1;
        }
    }
    r->n_bench = t->n_rows;
    r->has_bench = true;
    return 0;
}

/* bench.compare.tsv: the comparisons and their intervals (harness/compare.h). */
static int load_compare(run_data *r, const char *path, char *err, size_t len) {
    rtable *t = &r->compare_tab;
    if (rtable_load(path, t, err, len)) return -1;
    static const char *const cols[] = {"id", "kind", "a", "b", "shape", "m", "threads_a",
                                       "threads_b", "ratio", "lo", "hi", "coverage",
                                       "p_value", "distinguishable", "interleaved", NULL};
    if (rtable_require(t, cols, err, len)) return -1;
    r->compare = calloc(t->n_rows ? t->n_rows : 1, sizeof *r->compare);
    if (!r->compare) return snprintf(err, len, "out of memory"), -1;
    for (size_t i = 0; i < t->n_rows; i++) {
        compare_row *c = &r->compare[i];
        c->id = rtable_cell(t, i, rtable_col(t, "id"));
        c->kind = rtable_cell(t, i, rtable_col(t, "kind"));
        c->a = rtable_cell(t, i, rtable_col(t, "a"));
        c->b = rtable_cell(t, i, rtable_col(t, "b"));
        c->shape = rtable_cell(t, i, rtable_col(t, "shape"));
        const num_col nums[] = {{"m", &c->m},         {"threads_a", &c->threads_a},
                                {"threads_b", &c->threads_b}, {"ratio", &c->ratio},
                                {"lo", &c->lo},               {"hi", &c->hi},
                                {"coverage", &c->coverage},   {"p_value", &c->p_value}};
        if (read_numbers(t, i, nums, sizeof nums / sizeof nums[0], false, true, err, len))
            return -1;
        if (!(c->lo <= c->ratio && c->ratio <= c->hi)) {
            snprintf(err, len, "%s:%d: interval %g to %g does not contain the ratio %g", path,
                     t->lines[i + 1], c->lo, c->hi, c->ratio);
            return -1;
        }
        const char *flags[] = {"distinguishable", "interleaved"};
        bool *dst[] = {&c->distinguishable, &c->interleaved};
        for (int k = 0; k < 2; k++) {
            const char *cell = rtable_cell(t, i, rtable_col(t, flags[k]));
            if (strcmp(cell, "yes") && strcmp(cell, "no")) {
                snprintf(err, len, "%s:%d: column %s is '%s'; expected yes or no", path,
                         t->lines[i + 1], flags[k], cell);
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
    rtable t;
    if (rtable_load(path, &t, err, len)) return -1;
    static const char *const cols[] = {"name", "real_ms", NULL};
    if (rtable_require(&t, cols, err, len)) {
        rtable_free(&t);
        return -1;
    }
    int name_col = rtable_col(&t, "name"), ms_col = rtable_col(&t, "real_ms");
    r->samples = calloc(t.n_rows ? t.n_rows : 1, sizeof *r->samples);
    if (!r->samples) {
        rtable_free(&t);
        return snprintf(err, len, "out of memory"), -1;
    }
    size_t used = 0;
    for (size_t b = 0; b < r->n_bench; b++) {
        bench_row *x = &r->bench[b];
        x->samples_ms = r->samples + used;
        for (size_t i = 0; i < t.n_rows; i++) {
            if (strcmp(rtable_cell(&t, i, name_col), x->name) != 0) continue;
            double v;
            const char *cell = rtable_cell(&t, i, ms_col);
            if (parse_number(cell, &v) || !(v > 0)) {
                snprintf(err, len, "%s:%d: real_ms is '%s'; expected a positive number", path,
                         t.lines[i + 1], cell);
                rtable_free(&t);
                return -1;
            }
            r->samples[used++] = v;
            x->n_samples++;
        }
        if (!x->n_samples) x->samples_ms = NULL;
    }
    rtable_free(&t);
    r->has_samples = true;
    return 0;
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
    rtable t;
    if (rtable_load(path, &t, err, len)) return -1;
    static const char *const cols[] = {"step", "mode", "status", "seconds", NULL};
    if (rtable_require(&t, cols, err, len)) {
        rtable_free(&t);
        return -1;
    }
    r->steps = calloc(t.n_rows ? t.n_rows : 1, sizeof *r->steps);
    for (size_t i = 0; r->steps && i < t.n_rows; i++) {
        step_time *s = &r->steps[i];
        snprintf(s->step, sizeof s->step, "%s", rtable_cell(&t, i, rtable_col(&t, "step")));
        snprintf(s->mode, sizeof s->mode, "%s", rtable_cell(&t, i, rtable_col(&t, "mode")));
        snprintf(s->status, sizeof s->status, "%s", rtable_cell(&t, i, rtable_col(&t, "status")));
        if (parse_number(rtable_cell(&t, i, rtable_col(&t, "seconds")), &s->seconds)) {
            snprintf(err, len, "%s:%d: seconds is not a number", path, t.lines[i + 1]);
            rtable_free(&t);
            return -1;
        }
        r->n_steps++;
    }
    rtable_free(&t);
    return 0;
}

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int has_suffix(const char *s, const char *suffix) {
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* The files COMPLETE lists, so that only verified files are read. */
static int list_complete(run_data *r, char *err, size_t len) {
    char path[1100];
    snprintf(path, sizeof path, "%s/%s", r->path, RUNDIR_MARKER);
    char *text = read_whole_file(path, 1u << 20, NULL, err, len);
    if (!text) return -1;
    size_t cap = 16;
    r->files = malloc(cap * sizeof *r->files);
    for (char *line = strtok(text, "\n"); line && r->files; line = strtok(NULL, "\n")) {
        if (line[0] == '#') continue;
        char *tab = strchr(line, '\t');
        if (tab) *tab = '\0';
        if (r->n_files == cap) {
            char **g = realloc(r->files, (cap *= 2) * sizeof *g);
            if (!g) break;
            r->files = g;
        }
        r->files[r->n_files++] = strdup(line);
    }
    free(text);
    if (!r->files) return snprintf(err, len, "out of memory"), -1;
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
        return 2;
    }
    if (st == RUNDIR_INCOMPLETE && allow_unsealed) {
        if (list_dir(r, err, len)) return 1;
    } else if (st != RUNDIR_COMPLETE) {
        snprintf(err, len, "%s; the report reads complete runs only", why);
        return 1;
    } else if (list_complete(r, err, len)) {
        return 1;
    }

    char file[1400];
    if (listed(r, "machine.json")) {
        snprintf(file, sizeof file, "%s/machine.json", r->path);
        if (load_json(file, &r->machine, err, len)) return 1;
    }
    if (listed(r, "bench.tsv")) {
        snprintf(file, sizeof file, "%s/bench.tsv", r->path);
        if (load_bench(r, file, err, len)) return 1;
    }
    if (r->has_bench && listed(r, "bench.samples.tsv")) {
        snprintf(file, sizeof file, "%s/bench.samples.tsv", r->path);
        if (load_samples(r, file, err, len)) return 1;
    }
    if (listed(r, "bench.compare.tsv")) {
        snprintf(file, sizeof file, "%s/bench.compare.tsv", r->path);
        if (load_compare(r, file, err, len)) return 1;
    }
    if (listed(r, "steps.tsv")) {
        snprintf(file, sizeof file, "%s/steps.tsv", r->path);
        if (load_steps(r, file, err, len)) return 1;
    }
    r->has_audit_files = listed(r, "audit.json");
    if (r->has_audit_files) { /* must at least parse */
        cJSON *doc;
        snprintf(file, sizeof file, "%s/audit.json", r->path);
        if (load_json(file, &doc, err, len)) return 1;
        cJSON_Delete(doc);
    }
    for (size_t i = 0; i < r->n_files; i++) {
        const char *f = r->files[i];
        if (strncmp(f, "hyperfine.", 10) == 0 && has_suffix(f, ".json")) {
            if (load_hyperfine(r, r->path, f, err, len)) return 1;
        } else if (strncmp(f, "fig.", 4) == 0 && has_suffix(f, ".png")) {
            char **g = realloc(r->figures, (r->n_figures + 1) * sizeof *g);
            if (!g) return snprintf(err, len, "out of memory"), 1;
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
    rtable_free(&r->bench_tab);
    free(r->bench);
    rtable_free(&r->compare_tab);
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
    const metric *m = mtab_find(&r->audit.metrics, id);
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
