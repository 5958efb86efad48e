/*
 * What the audit writes into a run directory:
 *   audit.json         every claim with its statements, checks, evidence inputs and verdicts
 *   audit.tsv          one row per check and statement (claimed, evidence, rule, verdict)
 *   audit.statements.tsv  one row per statement: its verdict and the check that decides it
 *   metrics.audit.tsv  verdict counts and the audit's own first-principles evidence
 * and the console summary. docs/results-audit.md documents the files.
 */
#ifndef Q35_AUDIT_OUTPUT_H
#define Q35_AUDIT_OUTPUT_H

#include <stdio.h>

#include "engine.h"

char *audit_json(const audit_result *r, const references *refs, const char *run_id);
char *audit_tsv(const audit_result *r);
char *audit_statements_tsv(const audit_result *r);
/* The metrics file: counts plus every metric of `own` (the audit's computed evidence). */
char *audit_metrics_tsv(const audit_result *r, const metric_table *own);
void audit_print_summary(FILE *out, const audit_result *r);

/* "a" or "a, b" for a statement mask. */
void audit_letters(unsigned mask, char *out, size_t len);
/* Stated value(s) with unit for a row: "28.9 pct" or "28.9 / 34.1 / 28 pct". */
void audit_claimed_text(const claim *c, unsigned mask, char *out, size_t len);
/* The rule in words, e.g. "identity: stated = evidence within rounding + 0". */
void audit_rule_text(const check *ck, char *out, size_t len);

#endif
