#include "qconfig.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/config_schema.h"
#include "base/config_values.h"
#include "base/ini_file.h"
#include "base/error.h"

#define MAX_THREADS 1024
#define MAX_ROWS (1u << 20)
#define MAX_BATCH 4096
#define MAX_GROUP (1u << 20)

/* Names resolved once the whole file is read: value text and its line. */
typedef struct raw_ref {
    char text[QC_TEXT_LEN];
    int line;
} raw_ref;

typedef struct load_state {
    quality_config *cfg;
    const char *label;
    bool has_quality, has_name, has_shapes;
    int quality_line;
    raw_ref seed_shapes, seed_dist, seed_schemes, dequant, q35d_check, references;
    raw_ref sweep_scheme[QC_MAX_SWEEPS], sweep_dist[QC_MAX_SWEEPS], sweep_shape[QC_MAX_SWEEPS];
    bool scheme_has_bits[QC_MAX_SCHEMES], scheme_has_type[QC_MAX_SCHEMES];
    bool dist_has_kind[QC_MAX_DISTS];
    bool sweep_has[QC_MAX_SWEEPS][4]; /* groups, scale_types, scales, search */
    enum { SEC_NONE, SEC_QUALITY, SEC_SHAPES, SEC_DIST, SEC_SCHEME, SEC_SWEEP } sec;
} load_state;

static const char *const kind_names[] = {"normal", "student_t", "outlier_channels", NULL};
static const char *const type_names[] = {"uniform", "fp16", "bf16", NULL};
/* kernels/kernel.h's name tables without their "default" (a scheme states every choice):
 * index 0 is the enum's value 1. */
#define symmetry_names (quant_symmetry_names + 1)
#define scales_names (quant_scales_names + 1)
#define scale_type_names (quant_scale_type_names + 1)
static const char *const search_names[] = {"none", "mse", NULL};

const char *qconfig_dist_kind_name(qd_kind k) { return kind_names[k]; }
const char *qconfig_scheme_type_name(qs_type t) { return type_names[t]; }

static int set_ref(raw_ref *r, const char *value, int line, char *why, size_t len) {
    if (strlen(value) >= sizeof r->text) {
        snprintf(why, len, "value too long (at most %zu characters)", sizeof r->text - 1);
        return -1;
    }
    snprintf(r->text, sizeof r->text, "%s", value);
    r->line = line;
    return 0;
}

/* An id of a section or shape: lower-case [a-z0-9_] as metric id tokens need. */
static int section_id(const char *s, char *out, char *why, size_t len) {
    if (cv_name(s, out, QC_NAME_LEN, why, len)) return -1;
    if (strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(s)) {
        snprintf(why, len, "expected an id of lower-case letters, digits and '_' (it becomes "
                           "part of metric ids), got '%s'", s);
        return -1;
    }
    return 0;
}

static int named_section(const char *section, const char *word, const char **name) {
    size_t n = strlen(word);
    if (strncmp(section, word, n) != 0 || (section[n] != ' ' && section[n] != '\t')) return 0;
    const char *p = section + n;
    while (*p == ' ' || *p == '\t') p++;
    *name = p;
    return 1;
}

/* Names of other sections (shapes, distributions, schemes): resolved once the whole file
 * is read, so only their presence is checked here. */
static int parse_ref(void *target, const char *value, char *why, size_t len) {
    (void)target;
    if (*value) return 0;
    snprintf(why, len, "expected a value");
    return -1;
}

#define STR_(x) #x
#define STR(x) STR_(x)

