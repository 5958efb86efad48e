/* configs/report.ini: baselines, roofs and the order of rows (see the file). */
#ifndef Q35_REPORT_CONFIG_H
#define Q35_REPORT_CONFIG_H

#include <stddef.h>

#define RC_MAX_PAIRS 32
#define RC_MAX_ORDER 32

typedef struct rc_pair {
    char key[32], value[64];
} rc_pair;

typedef struct rc_list {
    char items[RC_MAX_ORDER][48];
    size_t n;
} rc_list;

typedef struct report_config {
    rc_pair baselines[RC_MAX_PAIRS];
    size_t n_baselines;
    int memory_kind;      /* [roofs] memory: its index in the table of report_config.c */
    char memory_roof[32]; /* its name: the STREAM kernel drawn as the memory roof */
    rc_list models, formats, devices, schemes, dists;
    char projection_model[48], figure_shape[48], batch_shape[48];
} report_config;

/* Returns 0, or 2 with "path:line: reason" in err. */
int report_config_load(const char *path, report_config *rc, char *err, size_t len);
/* The baseline kernel of a format (falls back to `default`, or ""). The one lookup of it:
 * the bench step's speedup comparisons and the report's "(baseline)" mark use it. */
const char *rc_baseline(const report_config *rc, const char *format);
/* Position of name in an order list (unlisted names sort after, alphabetically). */
int rc_rank(const rc_list *l, const char *name);
/* Sorts names (an array of char*) by rank then alphabetically. */
void rc_sort(const rc_list *l, char **names, size_t n);

#endif
