#include "decode_config.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/config_schema.h"
#include "base/config_values.h"
#include "base/ini_file.h"
#include "kernels/registry.h"
#include "base/error.h"

/* What the parser keeps until the end of the file: [models] may name formats defined
 * below it, so they are resolved last. */
typedef struct parse_state {
    decode_config *cfg;
    char model_formats[DECODE_MAX_MODELS][512];
    bool seen_decode;
    int baseline_line;
} parse_state;

static int parse_threads(const char *value, decode_config *cfg, char *why, size_t len) {
    cv_list l;
    if (cv_split(value, &l, why, len)) return -1;
    int rc = 0;
    cfg->n_threads = 0;
    if (l.n > DECODE_MAX_THREADS) {
        snprintf(why, len, "at most %d thread counts, got %zu", DECODE_MAX_THREADS, l.n);
        rc = -1;
    }
    for (size_t i = 0; !rc && i < l.n; i++) {
        uint64_t t;
        rc = cv_u64(l.items[i], 1, 256, &t, why, len);
        for (size_t j = 0; !rc && j < cfg->n_threads; j++)
            if (cfg->threads[j] == (int)t) {
                snprintf(why, len, "thread count %d is listed twice", (int)t);
                rc = -1;
            }
        if (!rc) cfg->threads[cfg->n_threads++] = (int)t;
    }
    cv_list_free(&l);
    return rc;
}

static int parse_threads_key(void *target, const char *value, char *why, size_t len) {
    return parse_threads(value, target, why, len);
}

static int parse_kv_cache(void *target, const char *value, char *why, size_t len) {
    static const char *const kinds[] = {"f32", "f16", NULL};
    int i = cv_choice(value, kinds, why, len);
    if (i < 0) return -1;
    ((decode_config *)target)->kv_fp16 = i == 1;
    return 0;
}

static int parse_too_big(void *target, const char *value, char *why, size_t len) {
    static const char *const choices[] = {"refuse", "skip", NULL};
    int i = cv_choice(value, choices, why, len);
    if (i < 0) return -1;
    ((decode_config *)target)->skip_too_big = i == 1;
    return 0;
}

/* The [decode] section. */
static const cfg_key decode_keys[] = {
    {"models_dir", CFG_TEXT, offsetof(decode_config, models_dir), 512, .max = 1,
     .def = "configs/models", .help = "folder of the model configs"},
    {"threads", CFG_CUSTOM, .parse = parse_threads_key, .def = "1", .help = "thread counts"},
    {"pp", CFG_SIZE, offsetof(decode_config, pp), .min = 1, .max = 65536, .def = "16",
     .help = "prompt tokens processed in one batch"},
    {"tg", CFG_SIZE, offsetof(decode_config, tg), .min = 1, .max = 65536, .def = "8",
     .help = "tokens generated one at a time"},
    {"repetitions", CFG_INT, offsetof(decode_config, repetitions), .min = 1, .max = 1000,
     .def = "5", .help = "timed repetitions"},
    {"warmup", CFG_INT, offsetof(decode_config, warmup), .max = 1000, .def = "1",
     .help = "untimed runs first"},
    {"kv_cache", CFG_CUSTOM, .parse = parse_kv_cache, .def = "f16", .help = "f32 or f16"},
    {"seed", CFG_U64, offsetof(decode_config, seed), .max = 18446744073709551615.0, .def = "42",
     .help = "seed of the generated weights"},
    {"memory_limit_gib", CFG_DOUBLE, offsetof(decode_config, memory_limit_bytes), .min = 0.001,
     .max = 1e6, .scale = 1073741824.0, .help = "largest model held, GiB (default: no limit)"},
    {"too_big", CFG_CUSTOM, .parse = parse_too_big, .def = "refuse",
     .help = "refuse or skip a model over the limit"},
    {"baseline", CFG_NAME, offsetof(decode_config, baseline), 64,
     .help = "the format the others are compared with"},
    {0},
};

static int add_candidate(decode_candidates *c, const char *name, char *why, size_t len) {
    const kernel *k = kernel_find(name);
    if (!k) {
        size_t used = (size_t)snprintf(why, len, "unknown kernel '%s'; the registry has", name);
        for (size_t i = 0; i < kernel_count() && used < len; i++)
            used += (size_t)snprintf(why + used, len - used, " %s", kernel_at(i)->name);
        return -1;
    }
    for (size_t i = 0; i < c->n; i++)
        if (c->k[i] == k) return snprintf(why, len, "kernel '%s' is listed twice", name), -1;
    if (c->n == DECODE_MAX_CANDIDATES)
        return snprintf(why, len, "at most %d kernels per matrix role", DECODE_MAX_CANDIDATES), -1;
    c->k[c->n++] = k;
    return 0;
}

