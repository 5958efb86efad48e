/* llama.cpp's quantizers measured in the quality step; see quality/qggml.h. */
#include "qggml.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/metrics_tsv.h"
#include "base/text_buf.h"
#include "harness/timer.h"
#include "kernels/ggml_library.h"
#include "qoutput.h"
#include "qrun.h"

/* Measured types, low bits first, then those ggml quantizes only with an importance matrix. */
static const int measured_types[] = {GG_TYPE_Q2_K,  GG_TYPE_IQ3_XXS, GG_TYPE_Q3_K, GG_TYPE_IQ3_S,
                                     GG_TYPE_IQ4_XS, GG_TYPE_Q4_0,   GG_TYPE_Q4_K, GG_TYPE_Q5_K,
                                     GG_TYPE_Q6_K,  GG_TYPE_Q8_0};
static const int imatrix_types[] = {GG_TYPE_IQ1_S, GG_TYPE_IQ1_M, GG_TYPE_IQ2_XXS, GG_TYPE_IQ2_XS,
                                    GG_TYPE_IQ2_S};

qggml_cell *qggml_cell_at(const quality_results *res, size_t type, size_t dist, size_t shape) {
    const quality_config *c = res->cfg;
    return &res->peers.cells[(type * c->n_dists + dist) * c->n_shapes + shape];
}

static void add_type(qggml_results *p, int type, bool measure) {
    qggml_type *t = &p->types[p->n_types++];
    t->type = type;
    t->name = ggml_type_expected_name(type);
    snprintf(t->id, sizeof t->id, "ggml_%s", t->name);
    for (char *c = t->id; *c; c++)
        if (*c >= 'A' && *c <= 'Z') *c = (char)(*c - 'A' + 'a');
    if (!p->enabled) {
        snprintf(t->why, sizeof t->why, "peer_rows = 0 in the config");
        return;
    }
    if (!p->loaded) {
        snprintf(t->why, sizeof t->why, "%.390s", p->why);
        return;
    }
    ggml_type_info info;
    if (!ggml_library_type(type, &info, t->why, sizeof t->why)) return;
    if (info.needs_imatrix) {
        snprintf(t->why, sizeof t->why, "ggml quantizes %s only with an importance matrix "
                 "(ggml_quantize_requires_imatrix); none is made from random weights here", t->name);
        return;
    }
    if (!measure) {
        snprintf(t->why, sizeof t->why, "not in the measured list");
        return;
    }
    t->ok = true;
}

int qggml_begin(quality_results *res) {
    qggml_results *p = &res->peers;
    const quality_config *cfg = res->cfg;
    memset(p, 0, sizeof *p);
    p->rows = res->quick ? cfg->quick_peer_rows : cfg->peer_rows;
    p->enabled = p->rows > 0;
    if (p->enabled) {
        const ggml_library *L = ggml_library_get();
        p->loaded = L->ok;
        if (L->ok)
            snprintf(p->library, sizeof p->library, "ggml %s, CPU variant %s, %.250s, %.250s", L->version,
                     L->cpu_variant, L->source, L->dir);
        else
            snprintf(p->why, sizeof p->why, "%s", L->why);
    }
    for (size_t i = 0; i < sizeof measured_types / sizeof measured_types[0]; i++)
        add_type(p, measured_types[i], true);
    for (size_t i = 0; i < sizeof imatrix_types / sizeof imatrix_types[0]; i++)
        add_type(p, imatrix_types[i], false);
    p->cells = calloc(p->n_types * cfg->n_dists * cfg->n_shapes + 1, sizeof *p->cells);
    return p->cells ? 0 : -1;
}

void qggml_free(quality_results *res) {
    free(res->peers.cells);
    res->peers.cells = NULL;
}

/* Quantizes and dequantizes rows x k weights with ggml's type t; false when it cannot. */
static bool roundtrip(const qggml_type *t, const float *w, size_t rows, size_t k, float *out,
                      int threads, char *why, size_t len) {
    ggml_type_info info;
    if (!ggml_library_type(t->type, &info, why, len)) return false;
    size_t bytes = ggml_library_get()->api.row_size(t->type, (int64_t)k) * rows;
    void *q = malloc(bytes + 64);
    if (!q) {
        snprintf(why, len, "out of memory");
        return false;
    }
    bool ok = ggml_library_quantize(t->type, w, rows, k, q, threads, why, len);
    if (ok) ggml_library_dequantize(&info, q, rows, k, out);
    free(q);
    return ok;
}

/* One distribution on one distinct shape: the sampled rows with the output sample's
 * activations (qout_prepare on the same rows), each type quantized once for both errors. */
