#include "figures.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/config_values.h"
#include "base/metrics_tsv.h"
#include "base/error.h"

const char *figure_status_name(figure_status s) {
    switch (s) {
    case FIG_CONFIRMED: return "confirmed";
    case FIG_UNCONFIRMED: return "unconfirmed";
    case FIG_ASSUMPTION: return "assumption";
    case FIG_MEASURED: return "measured";
    }
    return "?";
}

void figures_init(figure_set *fs, const figure_spec *specs) {
    memset(fs, 0, sizeof *fs);
    fs->specs = specs;
}

static const figure_spec *find_spec(const figure_set *fs, const char *name) {
    for (const figure_spec *s = fs->specs; s->name; s++)
        if (strcmp(s->name, name) == 0) return s;
    return NULL;
}

figure *figures_get_mut(figure_set *fs, const char *name) {
    for (size_t i = 0; i < fs->n; i++)
        if (strcmp(fs->items[i].spec->name, name) == 0) return &fs->items[i];
    return NULL;
}

const figure *figures_get(const figure_set *fs, const char *name) {
    return figures_get_mut((figure_set *)fs, name);
}

double figures_value(const figure_set *fs, const char *name) {
    const figure *f = figures_get(fs, name);
    return f && f->has_value && isfinite(f->value) ? f->value : NAN;
}

static void list_names(const figure_set *fs, char *buf, size_t len) {
    size_t used = 0;
    buf[0] = '\0';
    for (const figure_spec *s = fs->specs; s->name && used < len; s++)
        used += (size_t)snprintf(buf + used, len - used, "%s%s", used ? ", " : "", s->name);
}

static int text_value(const char *value, char *out, const char *key, char *why, size_t len) {
    size_t n = strlen(value);
    if (n == 0 || n >= FIGURE_TEXT_LEN) {
        snprintf(why, len, "'%s' must be 1 to %d characters", key, FIGURE_TEXT_LEN - 1);
        return -1;
    }
    memcpy(out, value, n + 1);
    return 0;
}

int figures_entry(figure_set *fs, const char *key, const char *value, int line, char *why,
                  size_t len) {
    char name[64];
    const char *dot = strchr(key, '.');
    const char *attr = dot ? dot + 1 : NULL;
    size_t nlen = dot ? (size_t)(dot - key) : strlen(key);
    if (nlen == 0 || nlen >= sizeof name) {
        snprintf(why, len, "'%s' is not a figure name", key);
        return -1;
    }
    memcpy(name, key, nlen);
    name[nlen] = '\0';
    const figure_spec *spec = find_spec(fs, name);
    if (!spec) {
        char names[600];
        list_names(fs, names, sizeof names);
        snprintf(why, len, "unknown figure '%s'; expected one of: %s", name, names);
        return -1;
    }
    if (attr && strcmp(attr, "source") && strcmp(attr, "status") && strcmp(attr, "note")) {
        snprintf(why, len, "unknown attribute '%s' of figure '%s'; expected %s, %s.source, "
                           "%s.status or %s.note", attr, name, name, name, name, name);
        return -1;
    }
    figure *f = figures_get_mut(fs, name);
    if (!f) {
        if (fs->n == FIGURES_MAX) {
            snprintf(why, len, "too many figures (at most %d)", FIGURES_MAX);
            return -1;
        }
        f = &fs->items[fs->n++];
        memset(f, 0, sizeof *f);
        f->spec = spec;
        f->value = NAN;
    }
    if (!attr) {
        f->line = line;
        f->has_value = true;
        if (strncmp(value, "measured:", 9) == 0) {
            if (!spec->allow_measured) {
                snprintf(why, len, "figure '%s' cannot be 'measured:'; expected a number from %g to %g",
                         name, spec->min, spec->max);
                return -1;
            }
            const char *ref = value + 9;
            if (!metrics_id_valid(ref) || strlen(ref) >= sizeof f->measured) {
                snprintf(why, len, "'measured:%s': expected a metric id such as "
                                   "measured:stream.read.tmax.gbps (tmax = the largest thread count)",
                         ref);
                return -1;
            }
            snprintf(f->measured, sizeof f->measured, "%s", ref);
            f->value = NAN;
            if (!f->status_given) f->status = FIG_MEASURED;
            return 0;
        }
        char tmp[256];
        if (cv_double(value, spec->min, spec->max, &f->value, tmp, sizeof tmp)) {
            snprintf(why, len, "figure '%s' (%s): %s%s", name, spec->what, tmp,
                     spec->allow_measured ? ", or measured:<metric id>" : "");
            return -1;
        }
        return 0;
    }
    if (strcmp(attr, "source") == 0) {
        f->source_line = line;
        return text_value(value, f->source, key, why, len);
    }
    if (strcmp(attr, "note") == 0) return text_value(value, f->note, key, why, len);
    static const char *const statuses[] = {"confirmed", "unconfirmed", "assumption", "measured", NULL};
    char tmp[256];
    int s = cv_choice(value, statuses, tmp, sizeof tmp);
    if (s < 0) {
        snprintf(why, len, "'%s': %s", key, tmp);
        return -1;
    }
    f->status = (figure_status)s;
    f->status_given = true;
    f->status_line = line;
    return 0;
}

int figures_finish(const figure_set *fs, const char *path, char *err, size_t len) {
    for (size_t i = 0; i < fs->n; i++) {
        const figure *f = &fs->items[i];
        const char *name = f->spec->name;
        if (!f->has_value) {
            int line = f->source_line ? f->source_line : f->status_line;
            snprintf(err, len, "%s:%d: '%s.%s' given but there is no figure '%s = ...' in this file",
                     path, line, name, f->source_line ? "source" : "status", name);
            return Q35_ERR_INPUT;
        }
        if (!f->source_line) {
            snprintf(err, len,
                     "%s:%d: figure '%s' has no source; add '%s.source = <where the figure "
                     "comes from>' (every figure in a device or model config needs one)",
                     path, f->line, name, name);
            return Q35_ERR_INPUT;
        }
        if (f->measured[0] && f->status_given && f->status != FIG_MEASURED) {
            snprintf(err, len, "%s:%d: figure '%s' is measured:%s, so its status must be 'measured'",
                     path, f->status_line, name, f->measured);
            return Q35_ERR_INPUT;
        }
        if (!f->measured[0] && f->status == FIG_MEASURED) {
            snprintf(err, len, "%s:%d: figure '%s' has status 'measured' but a fixed value; "
                               "write measured:<metric id> or another status",
                     path, f->status_line, name);
            return Q35_ERR_INPUT;
        }
    }
    return 0;
}
