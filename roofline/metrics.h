/*
 * The flat evidence files metrics.<step>.tsv: header "id value unit description", one
 * row per figure; ids are dot-separated lower-case tokens of [a-z0-9_-]; value is a
 * number, or NA with the reason in the description.
 */
#ifndef Q35_METRICS_H
#define Q35_METRICS_H

#include <stdbool.h>
#include <stddef.h>

#include "harness/text_buf.h"

/* Starts a metrics file (the header row). */
void metrics_begin(text_buf *b);
/* One row; a non-finite value is written as NA. The description is printf-formatted. */
void metrics_add(text_buf *b, const char *id, double value, const char *unit,
                 const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Whether id follows the id rules above. */
bool metrics_id_valid(const char *id);
/* A token for an id from a free-form name: lower case, any other character than
 * [a-z0-9_-] replaced by '_'. */
void metrics_token(const char *in, char *out, size_t len);

typedef struct metric_row {
    const char *id, *unit, *description; /* into the table's text */
    double value;                        /* NAN when NA */
    bool na;
    int line;
} metric_row;

typedef struct metrics_table {
    metric_row *rows;
    size_t n;
    void *tsv; /* the underlying tsv_table */
} metrics_table;

/* Reads a metrics file; -1 with "file:line: ..." in err for anything malformed. */
int metrics_read(const char *path, metrics_table *out, char *err, size_t len);
const metric_row *metrics_find(const metrics_table *t, const char *id);
void metrics_free(metrics_table *t);

#endif
