#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/config_schema.h"
#include "base/config_values.h"
#include "base/ini_file.h"
#include "base/text_buf.h"
#include "kernels/registry.h"
#include "base/error.h"

#define MAX_BATCH 65536
#define MAX_THREADS 1024
#define MAX_GROUP (1 << 20)
/* Limits that keep loading linear in the file's size (each sweep resolves against every
 * shape) and far above any real suite (llama70b.ini: 8 shapes, 9 sweeps). */
#define MAX_SHAPES 4096
#define MAX_SWEEPS 1024


/* What a [sweep] said before shapes and kernels can be resolved (shapes may come later). */
typedef struct raw_sweep {
    char *kernels, *exclude, *shapes;
    int kernels_line, exclude_line, shapes_line;
    bool has_batch, has_threads;
} raw_sweep;

typedef struct load_state {
    suite_config *cfg;
    raw_sweep *raw; /* parallel to cfg->sweeps, freed after loading */
    bool has_suite, has_shapes, has_name;
    int suite_line, shapes_line;
    char *aa_case, *roof_shapes; /* resolved once shapes and sweeps are known */
    int aa_line, roof_line;
} load_state;

static int sweep_defaults(config_sweep *s, char *why, size_t len);

static int add_sweep(load_state *st, const char *name, int line, char *why, size_t len) {
    suite_config *cfg = st->cfg;
    if (cfg->n_sweeps == MAX_SWEEPS) {
        snprintf(why, len, "more than %d sweeps", MAX_SWEEPS);
        return -1;
    }
    for (size_t i = 0; i < cfg->n_sweeps; i++)
        if (strcmp(cfg->sweeps[i].name, name) == 0) {
            snprintf(why, len, "sweep '%s' is defined twice (first at line %d)", name,
                     cfg->sweeps[i].line);
            return -1;
        }
    config_sweep *sw = realloc(cfg->sweeps, (cfg->n_sweeps + 1) * sizeof *sw);
    raw_sweep *raw = sw ? realloc(st->raw, (cfg->n_sweeps + 1) * sizeof *raw) : NULL;
    if (sw) cfg->sweeps = sw;
    if (raw) st->raw = raw;
    if (!sw || !raw) {
        snprintf(why, len, "out of memory");
        return -1;
    }
    memset(&sw[cfg->n_sweeps], 0, sizeof *sw);
    memset(&raw[cfg->n_sweeps], 0, sizeof *raw);
    config_sweep *s = &sw[cfg->n_sweeps];
    if (cv_name(name, s->name, sizeof s->name, why, len)) return -1;
    s->line = line;
    cfg->n_sweeps++;
    return sweep_defaults(s, why, len);
}

static int on_section(void *user, const char *section, int line, char *why, size_t len) {
    load_state *st = user;
    if (strcmp(section, "suite") == 0) {
        st->has_suite = true;
        st->suite_line = line;
        return 0;
    }
    if (strcmp(section, "shapes") == 0) {
        st->has_shapes = true;
        st->shapes_line = line;
        return 0;
    }
    if (strncmp(section, "sweep", 5) == 0 && (section[5] == ' ' || section[5] == '\t')) {
        const char *name = section + 5;
        while (*name == ' ' || *name == '\t') name++;
        return add_sweep(st, name, line, why, len);
    }
    snprintf(why, len, "unknown section [%s]; expected [suite], [shapes] or [sweep NAME]",
             section);
    return -1;
}

/* compare = A/B, C/D: pairs of registered kernels; `none` for no pair. */
static int compare_list(suite_config *cfg, const char *value, char *why, size_t len) {
    free(cfg->compare);
    cfg->compare = NULL;
    cfg->n_compare = 0;
    if (strcmp(value, "none") == 0) return 0;
    cv_list l;
    if (cv_split(value, &l, why, len)) return -1;
    cfg->compare = calloc(l.n, sizeof *cfg->compare);
    int rc = cfg->compare ? 0 : -1;
    if (!cfg->compare) snprintf(why, len, "out of memory");
    for (size_t i = 0; rc == 0 && i < l.n; i++) {
        char a[CONFIG_NAME_LEN], *slash = strchr(l.items[i], '/');
        if (!slash || strchr(slash + 1, '/') || slash == l.items[i] || !slash[1]) {
            snprintf(why, len, "'%s' is not a kernel pair; expected KERNEL_A/KERNEL_B, e.g. "
                     "int4_simd/q35d_simd", l.items[i]);
            rc = -1;
            break;
        }
        snprintf(a, sizeof a, "%.*s", (int)(slash - l.items[i]), l.items[i]);
        const kernel *ka = kernel_find(a), *kb = kernel_find(slash + 1);
        if (!ka || !kb) {
            snprintf(why, len, "unknown kernel '%s' in pair '%s' (see q35bench list)",
                     ka ? slash + 1 : a, l.items[i]);
            rc = -1;
        } else if (ka == kb) {
            snprintf(why, len, "pair '%s' compares a kernel with itself (that is aa_case)",
                     l.items[i]);
            rc = -1;
        }
        for (size_t j = 0; rc == 0 && j < cfg->n_compare; j++)
            if (cfg->compare[j].a == ka && cfg->compare[j].b == kb) {
                snprintf(why, len, "pair '%s' is listed twice", l.items[i]);
                rc = -1;
            }
        if (rc == 0) cfg->compare[cfg->n_compare++] = (config_pair){ka, kb};
    }
    cv_list_free(&l);
    return rc;
}

