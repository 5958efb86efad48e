#include "calibration.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const layer_parts[] = {"q_proj", "k_proj", "v_proj", "o_proj",
                                          "gate_proj", "up_proj", "down_proj", "lm_head"};

static const bench_row *find_row(const bench_table *bt, const char *kernel, int threads,
                                 double n, double k) {
    for (size_t i = 0; i < bt->n; i++) {
        const bench_row *r = &bt->rows[i];
        if (bench_row_ok(r) && r->m == 1 && r->threads == threads && (double)r->n == n &&
            (double)r->k == k && strcmp(r->kernel, kernel) == 0 && r->bytes_moved > 0)
            return r;
    }
    return NULL;
}

/* Fills parts and times for one kernel and thread count; false when a matrix is missing
 * (its name goes to missing). */
static bool try_set(const bench_table *bt, const model_config *m, const char *kernel,
                    int threads, calibration *c, const char **missing) {
    double layers = 0;
    c->layer_s = c->lm_head_s = c->bytes_per_token = 0;
    for (int p = 0; p < CALIBRATION_PARTS; p++) {
        const model_matrix *mx = NULL;
        for (size_t i = 0; i < m->n_matrices; i++)
            if (strcmp(m->matrices[i].name, layer_parts[p]) == 0) mx = &m->matrices[i];
        if (!mx) {
            *missing = layer_parts[p];
            return false;
        }
        const bench_row *r = find_row(bt, kernel, threads, mx->n, mx->k);
        if (!r) {
            *missing = layer_parts[p];
            return false;
        }
        calibration_part *cp = &c->parts[p];
        cp->matrix = layer_parts[p];
        cp->n = mx->n;
        cp->k = mx->k;
        cp->count = mx->count;
        snprintf(cp->shape, sizeof cp->shape, "%s", r->shape);
        cp->median_s = r->median_s;
        cp->bytes_moved = r->bytes_moved;
        if (p < 7) {
            c->layer_s += r->median_s;
            layers = mx->count;
        } else {
            c->lm_head_s = r->median_s;
        }
        c->bytes_per_token += r->bytes_moved * mx->count;
    }
    c->token_s = layers * c->layer_s + c->lm_head_s;
    c->tok_s_extrapolated = 1.0 / c->token_s;
    return true;
}

void calibrate_format(const bench_table *bt, const model_config *m, const char *format,
                      const metric_table *roof, calibration *out) {
    memset(out, 0, sizeof *out);
    snprintf(out->format, sizeof out->format, "%s", format);
    out->tok_s_predicted = out->error_pct = out->tok_s_extrapolated = NAN;
    if (!bt) {
        snprintf(out->note, sizeof out->note, "no bench.tsv in this run");
        return;
    }
    if (!m->has_architecture) {
        snprintf(out->note, sizeof out->note, "model %s has no architecture", m->id);
        return;
    }
    bool any = false;
    for (size_t i = 0; i < bt->n; i++)
        any |= bench_row_ok(&bt->rows[i]) && bt->rows[i].m == 1 &&
               strcmp(bt->rows[i].format, format) == 0;
    if (!any) {
        snprintf(out->note, sizeof out->note, "bench.tsv has no timed M = 1 row of format %s", format);
        return;
    }
    const char *missing = NULL;
    calibration best, trial;
    bool found = false;
    for (size_t i = 0; i < bt->n; i++) {
        const bench_row *r = &bt->rows[i];
        if (strcmp(r->format, format) != 0) continue;
        bool seen = false; /* each kernel and thread count once */
        for (size_t j = 0; j < i; j++)
            seen |= strcmp(bt->rows[j].kernel, r->kernel) == 0 && bt->rows[j].threads == r->threads;
        if (seen) continue;
        trial = *out;
        if (!try_set(bt, m, r->kernel, r->threads, &trial, &missing)) continue;
        snprintf(trial.kernel, sizeof trial.kernel, "%s", r->kernel);
        trial.threads = r->threads;
        if (!found || trial.tok_s_extrapolated > best.tok_s_extrapolated) best = trial;
        found = true;
    }
    if (!found) {
        snprintf(out->note, sizeof out->note,
                 "bench.tsv has no complete set of M = 1 rows for format %s at one thread "
                 "count: no row with the N x K of %s (the quick suite times small shapes only)",
                 format, missing ? missing : "?");
        return;
    }
    *out = best;
    out->measured = true;
    if (!roof) {
        snprintf(out->note, sizeof out->note, "no metrics.roofline.tsv: no measured bandwidth to predict with");
        return;
    }
    /* The bandwidth the projection uses for this host (configs/devices/this-machine.ini),
     * else the read bandwidth at the rows' thread count. */
    snprintf(out->bandwidth_id, sizeof out->bandwidth_id, "roofline.stream.read.best.gbps");
    const metric *bw = metrics_find(roof, out->bandwidth_id);
    if (!bw || bw->na) {
        snprintf(out->bandwidth_id, sizeof out->bandwidth_id, "roofline.stream.read.t%d.gbps", out->threads);
        bw = metrics_find(roof, out->bandwidth_id);
    }
    if (!bw || bw->na || !(bw->value > 0)) {
        snprintf(out->note, sizeof out->note, "%s %s", out->bandwidth_id,
                 bw ? "is NA" : "is not in metrics.roofline.tsv");
        return;
    }
    out->bandwidth_gbps = bw->value;
    out->tok_s_predicted = bw->value * 1e9 / out->bytes_per_token;
    out->error_pct = (out->tok_s_predicted - out->tok_s_extrapolated) / out->tok_s_extrapolated * 100.0;
    out->predicted = true;
}