/* The [quality] section. */
static const cfg_key quality_keys[] = {
    {"name", CFG_NAME, offsetof(quality_config, name), QC_NAME_LEN,
     .help = "the suite's name (required)"},
    {"description", CFG_TEXT, offsetof(quality_config, description), QC_TEXT_LEN,
     .help = "one line"},
    {"seed", CFG_U64, offsetof(quality_config, seed), .max = 18446744073709551615.0, .def = "42",
     .help = "seed of the generated weights"},
    {"threads", CFG_INT, offsetof(quality_config, threads), .max = MAX_THREADS, .def = "0",
     .help = "threads (0: all online CPUs)"},
    {"output_rows", CFG_SIZE, offsetof(quality_config, output_rows), .min = 1, .max = MAX_ROWS,
     .def = "512", .help = "rows of W whose outputs are compared"},
    {"output_batch", CFG_SIZE, offsetof(quality_config, output_batch), .min = 1,
     .max = MAX_BATCH, .def = "4", .help = "activation vectors per output comparison"},
    {"quick_columns", CFG_SIZE, offsetof(quality_config, quick_columns), .min = 1,
     .max = MAX_ROWS, .def = "256", .help = "--quick: columns subsampled"},
    {"quick_output_rows", CFG_SIZE, offsetof(quality_config, quick_output_rows), .min = 1,
     .max = MAX_ROWS, .def = "64", .help = "--quick: output rows"},
    {"peer_rows", CFG_SIZE, offsetof(quality_config, peer_rows), .max = MAX_ROWS, .def = "0",
     .help = "rows quantized by the llama.cpp peers (0: all)"},
    {"quick_peer_rows", CFG_SIZE, offsetof(quality_config, quick_peer_rows), .max = MAX_ROWS,
     .def = "0", .help = "--quick: rows of the peers"},
    {"seed_shapes", CFG_CUSTOM, .parse = parse_ref, .help = "shapes of the seeds' tables"},
    {"seed_distribution", CFG_CUSTOM, .parse = parse_ref, .help = "their distribution"},
    {"seed_schemes", CFG_CUSTOM, .parse = parse_ref, .help = "their schemes"},
    {"dequant_scheme", CFG_CUSTOM, .parse = parse_ref, .help = "scheme of the dequant check"},
    {"q35d_check", CFG_CUSTOM, .parse = parse_ref, .help = "q35 and q35d give the same numbers"},
    {"references", CFG_CUSTOM, .parse = parse_ref, .help = "llama.cpp's published errors"},
    {"search_steps", CFG_INT, offsetof(quality_config, search.steps), .max = 1000,
     .def = STR(QUANT_SEARCH_DEFAULT_STEPS), .help = "steps of the scale search"},
    {"search_min_ratio", CFG_DOUBLE, offsetof(quality_config, search.min_ratio), .min = 0.05,
     .max = 0.99, .def = STR(QUANT_SEARCH_DEFAULT_MIN_RATIO),
     .help = "smallest scale the search tries, as a fraction"},
    {0},
};

static int quality_entry(load_state *st, const char *key, const char *value, int line,
                         char *why, size_t len) {
    if (cfg_set(quality_keys, st->cfg, "quality", key, value, why, len)) return -1;
    if (strcmp(key, "name") == 0) st->has_name = true;
    const struct {
        const char *key;
        void *ref;
    } refs[] = {{"seed_shapes", &st->seed_shapes},   {"seed_distribution", &st->seed_dist},
                {"seed_schemes", &st->seed_schemes}, {"dequant_scheme", &st->dequant},
                {"q35d_check", &st->q35d_check},     {"references", &st->references}};
    for (size_t i = 0; i < sizeof refs / sizeof refs[0]; i++)
        if (strcmp(key, refs[i].key) == 0) return set_ref(refs[i].ref, value, line, why, len);
    return 0;
}

static int shape_entry(load_state *st, const char *key, const char *value, int line, char *why,
                       size_t len) {
    quality_config *cfg = st->cfg;
    if (cfg->n_shapes == QC_MAX_SHAPES) {
        snprintf(why, len, "too many shapes (at most %d)", QC_MAX_SHAPES);
        return -1;
    }
    qc_shape *s = &cfg->shapes[cfg->n_shapes];
    if (section_id(key, s->id, why, len)) return -1;
    if (cv_shape(value, &s->n, &s->k, why, len)) return -1;
    if (s->k > QC_MAX_K) {
        snprintf(why, len, "K = %zu is too long: rows are processed whole, at most %d weights",
                 s->k, QC_MAX_K);
        return -1;
    }
    s->line = line;
    cfg->n_shapes++;
    return 0;
}

/* The parsers of the tables' CFG_CUSTOM keys: each writes the section's struct. */
static int parse_dof(void *target, const char *value, char *why, size_t len) {
    uint64_t v;
    if (cv_u64(value, 2, 64, &v, why, len) || (v & 1)) {
        snprintf(why, len, "expected an even number of degrees of freedom from 2 to 64 "
                           "(chi-square drawn as a sum of exponentials), got '%s'", value);
        return -1;
    }
    ((qc_dist *)target)->dof = (int)v;
    return 0;
}