static int parse_compare(void *target, const char *value, char *why, size_t len) {
    return compare_list(target, value, why, len);
}

/* aa_case and roof_shapes name cases and shapes: checked once the whole file is read. */
static int parse_later(void *target, const char *value, char *why, size_t len) {
    (void)target;
    if (*value) return 0;
    snprintf(why, len, "expected a value");
    return -1;
}

_Static_assert(sizeof(interleave_mode) == sizeof(int), "CFG_CHOICE stores an int");

/* The [suite] section. */
static const cfg_key suite_keys[] = {
    {"name", CFG_NAME, offsetof(suite_config, name), CONFIG_NAME_LEN,
     .help = "the suite's name (required)"},
    {"description", CFG_TEXT, offsetof(suite_config, description), 256,
     .help = "one line about the suite"},
    {"seed", CFG_U64, offsetof(suite_config, seed), .max = 18446744073709551615.0, .def = "42",
     .help = "seed of the generated weights and activations"},
    {"min_time_ms", CFG_DOUBLE, offsetof(suite_config, min_time_s), .min = 0.001, .max = 600000,
     .scale = 1e-3, .def = "50", .help = "shortest timed repetition, ms"},
    /* Google Benchmark's compare.py wants 9 or more repetitions for its U test */
    {"repetitions", CFG_INT, offsetof(suite_config, repetitions), .min = 1, .max = 1000,
     .def = "10", .help = "timed repetitions per case"},
    {"warmup", CFG_INT, offsetof(suite_config, warmup), .max = 1000, .def = "1",
     .help = "untimed calls before calibration"},
    {"gate_max_macs", CFG_U64, offsetof(suite_config, gate_max_macs), .min = 1024,
     .max = 1099511627776.0, .def = "67108864",
     .help = "reference work per case before the gate samples output channels"},
    {"interleave", CFG_CHOICE, offsetof(suite_config, interleave),
     .choices = interleave_mode_names, .def = "random",
     .help = "order of the repetitions within a block"},
    {"noise_cv_max_pct", CFG_DOUBLE, offsetof(suite_config, noise_cv_max), .max = 1e6,
     .scale = 0.01, .def = "10", .help = "re-measure a case whose cv exceeds this, %"},
    {"noise_steal_max_pct", CFG_DOUBLE, offsetof(suite_config, noise_steal_max_pct),
     .max = 100, .def = "5", .help = "... or whose repetitions saw more steal time, %"},
    {"remeasure_max", CFG_INT, offsetof(suite_config, remeasure_max), .max = 10, .def = "1",
     .help = "re-measurements per block at most"},
    {"aa_case", CFG_CUSTOM, .parse = parse_later,
     .help = "KERNEL/SHAPE/M:m/threads:t timed twice for the A/A check, or none"},
    {"compare", CFG_CUSTOM, .parse = parse_compare, .help = "kernel pairs A/B, or none"},
    {"roof_shapes", CFG_CUSTOM, .parse = parse_later,
     .help = "shapes whose blocks measure the DRAM read roof, or none"},
    {"roof_buffer_mib", CFG_DOUBLE, offsetof(suite_config, roof_buffer_bytes), .max = 1048576,
     .scale = 1048576, .whole = true, .def = "0",
     .help = "DRAM read roof buffer, MiB (0: the probe's own rule)"},
    {"block_memory_mib", CFG_DOUBLE, offsetof(suite_config, block_memory_bytes),
     .max = 1073741824.0, .scale = 1048576, .whole = true, .def = "0",
     .help = "weights held for one interleaved block, MiB (0: automatic)"},
    {0},
};

