/*
 * Writing the flat evidence files metrics.<step>.tsv that every step leaves in a run (the
 * audit and the report read them): header "id value lo hi unit description", one row per
 * figure; ids are dot-separated lower-case tokens of [a-z0-9_-]; value is a number, or NA
 * with the reason in the description. lo and hi bound the value's confidence interval where
 * it is estimated from repeated measurements (e.g. the 95 % interval of a median), and are
 * '-' where the value is exact (a count, a model quantity, a deterministic recomputation).
 * The audit treats a value with an interval as that interval, so that a verdict decided
 * on a measurement cannot flip on noise the repetitions already show.
 */
#ifndef Q35_METRICS_TSV_H
#define Q35_METRICS_TSV_H

#include <stdbool.h>
#include <stddef.h>

#include "text_buf.h"

/* Starts a metrics file (the header row). */
void metrics_begin(text_buf *b);
/* One row; a non-finite value is written as NA. The description is printf-formatted. */
void metrics_add(text_buf *b, const char *id, double value, const char *unit,
                 const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* One row with the confidence interval [lo, hi] of the value (lo <= value <= hi). */
void metrics_add_ci(text_buf *b, const char *id, double value, double lo, double hi,
                    const char *unit, const char *fmt, ...) __attribute__((format(printf, 7, 8)));

/* The units a metric may carry: ms s us pct x gbps gops gflops gib gb mb mib kb bytes bpw
 * bits tok_s w count bool db tops tbps date ratio. A writer passing another is a bug the
 * reader (base/metrics_read.h) reports. */
bool metrics_unit_known(const char *unit);
/* Those units, comma-separated, for messages. */
void metrics_unit_list(char *buf, size_t len);

/* Whether id follows the id rules above. */
bool metrics_id_valid(const char *id);
/* A token for an id from a free-form name: lower case, any other character than
 * [a-z0-9_-] replaced by '_'. */
void metrics_token(const char *in, char *out, size_t len);

#endif
