/*
 * Evidence expressions of the claims registry: arithmetic over numbers and names, evaluated
 * in interval arithmetic so that the rounding of stated figures travels through it
 * (28.9 is [28.85, 28.95]; 4188 / 3124 is then an interval too).
 *
 *   expr    := term (('+' | '-') term)*
 *   term    := unary (('*' | '/') unary)*
 *   unary   := '-' unary | power
 *   power   := primary ('^' unary)?
 *   primary := number | name | '(' expr ')' | func '(' expr (',' expr)* ')'
 *   func    := sqrt | floor | min | max
 *   name    := [A-Za-z_][A-Za-z0-9_.-]*      (metric ids contain '-' and '.')
 *
 * Because names may contain '-', a binary minus after a name needs a space before it:
 * "a - b", not "a-b" (which is the name "a-b").
 */
#ifndef Q35_AUDIT_EXPR_H
#define Q35_AUDIT_EXPR_H

#include <stdbool.h>
#include <stddef.h>

typedef struct interval {
    double lo, hi;
} interval;

static inline interval interval_point(double v) { return (interval){v, v}; }

typedef struct expr expr;

/* Parses text; returns 0, or -1 with what was expected (and where) in why. */
int expr_parse(const char *text, expr **out, char *why, size_t len);
void expr_free(expr *e);

/* The distinct names the expression uses, in order of first appearance. */
size_t expr_name_count(const expr *e);
const char *expr_name(const expr *e, size_t i);

/* Resolves a name to an interval; returns 0, or -1 when the name has no value. */
typedef int (*expr_lookup)(void *ctx, const char *name, interval *out);

/* Evaluates; returns 0, or -1 with the reason (a name without a value, division by an
 * interval containing zero, ...) in why. */
int expr_eval(const expr *e, expr_lookup lookup, void *ctx, interval *out, char *why,
              size_t len);

/* Whether the expression is a single name (its value is then shown with that name's unit). */
bool expr_is_single_name(const expr *e);

#endif
