#include "plotdata.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/engine.h"
#include "base/atomic_file.h"
#include "base/text_buf.h"
#include "base/tsv.h"

static int put(const char *dir, const char *name, text_buf *b, char *err, size_t len) {
    char *text = tb_take(b);
    if (!text) return snprintf(err, len, "out of memory"), -1;
    char path[1400];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    int rc = atomic_write(path, text, strlen(text), err, len);
    free(text);
    return rc;
}

static double max_threads(const run_data *r) {
    double t = 0;
    for (size_t i = 0; i < r->n_bench; i++)
        if (strcmp(r->bench[i].status, "ok") == 0 && r->bench[i].threads > t)
            t = r->bench[i].threads;
    return t;
}

/* Distinct kernels (in order of appearance) of ok rows matching shape (NULL: any) and
 * threads, as a space-separated list. */
static void kernel_list(const run_data *r, const char *shape, double threads, double m,
                        text_buf *out) {
    char seen[4096] = " ";
    for (size_t i = 0; i < r->n_bench; i++) {
        const bench_row *x = &r->bench[i];
        if (strcmp(x->status, "ok") != 0 || x->threads != threads) continue;
        if (shape && strcmp(x->shape, shape) != 0) continue;
        if (m > 0 && x->m != m) continue;
        char key[80];
        snprintf(key, sizeof key, " %s ", x->kernel);
        if (strstr(seen, key)) continue;
        if (strlen(seen) + strlen(key) < sizeof seen) strcat(seen, x->kernel), strcat(seen, " ");
        tb_printf(out, "%s%s", out->len ? " " : "", x->kernel);
    }
}

static void roofline_tables(const run_data *r, const report_config *rc, double t,
                            text_buf *points, text_buf *roofs) {
    /* the points as the roofline step placed them (a run without placement: each case's
     * cost model, bytes and operations per call, and its GOP/s from bench.tsv) */
    tb_printf(points, "kernel\tformat\tshape\tm\tthreads\tai_op_per_byte\tgops\n");
    for (size_t i = 0; i < r->n_bench; i++) {
        const bench_row *x = &r->bench[i];
        const placement_row *p = run_placement(r, x);
        double ai = p ? p->ai_ops_per_byte : x->bytes_moved > 0 ? x->ops / x->bytes_moved : NAN;
        double gops = p ? p->gops : x->gops;
        if (strcmp(x->status, "ok") != 0 || x->threads != t || !isfinite(ai) || !isfinite(gops))
            continue;
        tb_printf(points, "%s\t%s\t%s\t%.0f\t%.0f\t%.6g\t%.6g\n", x->kernel, x->format, x->shape,
                  x->m, x->threads, ai, gops);
    }
    tb_printf(roofs, "threads\tmemory_gbps\tfp32_gflops\tint8_gops\n");
    host_roofs h = run_roofs(r, rc->memory_roof, t);
    double bw = h.stream_gbps, fp = h.peak[PEAK_FP32], i8 = h.peak[PEAK_INT8];
    if (isfinite(bw) && (isfinite(fp) || isfinite(i8)))
        tb_printf(roofs, "%.0f\t%.6g\t%.6g\t%.6g\n", t, bw, isfinite(fp) ? fp : NAN,
                  isfinite(i8) ? i8 : NAN);
}

/* The bench step's speedup of a kernel's case over its format's baseline (bench.compare.tsv,
 * Hodges-Lehmann), or NAN when the run has no such comparison. */
static double speedup_of(const run_data *r, const char *kernel, const char *shape, double m,
                         double t) {
    for (size_t i = 0; i < r->n_bench; i++) {
        const bench_row *x = &r->bench[i];
        if (strcmp(x->kernel, kernel) == 0 && strcmp(x->shape, shape) == 0 && x->m == m &&
            x->threads == t && strcmp(x->status, "ok") == 0) {
            const compare_row *c = run_compare_find(r, "baseline", NULL, x->name);
            return c ? c->ratio : NAN;
        }
    }
    return NAN;
}