static int suite_entry(load_state *st, const char *key, const char *value, int line,
                       char *why, size_t len) {
    if (cfg_set(suite_keys, st->cfg, "suite", key, value, why, len)) return -1;
    if (strcmp(key, "name") == 0) st->has_name = true;
    char **text = strcmp(key, "aa_case") == 0       ? &st->aa_case
                  : strcmp(key, "roof_shapes") == 0 ? &st->roof_shapes
                                                    : NULL;
    if (text) { /* names resolved once the whole file is read */
        if (strcmp(key, "aa_case") == 0) st->aa_line = line;
        else st->roof_line = line;
        *text = strdup(value);
        if (!*text) snprintf(why, len, "out of memory");
        return *text ? 0 : -1;
    }
    return 0;
}

static int shape_entry(load_state *st, const char *key, const char *value, int line,
                       char *why, size_t len) {
    suite_config *cfg = st->cfg;
    config_shape s = {.line = line};
    if (cv_name(key, s.name, sizeof s.name, why, len)) return -1;
    if (strcmp(s.name, "all") == 0) {
        snprintf(why, len, "'all' is reserved; choose another shape name");
        return -1;
    }
    if (cv_shape(value, &s.n, &s.k, why, len)) return -1;
    if (cfg->n_shapes == MAX_SHAPES) {
        snprintf(why, len, "more than %d shapes", MAX_SHAPES);
        return -1;
    }
    config_shape *grown = realloc(cfg->shapes, (cfg->n_shapes + 1) * sizeof *grown);
    if (!grown) {
        snprintf(why, len, "out of memory");
        return -1;
    }
    cfg->shapes = grown;
    cfg->shapes[cfg->n_shapes++] = s;
    return 0;
}

static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* Parses a list of integers in [min, max] into a new array. */
static int int_list(const char *value, uint64_t min, uint64_t max, uint64_t **out, size_t *n,
                    char *why, size_t len) {
    cv_list l;
    if (cv_split(value, &l, why, len)) return -1;
    uint64_t *v = calloc(l.n, sizeof *v);
    int rc = v ? 0 : -1;
    if (!v) snprintf(why, len, "out of memory");
    for (size_t i = 0; rc == 0 && i < l.n; i++) {
        char item_why[192];
        if (cv_u64(l.items[i], min, max, &v[i], item_why, sizeof item_why)) {
            snprintf(why, len, "in list '%.200s': %s", value, item_why);
            rc = -1;
        }
    }
    uint64_t *sorted = rc == 0 ? malloc((l.n + 1) * sizeof *sorted) : NULL;
    if (rc == 0 && !sorted) {
        snprintf(why, len, "out of memory");
        rc = -1;
    }
    if (sorted) { /* duplicates by sorting: linear-logarithmic, not quadratic, in the list */
        memcpy(sorted, v, l.n * sizeof *sorted);
        qsort(sorted, l.n, sizeof *sorted, cmp_u64);
        for (size_t i = 1; rc == 0 && i < l.n; i++)
            if (sorted[i] == sorted[i - 1]) {
                snprintf(why, len, "value %llu appears twice in '%.200s'",
                         (unsigned long long)sorted[i], value);
                rc = -1;
            }
        free(sorted);
    }
    if (rc == 0) {
        *out = v;
        *n = l.n;
    } else {
        free(v);
    }
    cv_list_free(&l);
    return rc;
}

static int parse_list_syntax(void *target, const char *value, char *why, size_t len) {
    (void)target;
    cv_list l; /* syntax checked now, names resolved once the whole file is read */
    if (cv_split(value, &l, why, len)) return -1;
    cv_list_free(&l);
    return 0;
}

static int parse_batch(void *target, const char *value, char *why, size_t len) {
    config_sweep *s = target;
    uint64_t *v;
    size_t n;
    if (int_list(value, 1, MAX_BATCH, &v, &n, why, len)) return -1;
    free(s->batch);
    s->batch = malloc(n * sizeof *s->batch);
    s->n_batch = s->batch ? n : 0;
    for (size_t i = 0; s->batch && i < n; i++) s->batch[i] = (size_t)v[i];
    free(v);
    if (!s->batch) snprintf(why, len, "out of memory");
    return s->batch ? 0 : -1;
}

