/*
 * The claims registry (configs/claims.ini) and the reference facts it cites
 * (configs/references.ini), read with base/ini_file.h and checked with
 * base/config_values.h. The format is described at the top of configs/claims.ini and
 * in docs/report.md. Loading validates everything that does not depend on a run: names,
 * units, rules, expressions, and that every claim.ID.X and ref.NAME an expression uses
 * exists; errors name file:line.
 */
#ifndef Q35_AUDIT_CLAIMS_H
#define Q35_AUDIT_CLAIMS_H

#include <stdbool.h>
#include <stddef.h>

#include "expr.h"

#define CLAIMS_MAX_STATEMENTS 8
#define CLAIMS_MAX_CHECKS 12
#define CLAIMS_MAX_WHERE 24
#define CLAIMS_MAX_SEEDS 16

/* What a check compares a statement with (configs/claims.ini documents each):
 *   checks of the claim as a reader takes it, in the setting it states:
 *     match        a value measured or computed in this run in that setting
 *     reference    a reference fact or prior art (configs/references.ini)
 *     upper_bound, lower_bound   a first-principles bound in that setting
 *     untestable   what it would take (hardware this run lacks)
 *   checks of the seeds in their own terms:
 *     recompute    the seeds' own computation, recomputed in this run (docs/seeds/README.md)
 *     identity     arithmetic over the seeds' own figures
 *     agree        the statements of one claim against each other
 *   info           context, never a verdict */
typedef enum {
    RULE_MATCH,
    RULE_IDENTITY,
    RULE_AGREE,
    RULE_UPPER_BOUND,
    RULE_LOWER_BOUND,
    RULE_UNTESTABLE,
    RULE_INFO,
    RULE_RECOMPUTE,
    RULE_REFERENCE,
} claim_rule;

/* Whether a rule checks the claim as a reader takes it (as opposed to the seeds' own
 * arithmetic or computation, or context). */
bool claim_rule_as_stated(claim_rule r);

typedef enum { REL_EQ, REL_LE, REL_GE } claim_relation;

const char *claim_rule_name(claim_rule r);
const char *claim_relation_symbol(claim_relation r); /* "=", "<=", ">=" */

typedef struct seed_location {
    int seed; /* index into claims_registry.seeds */
    int line;
} seed_location;

typedef struct statement {
    char letter;
    bool present;
    char value_text[40]; /* as written in the registry */
    interval value;      /* the stated value's rounding interval */
    char unit[16];
    seed_location where[CLAIMS_MAX_WHERE];
    int n_where;
    char quote[256];
    int overlay_check; /* check number whose bound the projection figure draws it against, or 0 */
    int line;         /* registry line of value.X */
} statement;

typedef struct check {
    int number;
    bool present;
    claim_rule rule;
    bool has_rule;
    claim_relation relation;
    unsigned on; /* bit i = statement 'a' + i; 0 until set (then: all statements) */
    char evidence_text[256];
    expr *evidence;
    double tolerance;
    bool tolerance_relative; /* tolerance is a fraction of |evidence| */
    bool has_tolerance;
    char tolerance_text[24];
    char needs[160];
    char setting[256]; /* the setting the evidence is in: hardware, scheme, shape, threads */
    char note[320];    /* in plain words: why this check decides */
    bool reproduction_table;
    int line; /* registry line of check.N.rule */
} check;

typedef struct claim {
    char id[64];
    char title[200];
    char topic[24];
    char unit[16];
    statement st[CLAIMS_MAX_STATEMENTS];
    check ck[CLAIMS_MAX_CHECKS];
    int line;
} claim;

typedef struct reference {
    char name[64];
    double value;
    char value_text[40];
    char unit[16];
    char fact[256];
    char source[256];
    bool unconfirmed;
    bool secondary; /* the source reports the fact second-hand (not the vendor, the paper) */
    bool standing_set;
    int line;
} reference;

typedef struct references {
    char path[512];
    reference *refs;
    size_t n_refs;
} references;

typedef struct seed_file {
    char key[16];
    char file[128];
} seed_file;

typedef struct claims_registry {
    char path[512];
    seed_file seeds[CLAIMS_MAX_SEEDS];
    int n_seeds;
    claim *claims;
    size_t n;
} claims_registry;

/* Both return 0 (Q35_OK), or Q35_ERR_INPUT (base/error.h) with "path:line: reason" in err and nothing left to free. */
int references_load(const char *path, references *out, char *err, size_t len);
void references_free(references *r);
const reference *references_find(const references *r, const char *name);

int claims_load(const char *path, const references *refs, claims_registry *out, char *err,
                size_t len);
int claims_load_text(const char *text, const char *label, const references *refs,
                     claims_registry *out, char *err, size_t len);
void claims_free(claims_registry *r);
const claim *claims_find(const claims_registry *r, const char *id);
/* Statement of "claim.ID.X" (NULL if the name is not of that form or does not exist). */
const statement *claims_statement(const claims_registry *r, const char *name,
                                  const claim **owner);

/* Checks every quote against the seed files in seeds_dir: the first place in where.X
 * must contain quote.X byte for byte. Returns 0, or 1 with "path:line: reason" in err. */
int claims_verify_quotes(const claims_registry *r, const char *seeds_dir, char *err,
                         size_t len);

/* The half-width a stated value's last digit implies: "28.9" -> 0.05, "104" -> 0.5,
 * "70e9" -> 0.5e9; 0 for dates and booleans. */
double claims_rounding(const char *value_text, const char *unit);

#endif