static size_t speedup_table(const run_data *r, const report_config *rc, const char *shape,
                            text_buf *b) {
    double threads[8];
    size_t nt = 0;
    for (size_t i = 0; i < r->n_bench; i++) {
        const bench_row *x = &r->bench[i];
        if (strcmp(x->shape, shape) != 0 || x->m != 1 || strcmp(x->status, "ok") != 0) continue;
        bool seen = false;
        for (size_t k = 0; k < nt; k++) seen |= threads[k] == x->threads;
        if (!seen && nt < 8) threads[nt++] = x->threads;
    }
    tb_printf(b, "kernel\tbaseline");
    for (size_t k = 0; k < nt; k++) tb_printf(b, "\t%.0f thread%s", threads[k], threads[k] == 1 ? "" : "s");
    tb_printf(b, "\n");
    char seen[4096] = " ";
    for (size_t i = 0; i < r->n_bench; i++) {
        const bench_row *x = &r->bench[i];
        if (strcmp(x->shape, shape) != 0 || x->m != 1 || strcmp(x->status, "ok") != 0) continue;
        const char *base = rc_baseline(rc, x->format);
        if (!base[0] || strcmp(base, x->kernel) == 0 || strcmp(x->kernel, "ref_f64") == 0)
            continue;
        char key[80];
        snprintf(key, sizeof key, " %s ", x->kernel);
        if (strstr(seen, key)) continue;
        if (strlen(seen) + strlen(key) < sizeof seen) strcat(seen, x->kernel), strcat(seen, " ");
        tb_printf(b, "%s\t%s", x->kernel, base);
        for (size_t k = 0; k < nt; k++) {
            double s = speedup_of(r, x->kernel, shape, 1, threads[k]);
            if (isfinite(s)) tb_printf(b, "\t%.6g", s);
            else tb_printf(b, "\tNaN");
        }
        tb_printf(b, "\n");
    }
    return nt;
}

static int pareto_tables(const run_data *r, text_buf *measured, text_buf *sweep, text_buf *cited,
                         text_buf *peers, char *err, size_t len) {
    tb_printf(measured, "id\tlabel\tbpw\tnrmse_pct\tpareto\n");
    tb_printf(peers, "id\tlabel\tbpw\tnrmse_pct\tpareto\n"); /* llama.cpp's, measured */
    tb_printf(sweep, "id\tbpw\tnrmse_pct\tpareto\n");
    tb_printf(cited, "id\tlabel\tbpw\tnrmse_pct\tsource\n");
    bool have = false;
    for (size_t i = 0; i < r->n_files; i++) have |= strcmp(r->files[i], "quality.pareto.tsv") == 0;
    if (!have) return 0;
    char path[1400];
    snprintf(path, sizeof path, "%s/quality.pareto.tsv", r->path);
    tsv_table t;
    if (tsv_read(path, &t, err, len)) return -1;
    static const char *const cols[] = {"distribution", "kind", "id", "label", "bpw",
                                       "nrmse_pct", "measured", "pareto", "source", NULL};
    if (tsv_require(&t, cols, err, len)) {
        tsv_free(&t);
        return -1;
    }
    for (size_t i = 0; i < t.n_rows; i++) {
        const char *dist = tsv_cell(&t, i, tsv_column(&t, "distribution"));
        if (strcmp(dist, "normal") != 0) continue;
        const char *kind = tsv_cell(&t, i, tsv_column(&t, "kind"));
        const char *id = tsv_cell(&t, i, tsv_column(&t, "id"));
        const char *label = tsv_cell(&t, i, tsv_column(&t, "label"));
        const char *bpw = tsv_cell(&t, i, tsv_column(&t, "bpw"));
        const char *e = tsv_cell(&t, i, tsv_column(&t, "nrmse_pct"));
        const char *measured_flag = tsv_cell(&t, i, tsv_column(&t, "measured"));
        const char *pareto = tsv_cell(&t, i, tsv_column(&t, "pareto"));
        if (strcmp(measured_flag, "no") == 0) {
            tb_printf(cited, "%s\t", id);
            tb_field(cited, label);
            tb_printf(cited, "\t%s\t%s\t", bpw, e);
            tb_field(cited, tsv_cell(&t, i, tsv_column(&t, "source")));
            tb_printf(cited, "\n");
        } else if (strcmp(kind, "sweep") == 0) {
            tb_printf(sweep, "%s\t%s\t%s\t%s\n", id, bpw, e, pareto);
        } else if (strcmp(kind, "peer") == 0) {
            tb_printf(peers, "%s\t", id);
            tb_field(peers, label);
            tb_printf(peers, "\t%s\t%s\t%s\n", bpw, e, pareto);
        } else {
            tb_printf(measured, "%s\t", id);
            tb_field(measured, label);
            tb_printf(measured, "\t%s\t%s\t%s\n", bpw, e, pareto);
        }
    }
    tsv_free(&t);
    return 0;
}

