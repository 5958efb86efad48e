#include "qrefs.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/config_schema.h"
#include "base/config_values.h"
#include "base/ini_file.h"
#include "base/error.h"

typedef struct ref_state {
    qref_set *set;
    bool in_source, has_source, has_citation;
    bool has_bpw[QR_MAX_FORMATS];
} ref_state;

static int on_section(void *user, const char *section, int line, char *why, size_t len) {
    ref_state *st = user;
    qref_set *set = st->set;
    st->in_source = false;
    if (strcmp(section, "source") == 0) {
        st->in_source = st->has_source = true;
        return 0;
    }
    if (strncmp(section, "format ", 7) == 0) {
        if (set->n_formats == QR_MAX_FORMATS) {
            snprintf(why, len, "too many formats (at most %d)", QR_MAX_FORMATS);
            return -1;
        }
        qref_format *f = &set->formats[set->n_formats];
        const char *name = section + 7;
        while (*name == ' ') name++;
        if (cv_name(name, f->id, sizeof f->id, why, len)) return -1;
        f->line = line;
        set->n_formats++;
        return 0;
    }
    snprintf(why, len, "unknown section [%s]; expected [source] or [format ID]", section);
    return -1;
}

/* The [source] section. */
static const cfg_key source_keys[] = {
    {"name", CFG_NAME, offsetof(qref_set, name), sizeof(((qref_set *)0)->name),
     .help = "the source's short name"},
    {"citation", CFG_TEXT, offsetof(qref_set, citation), sizeof(((qref_set *)0)->citation),
     .help = "where the figures come from (required)"},
    {0},
};

/* A [format ID] section's fixed keys; nrmse_<distribution> keys are read beside them. */
static const cfg_key format_keys[] = {
    {"bpw", CFG_DOUBLE, offsetof(qref_format, bpw), .min = 0.5, .max = 64.0,
     .help = "bits per weight (required)"},
    {"description", CFG_TEXT, offsetof(qref_format, description),
     sizeof(((qref_format *)0)->description), .help = "one line"},
    {0},
};

static int on_entry(void *user, const char *section, const char *key, const char *value,
                    int line, char *why, size_t len) {
    (void)section;
    (void)line;
    ref_state *st = user;
    qref_set *set = st->set;
    if (st->in_source) {
        if (cfg_set(source_keys, set, "source", key, value, why, len)) return -1;
        if (strcmp(key, "citation") == 0) st->has_citation = true;
        return 0;
    }
    if (set->n_formats == 0) {
        snprintf(why, len, "entry outside a section");
        return -1;
    }
    qref_format *f = &set->formats[set->n_formats - 1];
    if (strncmp(key, "nrmse_", 6) == 0 && key[6]) {
        if (f->n_values == QR_MAX_VALUES) {
            snprintf(why, len, "too many nrmse_ values (at most %d)", QR_MAX_VALUES);
            return -1;
        }
        if (cv_name(key + 6, f->dist[f->n_values], sizeof f->dist[0], why, len)) return -1;
        if (cv_double(value, 0.0, 1000.0, &f->nrmse_pct[f->n_values], why, len)) return -1;
        f->n_values++;
        return 0;
    }
    char name[80];
    snprintf(name, sizeof name, "format %s", f->id);
    if (cfg_set(format_keys, f, name, key, value, why, len)) {
        size_t used = strlen(why);
        if (!cfg_find(format_keys, key) && used < len)
            snprintf(why + used, len - used, ", or nrmse_<distribution> (percent)");
        return -1;
    }
    if (strcmp(key, "bpw") == 0) st->has_bpw[set->n_formats - 1] = true;
    return 0;
}

static int load(const char *path, const char *text, qref_set *set, char *err, size_t err_len) {
    ref_state *st = calloc(1, sizeof *st);
    if (!st) {
        snprintf(err, err_len, "%s: out of memory", path);
        return Q35_ERR_INPUT;
    }
    memset(set, 0, sizeof *set);
    snprintf(set->path, sizeof set->path, "%s", path);
    st->set = set;
    ini_callbacks cb = {.section = on_section, .entry = on_entry};
    int n_lines = 0;
    int rc = text ? ini_load_text(text, path, &cb, st, &n_lines, err, err_len)
                  : ini_load_file(path, &cb, st, &n_lines, err, err_len);
    if (rc == 0 && (!st->has_source || !st->has_citation)) {
        snprintf(err, err_len, "%s:%d: expected a [source] section with a 'citation' (where the "
                               "figures come from)", path, n_lines > 0 ? n_lines : 1);
        rc = 2;
    }
    for (size_t i = 0; rc == 0 && i < set->n_formats; i++)
        if (!st->has_bpw[i]) {
            snprintf(err, err_len, "%s:%d: [format %s] has no 'bpw'", path,
                     set->formats[i].line, set->formats[i].id);
            rc = 2;
        }
    free(st);
    if (rc) memset(set, 0, sizeof *set);
    return rc ? Q35_ERR_INPUT : Q35_OK;
}

int qrefs_load(const char *path, qref_set *set, char *err, size_t err_len) {
    return load(path, NULL, set, err, err_len);
}

int qrefs_load_string(const char *text, const char *label, qref_set *set, char *err,
                      size_t err_len) {
    return load(label, text, set, err, err_len);
}
