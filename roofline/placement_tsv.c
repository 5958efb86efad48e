#include "placement_tsv.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COLUMN_ENTRY(col, kind, required, digits) \
    {#col, TSV_FIELD_##kind, required, offsetof(placement_row, col), digits},
static const tsv_field columns[] = {PLACEMENT_TSV_COLUMNS(COLUMN_ENTRY)};
#define N_COLUMNS (sizeof columns / sizeof columns[0])

static double fig(double v, bool valid) { return valid ? v : NAN; }

char *placement_tsv(const placement_set *ps) {
    text_buf b = {0};
    tsv_write_header_of(&b, columns, N_COLUMNS);
    for (size_t i = 0; ps->bench && i < ps->bench->n; i++) {
        const bench_row *r = &ps->bench->rows[i];
        const placement *p = &ps->rows[i];
        bool ok = bench_row_ok(r);
        char counters[512];
        counters_format(&r->counts, counters, sizeof counters);
        placement_row row = {
            .name = r->name, .kernel = r->kernel, .format = r->format, .shape = r->shape,
            .n = r->n, .k = r->k, .m = r->m, .threads = r->threads, .status = r->status,
            .weight_bytes = fig(r->weight_bytes, r->weight_bytes > 0),
            .bytes_moved = fig(r->bytes_moved, r->bytes_moved > 0), .ops = fig(r->ops, r->ops > 0),
            .ai_ops_per_byte = fig(p->ai, p->ai > 0), .median_ms = fig(r->median_s * 1e3, ok),
            .gbps = fig(p->gbps, p->gbps > 0), .gops = fig(p->gops, p->gops > 0),
            .roof_threads = fig(p->roof_threads, p->roof_threads > 0),
            .level = p->roof_threads ? p->level : "NA",
            .bw_roof_gbps = fig(p->bw_roof_gbps, p->bw_roof_gbps > 0),
            .compute_roof = peak_kind_name(p->compute_kind),
            .compute_roof_gops = fig(p->compute_roof_gops, p->compute_roof_gops > 0),
            .attainable_gops = fig(p->attainable_gops, p->placed),
            .pct_bw_roof = fig(p->pct_bw_roof, p->placed),
            .pct_compute_roof = fig(p->pct_compute_roof, p->placed),
            .pct_attainable = fig(p->pct_attainable, p->placed),
            .binds = p->placed ? p->binds : "NA",
            .ipc = fig(p->counters.ipc, p->counters.have_ipc),
            .bytes_per_miss = fig(p->counters.bytes_per_miss, p->counters.have_misses),
            .counters = ok ? counters : "n/a (not timed)", .note = p->note};
        tsv_write_record(&b, columns, N_COLUMNS, &row);
    }
    return tb_take(&b);
}

void placement_table_free(placement_table *t) {
    free(t->rows);
    tsv_free(&t->tab);
    memset(t, 0, sizeof *t);
}

int placement_tsv_read(const char *path, placement_table *out, char *err, size_t len) {
    memset(out, 0, sizeof *out);
    if (tsv_read(path, &out->tab, err, len)) return -1;
    const tsv_table *t = &out->tab;
    out->rows = calloc(t->n_rows ? t->n_rows : 1, sizeof *out->rows);
    if (!out->rows) {
        snprintf(err, len, "%s: out of memory", path);
        placement_table_free(out);
        return -1;
    }
    if (tsv_read_records(t, columns, N_COLUMNS, out->rows, sizeof *out->rows, err, len)) {
        placement_table_free(out);
        return -1;
    }
    for (size_t i = 0; i < t->n_rows; i++) {
        const placement_row *r = &out->rows[i];
        bool placed = strcmp(r->binds, "bandwidth") == 0 || strcmp(r->binds, "compute") == 0;
        if (!placed && strcmp(r->binds, "NA") != 0) {
            snprintf(err, len, "%s:%d: column 'binds' is '%.40s'; expected bandwidth, compute or NA",
                     path, t->line[i], r->binds);
            placement_table_free(out);
            return -1;
        }
        if (placed && !(r->pct_attainable >= 0 && r->attainable_gops > 0)) {
            snprintf(err, len, "%s:%d: a placed row needs its %% of the attainable roof and the "
                     "attainable GOP/s", path, t->line[i]);
            placement_table_free(out);
            return -1;
        }
        out->n++;
    }
    return 0;
}

const placement_row *placement_find(const placement_table *t, const char *name) {
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->rows[i].name, name) == 0) return &t->rows[i];
    return NULL;
}