_Static_assert(sizeof(qd_kind) == sizeof(int), "CFG_CHOICE stores an int");

/* A [distribution ID] section. */
static const cfg_key dist_keys[] = {
    {"kind", CFG_CHOICE, offsetof(qc_dist, kind), .choices = kind_names,
     .help = "normal, student_t or outlier_channels (required)"},
    {"dof", CFG_CUSTOM, .parse = parse_dof, .def = "4",
     .help = "student_t: even degrees of freedom, 2 to 64"},
    {"outlier_fraction", CFG_DOUBLE, offsetof(qc_dist, outlier_fraction), .min = 1e-6,
     .max = 0.5, .def = "0.001", .help = "outlier_channels: fraction of the input channels"},
    {"outlier_scale", CFG_DOUBLE, offsetof(qc_dist, outlier_scale), .min = 1.0, .max = 1e4,
     .def = "10", .help = "outlier_channels: their weights are multiplied by this"},
    {"description", CFG_TEXT, offsetof(qc_dist, description), QC_TEXT_LEN, .help = "one line"},
    {0},
};

static int dist_entry(load_state *st, const char *key, const char *value, char *why, size_t len) {
    quality_config *cfg = st->cfg;
    qc_dist *d = &cfg->dists[cfg->n_dists - 1];
    char section[QC_NAME_LEN + 16];
    snprintf(section, sizeof section, "distribution %s", d->id);
    if (cfg_set(dist_keys, d, section, key, value, why, len)) return -1;
    if (strcmp(key, "kind") == 0) st->dist_has_kind[cfg->n_dists - 1] = true;
    return 0;
}

static int bits_value(const char *value, quant_scheme *q, char *why, size_t len) {
    cv_list l;
    if (cv_split(value, &l, why, len)) return -1;
    uint64_t b[2] = {0, 0};
    size_t count = l.n;
    int rc = 0;
    if (count < 1 || count > 2) rc = -1;
    for (size_t i = 0; rc == 0 && i < count; i++)
        if (cv_u64(l.items[i], 2, 8, &b[i], why, len)) rc = -1;
    cv_list_free(&l);
    if (rc) {
        snprintf(why, len, "expected a code width from 2 to 8 bits, or two of them for even and "
                           "odd positions such as '4, 3', got '%s'", value);
        return -1;
    }
    q->bits_even = (int)b[0];
    q->bits_odd = (int)(count == 2 ? b[1] : b[0]);
    return 0;
}

/* "channel" or an even group size: 0 stands for a group spanning the whole row. */
static int group_value(const char *value, size_t *out, char *why, size_t len) {
    uint64_t g;
    if (strcmp(value, "channel") == 0) {
        *out = 0;
        return 0;
    }
    if (cv_u64(value, 2, MAX_GROUP, &g, why, len) || (g & 1)) {
        snprintf(why, len, "expected 'channel' or an even group size from 2 to %u, got '%s'",
                 MAX_GROUP, value);
        return -1;
    }
    *out = (size_t)g;
    return 0;
}

static int parse_bits(void *target, const char *value, char *why, size_t len) {
    return bits_value(value, &((qc_scheme *)target)->q, why, len);
}

static int parse_group(void *target, const char *value, char *why, size_t len) {
    return group_value(value, &((qc_scheme *)target)->q.group, why, len);
}

/* A choice stored as a bool: true when the value is choices[when]. */
static int choice_bool(const char *value, const char *const *choices, int when, bool *out,
                       char *why, size_t len) {
    int c = cv_choice(value, choices, why, len);
    if (c < 0) return -1;
    *out = c == when;
    return 0;
}

static int parse_symmetry(void *target, const char *value, char *why, size_t len) {
    return choice_bool(value, symmetry_names, 0, &((qc_scheme *)target)->q.symmetric, why, len);
}
static int parse_scales(void *target, const char *value, char *why, size_t len) {
    return choice_bool(value, scales_names, 1, &((qc_scheme *)target)->q.split, why, len);
}
static int parse_scale_type(void *target, const char *value, char *why, size_t len) {
    return choice_bool(value, scale_type_names, 1, &((qc_scheme *)target)->q.fp16_params, why,
                       len);
}
static int parse_search(void *target, const char *value, char *why, size_t len) {
    return choice_bool(value, search_names, 1, &((qc_scheme *)target)->search, why, len);
}

