#include "measured_figures.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int measured_metric_id(const metric_table *mt, const char *ref, char *id, size_t len,
                       char *why, size_t why_len) {
    const char *tmax = strstr(ref, "tmax");
    bool token = tmax && (tmax == ref || tmax[-1] == '.') && (tmax[4] == '.' || !tmax[4]);
    if (!token) {
        snprintf(id, len, "roofline.%s", ref);
        return 0;
    }
    char prefix[128], suffix[128];
    snprintf(prefix, sizeof prefix, "roofline.%.*s", (int)(tmax - ref), ref);
    snprintf(suffix, sizeof suffix, "%s", tmax + 4);
    long best = -1;
    for (size_t i = 0; i < mt->n; i++) {
        const char *m = mt->items[i].id;
        size_t pl = strlen(prefix), sl = strlen(suffix), ml = strlen(m);
        if (ml <= pl + sl + 1 || strncmp(m, prefix, pl) != 0 || m[pl] != 't' ||
            strcmp(m + ml - sl, suffix) != 0)
            continue;
        char *end;
        long t = strtol(m + pl + 1, &end, 10);
        if (end != m + ml - sl || t < 1) continue;
        if (t > best) best = t;
    }
    if (best < 0) {
        snprintf(why, why_len, "no metric %st<T>%s in metrics.roofline.tsv", prefix, suffix);
        return -1;
    }
    snprintf(id, len, "%st%ld%s", prefix, best, suffix);
    return 0;
}

/* Factor from the metric's unit to the figure's unit (named by its suffix), or NAN. */
static double unit_factor(const char *metric_unit, const char *figure) {
    static const struct { const char *suffix, *unit; double factor; } conv[] = {
        {"_gbps", "gbps", 1.0}, {"_tflops", "gflops", 1e-3}, {"_tops", "gops", 1e-3},
        {"_gb", "gb", 1.0}, {"_gib", "gib", 1.0}, {"_cores", "count", 1.0}};
    size_t fl = strlen(figure);
    for (size_t i = 0; i < sizeof conv / sizeof conv[0]; i++) {
        size_t sl = strlen(conv[i].suffix);
        if (fl >= sl && strcmp(figure + fl - sl, conv[i].suffix) == 0 &&
            strcmp(metric_unit, conv[i].unit) == 0)
            return conv[i].factor;
    }
    return NAN;
}

int measured_resolve(device_config *d, const metric_table *roof, const char *missing) {
    int unresolved = 0;
    for (size_t i = 0; i < d->figs.n; i++) {
        figure *f = &d->figs.items[i];
        if (!f->measured[0]) continue;
        f->value = NAN;
        char id[160], why[200];
        if (!roof) {
            snprintf(f->resolve_note, sizeof f->resolve_note, "%s", missing);
        } else if (measured_metric_id(roof, f->measured, id, sizeof id, why, sizeof why)) {
            snprintf(f->resolve_note, sizeof f->resolve_note, "%s", why);
        } else {
            const metric *r = metrics_find(roof, id);
            double factor = r ? unit_factor(r->unit, f->spec->name) : NAN;
            if (!r)
                snprintf(f->resolve_note, sizeof f->resolve_note, "no metric %s", id);
            else if (r->na)
                snprintf(f->resolve_note, sizeof f->resolve_note, "%s is NA: %.180s", id, r->description);
            else if (!isfinite(factor))
                snprintf(f->resolve_note, sizeof f->resolve_note,
                         "%s is in %s, which does not convert to %s", id, r->unit, f->spec->name);
            else {
                f->value = r->value * factor;
                snprintf(f->resolve_note, sizeof f->resolve_note, "%s = %.6g %s (this run)", id,
                         r->value, r->unit);
            }
        }
        if (!isfinite(f->value)) unresolved++;
    }
    return unresolved;
}
