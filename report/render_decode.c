#include "render_decode.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/engine.h"
#include "markdown.h"

#define MAX_CASES 64
#define SPLIT_PARTS 4

static const char *const parts[SPLIT_PARTS] = {"matmul", "attention", "norms", "other"};

typedef struct decode_entry {
    char model[64], format[64];
    double weight_bytes;
} decode_entry;

/* The metric decode.<model>.<format>.<what>, or NULL. */
static const metric *of_case(const run_data *r, const decode_entry *e, const char *what) {
    char id[300];
    snprintf(id, sizeof id, "decode.%s.%s.%s", e->model, e->format, what);
    return metrics_find(&r->audit.metrics, id);
}

/* decode.<model>.<format>.<test>.t<T>.<what>, or with no test the project step's
 * calibration.decode.<model>.<format>.t<T>.<what>; NULL when absent. */
static const metric *of_series(const run_data *r, const decode_entry *e, const char *test, int t,
                               const char *what) {
    char id[300];
    if (test) snprintf(id, sizeof id, "decode.%s.%s.%s.t%d.%s", e->model, e->format, test, t, what);
    else snprintf(id, sizeof id, "calibration.decode.%s.%s.t%d.%s", e->model, e->format, t, what);
    return metrics_find(&r->audit.metrics, id);
}

static double value_of(const metric *m) { return m && !m->na ? m->value : NAN; }

/* "12.3 [11.9, 12.5]" */
static const char *with_ci(const metric *m, char *out, size_t len) {
    char v[MD_NUM_LEN], lo[MD_NUM_LEN], hi[MD_NUM_LEN];
    if (!m || m->na) return snprintf(out, len, "-"), out;
    if (!m->has_ci) return snprintf(out, len, "%s", md_num(m->value, 3, v)), out;
    snprintf(out, len, "%s [%s, %s]", md_num(m->value, 3, v), md_num(m->lo, 3, lo),
             md_num(m->hi, 3, hi));
    return out;
}

/* Every decode.<model>.<format>.measured, sorted by model and then by weight bytes (the
 * compact formats first). */
static size_t collect(const run_data *r, decode_entry *out, size_t max) {
    size_t n = 0;
    for (size_t i = 0; i < r->audit.metrics.n && n < max; i++) {
        const char *id = metrics_by_id(&r->audit.metrics, i)->id;
        size_t l = strlen(id);
        if (strncmp(id, "decode.", 7) != 0 || l < 16 || strcmp(id + l - 9, ".measured") != 0) continue;
        const char *m = id + 7, *dot = strchr(m, '.');
        if (!dot || dot - m >= 64 || id + l - 9 - dot - 1 >= 64 || id + l - 9 <= dot + 1) continue;
        decode_entry *e = &out[n++];
        snprintf(e->model, sizeof e->model, "%.*s", (int)(dot - m), m);
        snprintf(e->format, sizeof e->format, "%.*s", (int)(id + l - 9 - dot - 1), dot + 1);
        e->weight_bytes = value_of(of_case(r, e, "weight_bytes"));
    }
    for (size_t i = 1; i < n; i++) /* insertion sort: a handful of entries */
        for (size_t j = i; j > 0; j--) {
            decode_entry *a = &out[j - 1], *b = &out[j];
            int c = strcmp(a->model, b->model);
            double wa = isfinite(a->weight_bytes) ? a->weight_bytes : INFINITY;
            double wb = isfinite(b->weight_bytes) ? b->weight_bytes : INFINITY;
            if (c < 0 || (c == 0 && wa <= wb)) break;
            decode_entry t = *a;
            *a = *b;
            *b = t;
        }
    return n;
}