/* A registered kernel's name, or none. */
static int parse_kernel(void *target, const char *value, char *why, size_t len) {
    qc_scheme *s = target;
    if (strcmp(value, "none") == 0) {
        s->kernel[0] = '\0';
        return 0;
    }
    return cv_name(value, s->kernel, sizeof s->kernel, why, len);
}

_Static_assert(sizeof(qs_type) == sizeof(int), "CFG_CHOICE stores an int");

/* A [scheme ID] section. */
static const cfg_key scheme_keys[] = {
    {"type", CFG_CHOICE, offsetof(qc_scheme, type), .choices = type_names,
     .help = "uniform, fp16 or bf16 (required)"},
    {"bits", CFG_CUSTOM, .parse = parse_bits, .def = "4",
     .help = "code width 2 to 8, or even and odd widths such as 4, 3 (uniform: required)"},
    {"symmetry", CFG_CUSTOM, .parse = parse_symmetry, .def = "asymmetric",
     .help = "symmetric or asymmetric"},
    {"scales", CFG_CUSTOM, .parse = parse_scales, .def = "shared",
     .help = "shared or split (one scale per code width)"},
    {"group", CFG_CUSTOM, .parse = parse_group, .def = "channel",
     .help = "channel or an even group size"},
    {"scale_type", CFG_CUSTOM, .parse = parse_scale_type, .def = "fp32", .help = "fp32 or fp16"},
    {"search", CFG_CUSTOM, .parse = parse_search, .def = "none", .help = "none or mse"},
    {"code_storage_bits", CFG_DOUBLE, offsetof(qc_scheme, code_storage_bits), .min = 1.0,
     .max = 32.0, .help = "bits the codes occupy per weight (not given: their average width)"},
    {"kernel", CFG_CUSTOM, .parse = parse_kernel, .def = "none",
     .help = "registered kernel for the output error, or none"},
    {"description", CFG_TEXT, offsetof(qc_scheme, description), QC_TEXT_LEN, .help = "one line"},
    {0},
};

static int scheme_entry(load_state *st, const char *key, const char *value, char *why,
                        size_t len) {
    quality_config *cfg = st->cfg;
    size_t i = cfg->n_schemes - 1;
    qc_scheme *s = &cfg->schemes[i];
    char section[QC_NAME_LEN + 16];
    snprintf(section, sizeof section, "scheme %s", s->id);
    if (cfg_set(scheme_keys, s, section, key, value, why, len)) return -1;
    if (strcmp(key, "type") == 0) st->scheme_has_type[i] = true;
    if (strcmp(key, "bits") == 0) st->scheme_has_bits[i] = true;
    return 0;
}

/* A list of choices for a sweep axis: each item maps through choices to a bool. */
static int bool_list(const char *value, const char *const *choices, bool *out, size_t *n,
                     char *why, size_t len) {
    cv_list l;
    if (cv_split(value, &l, why, len)) return -1;
    int rc = 0;
    if (l.n > QC_MAX_SWEEP_VALUES) {
        snprintf(why, len, "at most %d values", QC_MAX_SWEEP_VALUES);
        rc = -1;
    }
    *n = 0;
    for (size_t i = 0; rc == 0 && i < l.n; i++) {
        int c = cv_choice(l.items[i], choices, why, len);
        if (c < 0) rc = -1;
        for (size_t j = 0; rc == 0 && j < *n; j++)
            if (out[j] == (c == 1)) {
                snprintf(why, len, "'%s' is listed twice", l.items[i]);
                rc = -1;
            }
        if (rc == 0) out[(*n)++] = c == 1;
    }
    cv_list_free(&l);
    return rc;
}

static int parse_groups(void *target, const char *value, char *why, size_t len) {
    qc_sweep *w = target;
    cv_list l;
    if (cv_split(value, &l, why, len)) return -1;
    int rc = 0;
    if (l.n > QC_MAX_SWEEP_VALUES) {
        snprintf(why, len, "at most %d group sizes", QC_MAX_SWEEP_VALUES);
        rc = -1;
    }
    w->n_groups = 0;
    for (size_t j = 0; rc == 0 && j < l.n; j++) {
        size_t g;
        if (group_value(l.items[j], &g, why, len)) rc = -1;
        for (size_t q = 0; rc == 0 && q < w->n_groups; q++)
            if (w->groups[q] == g) {
                snprintf(why, len, "group '%s' is listed twice", l.items[j]);
                rc = -1;
            }
        if (rc == 0) w->groups[w->n_groups++] = g;
    }
    cv_list_free(&l);
    return rc;
}