/* "decode.<model>.<format>.tg.t<T>.tok_s": model, format and T; false for any other id. */
static bool parse_tg_id(const char *id, char *model, char *format, size_t cap, int *threads) {
    const char *rest = id;
    if (strncmp(rest, "decode.", 7) != 0) return false;
    rest += 7;
    const char *d1 = strchr(rest, '.'), *d2 = d1 ? strchr(d1 + 1, '.') : NULL;
    if (!d1 || !d2 || (size_t)(d1 - rest) >= cap || (size_t)(d2 - d1 - 1) >= cap) return false;
    int t, used = 0;
    if (sscanf(d2, ".tg.t%d.tok_s%n", &t, &used) != 1 || d2[used] != '\0' || t < 1) return false;
    snprintf(model, cap, "%.*s", (int)(d1 - rest), rest);
    snprintf(format, cap, "%.*s", (int)(d2 - d1 - 1), d1 + 1);
    *threads = t;
    return true;
}

/* The one kernel that ran every matrix (decode.<model>.<format>.matrices.<kernel>), or
 * false (none recorded, or several). */
static bool sole_kernel(const metric_table *decode, const char *model, const char *format,
                        char *kernel, size_t cap) {
    char prefix[200];
    snprintf(prefix, sizeof prefix, "decode.%s.%s.matrices.", model, format);
    size_t pl = strlen(prefix), found = 0;
    for (size_t i = 0; i < decode->n; i++)
        if (strncmp(decode->items[i].id, prefix, pl) == 0 && found++ == 0)
            snprintf(kernel, cap, "%s", decode->items[i].id + pl);
    return found == 1;
}

static void extrapolate(decode_calibration *c, const model_config *m, const bench_table *bt,
                        const metric_table *decode) {
    c->extrapolated = c->extrapolation_error_pct = NAN;
    const char *missing = NULL;
    calibration set;
    memset(&set, 0, sizeof set);
    if (!bt) {
        snprintf(c->note, sizeof c->note, "no extrapolation: no bench.tsv in this run");
    } else if (!m) {
        snprintf(c->note, sizeof c->note, "no extrapolation: no model config '%s'", c->model);
    } else if (!sole_kernel(decode, c->model, c->format, c->kernel, sizeof c->kernel)) {
        snprintf(c->note, sizeof c->note, "no extrapolation: the decode ran its matrices with several kernels");
    } else if (!try_set(bt, m, c->kernel, c->threads, &set, &missing)) {
        snprintf(c->note, sizeof c->note, "no extrapolation: bench.tsv has no M = 1 row of %s at %d thread(s) with the N x K of %s",
                 c->kernel, c->threads, missing ? missing : "?");
    } else {
        c->extrapolated = set.tok_s_extrapolated;
        c->extrapolation_error_pct = (c->extrapolated - c->measured) / c->measured * 100.0;
    }
}

size_t calibrate_decode(const metric_table *decode, const model_config *models, size_t n_models,
                        const bench_table *bt, const metric_table *roof,
                        decode_calibration *out, size_t max) {
    size_t n = 0;
    const metric *bw = roof ? metrics_find(roof, "roofline.stream.read.best.gbps") : NULL;
    for (size_t i = 0; decode && i < decode->n && n < max; i++) {
        const metric *r = &decode->items[i];
        decode_calibration *c = &out[n];
        memset(c, 0, sizeof *c);
        if (r->na || !parse_tg_id(r->id, c->model, c->format, sizeof c->model, &c->threads)) continue;
        n++;
        c->measured = r->value;
        c->lo = r->lo;
        c->hi = r->hi;
        char id[200];
        snprintf(id, sizeof id, "decode.%s.%s.bytes_per_token", c->model, c->format);
        const metric *bpt = metrics_find(decode, id);
        c->bytes_per_token = bpt && !bpt->na ? bpt->value : NAN;
        const model_config *m = NULL;
        for (size_t j = 0; j < n_models; j++)
            if (strcmp(models[j].id, c->model) == 0) m = &models[j];
        extrapolate(c, m, bt, decode);
        c->predicted = c->prediction_error_pct = c->bandwidth_gbps = NAN;
        snprintf(c->bandwidth_id, sizeof c->bandwidth_id, "roofline.stream.read.best.gbps");
        if (!bw || bw->na || !(bw->value > 0) || !(c->bytes_per_token > 0)) {
            size_t used = strlen(c->note);
            snprintf(c->note + used, sizeof c->note - used, "%sno prediction: %s", used ? "; " : "",
                     !roof ? "no metrics.roofline.tsv" : !(c->bytes_per_token > 0) ? "no bytes per token in the decode metrics"
                                                       : "roofline.stream.read.best.gbps missing or NA");
            continue;
        }
        c->bandwidth_gbps = bw->value;
        c->predicted = bw->value * 1e9 / c->bytes_per_token;
        c->prediction_error_pct = (c->predicted - c->measured) / c->measured * 100.0;
    }
    return n;
}