static int parse_threads(void *target, const char *value, char *why, size_t len) {
    config_sweep *s = target;
    uint64_t *v;
    size_t n;
    if (int_list(value, 1, MAX_THREADS, &v, &n, why, len)) return -1;
    free(s->threads);
    s->threads = malloc(n * sizeof *s->threads);
    s->n_threads = s->threads ? n : 0;
    for (size_t i = 0; s->threads && i < n; i++) s->threads[i] = (int)v[i];
    free(v);
    if (!s->threads) snprintf(why, len, "out of memory");
    return s->threads ? 0 : -1;
}

static int parse_group_size(void *target, const char *value, char *why, size_t len) {
    config_sweep *s = target;
    uint64_t g;
    if (strcmp(value, "channel") == 0) s->qp.group_size = QUANT_GROUP_PER_CHANNEL;
    else if (strcmp(value, "default") == 0) s->qp.group_size = QUANT_GROUP_DEFAULT;
    else if (cv_u64(value, 2, MAX_GROUP, &g, why, len) || (g & 1)) {
        snprintf(why, len,
                 "expected 'default', 'channel' or an even number of weights from 2 to %d, "
                 "got '%s'",
                 MAX_GROUP, value);
        return -1;
    } else {
        s->qp.group_size = (int)g;
    }
    return 0;
}

_Static_assert(sizeof(quant_scales) == sizeof(int) && sizeof(quant_symmetry) == sizeof(int) &&
                   sizeof(quant_scale_type) == sizeof(int) && sizeof(quant_dequant) == sizeof(int),
               "CFG_CHOICE stores an int");

/* A [sweep NAME] section. */
static const cfg_key sweep_keys[] = {
    {"kernels", CFG_CUSTOM, .parse = parse_list_syntax,
     .help = "registered kernels, or all (required)"},
    {"exclude", CFG_CUSTOM, .parse = parse_list_syntax, .help = "kernels left out of kernels"},
    {"shapes", CFG_CUSTOM, .parse = parse_list_syntax,
     .help = "names from [shapes], or all (required)"},
    {"batch", CFG_CUSTOM, .parse = parse_batch, .help = "batch sizes M (required)"},
    {"threads", CFG_CUSTOM, .parse = parse_threads, .help = "thread counts (required)"},
    {"group_size", CFG_CUSTOM, .parse = parse_group_size, .def = "default",
     .help = "default, channel or an even number of weights per scale"},
    {"scales", CFG_CHOICE, offsetof(config_sweep, qp.scales), .choices = quant_scales_names,
     .def = "default", .help = "one scale per group or split"},
    {"symmetry", CFG_CHOICE, offsetof(config_sweep, qp.symmetry),
     .choices = quant_symmetry_names, .def = "default", .help = "symmetric or asymmetric"},
    {"scale_type", CFG_CHOICE, offsetof(config_sweep, qp.scale_type),
     .choices = quant_scale_type_names, .def = "default", .help = "fp32 or fp16 scales"},
    {"dequant", CFG_CHOICE, offsetof(config_sweep, qp.dequant), .choices = quant_dequant_names,
     .def = "correct", .help = "correct, or the seeds' formula"},
    {0},
};

static int sweep_defaults(config_sweep *s, char *why, size_t len) {
    return cfg_defaults(sweep_keys, s, why, len);
}

static int sweep_entry(load_state *st, const char *key, const char *value, int line,
                       char *why, size_t len) {
    if (st->cfg->n_sweeps == 0) { /* the reader only calls here inside a [sweep NAME] */
        snprintf(why, len, "key '%s' outside any [sweep NAME] section", key);
        return -1;
    }
    config_sweep *s = &st->cfg->sweeps[st->cfg->n_sweeps - 1];
    raw_sweep *raw = &st->raw[st->cfg->n_sweeps - 1];
    char section[CONFIG_NAME_LEN + 8];
    snprintf(section, sizeof section, "sweep %s", s->name);
    if (cfg_set(sweep_keys, s, section, key, value, why, len)) return -1;
    char **text = NULL;
    int *text_line = NULL;
    if (strcmp(key, "kernels") == 0) text = &raw->kernels, text_line = &raw->kernels_line;
    if (strcmp(key, "exclude") == 0) text = &raw->exclude, text_line = &raw->exclude_line;
    if (strcmp(key, "shapes") == 0) text = &raw->shapes, text_line = &raw->shapes_line;
    if (text) {
        *text = strdup(value);
        *text_line = line;
        if (!*text) snprintf(why, len, "out of memory");
        return *text ? 0 : -1;
    }
    if (strcmp(key, "batch") == 0) raw->has_batch = true;
    if (strcmp(key, "threads") == 0) raw->has_threads = true;
    return 0;
}

