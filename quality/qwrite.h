/*
 * Rendering the quality results: quality.json (quality/qwrite_json.c), the TSV tables
 * (quality/qwrite_tables.c) and the evidence file metrics.quality.tsv
 * (quality/qwrite_metrics.c). Each returns a malloc'd string, or NULL when out of memory.
 */
#ifndef Q35_QWRITE_H
#define Q35_QWRITE_H

#include <cjson/cJSON.h>

#include "qrun.h"

typedef struct qwrite_context {
    const char *config_text; /* the config as written */
    const char *executable;
    const char *run_id;
    cJSON *machine; /* fingerprint (borrowed) */
} qwrite_context;

char *qwrite_json(const quality_results *r, const qwrite_context *ctx);
char *qwrite_metrics(const quality_results *r);

/* Table `name` (weights, output, summary, seeds, dequant, sweep, pareto). */
char *qwrite_table(const quality_results *r, const char *name);
extern const char *const qwrite_table_names[];

/* "shape_<K>x<N>": the seeds wrote shapes as (K, N). */
void qwrite_seed_shape_id(const qc_shape *sh, char *buf, size_t len);

#endif
