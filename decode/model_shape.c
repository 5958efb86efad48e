#include "model_shape.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/error.h"

const char *const decode_matrix_names[MAT_COUNT] = {
    "q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj", "lm_head"};

int decode_matrix_role_of(const char *name) {
    for (int r = 0; r < MAT_COUNT; r++)
        if (strcmp(decode_matrix_names[r], name) == 0) return r;
    return -1;
}

int decode_shape_from_config(const model_config *m, decode_shape *out, char *err, size_t len) {
    memset(out, 0, sizeof *out);
    if (!m->has_architecture) {
        snprintf(err, len, "%s: model '%s' has no architecture (hidden, layers, ...): the decode "
                           "needs one", m->path, m->id);
        return Q35_ERR_INPUT;
    }
    static const char *const needed[] = {"rope_theta", "norm_eps", NULL};
    for (int i = 0; needed[i]; i++)
        if (!figures_get(&m->figs, needed[i])) {
            snprintf(err, len, "%s: model '%s' lacks %s in [figures] (the decode needs it)",
                     m->path, m->id, needed[i]);
            return Q35_ERR_INPUT;
        }
    const figure_set *f = &m->figs;
    out->layers = (size_t)figures_value(f, "layers");
    out->hidden = (size_t)figures_value(f, "hidden");
    out->ffn = (size_t)figures_value(f, "intermediate");
    out->heads = (size_t)figures_value(f, "heads");
    out->kv_heads = (size_t)figures_value(f, "kv_heads");
    out->head_dim = (size_t)figures_value(f, "head_dim");
    out->vocab = (size_t)figures_value(f, "vocab");
    out->rope_theta = figures_value(f, "rope_theta");
    out->norm_eps = figures_value(f, "norm_eps");
    static const char *const whole[] = {"layers", "hidden", "intermediate", "heads",
                                        "kv_heads", "head_dim", "vocab", NULL};
    for (int i = 0; whole[i]; i++) {
        double v = figures_value(f, whole[i]);
        if (v != floor(v)) {
            snprintf(err, len, "%s:%d: %s must be a whole number for the decode, got %g", m->path,
                     figures_get(f, whole[i])->line, whole[i], v);
            return Q35_ERR_INPUT;
        }
    }
    if (out->heads % out->kv_heads || out->head_dim % 2) {
        snprintf(err, len, "%s: heads (%zu) must be a multiple of kv_heads (%zu) and head_dim "
                           "(%zu) even for the decode", m->path, out->heads, out->kv_heads,
                 out->head_dim);
        return Q35_ERR_INPUT;
    }
    out->q_dim = out->heads * out->head_dim;
    out->kv_dim = out->kv_heads * out->head_dim;
    snprintf(out->id, sizeof out->id, "%s", m->id);
    snprintf(out->name, sizeof out->name, "%s", m->name);
    snprintf(out->path, sizeof out->path, "%s", m->path);
    return 0;
}

int decode_shape_load(const char *models_dir, const char *id, decode_shape *out, char *err,
                      size_t len) {
    char path[1024];
    snprintf(path, sizeof path, "%s/%s.ini", models_dir, id);
    model_config *m = malloc(sizeof *m); /* large: every figure with its source */
    if (!m) return snprintf(err, len, "out of memory"), Q35_ERR_NOMEM;
    int rc = model_config_load(path, m, err, len);
    if (!rc && strcmp(m->id, id) != 0) {
        snprintf(err, len, "%s: its [model] id is '%s', not '%s' (the file name)", path, m->id, id);
        rc = 2;
    }
    if (!rc) rc = decode_shape_from_config(m, out, err, len);
    free(m);
    return rc;
}

void decode_matrix_dims(const decode_shape *s, decode_matrix_role r, size_t *n, size_t *k) {
    switch (r) {
    case MAT_Q: *n = s->q_dim, *k = s->hidden; break;
    case MAT_K:
    case MAT_V: *n = s->kv_dim, *k = s->hidden; break;
    case MAT_O: *n = s->hidden, *k = s->q_dim; break;
    case MAT_GATE:
    case MAT_UP: *n = s->ffn, *k = s->hidden; break;
    case MAT_DOWN: *n = s->hidden, *k = s->ffn; break;
    default: *n = s->vocab, *k = s->hidden; break;
    }
}

size_t decode_matrix_count(const decode_shape *s, decode_matrix_role r) {
    return r == MAT_LM_HEAD ? 1 : s->layers;
}

double decode_matrix_weights(const decode_shape *s) {
    double w = 0;
    for (int r = 0; r < MAT_COUNT; r++) {
        size_t n, k;
        decode_matrix_dims(s, (decode_matrix_role)r, &n, &k);
        w += (double)n * (double)k * (double)decode_matrix_count(s, (decode_matrix_role)r);
    }
    return w;
}
