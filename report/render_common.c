#include "render_common.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "markdown.h"

void name_set_add(name_set *s, const char *name, size_t len) {
    for (size_t i = 0; i < s->n; i++)
        if (strlen(s->items[i]) == len && strncmp(s->items[i], name, len) == 0) return;
    if (s->n == 256) return;
    char *d = malloc(len + 1);
    if (!d) return;
    memcpy(d, name, len);
    d[len] = '\0';
    s->items[s->n++] = d;
}

void name_set_free(name_set *s) {
    for (size_t i = 0; i < s->n; i++) free(s->items[i]);
    s->n = 0;
}

/* Token `pos` (0-based, dot-separated) of every metric id that starts with prefix and ends
 * with suffix (either may be ""). */
void collect_metric_names(const run_data *r, const char *prefix, const char *suffix, int pos,
                          name_set *out) {
    size_t pl = strlen(prefix), sl = strlen(suffix);
    for (size_t i = 0; i < r->audit.metrics.n; i++) {
        const char *id = metrics_by_id(&r->audit.metrics, i)->id;
        size_t il = strlen(id);
        if (strncmp(id, prefix, pl) != 0 || il < sl || strcmp(id + il - sl, suffix) != 0)
            continue;
        const char *p = id;
        for (int k = 0; k < pos && p; k++) {
            p = strchr(p, '.');
            if (p) p++;
        }
        if (!p) continue;
        const char *e = strchr(p, '.');
        name_set_add(out, p, e ? (size_t)(e - p) : strlen(p));
    }
}

const metric *find_metricf(const run_data *r, const char *fmt, ...) {
    char id[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(id, sizeof id, fmt, ap);
    va_end(ap);
    return metrics_find(&r->audit.metrics, id);
}

/* "2.31x [2.20-2.45]" and what the interval says: not distinguishable from 1, inside the
 * run's A/A noise floor, or timed in different blocks. */
void ratio_text(const compare_row *x, const compare_row *aa, char *out, size_t len) {
    char v[MD_NUM_LEN], lo[MD_NUM_LEN], hi[MD_NUM_LEN];
    int used = snprintf(out, len, "%sx [%s-%s]", md_num(x->ratio, 3, v), md_num(x->lo, 3, lo),
                        md_num(x->hi, 3, hi));
    if (used < 0 || (size_t)used >= len) return;
    if (!x->distinguishable)
        used += snprintf(out + used, len - (size_t)used, ", not distinguishable");
    else if (aa && x != aa && x->lo >= aa->lo && x->hi <= aa->hi)
        used += snprintf(out + used, len - (size_t)used, ", within the A/A noise floor");
    if (!x->interleaved && (size_t)used < len)
        snprintf(out + used, len - (size_t)used, ", not interleaved");
}

const compare_row *aa_row(const run_data *r) {
    return run_compare_find(r, "aa", NULL, NULL);
}