static int on_entry(void *user, const char *section, const char *key, const char *value,
                    int line, char *why, size_t len) {
    load_state *st = user;
    char detail[CONFIG_ERROR_LEN] = "";
    int rc = strcmp(section, "suite") == 0 ? suite_entry(st, key, value, line, detail, sizeof detail)
             : strcmp(section, "shapes") == 0
                 ? shape_entry(st, key, value, line, detail, sizeof detail)
                 : sweep_entry(st, key, value, line, detail, sizeof detail);
    if (rc == 0) return 0;
    /* Name the key unless the message already does. */
    char quoted[CONFIG_NAME_LEN + 2];
    snprintf(quoted, sizeof quoted, "'%s'", key);
    if (strstr(detail, quoted)) snprintf(why, len, "%s", detail);
    else if (strcmp(section, "shapes") == 0) snprintf(why, len, "shape '%s': %s", key, detail);
    else snprintf(why, len, "%s: %s", key, detail);
    return rc;
}

static int fail_at(const char *label, int line, char *err, size_t err_len, const char *why) {
    snprintf(err, err_len, "%s:%d: %s", label, line, why);
    return Q35_ERR_INPUT;
}

static int resolve_kernels(config_sweep *s, const raw_sweep *raw, char *why, size_t len,
                           int *line) {
    bool *chosen = calloc(kernel_count() + 1, sizeof *chosen);
    if (!chosen) {
        snprintf(why, len, "out of memory");
        return -1;
    }
    int rc = 0;
    const char *texts[2] = {raw->kernels, raw->exclude};
    const int lines[2] = {raw->kernels_line, raw->exclude_line};
    for (int pass = 0; pass < 2 && rc == 0; pass++) {
        if (!texts[pass]) continue;
        cv_list l;
        *line = lines[pass];
        if (cv_split(texts[pass], &l, why, len)) {
            rc = -1;
            break;
        }
        for (size_t i = 0; rc == 0 && i < l.n; i++) {
            if (pass == 0 && strcmp(l.items[i], "all") == 0) {
                for (size_t j = 0; j < kernel_count(); j++) chosen[j] = true;
                continue;
            }
            size_t j = 0;
            while (j < kernel_count() && strcmp(kernel_at(j)->name, l.items[i]) != 0) j++;
            if (j == kernel_count()) {
                size_t used = (size_t)snprintf(why, len, "unknown kernel '%s'; known kernels:",
                                               l.items[i]);
                for (size_t q = 0; q < kernel_count() && used < len; q++)
                    used += (size_t)snprintf(why + used, len - used, " %s", kernel_at(q)->name);
                rc = -1;
            } else {
                chosen[j] = pass == 0;
            }
        }
        cv_list_free(&l);
    }
    if (rc == 0) {
        s->kernels = calloc(kernel_count() + 1, sizeof *s->kernels);
        for (size_t j = 0; s->kernels && j < kernel_count(); j++)
            if (chosen[j]) s->kernels[s->n_kernels++] = kernel_at(j);
        if (!s->kernels) {
            snprintf(why, len, "out of memory");
            rc = -1;
        } else if (s->n_kernels == 0) {
            *line = raw->exclude ? raw->exclude_line : raw->kernels_line;
            snprintf(why, len, "sweep '%s' selects no kernel", s->name);
            rc = -1;
        }
    }
    free(chosen);
    return rc;
}

/* Shape names sorted, for lookups in log n: a list of shapes resolves in linear time. */
typedef struct named_index {
    const char *name;
    size_t index;
} named_index;
static int cmp_named(const void *a, const void *b) {
    return strcmp(((const named_index *)a)->name, ((const named_index *)b)->name);
}

