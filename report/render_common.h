/*
 * What the report's sections share: the rendering context, the names found in a run's metric
 * ids (e.g. every device of projection.<device>.<model>.<format>.decode_tok_s_bound), and
 * how a ratio of bench.compare.tsv is written with what its interval says.
 */
#ifndef Q35_REPORT_RENDER_COMMON_H
#define Q35_REPORT_RENDER_COMMON_H

#include "base/text_buf.h"
#include "render.h"
#include "report_config.h"
#include "run_data.h"

typedef struct render_ctx {
    text_buf *b;
    const report_config *rc;
    const render_options *opt;
} render_ctx;

/* A set of distinct names (at most 256, in order of first appearance). */
typedef struct name_set {
    char *items[256];
    size_t n;
} name_set;

void name_set_add(name_set *s, const char *name, size_t len);
void name_set_free(name_set *s);

/* Adds token `pos` (0-based, dot-separated) of every metric id of the run that starts with
 * prefix and ends with suffix (either may be ""). */
void collect_metric_names(const run_data *r, const char *prefix, const char *suffix, int pos,
                          name_set *out);

/* The metric of a printf-style id, or NULL. */
const metric *find_metricf(const run_data *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* "2.31x [2.20-2.45]" and what the interval says: not distinguishable from 1, inside the
 * run's A/A noise floor (aa, may be NULL), or not interleaved. */
void ratio_text(const compare_row *x, const compare_row *aa, char *out, size_t len);

/* The run's A/A check of bench.compare.tsv, or NULL. */
const compare_row *aa_row(const run_data *r);

#endif