static int parse_scale_types(void *target, const char *value, char *why, size_t len) {
    qc_sweep *w = target;
    return bool_list(value, scale_type_names, w->fp16, &w->n_fp16, why, len);
}
static int parse_scales_list(void *target, const char *value, char *why, size_t len) {
    qc_sweep *w = target;
    return bool_list(value, scales_names, w->split, &w->n_split, why, len);
}
static int parse_search_list(void *target, const char *value, char *why, size_t len) {
    qc_sweep *w = target;
    return bool_list(value, search_names, w->search, &w->n_search, why, len);
}

/* A [sweep ID] section: every key but max_bpw is required (checked in finish). */
static const cfg_key sweep_keys[] = {
    {"scheme", CFG_CUSTOM, .parse = parse_ref, .help = "the uniform base scheme"},
    {"groups", CFG_CUSTOM, .parse = parse_groups, .help = "group sizes (or channel) swept"},
    {"scale_types", CFG_CUSTOM, .parse = parse_scale_types, .help = "fp32, fp16 or both"},
    {"scales", CFG_CUSTOM, .parse = parse_scales_list, .help = "shared, split or both"},
    {"search", CFG_CUSTOM, .parse = parse_search_list, .help = "none, mse or both"},
    {"distribution", CFG_CUSTOM, .parse = parse_ref, .help = "the weights' distribution"},
    {"shape", CFG_CUSTOM, .parse = parse_ref, .help = "the shape quantized"},
    {"max_bpw", CFG_DOUBLE, offsetof(qc_sweep, max_bpw), .min = 1.0, .max = 64.0, .def = "4",
     .help = "largest bits per weight plotted"},
    {0},
};

static int sweep_entry(load_state *st, const char *key, const char *value, int line, char *why,
                       size_t len) {
    quality_config *cfg = st->cfg;
    size_t i = cfg->n_sweeps - 1;
    qc_sweep *w = &cfg->sweeps[i];
    char section[QC_NAME_LEN + 16];
    snprintf(section, sizeof section, "sweep %s", w->id);
    if (cfg_set(sweep_keys, w, section, key, value, why, len)) return -1;
    if (strcmp(key, "scheme") == 0) return set_ref(&st->sweep_scheme[i], value, line, why, len);
    if (strcmp(key, "distribution") == 0)
        return set_ref(&st->sweep_dist[i], value, line, why, len);
    if (strcmp(key, "shape") == 0) return set_ref(&st->sweep_shape[i], value, line, why, len);
    static const char *const has[] = {"groups", "scale_types", "scales", "search"};
    for (size_t k = 0; k < 4; k++)
        if (strcmp(key, has[k]) == 0) st->sweep_has[i][k] = true;
    return 0;
}

static int on_section(void *user, const char *section, int line, char *why, size_t len) {
    load_state *st = user;
    quality_config *cfg = st->cfg;
    const char *name;
    if (strcmp(section, "quality") == 0) {
        st->has_quality = true;
        st->quality_line = line;
        st->sec = SEC_QUALITY;
        return 0;
    }
    if (strcmp(section, "shapes") == 0) {
        st->has_shapes = true;
        st->sec = SEC_SHAPES;
        return 0;
    }
    if (named_section(section, "distribution", &name)) {
        if (cfg->n_dists == QC_MAX_DISTS) {
            snprintf(why, len, "too many distributions (at most %d)", QC_MAX_DISTS);
            return -1;
        }
        qc_dist *d = &cfg->dists[cfg->n_dists];
        if (section_id(name, d->id, why, len)) return -1;
        d->line = line;
        if (cfg_defaults(dist_keys, d, why, len)) return -1;
        cfg->n_dists++;
        st->sec = SEC_DIST;
        return 0;
    }
    if (named_section(section, "scheme", &name)) {
        if (cfg->n_schemes == QC_MAX_SCHEMES) {
            snprintf(why, len, "too many schemes (at most %d)", QC_MAX_SCHEMES);
            return -1;
        }
        qc_scheme *s = &cfg->schemes[cfg->n_schemes];
        if (section_id(name, s->id, why, len)) return -1;
        s->line = line;
        if (cfg_defaults(scheme_keys, s, why, len)) return -1;
        cfg->n_schemes++;
        st->sec = SEC_SCHEME;
        return 0;
    }
    if (named_section(section, "sweep", &name)) {
        if (cfg->n_sweeps == QC_MAX_SWEEPS) {
            snprintf(why, len, "too many sweeps (at most %d)", QC_MAX_SWEEPS);
            return -1;
        }
        qc_sweep *w = &cfg->sweeps[cfg->n_sweeps];
        if (section_id(name, w->id, why, len)) return -1;
        w->line = line;
        if (cfg_defaults(sweep_keys, w, why, len)) return -1;
        cfg->n_sweeps++;
        st->sec = SEC_SWEEP;
        return 0;
    }
    snprintf(why, len,
             "unknown section [%s]; expected [quality], [shapes], [distribution ID], "
             "[scheme ID] or [sweep ID]",
             section);
    return -1;
}

