/*
 * The audit engine: evaluates every check of the claims registry against the evidence of
 * one run (its metrics.*.tsv), the reference facts and the seeds' own figures, and gives
 * each claim a verdict. The rules are documented in configs/claims.ini and docs/report.md.
 */
#ifndef Q35_AUDIT_ENGINE_H
#define Q35_AUDIT_ENGINE_H

#include <stdbool.h>
#include <stddef.h>

#include "claims.h"
#include "metrics.h"

/* In order of severity; a claim's verdict is the most severe of its checks. */
typedef enum {
    VERDICT_NONE = -1, /* info, a passed agree, or a bound without 'needs' that holds */
    VERDICT_REPRODUCED = 0,
    VERDICT_UNTESTABLE,
    VERDICT_MISSING, /* evidence missing */
    VERDICT_NOT_REPRODUCED,
    VERDICT_INCONSISTENT,
    VERDICT_EXCEEDS_BOUND,
} verdict;
#define VERDICT_COUNT 6

const char *verdict_name(verdict v); /* "REPRODUCED", "UNTESTABLE HERE", "evidence missing", ... */
/* Parses a verdict name back; VERDICT_NONE with ok = false when unknown. */
verdict verdict_parse(const char *name, bool *ok);
/* Lower-case token for metric ids: reproduced, untestable_here, evidence_missing, ... */
const char *verdict_token(verdict v);

#define AUDIT_MAX_INPUTS 32

typedef struct evidence_input {
    char name[160];
    bool found;
    interval value;
    char unit[16];
    char source[200]; /* metrics file, references.ini, or the seed location */
} evidence_input;

typedef struct check_row {
    size_t claim_index;
    int check_index;       /* into claim.ck */
    unsigned statements;   /* bit mask of the statements this row judges */
    verdict v;
    bool evaluated;        /* evidence has a value */
    interval evidence;
    char evidence_unit[16];
    char detail[512];      /* the comparison, in words and numbers */
    evidence_input inputs[AUDIT_MAX_INPUTS];
    int n_inputs;
} check_row;

typedef struct claim_result {
    verdict v;
    size_t first_row, n_rows;
} claim_result;

typedef struct audit_result {
    const claims_registry *reg;
    claim_result *claims; /* parallel to reg->claims */
    check_row *rows;
    size_t n_rows;
    int counts[VERDICT_COUNT]; /* claims per verdict */
    int rows_missing;          /* rows (checks x statements) without their evidence */
} audit_result;

/* Evaluates everything; returns 0 or -1 when out of memory. */
int audit_evaluate(const claims_registry *reg, const references *refs,
                   const metric_table *metrics, audit_result *out);
void audit_result_free(audit_result *r);

/* Metric ids the registry uses that the table lacks, has as NA, or has in another unit
 * than the statements a lone id is compared with: one per line in out (a malloc'd
 * string, "" when none). Returns how many. */
int audit_missing_evidence(const claims_registry *reg, const metric_table *metrics, char **out);

/* Formats a number with `sig` significant figures, without exponent between 1e-4 and 1e9. */
void audit_fmt(double v, int sig, char *out, size_t len);
/* A value in its unit: dates as 2023-09-30, booleans as true/false, counts in full. */
void audit_fmt_unit(double v, const char *unit, char *out, size_t len);
/* Evidence for display: a point in its unit (audit_fmt_unit), an interval otherwise. */
void audit_fmt_evidence(interval v, const char *unit, char *out, size_t len);
/* How a unit is written for people: pct -> "%", tok_s -> "tok/s", count -> "". */
const char *audit_unit_label(const char *unit);
/* Factor that converts a value in `from` to `to` (GB, GiB, MB, MiB, bytes; s, ms, us);
 * false when the units are not of one kind. */
bool audit_unit_factor(const char *from, const char *to, double *factor);
/* An interval: "34.06" for a point, "34.06 (34.02 to 34.10)" otherwise. */
void audit_fmt_interval(interval v, int sig, char *out, size_t len);

#endif