int qggml_weights(quality_results *res, const qdist_gen *g, size_t dist, size_t shape) {
    qggml_results *p = &res->peers;
    if (!p->enabled || !p->loaded) return 0;
    uint64_t t0 = timer_wall_ns();
    const quality_config *cfg = res->cfg;
    qout_case oc;
    if (qout_prepare(&oc, g, p->rows, cfg->output_batch, cfg->seed, res->threads)) return -1;
    size_t k = oc.k, used = oc.rows;
    float *dq = malloc(used * k * sizeof *dq);
    if (!dq) {
        qout_release(&oc);
        return -1;
    }
    for (size_t t = 0; t < p->n_types; t++) {
        qggml_type *ty = &p->types[t];
        if (!ty->ok) continue;
        qggml_cell *c = qggml_cell_at(res, t, dist, shape);
        c->bpw = ggml_library_bpw(ty->type, k);
        char why[400];
        if (!roundtrip(ty, oc.w, used, k, dq, res->threads, why, sizeof why)) {
            ty->ok = false; /* e.g. K not a multiple of its block: said once, for every cell */
            snprintf(ty->why, sizeof ty->why, "shape %.60s: %.300s", cfg->shapes[shape].id, why);
            continue;
        }
        memset(&c->err, 0, sizeof c->err);
        c->w = (qmoments){0};
        for (size_t i = 0; i < used; i++) {
            qmoments m = qm_moments_f(oc.w + i * k, k);
            c->w = qm_merge(c->w, m);
            qerr_add_column(&c->err, oc.w + i * k, dq + i * k, k, m, 0);
        }
        c->rows = used;
        c->out_rows = used;
        c->wonly_ok = qout_weight_only(&oc, dq, res->threads, &c->wonly_pct);
    }
    free(dq);
    qout_release(&oc);
    p->seconds += (double)(timer_wall_ns() - t0) * 1e-9;
    return 0;
}

static size_t first_same(const quality_config *cfg, size_t i) {
    for (size_t j = 0; j < i; j++)
        if (cfg->shapes[j].n == cfg->shapes[i].n && cfg->shapes[j].k == cfg->shapes[i].k) return j;
    return i;
}

void qggml_finish(quality_results *res) {
    const quality_config *cfg = res->cfg;
    if (!res->peers.cells) return;
    for (size_t t = 0; t < res->peers.n_types; t++)
        for (size_t d = 0; d < cfg->n_dists; d++)
            for (size_t i = 0; i < cfg->n_shapes; i++)
                *qggml_cell_at(res, t, d, i) = *qggml_cell_at(res, t, d, first_same(cfg, i));
}

static bool cell_value(const qggml_cell *c, int what, double *out) {
    switch (what) {
    case QG_WEIGHT_NRMSE: return c->rows && qm_nrmse_pct(c->err.sse, c->err.n, c->w.m2, out);
    case QG_SQNR: return c->rows && qm_sqnr_db(c->err.signal, c->err.sse, out);
    case QG_OUTPUT_WONLY: *out = c->wonly_pct; return c->wonly_ok;
    case QG_BPW: *out = c->bpw; return c->rows > 0;
    default: return false;
    }
}

bool qggml_mean(const quality_results *res, size_t type, size_t dist, int what, double *out) {
    const quality_config *cfg = res->cfg;
    if (!res->peers.cells || !res->peers.types[type].ok || cfg->n_seed_shapes == 0) return false;
    double sum = 0;
    for (size_t j = 0; j < cfg->n_seed_shapes; j++) {
        double v;
        if (!cell_value(qggml_cell_at(res, type, dist, cfg->seed_shapes[j]), what, &v)) return false;
        sum += v;
    }
    *out = sum / (double)cfg->n_seed_shapes;
    return true;
}

/* The cited figure for a ggml type on a distribution, from the references file. */
static bool cited(const quality_results *res, const char *name, const char *dist, double *out) {
    if (!res->has_refs) return false;
    for (size_t f = 0; f < res->refs.n_formats; f++) {
        const qref_format *rf = &res->refs.formats[f];
        if (strcmp(rf->id, name) != 0) continue;
        for (size_t v = 0; v < rf->n_values; v++)
            if (strcmp(rf->dist[v], dist) == 0) {
                *out = rf->nrmse_pct[v];
                return true;
            }
    }
    return false;
}

static void num(text_buf *b, bool ok, double v) {
    if (ok) tb_printf(b, "\t%.6g", v);
    else tb_printf(b, "\tNA");
}

void qggml_table(text_buf *b, const quality_results *res) {
    const quality_config *cfg = res->cfg;
    tb_printf(b, "type\tggml_name\tdistribution\tmeasured\tbpw\tweight_nrmse_pct\tsqnr_db\t"
                 "output_wonly_nrmse_pct\tcited_nrmse_pct\tmeasured_minus_cited_pct\t"
                 "rows_per_shape\tnote\n");
    for (size_t t = 0; t < res->peers.n_types; t++) {
        const qggml_type *ty = &res->peers.types[t];
        for (size_t d = 0; d < cfg->n_dists; d++) {
            double e = NAN, s = NAN, o = NAN, bpw = NAN, c = NAN;
            bool he = qggml_mean(res, t, d, QG_WEIGHT_NRMSE, &e);
            bool hc = cited(res, ty->name, cfg->dists[d].id, &c);
            bool hb = qggml_mean(res, t, d, QG_BPW, &bpw);
            bool hs = qggml_mean(res, t, d, QG_SQNR, &s);
            bool ho = qggml_mean(res, t, d, QG_OUTPUT_WONLY, &o);
            tb_printf(b, "%s\t%s\t%s\t%s", ty->id, ty->name, cfg->dists[d].id, ty->ok ? "yes" : "no");
            num(b, hb, bpw);
            num(b, he, e);
            num(b, hs, s);
            num(b, ho, o);
            num(b, hc, c);
            num(b, he && hc, e - c);
            tb_printf(b, "\t%zu\t", res->peers.rows);
            tb_field(b, ty->ok ? "ggml's quantizer, means over the seed shapes" : ty->why);
            tb_printf(b, "\n");
        }
    }
}

