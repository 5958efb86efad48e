#include "model_config.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "base/config_schema.h"
#include "base/config_values.h"
#include "base/ini_file.h"
#include "base/error.h"

const figure_spec model_figure_specs[] = {
    {"parameters", 1, 1e15, false, "parameter count"},
    {"hidden", 1, 1e7, false, "hidden size"},
    {"intermediate", 1, 1e8, false, "feed-forward intermediate size"},
    {"layers", 1, 1e5, false, "decoder layers"},
    {"heads", 1, 1e5, false, "attention (query) heads"},
    {"kv_heads", 1, 1e5, false, "key/value heads"},
    {"head_dim", 1, 1e5, false, "dimension per head"},
    {"vocab", 1, 1e8, false, "vocabulary size"},
    {"tied_embeddings", 0, 1, false, "1 when the LM head shares the embedding matrix"},
    {"kv_bytes_per_value", 0.125, 8, false, "bytes per stored key or value element"},
    {"norm_bytes_per_value", 0.125, 8, false, "bytes per norm weight in every format"},
    {"reference_k", 1, 1e8, false, "row length K for per-channel parameters (no architecture)"},
    {"rope_theta", 1, 1e10, false, "RoPE base frequency (the decode step needs it)"},
    {"norm_eps", 1e-12, 0.1, false, "RMSNorm epsilon (the decode step needs it)"},
    {NULL, 0, 0, false, NULL},
};

static const char *const arch_names[] = {"hidden", "intermediate", "layers", "heads",
                                         "kv_heads", "head_dim", "vocab", "tied_embeddings",
                                         "kv_bytes_per_value", "norm_bytes_per_value", NULL};

static int on_section(void *user, const char *section, int line, char *why, size_t len) {
    model_config *m = user;
    if (strcmp(section, "model") == 0) return 0;
    if (strcmp(section, "figures") == 0) {
        m->figs.section_line = line;
        return 0;
    }
    snprintf(why, len, "unknown section [%s]; expected [model] or [figures]", section);
    return -1;
}

static int parse_id(void *target, const char *value, char *why, size_t len) {
    model_config *m = target;
    return cv_id(value, m->id, sizeof m->id, why, len);
}

static int parse_project(void *target, const char *value, char *why, size_t len) {
    static const char *const yes_no[] = {"yes", "no", NULL};
    int c = cv_choice(value, yes_no, why, len);
    if (c < 0) return -1;
    ((model_config *)target)->skip_projection = c == 1;
    return 0;
}

/* The [model] section; [figures] is model_figure_specs. */
static const cfg_key model_keys[] = {
    {"id", CFG_CUSTOM, .parse = parse_id, .help = "a-z 0-9 -, the file's name (required)"},
    {"name", CFG_TEXT, offsetof(model_config, name), sizeof ((model_config *)0)->name,
     .max = 1, .help = "the model's name (required)"},
    {"notes", CFG_TEXT, offsetof(model_config, notes), sizeof ((model_config *)0)->notes,
     .max = 1, .help = "one line"},
    {"project", CFG_CUSTOM, .parse = parse_project, .def = "yes",
     .help = "yes, or no to leave it out of the projection"},
    {0},
};

static int on_entry(void *user, const char *section, const char *key, const char *value,
                    int line, char *why, size_t len) {
    model_config *m = user;
    if (strcmp(section, "figures") == 0) return figures_entry(&m->figs, key, value, line, why, len);
    return cfg_set(model_keys, m, "model", key, value, why, len);
}

static void add(model_config *m, const char *name, double n, double k, double count,
                bool per_token) {
    m->matrices[m->n_matrices++] = (model_matrix){name, n, k, count, per_token};
}

