/*
 * The one reader of the flat evidence files metrics.<step>.tsv (format and writing:
 * base/metrics_tsv.h). Every step that reads evidence (projection, decode, audit, report)
 * reads it here, under one set of rules; anything else is refused with "file:line: what
 * was expected":
 *   - a table by base/tsv.h's rules with exactly the header id value lo hi unit description;
 *   - ids follow metrics_id_valid and appear once (within a file, and across the files of a
 *     run directory: the second one is named with the first);
 *   - value is a number or NA;
 *   - lo and hi are both '-' (an exact value) or two numbers with lo <= value <= hi (the
 *     value's confidence interval);
 *   - the unit is one of the units the writers use (metrics_unit_known).
 */
#ifndef Q35_METRICS_READ_H
#define Q35_METRICS_READ_H

#include <stdbool.h>
#include <stddef.h>

typedef struct metric {
    char *id, *unit, *description;
    char file[64]; /* metrics.<step>.tsv it came from ("" for one computed in memory) */
    int line;
    bool na;       /* value was NA (value is NAN) */
    double value;
    bool has_ci;   /* lo/hi hold the value's confidence interval (measured quantities) */
    double lo, hi; /* NAN without one */
} metric;

typedef struct metric_table {
    metric *items; /* in the order read (files by name, rows in file order) */
    size_t n, cap;
    size_t *by_id; /* indices of items sorted by id (metrics_index) */
    size_t n_indexed;
    char **files;  /* names of the files read */
    size_t n_files;
} metric_table;

/* Reads one metrics file into an empty table. Returns 0, or -1 with the reason in err. */
int metrics_read_file(const char *path, metric_table *t, char *err, size_t len);
/* Reads every metrics.*.tsv among a run directory's files (the run's file list: what its
 * COMPLETE lists, harness/rundir.h rundir_files; nothing else in the directory is read) into
 * an empty table; skip_file, if not NULL, is left out (e.g. the audit's own output). Ids
 * must be unique across the files. */
int metrics_read_run(const char *run_dir, const char *const *files, size_t n_files,
                     const char *skip_file, metric_table *t, char *err, size_t len);
/* Parses one file's text (taken over and freed) into t; label names it in errors and
 * file_name is recorded in each metric. Call metrics_index after the last one. */
int metrics_read_text(metric_table *t, char *text, const char *label, const char *file_name,
                      char *err, size_t len);
/* Adds a value computed in memory (e.g. by the audit), exact (no interval). 0 or -1 (out
 * of memory). Call metrics_index before looking it up. */
int metrics_put(metric_table *t, const char *id, double value, bool na, const char *unit,
                const char *description, const char *file);
/* Sorts the index by id; returns 0, or -1 with the first repeated id (both places) in err. */
int metrics_index(metric_table *t, char *err, size_t len);

const metric *metrics_find(const metric_table *t, const char *id);
/* The i-th metric in id order (i < t->n once indexed). */
const metric *metrics_by_id(const metric_table *t, size_t i);
void metrics_free(metric_table *t);

#endif