static int on_entry(void *user, const char *section, const char *key, const char *value,
                    int line, char *why, size_t len) {
    (void)section;
    load_state *st = user;
    switch (st->sec) {
    case SEC_QUALITY: return quality_entry(st, key, value, line, why, len);
    case SEC_SHAPES: return shape_entry(st, key, value, line, why, len);
    case SEC_DIST: return dist_entry(st, key, value, why, len);
    case SEC_SCHEME: return scheme_entry(st, key, value, why, len);
    case SEC_SWEEP: return sweep_entry(st, key, value, line, why, len);
    default: snprintf(why, len, "entry outside a section"); return -1;
    }
}

static int fail_at(const char *label, int line, char *err, size_t err_len, const char *why) {
    snprintf(err, err_len, "%s:%d: %s", label, line, why);
    return Q35_ERR_INPUT;
}

static int find_shape(const quality_config *cfg, const char *id, size_t *out) {
    for (size_t i = 0; i < cfg->n_shapes; i++)
        if (strcmp(cfg->shapes[i].id, id) == 0) {
            *out = i;
            return 0;
        }
    return -1;
}
static int find_dist(const quality_config *cfg, const char *id, size_t *out) {
    for (size_t i = 0; i < cfg->n_dists; i++)
        if (strcmp(cfg->dists[i].id, id) == 0) {
            *out = i;
            return 0;
        }
    return -1;
}
static int find_scheme(const quality_config *cfg, const char *id, size_t *out) {
    for (size_t i = 0; i < cfg->n_schemes; i++)
        if (strcmp(cfg->schemes[i].id, id) == 0) {
            *out = i;
            return 0;
        }
    return -1;
}

/* Resolves a list of names with find(); 0 or -1 with why. */
static int resolve_list(const quality_config *cfg, const char *text, const char *what,
                        int (*find)(const quality_config *, const char *, size_t *),
                        size_t *out, size_t *n, size_t max, char *why, size_t len) {
    cv_list l;
    if (cv_split(text, &l, why, len)) return -1;
    int rc = 0;
    *n = 0;
    if (l.n > max) {
        snprintf(why, len, "at most %zu %ss", max, what);
        rc = -1;
    }
    for (size_t i = 0; rc == 0 && i < l.n; i++) {
        size_t idx;
        if (find(cfg, l.items[i], &idx)) {
            snprintf(why, len, "unknown %s '%s' (not defined in this file)", what, l.items[i]);
            rc = -1;
        }
        for (size_t j = 0; rc == 0 && j < *n; j++)
            if (out[j] == idx) {
                snprintf(why, len, "%s '%s' is listed twice", what, l.items[i]);
                rc = -1;
            }
        if (rc == 0) out[(*n)++] = idx;
    }
    cv_list_free(&l);
    return rc;
}

static int check_scheme(const qc_scheme *s, char *why, size_t len) {
    if (s->type != QS_UNIFORM) return 0;
    const char *problem = quant_scheme_check(&s->q);
    if (problem) {
        snprintf(why, len, "[scheme %s]: %s", s->id, problem);
        return -1;
    }
    return 0;
}