/* "k1, k2, lm_head: k3": bare kernels are candidates for every role; ROLE: KERNEL items
 * replace them for that role. */
static int parse_format(decode_format *f, const char *value, char *why, size_t len) {
    cv_list l;
    if (cv_split(value, &l, why, len)) return -1;
    decode_candidates all = {{0}, 0}, own[MAT_COUNT];
    memset(own, 0, sizeof own);
    int rc = 0;
    for (size_t i = 0; !rc && i < l.n; i++) {
        char *item = l.items[i], *colon = strchr(item, ':');
        if (!colon) {
            rc = add_candidate(&all, item, why, len);
            continue;
        }
        *colon = '\0';
        char *role_name = item, *kname = colon + 1;
        while (*kname == ' ' || *kname == '\t') kname++;
        size_t rl = strlen(role_name);
        while (rl && (role_name[rl - 1] == ' ' || role_name[rl - 1] == '\t')) role_name[--rl] = '\0';
        int r = decode_matrix_role_of(role_name);
        if (r < 0) {
            snprintf(why, len, "unknown matrix role '%s'; expected q_proj, k_proj, v_proj, "
                               "o_proj, gate_proj, up_proj, down_proj or lm_head", role_name);
            rc = -1;
        } else {
            rc = add_candidate(&own[r], kname, why, len);
        }
    }
    for (int r = 0; !rc && r < MAT_COUNT; r++) {
        f->role[r] = own[r].n ? own[r] : all;
        if (!f->role[r].n) {
            snprintf(why, len, "no kernel for %s: give at least one kernel for every matrix "
                               "(e.g. 'q35d_simd' or 'q35d_simd, lm_head: f32_blas')",
                     decode_matrix_names[r]);
            rc = -1;
        }
    }
    cv_list_free(&l);
    return rc;
}

static int on_section(void *user, const char *section, int line, char *why, size_t len) {
    parse_state *ps = user;
    (void)line;
    if (strcmp(section, "decode") == 0) {
        ps->seen_decode = true;
        return 0;
    }
    if (strcmp(section, "formats") == 0 || strcmp(section, "models") == 0) return 0;
    snprintf(why, len, "unknown section [%s]; expected [decode], [formats] or [models]", section);
    return -1;
}

static int on_entry(void *user, const char *section, const char *key, const char *value,
                    int line, char *why, size_t len) {
    parse_state *ps = user;
    decode_config *cfg = ps->cfg;
    if (strcmp(section, "decode") == 0) {
        if (strcmp(key, "baseline") == 0) ps->baseline_line = line;
        return cfg_set(decode_keys, cfg, "decode", key, value, why, len);
    }
    if (strcmp(section, "formats") == 0) {
        if (cfg->n_formats == DECODE_MAX_FORMATS)
            return snprintf(why, len, "at most %d formats", DECODE_MAX_FORMATS), -1;
        decode_format *f = &cfg->formats[cfg->n_formats];
        memset(f, 0, sizeof *f);
        if (!*key || strlen(key) >= sizeof f->name ||
            strspn(key, "abcdefghijklmnopqrstuvwxyz0123456789_-") != strlen(key))
            return snprintf(why, len, "a format name of 1 to %zu characters from a-z 0-9 _ -, "
                                      "got '%s'", sizeof f->name - 1, key), -1;
        if (strcmp(key, "all") == 0) return snprintf(why, len, "'all' is reserved"), -1;
        snprintf(f->name, sizeof f->name, "%s", key);
        if (strlen(value) >= sizeof f->spec)
            return snprintf(why, len, "a format line of at most %zu characters", sizeof f->spec - 1), -1;
        snprintf(f->spec, sizeof f->spec, "%s", value);
        f->line = line;
        if (parse_format(f, value, why, len)) return -1;
        cfg->n_formats++;
        return 0;
    }
    /* [models] */
    if (cfg->n_models == DECODE_MAX_MODELS)
        return snprintf(why, len, "at most %d models", DECODE_MAX_MODELS), -1;
    decode_model_entry *m = &cfg->models[cfg->n_models];
    memset(m, 0, sizeof *m);
    if (!*key || strlen(key) >= sizeof m->id ||
        strspn(key, "abcdefghijklmnopqrstuvwxyz0123456789-") != strlen(key))
        return snprintf(why, len, "a model id of 1 to %zu characters from a-z 0-9 -, got '%s'",
                        sizeof m->id - 1, key), -1;
    if (strlen(value) >= sizeof ps->model_formats[0])
        return snprintf(why, len, "a list of at most %zu characters", sizeof ps->model_formats[0] - 1), -1;
    snprintf(m->id, sizeof m->id, "%s", key);
    m->line = line;
    snprintf(ps->model_formats[cfg->n_models], sizeof ps->model_formats[0], "%s", value);
    cfg->n_models++;
    return 0;
}