void qggml_metrics(text_buf *b, const quality_results *res) {
    const quality_config *cfg = res->cfg;
    static const struct {
        int what;
        const char *name, *unit, *desc;
    } defs[] = {
        {QG_WEIGHT_NRMSE, "mean_weight_nrmse_pct", "pct", "weight NRMSE (RMSE / std x 100)"},
        {QG_SQNR, "mean_sqnr_db", "db", "SQNR 10 log10(sum w^2 / sum (w-w')^2)"},
        {QG_OUTPUT_WONLY, "mean_output_wonly_nrmse_pct", "pct",
         "output NRMSE with ggml-dequantized weights and FP32 activations in FP64 (weight error only)"},
        {QG_BPW, "mean_bpw", "bpw", "bits per weight (ggml_row_size)"},
    };
    char id[160];
    for (size_t t = 0; t < res->peers.n_types; t++) {
        const qggml_type *ty = &res->peers.types[t];
        snprintf(id, sizeof id, "quality.%s.measured", ty->id);
        metrics_add(b, id, ty->ok ? 1 : 0, "x", "llama.cpp %s measured with ggml's quantizer (1) or not (0%s%.300s)",
                    ty->name, ty->ok ? "" : ": ", ty->ok ? "" : ty->why);
        for (size_t d = 0; d < cfg->n_dists && ty->ok; d++) {
            const char *did = cfg->dists[d].id;
            for (size_t m = 0; m < sizeof defs / sizeof defs[0]; m++) {
                double v = NAN;
                bool ok = qggml_mean(res, t, d, defs[m].what, &v);
                snprintf(id, sizeof id, "quality.%s.%s.%s", ty->id, did, defs[m].name);
                metrics_add(b, id, ok ? v : NAN, defs[m].unit,
                            "llama.cpp %s (ggml's quantizer, %zu rows per shape) on %s: %s, mean "
                            "over the seed shapes", ty->name, res->peers.rows, did, defs[m].desc);
            }
            double e, c;
            if (qggml_mean(res, t, d, QG_WEIGHT_NRMSE, &e) && cited(res, ty->name, did, &c)) {
                snprintf(id, sizeof id, "quality.%s.%s.measured_minus_cited_pct", ty->id, did);
                metrics_add(b, id, e - c, "pct", "llama.cpp %s on %s: weight NRMSE measured in this "
                            "run (%.4g %%) minus the cited figure (%.4g %%, %.200s)",
                            ty->name, did, e, c, res->refs.citation);
            }
        }
    }
}

cJSON *qggml_json(const quality_results *res) {
    const quality_config *cfg = res->cfg;
    const qggml_results *p = &res->peers;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddBoolToObject(o, "enabled", p->enabled);
    cJSON_AddBoolToObject(o, "library_loaded", p->loaded);
    if (p->loaded) cJSON_AddStringToObject(o, "library", p->library);
    else if (p->enabled) cJSON_AddStringToObject(o, "unavailable_because", p->why);
    cJSON_AddNumberToObject(o, "rows_per_shape", (double)p->rows);
    cJSON_AddNumberToObject(o, "seconds", p->seconds);
    cJSON *types = cJSON_AddArrayToObject(o, "types");
    for (size_t t = 0; t < p->n_types; t++) {
        const qggml_type *ty = &p->types[t];
        cJSON *j = cJSON_CreateObject();
        cJSON_AddStringToObject(j, "id", ty->id);
        cJSON_AddStringToObject(j, "ggml_name", ty->name);
        cJSON_AddBoolToObject(j, "measured", ty->ok);
        if (!ty->ok) cJSON_AddStringToObject(j, "why_not", ty->why);
        for (size_t d = 0; d < cfg->n_dists && ty->ok; d++) {
            cJSON *dj = cJSON_AddObjectToObject(j, cfg->dists[d].id);
            double v;
            if (qggml_mean(res, t, d, QG_BPW, &v)) cJSON_AddNumberToObject(dj, "bpw", v);
            if (qggml_mean(res, t, d, QG_WEIGHT_NRMSE, &v)) cJSON_AddNumberToObject(dj, "weight_nrmse_pct", v);
            if (qggml_mean(res, t, d, QG_SQNR, &v)) cJSON_AddNumberToObject(dj, "sqnr_db", v);
            if (qggml_mean(res, t, d, QG_OUTPUT_WONLY, &v))
                cJSON_AddNumberToObject(dj, "output_wonly_nrmse_pct", v);
        }
        cJSON_AddItemToArray(types, j);
    }
    return o;
}