static int resolve_shapes(const suite_config *cfg, config_sweep *s, const raw_sweep *raw,
                          char *why, size_t len) {
    cv_list l;
    if (cv_split(raw->shapes, &l, why, len)) return -1;
    bool all = l.n == 1 && strcmp(l.items[0], "all") == 0;
    s->shapes = calloc(cfg->n_shapes + 1, sizeof *s->shapes);
    named_index *by_name = malloc((cfg->n_shapes + 1) * sizeof *by_name);
    bool *listed = calloc(cfg->n_shapes + 1, sizeof *listed);
    int rc = s->shapes && by_name && listed ? 0 : -1;
    if (rc) snprintf(why, len, "out of memory");
    for (size_t i = 0; rc == 0 && all && i < cfg->n_shapes; i++) s->shapes[s->n_shapes++] = i;
    if (rc == 0 && !all) {
        for (size_t i = 0; i < cfg->n_shapes; i++)
            by_name[i] = (named_index){cfg->shapes[i].name, i};
        qsort(by_name, cfg->n_shapes, sizeof *by_name, cmp_named);
    }
    for (size_t i = 0; rc == 0 && !all && i < l.n; i++) {
        size_t lo = 0, hi = cfg->n_shapes, j = cfg->n_shapes;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            int c = strcmp(l.items[i], by_name[mid].name);
            if (c == 0) {
                j = by_name[mid].index;
                break;
            }
            if (c < 0) hi = mid;
            else lo = mid + 1;
        }
        if (j == cfg->n_shapes) {
            size_t used = (size_t)snprintf(
                why, len, "unknown shape '%s'; expected 'all' or names from [shapes]:", l.items[i]);
            for (size_t q = 0; q < cfg->n_shapes && used < len; q++)
                used += (size_t)snprintf(why + used, len - used, " %s", cfg->shapes[q].name);
            rc = -1;
            break;
        }
        if (listed[j]) {
            snprintf(why, len, "shape '%s' is listed twice", l.items[i]);
            rc = -1;
        }
        listed[j] = true;
        if (rc == 0) s->shapes[s->n_shapes++] = j;
    }
    free(by_name);
    free(listed);
    cv_list_free(&l);
    return rc;
}

static int shape_index(const suite_config *cfg, const char *name, size_t *out) {
    for (size_t j = 0; j < cfg->n_shapes; j++)
        if (strcmp(cfg->shapes[j].name, name) == 0) {
            *out = j;
            return 0;
        }
    return -1;
}

/* aa_case = KERNEL/SHAPE/M:m/threads:t (a case name as bench.tsv writes it) or none; the
 * case must be one the sweeps run. */
static int resolve_aa(suite_config *cfg, const char *text, char *why, size_t len) {
    if (strcmp(text, "none") == 0) return 0;
    char kname[CONFIG_NAME_LEN], sname[CONFIG_NAME_LEN];
    unsigned long long m;
    int threads, used = 0;
    if (sscanf(text, "%63[^/]/%63[^/]/M:%llu/threads:%d%n", kname, sname, &m, &threads, &used) != 4 ||
        text[used] != '\0') {
        snprintf(why, len, "aa_case '%s': expected KERNEL/SHAPE/M:m/threads:t (e.g. "
                 "int4_simd/up_proj/M:1/threads:1) or none", text);
        return -1;
    }
    config_case *c = &cfg->aa;
    c->k = kernel_find(kname);
    if (!c->k) {
        snprintf(why, len, "aa_case '%s': unknown kernel '%s'", text, kname);
        return -1;
    }
    if (shape_index(cfg, sname, &c->shape)) {
        snprintf(why, len, "aa_case '%s': unknown shape '%s'", text, sname);
        return -1;
    }
    c->m = (size_t)m;
    c->threads = threads;
    for (size_t i = 0; i < cfg->n_sweeps; i++) {
        const config_sweep *sw = &cfg->sweeps[i];
        bool k = false, sh = false, b = false, t = false;
        for (size_t j = 0; j < sw->n_kernels; j++) k |= sw->kernels[j] == c->k;
        for (size_t j = 0; j < sw->n_shapes; j++) sh |= sw->shapes[j] == c->shape;
        for (size_t j = 0; j < sw->n_batch; j++) b |= sw->batch[j] == c->m;
        for (size_t j = 0; j < sw->n_threads; j++) t |= sw->threads[j] == threads;
        if (k && sh && b && t) {
            c->set = true;
            return 0;
        }
    }
    snprintf(why, len, "aa_case '%s': no sweep runs this case (kernel, shape, batch and "
             "threads must all be in one sweep)", text);
    return -1;
}

/* roof_shapes = all | none | names from [shapes]. */
static int resolve_roof_shapes(suite_config *cfg, const char *text, char *why, size_t len) {
    if (strcmp(text, "none") == 0) return 0;
    cv_list l;
    if (cv_split(text, &l, why, len)) return -1;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < l.n; i++) {
        size_t j;
        if (l.n == 1 && strcmp(l.items[i], "all") == 0) {
            for (j = 0; j < cfg->n_shapes; j++) cfg->roof_shape[j] = true;
        } else if (shape_index(cfg, l.items[i], &j) == 0) {
            cfg->roof_shape[j] = true;
        } else {
            snprintf(why, len, "roof_shapes: unknown shape '%s'; expected all, none or names "
                     "from [shapes]", l.items[i]);
            rc = -1;
        }
    }
    cv_list_free(&l);
    return rc;
}