/* Pareto figure layout, shared with plots/pareto.gp through plot.vars.gp: log axes, the
 * plot area in pixels (approximate) and the label font's character size. */
#define PARETO_XMIN 2.4
#define PARETO_XMAX 18.0
#define PARETO_YMIN 0.01
#define PARETO_YMAX 100.0
#define PARETO_W_PX 720.0
#define PARETO_H_PX 780.0
#define LABEL_CHAR_PX 7.0
#define LABEL_H_PX 12.0

typedef struct box {
    double x0, y0, x1, y1;
} box;

static void to_px(double bpw, double err, double *x, double *y) {
    *x = PARETO_W_PX * log(bpw / PARETO_XMIN) / log(PARETO_XMAX / PARETO_XMIN);
    *y = PARETO_H_PX * log(err / PARETO_YMIN) / log(PARETO_YMAX / PARETO_YMIN);
}

static void from_px(double x, double y, double *bpw, double *err) {
    *bpw = PARETO_XMIN * exp(x / PARETO_W_PX * log(PARETO_XMAX / PARETO_XMIN));
    *err = PARETO_YMIN * exp(y / PARETO_H_PX * log(PARETO_YMAX / PARETO_YMIN));
}

/* Area (px^2) that box a shares with the boxes of list. */
static double overlap_area(box a, const box *list, size_t n) {
    double area = 0;
    for (size_t i = 0; i < n; i++) {
        double w = fmin(a.x1, list[i].x1) - fmax(a.x0, list[i].x0);
        double h = fmin(a.y1, list[i].y1) - fmax(a.y0, list[i].y0);
        if (w > 0 && h > 0) area += w * h;
    }
    return area;
}

/* Places one label per cited point at the first candidate position that overlaps no marker
 * and no other label, or, where every candidate does (a crowded corner), at the one that
 * overlaps least; writes id, label, anchor x/y in data units and the alignment (1 left,
 * 0 right). */
/* The tables this file wrote, read back through the one TSV reader (a copy each). */
static bool parse_copy(const char *text, tsv_table *t) {
    char err[256], *copy = text ? strdup(text) : NULL;
    return copy && tsv_parse(copy, "plot table", t, err, sizeof err) == 0;
}

static double number_at(const tsv_table *t, size_t r, const char *col) {
    double v;
    bool missing;
    return tsv_number(tsv_cell(t, r, tsv_column(t, col)), &v, &missing) == 0 && !missing ? v : 0;
}

static void place_labels(const char *cited_tsv, const char *measured_tsv, const char *sweep_tsv,
                         text_buf *out) {
    tb_printf(out, "label\tx\ty\tleft\n");
    box obstacles[512];
    size_t n = 0;
    const char *tables[] = {measured_tsv, sweep_tsv, cited_tsv};
    for (int k = 0; k < 3; k++) {
        tsv_table t;
        if (!parse_copy(tables[k], &t)) continue;
        for (size_t i = 0; i < t.n_rows && n < 512; i++) {
            double x, y;
            to_px(number_at(&t, i, "bpw"), number_at(&t, i, "nrmse_pct"), &x, &y);
            obstacles[n++] = (box){x - 6, y - 6, x + 6, y + 6};
        }
        tsv_free(&t);
    }
    tsv_table cited;
    if (!parse_copy(cited_tsv, &cited)) return;
    for (size_t i = 0; i < cited.n_rows && n < 512; i++) {
        const char *id = tsv_cell(&cited, i, tsv_column(&cited, "id"));
        const char *name = strrchr(id, '.') ? strrchr(id, '.') + 1 : id;
        double x, y;
        to_px(number_at(&cited, i, "bpw"), number_at(&cited, i, "nrmse_pct"), &x, &y);
        double w = LABEL_CHAR_PX * (double)strlen(name);
        static const double cand[][3] = {{9, 0, 1},  {-9, 0, 0},  {7, -11, 1}, {-7, 11, 0},
                                         {7, 11, 1}, {-7, -11, 0}, {14, -20, 1}, {-14, 20, 0}};
        int pick = 0;
        double least = INFINITY;
        for (int k = 0; k < 8 && least > 0; k++) {
            double ax = x + cand[k][0], ay = y + cand[k][1];
            box b = cand[k][2] > 0 ? (box){ax, ay - LABEL_H_PX / 2, ax + w, ay + LABEL_H_PX / 2}
                                   : (box){ax - w, ay - LABEL_H_PX / 2, ax, ay + LABEL_H_PX / 2};
            double area = overlap_area(b, obstacles, n);
            if (area < least) {
                least = area;
                pick = k;
            }
        }
        double ax = x + cand[pick][0], ay = y + cand[pick][1];
        obstacles[n++] = cand[pick][2] > 0
                             ? (box){ax, ay - LABEL_H_PX / 2, ax + w, ay + LABEL_H_PX / 2}
                             : (box){ax - w, ay - LABEL_H_PX / 2, ax, ay + LABEL_H_PX / 2};
        double lx, ly;
        from_px(ax, ay, &lx, &ly);
        tb_printf(out, "%s\t%.6g\t%.6g\t%d\n", name, lx, ly, (int)cand[pick][2]);
    }
    tsv_free(&cited);
}