static int finish(load_state *st, int n_lines, char *err, size_t err_len) {
    quality_config *cfg = st->cfg;
    const char *label = st->label;
    char why[QC_ERROR_LEN];
    int end = n_lines > 0 ? n_lines : 1;
    if (!st->has_quality)
        return fail_at(label, end, err, err_len,
                       "end of file without a [quality] section (expected at least 'name = ...')");
    if (!st->has_name)
        return fail_at(label, st->quality_line, err, err_len,
                       "[quality] has no 'name' key (expected e.g. name = quality)");
    if (cfg->n_shapes == 0)
        return fail_at(label, end, err, err_len,
                       "expected a [shapes] section with at least one 'name = NxK' line");
    if (cfg->n_dists == 0)
        return fail_at(label, end, err, err_len,
                       "expected at least one [distribution ID] section (e.g. kind = normal)");
    if (cfg->n_schemes == 0)
        return fail_at(label, end, err, err_len,
                       "expected at least one [scheme ID] section (e.g. type = uniform, bits = 4)");
    for (size_t i = 0; i < cfg->n_dists; i++)
        if (!st->dist_has_kind[i])
            return fail_at(label, cfg->dists[i].line, err, err_len,
                           "[distribution] has no 'kind' (expected normal, student_t or "
                           "outlier_channels)");
    for (size_t i = 0; i < cfg->n_schemes; i++) {
        qc_scheme *s = &cfg->schemes[i];
        if (!st->scheme_has_type[i])
            return fail_at(label, s->line, err, err_len,
                           "[scheme] has no 'type' (expected uniform, fp16 or bf16)");
        if (s->type == QS_UNIFORM && !st->scheme_has_bits[i])
            return fail_at(label, s->line, err, err_len,
                           "a uniform [scheme] needs 'bits' (e.g. bits = 4 or bits = 4, 3)");
        if (check_scheme(s, why, sizeof why)) return fail_at(label, s->line, err, err_len, why);
        if (s->search && s->type != QS_UNIFORM)
            return fail_at(label, s->line, err, err_len, "search = mse needs type = uniform");
    }
    if (st->seed_shapes.line) {
        if (resolve_list(cfg, st->seed_shapes.text, "shape", find_shape, cfg->seed_shapes,
                         &cfg->n_seed_shapes, QC_MAX_SHAPES, why, sizeof why))
            return fail_at(label, st->seed_shapes.line, err, err_len, why);
    } else {
        for (size_t i = 0; i < cfg->n_shapes; i++) cfg->seed_shapes[i] = i;
        cfg->n_seed_shapes = cfg->n_shapes;
    }
    if (st->seed_dist.line) {
        size_t n;
        if (resolve_list(cfg, st->seed_dist.text, "distribution", find_dist, &cfg->seed_dist, &n,
                         1, why, sizeof why))
            return fail_at(label, st->seed_dist.line, err, err_len, why);
    }
    if (st->seed_schemes.line &&
        resolve_list(cfg, st->seed_schemes.text, "scheme", find_scheme, cfg->seed_schemes,
                     &cfg->n_seed_schemes, QC_MAX_SCHEMES, why, sizeof why))
        return fail_at(label, st->seed_schemes.line, err, err_len, why);
    if (st->dequant.line) {
        size_t n;
        if (resolve_list(cfg, st->dequant.text, "scheme", find_scheme, &cfg->dequant_scheme, &n,
                         1, why, sizeof why))
            return fail_at(label, st->dequant.line, err, err_len, why);
        cfg->has_dequant = true;
    }
    if (st->q35d_check.line) {
        size_t n;
        if (resolve_list(cfg, st->q35d_check.text, "scheme", find_scheme, cfg->q35d_check, &n, 2,
                         why, sizeof why))
            return fail_at(label, st->q35d_check.line, err, err_len, why);
        if (n != 2)
            return fail_at(label, st->q35d_check.line, err, err_len,
                           "expected two schemes: 'q35_scheme, q35d_scheme'");
        cfg->has_q35d_check = true;
    }
    if (st->references.line) {
        const char *slash = strrchr(label, '/');
        int dir = slash ? (int)(slash - label) : 0;
        if (st->references.text[0] == '/' || !slash)
            snprintf(cfg->references, sizeof cfg->references, "%s", st->references.text);
        else
            snprintf(cfg->references, sizeof cfg->references, "%.*s/%s", dir, label,
                     st->references.text);
    }
    for (size_t i = 0; i < cfg->n_sweeps; i++) {
        qc_sweep *w = &cfg->sweeps[i];
        const char *missing = !st->sweep_scheme[i].line ? "scheme"
                              : !st->sweep_dist[i].line ? "distribution"
                              : !st->sweep_shape[i].line ? "shape"
                              : !st->sweep_has[i][0] ? "groups"
                              : !st->sweep_has[i][1] ? "scale_types"
                              : !st->sweep_has[i][2] ? "scales"
                              : !st->sweep_has[i][3] ? "search" : NULL;
        if (missing) {
            snprintf(why, sizeof why, "[sweep %s] has no key '%s'", w->id, missing);
            return fail_at(label, w->line, err, err_len, why);
        }
        size_t n;
        if (resolve_list(cfg, st->sweep_scheme[i].text, "scheme", find_scheme, &w->scheme, &n, 1,
                         why, sizeof why))
            return fail_at(label, st->sweep_scheme[i].line, err, err_len, why);
        if (cfg->schemes[w->scheme].type != QS_UNIFORM)
            return fail_at(label, st->sweep_scheme[i].line, err, err_len,
                           "a sweep needs a uniform base scheme");
        if (resolve_list(cfg, st->sweep_dist[i].text, "distribution", find_dist, &w->dist, &n, 1,
                         why, sizeof why))
            return fail_at(label, st->sweep_dist[i].line, err, err_len, why);
        if (resolve_list(cfg, st->sweep_shape[i].text, "shape", find_shape, &w->shape, &n, 1, why,
                         sizeof why))
            return fail_at(label, st->sweep_shape[i].line, err, err_len, why);
        for (size_t g = 0; g < w->n_groups; g++)
            for (size_t p = 0; p < w->n_split; p++) {
                quant_scheme q = cfg->schemes[w->scheme].q;
                q.group = w->groups[g];
                q.split = w->split[p];
                const char *problem = quant_scheme_check(&q);
                if (problem) {
                    snprintf(why, sizeof why, "[sweep %s]: %s", w->id, problem);
                    return fail_at(label, w->line, err, err_len, why);
                }
            }
    }
    return 0;
}