/* Checks what must be present and resolves names, once the whole file has been read. */
static int finish(load_state *st, const char *label, int n_lines, char *err, size_t err_len) {
    suite_config *cfg = st->cfg;
    char why[CONFIG_ERROR_LEN];
    int end = n_lines > 0 ? n_lines : 1;
    if (!st->has_suite)
        return fail_at(label, end, err, err_len,
                       "end of file without a [suite] section (expected at least 'name = ...')");
    if (!st->has_name)
        return fail_at(label, st->suite_line, err, err_len,
                       "[suite] has no 'name' key (expected e.g. name = quick)");
    if (!st->has_shapes || cfg->n_shapes == 0)
        return fail_at(label, st->has_shapes ? st->shapes_line : end, err, err_len,
                       "expected a [shapes] section with at least one 'name = NxK' line");
    if (cfg->n_sweeps == 0)
        return fail_at(label, end, err, err_len,
                       "end of file without a [sweep NAME] section (expected kernels, shapes, "
                       "batch and threads)");
    for (size_t i = 0; i < cfg->n_sweeps; i++) {
        config_sweep *s = &cfg->sweeps[i];
        raw_sweep *raw = &st->raw[i];
        const char *missing = !raw->kernels       ? "kernels (e.g. kernels = all)"
                              : !raw->shapes      ? "shapes (e.g. shapes = all)"
                              : !raw->has_batch   ? "batch (e.g. batch = 1, 8)"
                              : !raw->has_threads ? "threads (e.g. threads = 1, 2)"
                                                  : NULL;
        if (missing) {
            snprintf(why, sizeof why, "[sweep %s] has no key %s", s->name, missing);
            return fail_at(label, s->line, err, err_len, why);
        }
        int line = raw->kernels_line;
        if (resolve_kernels(s, raw, why, sizeof why, &line))
            return fail_at(label, line, err, err_len, why);
        if (resolve_shapes(cfg, s, raw, why, sizeof why))
            return fail_at(label, raw->shapes_line, err, err_len, why);
    }
    cfg->roof_shape = calloc(cfg->n_shapes, sizeof *cfg->roof_shape);
    if (!cfg->roof_shape) return fail_at(label, end, err, err_len, "out of memory");
    if (st->roof_shapes && resolve_roof_shapes(cfg, st->roof_shapes, why, sizeof why))
        return fail_at(label, st->roof_line, err, err_len, why);
    if (st->aa_case && resolve_aa(cfg, st->aa_case, why, sizeof why))
        return fail_at(label, st->aa_line, err, err_len, why);
    return 0;
}

static void free_raw(load_state *st) {
    for (size_t i = 0; st->raw && i < st->cfg->n_sweeps; i++) {
        free(st->raw[i].kernels);
        free(st->raw[i].exclude);
        free(st->raw[i].shapes);
    }
    free(st->raw);
    st->raw = NULL;
    free(st->aa_case);
    free(st->roof_shapes);
    st->aa_case = st->roof_shapes = NULL;
}

static int load(const char *path, const char *text, suite_config *cfg, char *err,
                size_t err_len) {
    memset(cfg, 0, sizeof *cfg);
    snprintf(cfg->path, sizeof cfg->path, "%s", path);
    if (cfg_defaults(suite_keys, cfg, err, err_len)) return Q35_ERR_INPUT;
    load_state st = {.cfg = cfg};
    ini_callbacks cb = {.section = on_section, .entry = on_entry};
    int n_lines = 0;
    int rc = text ? ini_load_text(text, path, &cb, &st, &n_lines, err, err_len)
                  : ini_load_file(path, &cb, &st, &n_lines, err, err_len);
    if (rc == 0) rc = finish(&st, path, n_lines, err, err_len);
    free_raw(&st);
    if (rc) config_free(cfg);
    return rc;
}

int config_load(const char *path, suite_config *cfg, char *err, size_t err_len) {
    return load(path, NULL, cfg, err, err_len);
}

int config_load_string(const char *text, const char *label, suite_config *cfg, char *err,
                       size_t err_len) {
    return load(label, text, cfg, err, err_len);
}