/* The seeds' throughput claims, each beside the bound of the setting it states (the check
 * its overlay names): one row per claim, the bar being that bound. */
static void projection_tables(const run_data *r, text_buf *proj, text_buf *vars) {
    const audit_result *a = &r->audit.result;
    const claims_registry *reg = a->reg;
    tb_printf(proj, "index\tclaim\tclaimed_tok_s\tbound_tok_s\tverdict\tsetting\tdevice\tassumes\n");
    int n = 0;
    for (size_t ci = 0; ci < reg->n; ci++)
        for (int s = 0; s < CLAIMS_MAX_STATEMENTS; s++) {
            const statement *st = &reg->claims[ci].st[s];
            if (!st->present || !st->overlay_check || strcmp(st->unit, "tok_s") != 0) continue;
            const check *ck = &reg->claims[ci].ck[st->overlay_check - 1];
            double bound = NAN;
            for (size_t i = a->claims[ci].first_row;
                 i < a->claims[ci].first_row + a->claims[ci].n_rows; i++)
                if (a->rows[i].check_index == st->overlay_check - 1 &&
                    (a->rows[i].statements & (1u << s)) && a->rows[i].evaluated)
                    bound = (a->rows[i].evidence.lo + a->rows[i].evidence.hi) / 2;
            char setting[sizeof ck->setting];
            snprintf(setting, sizeof setting, "%s", ck->setting);
            for (char *p = setting; *p; p++)
                if (*p == '\t' || *p == '\n' || *p == '"') *p = ' ';
            tb_printf(proj, "%d\t%s.%c\t%.6g\t", n++, reg->claims[ci].id, st->letter,
                      (st->value.lo + st->value.hi) / 2);
            if (isfinite(bound)) tb_printf(proj, "%.6g", bound);
            else tb_printf(proj, "NaN");
            /* a short name of the setting for the axis: the device and what the bound
             * assumes, from the projection metric the check reads */
            char dev[64] = "", stat[64] = "", where[160] = "";
            static const char *const kinds[][2] = {{"per_user_tok_s_bound", "one user"},
                                                   {"single_device_tok_s_bound", "one device"},
                                                   {"cpu_decode_tok_s_bound", "CPU cores"},
                                                   {"decode_tok_s_bound", "all devices"}};
            if (sscanf(ck->evidence_text, "projection.%63[^.].%*[^.].%*[^.].%63s", dev, stat) == 2)
                for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
                    if (strcmp(stat, kinds[k][0]) == 0)
                        snprintf(where, sizeof where, "%s\t%s", dev, kinds[k][1]);
            tb_printf(proj, "\t%s\t%s\t%s\n", verdict_name(a->claims[ci].st[s].v), setting,
                      where[0] ? where : "-\t-");
        }
    tb_printf(vars, "n_claims = %d\n", n);
}

