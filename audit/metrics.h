/*
 * The flat evidence of a run: every metrics.<step>.tsv file in the run directory
 * (header id, value, lo, hi, unit, description; value a number or NA with the reason in
 * the description; lo/hi its confidence interval from repeated measurements, or '-').
 * Ids are unique across the files of one run.
 */
#ifndef Q35_AUDIT_METRICS_H
#define Q35_AUDIT_METRICS_H

#include <stdbool.h>
#include <stddef.h>

typedef struct metric {
    char *id, *unit, *description;
    char file[64]; /* metrics.<step>.tsv it came from */
    int line;
    bool na;       /* value was NA */
    double value;
    bool has_ci;   /* lo/hi hold the value's confidence interval (measured quantities) */
    double lo, hi;
} metric;

typedef struct metric_table {
    metric *items; /* sorted by id */
    size_t n, cap;
    char **files;  /* names of the files read */
    size_t n_files;
} metric_table;

/* Reads every metrics.*.tsv of run_dir (skip_file, if not NULL, is left out: the audit's
 * own file). Returns 0, or -1 with "file:line: reason" in err. */
int mtab_load_dir(const char *run_dir, const char *skip_file, metric_table *t, char *err,
                     size_t len);
/* Parses one file's text (label names it in errors) into t. */
int mtab_add_text(metric_table *t, char *text, const char *label, const char *file_name,
                     char *err, size_t len);
/* Adds one value (for evidence computed in memory, e.g. by the audit); exact (no interval). */
int mtab_add(metric_table *t, const char *id, double value, bool na, const char *unit,
                const char *description, const char *file);
void mtab_sort(metric_table *t);
const metric *mtab_find(const metric_table *t, const char *id);
void mtab_free(metric_table *t);

/* Units a metric may carry (the results convention). */
bool mtab_unit_known(const char *unit);

#endif