void config_free(suite_config *cfg) {
    for (size_t i = 0; i < cfg->n_sweeps; i++) {
        free(cfg->sweeps[i].kernels);
        free(cfg->sweeps[i].shapes);
        free(cfg->sweeps[i].batch);
        free(cfg->sweeps[i].threads);
    }
    free(cfg->sweeps);
    free(cfg->shapes);
    free(cfg->compare);
    free(cfg->roof_shape);
    memset(cfg, 0, sizeof *cfg);
}

char *config_effective_text(const suite_config *cfg) {
    text_buf b = {0};
    tb_printf(&b, "; effective configuration of suite '%s', loaded from %s\n", cfg->name, cfg->path);
    tb_printf(&b, "[suite]\nname = %s\n", cfg->name);
    if (cfg->description[0]) tb_printf(&b, "description = %s\n", cfg->description);
    tb_printf(&b, "seed = %llu\nmin_time_ms = %.17g\nrepetitions = %d\nwarmup = %d\n",
        (unsigned long long)cfg->seed, cfg->min_time_s * 1000.0, cfg->repetitions,
        cfg->warmup);
    tb_printf(&b, "gate_max_macs = %llu\n", (unsigned long long)cfg->gate_max_macs);
    tb_printf(&b, "interleave = %s\nnoise_cv_max_pct = %.17g\nnoise_steal_max_pct = %.17g\n"
              "remeasure_max = %d\nblock_memory_mib = %.0f\nroof_buffer_mib = %.0f\n",
              interleave_mode_names[cfg->interleave], cfg->noise_cv_max * 100.0,
              cfg->noise_steal_max_pct, cfg->remeasure_max, cfg->block_memory_bytes / 1048576.0,
              cfg->roof_buffer_bytes / 1048576.0);
    if (cfg->aa.set)
        tb_printf(&b, "aa_case = %s/%s/M:%zu/threads:%d\n", cfg->aa.k->name,
                  cfg->shapes[cfg->aa.shape].name, cfg->aa.m, cfg->aa.threads);
    else
        tb_printf(&b, "aa_case = none\n");
    tb_printf(&b, "compare = ");
    for (size_t i = 0; i < cfg->n_compare; i++)
        tb_printf(&b, "%s%s/%s", i ? ", " : "", cfg->compare[i].a->name, cfg->compare[i].b->name);
    tb_printf(&b, "%s\nroof_shapes = ", cfg->n_compare ? "" : "none");
    size_t roofs = 0;
    for (size_t i = 0; cfg->roof_shape && i < cfg->n_shapes; i++)
        if (cfg->roof_shape[i]) tb_printf(&b, "%s%s", roofs++ ? ", " : "", cfg->shapes[i].name);
    tb_printf(&b, "%s\n\n[shapes]\n", roofs ? "" : "none");
    for (size_t i = 0; i < cfg->n_shapes; i++)
        tb_printf(&b, "%s = %zux%zu\n", cfg->shapes[i].name, cfg->shapes[i].n, cfg->shapes[i].k);
    for (size_t i = 0; i < cfg->n_sweeps; i++) {
        const config_sweep *s = &cfg->sweeps[i];
        tb_printf(&b, "\n[sweep %s]\nkernels = ", s->name);
        for (size_t j = 0; j < s->n_kernels; j++)
            tb_printf(&b, "%s%s", j ? ", " : "", s->kernels[j]->name);
        tb_printf(&b, "\nshapes = ");
        for (size_t j = 0; j < s->n_shapes; j++)
            tb_printf(&b, "%s%s", j ? ", " : "", cfg->shapes[s->shapes[j]].name);
        tb_printf(&b, "\nbatch = ");
        for (size_t j = 0; j < s->n_batch; j++) tb_printf(&b, "%s%zu", j ? ", " : "", s->batch[j]);
        tb_printf(&b, "\nthreads = ");
        for (size_t j = 0; j < s->n_threads; j++) tb_printf(&b, "%s%d", j ? ", " : "", s->threads[j]);
        if (s->qp.group_size == QUANT_GROUP_PER_CHANNEL) tb_printf(&b, "\ngroup_size = channel");
        else if (s->qp.group_size == QUANT_GROUP_DEFAULT) tb_printf(&b, "\ngroup_size = default");
        else tb_printf(&b, "\ngroup_size = %d", s->qp.group_size);
        tb_printf(&b, "\nscales = %s\nsymmetry = %s\nscale_type = %s\ndequant = %s\n",
            quant_scales_names[s->qp.scales], quant_symmetry_names[s->qp.symmetry],
            quant_scale_type_names[s->qp.scale_type], quant_dequant_names[s->qp.dequant]);
    }
    return tb_take(&b);
}