static void row(text_buf *b, const run_data *r, const decode_entry *e, int t) {
    char pp[128], tg[128], bound[MD_NUM_LEN], gb[MD_NUM_LEN], pct[128], perr[MD_NUM_LEN],
        xerr[MD_NUM_LEN], split[320], v[MD_NUM_LEN];
    with_ci(of_series(r, e, "pp", t, "tok_s"), pp, sizeof pp);
    with_ci(of_series(r, e, "tg", t, "tok_s"), tg, sizeof tg);
    md_num(value_of(of_series(r, e, "tg", t, "bound_tok_s")), 3, bound);
    md_num(value_of(of_case(r, e, "bytes_per_token")) / 1e9, 3, gb);
    with_ci(of_series(r, e, "tg", t, "pct_of_bound"), pct, sizeof pct);
    md_num(value_of(of_series(r, e, NULL, t, "prediction_error_pct")), 3, perr);
    md_num(value_of(of_series(r, e, NULL, t, "extrapolation_error_pct")), 3, xerr);
    size_t used = 0;
    split[0] = '\0';
    for (int p = 0; p < SPLIT_PARTS && used < sizeof split; p++) {
        char what[32];
        snprintf(what, sizeof what, "%s_pct", parts[p]);
        used += (size_t)snprintf(split + used, sizeof split - used, "%s%s", p ? " / " : "",
                                 md_num(value_of(of_series(r, e, "tg", t, what)), 2, v));
    }
    /* the kernels: the matrices.<kernel> counts */
    char kernels[200] = "";
    char prefix[200];
    snprintf(prefix, sizeof prefix, "decode.%s.%s.matrices.", e->model, e->format);
    size_t pl = strlen(prefix), ku = 0;
    for (size_t i = 0; i < r->audit.metrics.n && ku < sizeof kernels; i++)
        if (strncmp(metrics_by_id(&r->audit.metrics, i)->id, prefix, pl) == 0)
            ku += (size_t)snprintf(kernels + ku, sizeof kernels - ku, "%s`%s`", ku ? ", " : "",
                                   metrics_by_id(&r->audit.metrics, i)->id + pl);
    /* tg tok/s over the baseline format's, where the decode compared them */
    char vs[160] = "-", base[96];
    snprintf(prefix, sizeof prefix, "decode.%s.%s.tg.t%d.vs_", e->model, e->format, t);
    pl = strlen(prefix);
    for (size_t i = 0; i < r->audit.metrics.n; i++)
        if (strncmp(metrics_by_id(&r->audit.metrics, i)->id, prefix, pl) == 0) {
            snprintf(base, sizeof base, "%.60s", metrics_by_id(&r->audit.metrics, i)->id + pl);
            char ratio[128];
            snprintf(vs, sizeof vs, "%s (%s)", with_ci(metrics_by_id(&r->audit.metrics, i), ratio, sizeof ratio), base);
        }
    md_row_start(b);
    md_cell(b, e->model);
    md_cellf(b, "%s (%s)", e->format, kernels);
    md_cellf(b, "%d", t);
    md_cell(b, pp);
    md_cell(b, tg);
    md_cell(b, vs);
    md_cellf(b, "%s (%s GB)", bound, gb);
    md_cell(b, pct);
    md_cell(b, perr);
    md_cell(b, xerr);
    md_cell(b, split);
    md_row_end(b);
}

void render_decode(text_buf *b, const run_data *r) {
    decode_entry *e = calloc(MAX_CASES, sizeof *e);
    size_t n = e ? collect(r, e, MAX_CASES) : 0;
    if (!n) {
        free(e);
        return;
    }
    const metric *ctx = metrics_find(&r->audit.metrics, "decode.context_tokens");
    tb_printf(b, "## Measured decode\n\n");
    tb_printf(b, "A LLaMA-architecture decode end to end on this host (`q35bench decode`, "
                 "docs/decode.md): synthetic weights of each model's shapes, every matrix product "
                 "through the format's kernel, attention over a KV cache, RMSNorm, SwiGLU, the LM "
                 "head and a greedy next token. Measured like llama-bench: **pp** = tokens/s of "
                 "one prompt batch, **tg** = tokens/s generating one token at a time from an empty "
                 "cache; the median of the repetitions with its 95 %% interval in brackets. "
                 "**Bound** = this run's STREAM read bandwidth at the same thread count / the "
                 "bytes one generated token reads (every packed matrix, the norms, the KV cache); "
                 "**projection error** = (the projection for this machine - measured) / "
                 "measured, **extrapolation error** = the same for the bench's layer times x "
                 "layers + LM head (matrix products only; only where the bench timed the model's "
                 "shapes). **tg split** = share of a generated token's time in matrix products / "
                 "attention / norms / other (embedding, residual adds, SwiGLU activation, "
                 "argmax). **tg x baseline** = tg tok/s over the baseline format's on the same "
                 "model (Hodges-Lehmann ratio of the times, interval in brackets; the two ran one "
                 "after the other). Timings from one run on one host: compare formats as ratios "
                 "within the run.\n\n");
    tb_printf(b, "Models (a model named `-lN` has N of the full model's layers: its tok/s is "
                 "not the full model's):\n\n");
    for (size_t i = 0; i < n; i++) {
        if (i && strcmp(e[i].model, e[i - 1].model) == 0) continue;
        char id[120];
        snprintf(id, sizeof id, "decode.%s.layers", e[i].model);
        const metric *layers = metrics_find(&r->audit.metrics, id);
        if (layers) tb_printf(b, "- `%s`: %.0f layers; %s\n", e[i].model, value_of(layers), layers->description);
    }
    if (ctx && !ctx->na) tb_printf(b, "\nKV cache: %.0f positions.", ctx->value);
    tb_printf(b, "\n\n");
    tb_printf(b, "| model | format (kernels) | threads | pp tok/s | tg tok/s | tg x baseline | tg bound "
                 "tok/s (bytes/token) | %% of bound | projection error %% | extrapolation error %% | "
                 "tg split %% (matmul / attention / norms / other) |\n");
    tb_printf(b, "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (size_t i = 0; i < n; i++) {
        const metric *measured = of_case(r, &e[i], "measured");
        if (!measured || measured->na || measured->value != 1) continue;
        for (int t = 1; t <= 256; t++)
            if (of_series(r, &e[i], "tg", t, "tok_s")) row(b, r, &e[i], t);
    }
    tb_printf(b, "\n");
    bool any = false;
    for (size_t i = 0; i < n; i++) {
        const metric *measured = of_case(r, &e[i], "measured");
        if (!measured || (!measured->na && measured->value == 1)) continue;
        if (!any) tb_printf(b, "Not run:\n\n");
        any = true;
        tb_printf(b, "- %s\n", measured->description); /* "<model> <format> (<kernels>): why" */
    }
    if (any) tb_printf(b, "\n");
    free(e);
}