/* Rows grouped by kernel and sorted by M, so that each kernel's line is unbroken. */
static void batch_table(const run_data *r, const char *shape, double t, text_buf *b) {
    tb_printf(b, "kernel\tm\tmedian_ms\tp10_ms\tp90_ms\n");
    text_buf kl = {0};
    kernel_list(r, shape, t, 0, &kl);
    char *kernels = tb_take(&kl);
    for (char *k = kernels ? strtok(kernels, " ") : NULL; k; k = strtok(NULL, " ")) {
        double last = 0;
        for (;;) {
            const bench_row *next = NULL;
            for (size_t i = 0; i < r->n_bench; i++) {
                const bench_row *x = &r->bench[i];
                if (strcmp(x->kernel, k) != 0 || strcmp(x->shape, shape) != 0 ||
                    x->threads != t || strcmp(x->status, "ok") != 0 || x->m <= last)
                    continue;
                if (!next || x->m < next->m) next = x;
            }
            if (!next) break;
            tb_printf(b, "%s\t%.0f\t%.6g\t%.6g\t%.6g\n", next->kernel, next->m, next->median_ms,
                      next->p10_ms, next->p90_ms);
            last = next->m;
        }
    }
    free(kernels);
}

static bool has_shape(const run_data *r, const char *shape, bool batched) {
    for (size_t i = 0; i < r->n_bench; i++)
        if (strcmp(r->bench[i].shape, shape) == 0 && strcmp(r->bench[i].status, "ok") == 0 &&
            (!batched || r->bench[i].m > 1))
            return true;
    return false;
}

/* The configured shape when the run has it; otherwise the run's largest shape (with more
 * than one batch size when batched), so a quick run still gets its figures. */
static const char *pick_shape(const run_data *r, const char *wanted, bool batched) {
    if (wanted[0] && has_shape(r, wanted, batched)) return wanted;
    const char *best = wanted;
    double size = 0;
    for (size_t i = 0; i < r->n_bench; i++) {
        const bench_row *x = &r->bench[i];
        if (strcmp(x->status, "ok") != 0 || x->n * x->k <= size) continue;
        if (!has_shape(r, x->shape, batched)) continue;
        size = x->n * x->k;
        best = x->shape;
    }
    return best;
}

/* plot.decode.tsv: every measured tg tok/s of the decode step with its interval and its
 * bandwidth bound, one row per model, format and thread count. */
static void decode_table(const run_data *r, text_buf *b) {
    tb_printf(b, "label\ttok_s\tlo\thi\tbound_tok_s\n");
    for (size_t i = 0; i < r->audit.metrics.n; i++) {
        const metric *m = metrics_by_id(&r->audit.metrics, i);
        char model[64], format[64], rest[32], id[300];
        int t;
        if (m->na || strncmp(m->id, "decode.", 7) != 0 ||
            sscanf(m->id + 7, "%63[^.].%63[^.].tg.t%d.%31s", model, format, &t, rest) != 4 ||
            strcmp(rest, "tok_s") != 0)
            continue;
        snprintf(id, sizeof id, "decode.%s.%s.tg.t%d.bound_tok_s", model, format, t);
        const metric *bound = metrics_find(&r->audit.metrics, id);
        tb_printf(b, "%s %s t%d\t%.6g\t%.6g\t%.6g\t", model, format, t, m->value,
                  m->has_ci ? m->lo : m->value, m->has_ci ? m->hi : m->value);
        if (bound && !bound->na) tb_printf(b, "%.6g\n", bound->value);
        else tb_printf(b, "NaN\n");
    }
}

