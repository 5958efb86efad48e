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
#include "base/metrics_read.h"

/* Verdicts, from the weakest finding to the strongest. A statement's verdict is the
 * strongest of its checks' (see audit_evaluate); the report lists them strongest first.
 *   UNTESTABLE HERE          the claim needs hardware or data this run lacks
 *   ARITHMETIC ONLY          the seeds' arithmetic over their own figures holds, nothing more
 *   SEED METHOD ONLY         the seeds' own computation, recomputed, gives the figure; the
 *                            claim as a reader takes it does not rest on that
 *   CONFIRMED BY REFERENCE   a reference fact or the prior art agrees
 *   REPRODUCED               the claim holds as a reader takes it, measured or computed here
 *   evidence missing         a check's evidence is not in this run
 *   UNDECIDED                a measured quantity's confidence interval straddles the claim
 *   NOT REPRODUCED           a value measured or recomputed here differs
 *   INCONSISTENT             the seeds' own figures contradict each other
 *   CONTRADICTED BY REFERENCE  a reference fact or the prior art contradicts it
 *   EXCEEDS BOUND            impossible in its own setting (beyond a first-principles bound) */
typedef enum {
    VERDICT_NONE = -1, /* info, a passed agree, or a bound without 'needs' that holds */
    VERDICT_UNTESTABLE = 0,
    VERDICT_ARITHMETIC_ONLY,
    VERDICT_SEED_METHOD_ONLY,
    VERDICT_CONFIRMED,
    VERDICT_REPRODUCED,
    VERDICT_MISSING,
    VERDICT_UNDECIDED,
    VERDICT_NOT_REPRODUCED,
    VERDICT_INCONSISTENT,
    VERDICT_CONTRADICTED,
    VERDICT_EXCEEDS_BOUND,
} verdict;
#define VERDICT_COUNT 11

const char *verdict_name(verdict v); /* "REPRODUCED", "UNTESTABLE HERE", "evidence missing", ... */
/* Parses a verdict name back; VERDICT_NONE with ok = false when unknown. */
verdict verdict_parse(const char *name, bool *ok);
/* Lower-case token for metric ids: reproduced, untestable_here, evidence_missing, ... */
const char *verdict_token(verdict v);
/* One sentence: what the verdict means (for the report's legend). */
const char *verdict_meaning(verdict v);

#define AUDIT_MAX_INPUTS 32

/* Where an input's value comes from, which says how to read it. */
typedef enum {
    SOURCE_SEEDS,     /* claim.ID.X: a figure the seeds state */
    SOURCE_REFERENCE, /* ref.NAME: a reference fact */
    SOURCE_MEASURED,  /* a metric measured on this host (bench, roofline, decode) */
    SOURCE_COMPUTED,  /* a metric computed in this run (quality, the audit's own) */
    SOURCE_MODEL,     /* a model quantity (projection, model sizes) with its inputs */
} input_source;

typedef struct evidence_input {
    char name[160];
    bool found;
    interval value;
    bool measured_ci; /* value is the confidence interval of a measured quantity */
    input_source kind;
    bool secondary;   /* a reference fact from a secondary source */
    char unit[16];
    char source[200]; /* metrics file, references.ini, or the seed location */
} evidence_input;

typedef struct check_row {
    size_t claim_index;
    int check_index;       /* into claim.ck */
    unsigned statements;   /* bit mask of the statements this row judges */
    verdict v;
    bool evaluated;        /* evidence has a value */
    bool measured;         /* the evidence rests on a measured confidence interval */
    interval evidence;
    char evidence_unit[16];
    char detail[640];      /* the comparison, in plain words and numbers */
    evidence_input inputs[AUDIT_MAX_INPUTS];
    int n_inputs;
} check_row;

typedef struct statement_result {
    verdict v;      /* VERDICT_NONE for a letter without a statement */
    long deciding;  /* the row (index into audit_result.rows) that gives v, or -1 */
} statement_result;

typedef struct claim_result {
    statement_result st[CLAIMS_MAX_STATEMENTS];
    bool disagree;  /* an agree check failed: the statements contradict each other */
    size_t first_row, n_rows;
} claim_result;

typedef struct audit_result {
    const claims_registry *reg;
    claim_result *claims; /* parallel to reg->claims */
    check_row *rows;
    size_t n_rows;
    int n_statements;
    int statement_counts[VERDICT_COUNT]; /* statements per verdict (each counted once) */
    int claim_counts[VERDICT_COUNT];     /* claims with at least one statement of the verdict */
    int claims_disagreeing;              /* claims whose statements contradict each other */
    int rows_missing;          /* rows (checks x statements) without their evidence */
} audit_result;

/* The strongest verdict among a claim's statements (for sorting and short summaries; the
 * report shows every statement's own verdict). */
verdict audit_claim_strongest(const claim_result *cr);
/* "EXCEEDS BOUND (a), REPRODUCED (b)": each distinct verdict with its statements. */
void audit_claim_verdicts_text(const claim *c, const claim_result *cr, char *out, size_t len);

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