static int load(const char *path, const char *text, quality_config *cfg, char *err,
                size_t err_len) {
    load_state *st = calloc(1, sizeof *st);
    if (!st) {
        snprintf(err, err_len, "%s: out of memory", path);
        return Q35_ERR_INPUT;
    }
    memset(cfg, 0, sizeof *cfg);
    snprintf(cfg->path, sizeof cfg->path, "%s", path);
    if (cfg_defaults(quality_keys, cfg, err, err_len)) {
        free(st);
        return Q35_ERR_INPUT;
    }
    st->cfg = cfg;
    st->label = path;
    ini_callbacks cb = {.section = on_section, .entry = on_entry};
    int n_lines = 0;
    int rc = text ? ini_load_text(text, path, &cb, st, &n_lines, err, err_len)
                  : ini_load_file(path, &cb, st, &n_lines, err, err_len);
    if (rc == 0) rc = finish(st, n_lines, err, err_len);
    free(st);
    if (rc) {
        memset(cfg, 0, sizeof *cfg);
        return rc;
    }
    return Q35_OK;
}

int qconfig_load(const char *path, quality_config *cfg, char *err, size_t err_len) {
    return load(path, NULL, cfg, err, err_len);
}

int qconfig_load_string(const char *text, const char *label, quality_config *cfg, char *err,
                        size_t err_len) {
    return load(label, text, cfg, err, err_len);
}

void qconfig_scheme_summary(const qc_scheme *s, char *buf, size_t len) {
    if (s->type != QS_UNIFORM) {
        snprintf(buf, len, "%s", type_names[s->type]);
        return;
    }
    char bits[16], group[24];
    if (s->q.bits_even == s->q.bits_odd) snprintf(bits, sizeof bits, "%d-bit", s->q.bits_even);
    else snprintf(bits, sizeof bits, "%d+%d-bit", s->q.bits_even, s->q.bits_odd);
    if (s->q.group == 0) snprintf(group, sizeof group, "per-channel");
    else snprintf(group, sizeof group, "g%zu", s->q.group);
    snprintf(buf, len, "%s %s %s%s %s%s", bits, s->q.symmetric ? "sym" : "asym", group,
             s->q.bits_even != s->q.bits_odd ? (s->q.split ? " split" : " shared") : "",
             s->q.fp16_params ? "fp16" : "fp32", s->search ? " mse" : "");
}