int plotdata_write(const run_data *r, const report_config *rc_in, const char *dir, char *err,
                   size_t len) {
    report_config local = *rc_in;
    report_config *rc = &local;
    snprintf(rc->figure_shape, sizeof rc->figure_shape, "%s", pick_shape(r, rc_in->figure_shape, false));
    snprintf(rc->batch_shape, sizeof rc->batch_shape, "%s", pick_shape(r, rc_in->batch_shape, true));
    double t = max_threads(r);
    text_buf points = {0}, roofs = {0}, speed = {0}, pm = {0}, ps = {0}, pc = {0}, proj = {0},
             batch = {0}, vars = {0}, klist = {0}, decode = {0}, pp = {0}, obstacles = {0};
    roofline_tables(r, rc, t, &points, &roofs);
    tb_printf(&vars, "have_roofs = %d\n", roofs.s && strchr(roofs.s, '\n') &&
                                              strchr(roofs.s, '\n')[1] ? 1 : 0);
    size_t speed_cols = speedup_table(r, rc, rc->figure_shape, &speed);
    tb_printf(&vars, "speedup_columns = %zu\n", speed_cols);
    if (pareto_tables(r, &pm, &ps, &pc, &pp, err, len)) return -1;
    text_buf labels = {0};
    /* labels name llama.cpp's formats: the measured points where the run has them (the
     * cited ones are then markers only, a cross-check), else the cited points */
    bool have_peers = pp.s && strchr(pp.s, '\n') && strchr(pp.s, '\n')[1];
    tb_printf(&obstacles, "%s%s", pm.s ? pm.s : "", have_peers && pc.s && strchr(pc.s, '\n')
                                                       ? strchr(pc.s, '\n') + 1 : "");
    place_labels(have_peers ? pp.s : pc.s, obstacles.s, ps.s, &labels);
    tb_free(&obstacles);
    tb_printf(&vars, "have_pareto_peers = %d\n", have_peers ? 1 : 0);
    tb_printf(&vars, "pareto_xmin = %g\npareto_xmax = %g\npareto_ymin = %g\npareto_ymax = %g\n",
              PARETO_XMIN, PARETO_XMAX, PARETO_YMIN, PARETO_YMAX);
    {
        /* the ids of the measured schemes, for one key entry each */
        text_buf ids = {0};
        const char *p = pm.s ? strchr(pm.s, '\n') : NULL;
        while (p && p[1]) {
            const char *tab = strchr(p + 1, '\t');
            if (!tab) break;
            tb_printf(&ids, "%s%.*s", ids.len ? " " : "", (int)(tab - p - 1), p + 1);
            p = strchr(tab, '\n');
        }
        char *t = tb_take(&ids);
        tb_printf(&vars, "pareto_schemes = '%s'\n", t ? t : "");
        free(t);
    }
    projection_tables(r, &proj, &vars);
    batch_table(r, rc->batch_shape, t, &batch);
    decode_table(r, &decode);
    tb_printf(&vars, "run_id = '%s'\nthreads = %.0f\nmemory_roof = '%s'\n", r->id, t,
              rc->memory_roof);
    tb_printf(&vars, "figure_shape = '%s'\nbatch_shape = '%s'\n", rc->figure_shape,
              rc->batch_shape);
    kernel_list(r, NULL, t, 0, &klist);
    char *k = tb_take(&klist);
    tb_printf(&vars, "roofline_kernels = '%s'\n", k ? k : "");
    free(k);
    klist = (text_buf){0};
    kernel_list(r, rc->batch_shape, t, 0, &klist);
    k = tb_take(&klist);
    tb_printf(&vars, "batch_kernels = '%s'\n", k ? k : "");
    free(k);
    /* shapes of the speedup figure and of the batch figure, as N x K */
    tb_printf(&vars, "figure_shape_nk = '-'\nbatch_shape_nk = '-'\n");
    for (size_t i = 0; i < r->n_bench; i++)
        if (strcmp(r->bench[i].shape, rc->figure_shape) == 0) {
            tb_printf(&vars, "figure_shape_nk = '%.0fx%.0f'\n", r->bench[i].n, r->bench[i].k);
            break;
        }
    for (size_t i = 0; i < r->n_bench; i++)
        if (strcmp(r->bench[i].shape, rc->batch_shape) == 0) {
            tb_printf(&vars, "batch_shape_nk = '%.0fx%.0f'\n", r->bench[i].n, r->bench[i].k);
            break;
        }
    if (put(dir, "plot.roofline.points.tsv", &points, err, len) ||
        put(dir, "plot.roofline.roofs.tsv", &roofs, err, len) ||
        put(dir, "plot.speedup.tsv", &speed, err, len) ||
        put(dir, "plot.pareto.measured.tsv", &pm, err, len) ||
        put(dir, "plot.pareto.sweep.tsv", &ps, err, len) ||
        put(dir, "plot.pareto.cited.tsv", &pc, err, len) ||
        put(dir, "plot.pareto.peers.tsv", &pp, err, len) ||
        put(dir, "plot.pareto.labels.tsv", &labels, err, len) ||
        put(dir, "plot.projection.tsv", &proj, err, len) ||
        put(dir, "plot.batch.tsv", &batch, err, len) || put(dir, "plot.decode.tsv", &decode, err, len) ||
        put(dir, "plot.vars.gp", &vars, err, len))
        return -1;
    return 0;
}