static int derive(model_config *m, const char *label, int n_lines, char *err, size_t len) {
    const figure_set *f = &m->figs;
    int present = 0, total = 0;
    const char *missing = NULL;
    for (int i = 0; arch_names[i]; i++, total++) {
        if (figures_get(f, arch_names[i])) present++;
        else if (!missing) missing = arch_names[i];
    }
    int where = f->section_line ? f->section_line : n_lines;
    if (present && present < total) {
        snprintf(err, len, "%s:%d: the architecture is incomplete: '%s' is missing (give all of "
                           "hidden, intermediate, layers, heads, kv_heads, head_dim, vocab, "
                           "tied_embeddings, kv_bytes_per_value, norm_bytes_per_value, or none)",
                 label, where, missing);
        return Q35_ERR_INPUT;
    }
    m->has_architecture = present == total;
    if (!m->has_architecture) {
        if (!figures_get(f, "reference_k")) {
            snprintf(err, len, "%s:%d: a model without an architecture needs reference_k (the "
                               "row length per-channel scales are counted over)", label, where);
            return Q35_ERR_INPUT;
        }
        return 0;
    }
    double h = figures_value(f, "hidden"), inter = figures_value(f, "intermediate"),
           layers = figures_value(f, "layers"), heads = figures_value(f, "heads"),
           kvh = figures_value(f, "kv_heads"), hd = figures_value(f, "head_dim"),
           vocab = figures_value(f, "vocab"), tied = figures_value(f, "tied_embeddings"),
           kvb = figures_value(f, "kv_bytes_per_value");
    const double q = heads * hd, kv = kvh * hd;
    add(m, "q_proj", q, h, layers, true);
    add(m, "k_proj", kv, h, layers, true);
    add(m, "v_proj", kv, h, layers, true);
    add(m, "o_proj", h, q, layers, true);
    add(m, "gate_proj", inter, h, layers, true);
    add(m, "up_proj", inter, h, layers, true);
    add(m, "down_proj", h, inter, layers, true);
    add(m, "lm_head", vocab, h, 1, true);
    /* The embedding table: one row is read per token (counted separately) */
    if (tied == 0) add(m, "embed_tokens", vocab, h, 1, false);
    m->norm_values = (2.0 * layers + 1.0) * h;
    double params = m->norm_values;
    for (size_t i = 0; i < m->n_matrices; i++)
        params += m->matrices[i].n * m->matrices[i].k * m->matrices[i].count;
    m->derived_parameters = params;
    m->kv_bytes_per_context_token = 2.0 * layers * kv * kvb;
    /* QK^T and PV: 2 x 2 x heads x head_dim flops per layer and context position */
    m->attention_flops_per_context_token = 4.0 * layers * q;
    const figure *p = figures_get(f, "parameters");
    if (fabs(params - p->value) > 0.5) {
        snprintf(err, len, "%s:%d: parameters = %.0f, but the architecture gives %.0f (check "
                           "the figures or the count)", label, p->line, p->value, params);
        return Q35_ERR_INPUT;
    }
    return 0;
}

static int finish(model_config *m, const char *label, int n_lines, char *err, size_t len) {
    if (!m->id[0] || !m->name[0]) {
        snprintf(err, len, "%s:%d: [model] needs '%s'", label, n_lines, !m->id[0] ? "id" : "name");
        return Q35_ERR_INPUT;
    }
    if (figures_finish(&m->figs, label, err, len)) return Q35_ERR_INPUT;
    if (!figures_get(&m->figs, "parameters")) {
        snprintf(err, len, "%s:%d: [figures] needs 'parameters'", label,
                 m->figs.section_line ? m->figs.section_line : n_lines);
        return Q35_ERR_INPUT;
    }
    return derive(m, label, n_lines, err, len);
}

int model_config_load_text(const char *text, const char *label, model_config *m, char *err,
                           size_t len) {
    memset(m, 0, sizeof *m);
    snprintf(m->path, sizeof m->path, "%s", label);
    figures_init(&m->figs, model_figure_specs);
    if (cfg_defaults(model_keys, m, err, len)) return Q35_ERR_INPUT;
    ini_callbacks cb = {on_section, on_entry};
    int n_lines = 0;
    int ini_rc = ini_load_text(text, label, &cb, m, &n_lines, err, len);
    if (ini_rc) return ini_rc; /* bad input or out of memory */
    return finish(m, label, n_lines, err, len);
}

int model_config_load(const char *path, model_config *m, char *err, size_t len) {
    memset(m, 0, sizeof *m);
    snprintf(m->path, sizeof m->path, "%s", path);
    figures_init(&m->figs, model_figure_specs);
    if (cfg_defaults(model_keys, m, err, len)) return Q35_ERR_INPUT;
    ini_callbacks cb = {on_section, on_entry};
    int n_lines = 0;
    int ini_rc = ini_load_file(path, &cb, m, &n_lines, err, len);
    if (ini_rc) return ini_rc; /* bad input or out of memory */
    return finish(m, path, n_lines, err, len);
}