/* Resolves each model's format names against [formats]. */
static int resolve_models(parse_state *ps, const char *label, char *err, size_t len) {
    decode_config *cfg = ps->cfg;
    for (size_t i = 0; i < cfg->n_models; i++) {
        decode_model_entry *m = &cfg->models[i];
        if (strcmp(ps->model_formats[i], "all") == 0) {
            for (size_t f = 0; f < cfg->n_formats; f++) m->formats[m->n_formats++] = f;
            continue;
        }
        cv_list l;
        char why[300];
        if (cv_split(ps->model_formats[i], &l, why, sizeof why)) {
            snprintf(err, len, "%s:%d: %s", label, m->line, why);
            return Q35_ERR_INPUT;
        }
        int rc = 0;
        for (size_t j = 0; !rc && j < l.n; j++) {
            size_t f = 0;
            while (f < cfg->n_formats && strcmp(cfg->formats[f].name, l.items[j]) != 0) f++;
            bool twice = false;
            for (size_t q = 0; q < m->n_formats; q++) twice |= m->formats[q] == f;
            if (f == cfg->n_formats || twice) {
                snprintf(err, len, "%s:%d: format '%s' %s", label, m->line, l.items[j],
                         twice ? "is listed twice" : "is not defined in [formats]");
                rc = 2;
            } else {
                m->formats[m->n_formats++] = f;
            }
        }
        cv_list_free(&l);
        if (rc) return rc;
    }
    return 0;
}

static int set_defaults(decode_config *cfg, const char *label, char *err, size_t len) {
    memset(cfg, 0, sizeof *cfg);
    snprintf(cfg->path, sizeof cfg->path, "%s", label);
    cfg->memory_limit_bytes = INFINITY; /* no limit: not a value a file can write */
    return cfg_defaults(decode_keys, cfg, err, len) ? Q35_ERR_INPUT : Q35_OK;
}

static int finish(parse_state *ps, const char *label, int n_lines, char *err, size_t len) {
    decode_config *cfg = ps->cfg;
    if (!ps->seen_decode) {
        snprintf(err, len, "%s:%d: no [decode] section", label, n_lines);
        return Q35_ERR_INPUT;
    }
    if (!cfg->n_formats || !cfg->n_models) {
        snprintf(err, len, "%s:%d: %s", label, n_lines,
                 !cfg->n_formats ? "no format: give a [formats] section with at least one line"
                                 : "no model: give a [models] section with at least one line");
        return Q35_ERR_INPUT;
    }
    bool known = !cfg->baseline[0];
    for (size_t f = 0; f < cfg->n_formats; f++) known |= strcmp(cfg->formats[f].name, cfg->baseline) == 0;
    if (!known) {
        snprintf(err, len, "%s:%d: baseline '%s' is not defined in [formats]", label, ps->baseline_line,
                 cfg->baseline);
        return Q35_ERR_INPUT;
    }
    return resolve_models(ps, label, err, len);
}

int decode_config_load_text(const char *text, const char *label, decode_config *cfg, char *err,
                            size_t len) {
    if (set_defaults(cfg, label, err, len)) return Q35_ERR_INPUT;
    parse_state ps = {.cfg = cfg};
    ini_callbacks cb = {on_section, on_entry};
    int n_lines = 0;
    int ini_rc = ini_load_text(text, label, &cb, &ps, &n_lines, err, len);
    if (ini_rc) return ini_rc; /* bad input or out of memory */
    return finish(&ps, label, n_lines, err, len);
}

int decode_config_load(const char *path, decode_config *cfg, char *err, size_t len) {
    if (set_defaults(cfg, path, err, len)) return Q35_ERR_INPUT;
    parse_state ps = {.cfg = cfg};
    ini_callbacks cb = {on_section, on_entry};
    int n_lines = 0;
    int ini_rc = ini_load_file(path, &cb, &ps, &n_lines, err, len);
    if (ini_rc) return ini_rc; /* bad input or out of memory */
    return finish(&ps, path, n_lines, err, len);
}

size_t decode_config_context(const decode_config *cfg) {
    return cfg->pp > cfg->tg ? cfg->pp : cfg->tg;
}
