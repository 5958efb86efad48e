/* The claims audit: evidence expressions, the registry parser's errors (file:line, exit 2),
 * and every verdict rule on hand-made claims and metrics. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "audit/claims.h"
#include "audit/engine.h"
#include "audit/expr.h"
#include "audit/metrics.h"

/* ---- expressions ---------------------------------------------------------------------- */

static int lookup_fixed(void *ctx, const char *name, interval *out) {
    (void)ctx;
    if (strcmp(name, "a.b-c") == 0) return *out = interval_point(10), 0;
    if (strcmp(name, "x") == 0) return *out = (interval){1, 3}, 0;
    if (strcmp(name, "zero") == 0) return *out = (interval){-1, 1}, 0;
    return -1;
}

static interval eval_text(const char *text) {
    expr *e;
    char why[256];
    interval v = {NAN, NAN};
    assert_int_equal(expr_parse(text, &e, why, sizeof why), 0);
    assert_int_equal(expr_eval(e, lookup_fixed, NULL, &v, why, sizeof why), 0);
    expr_free(e);
    return v;
}

static void test_expr_arithmetic(void **state) {
    (void)state;
    interval v = eval_text("(1 + 2) * 3 - 4 / 2");
    assert_float_equal(v.lo, 7, 1e-12);
    assert_float_equal(v.hi, 7, 1e-12);
    v = eval_text("2^31 - 1");
    assert_float_equal(v.lo, 2147483647.0, 0);
    v = eval_text("-2^2"); /* unary minus binds looser than ^ */
    assert_float_equal(v.lo, -4, 0);
    v = eval_text("sqrt(16) + min(3, 1, 2) + max(1, 5) + floor(2.7)");
    assert_float_equal(v.lo, 4 + 1 + 5 + 2, 0);
    v = eval_text("1e3 * .5");
    assert_float_equal(v.lo, 500, 0);
}

static void test_expr_names_with_dashes(void **state) {
    (void)state;
    /* a name may contain '-' and '.'; a binary minus needs a space before it */
    interval v = eval_text("a.b-c - 4");
    assert_float_equal(v.lo, 6, 0);
    expr *e;
    char why[256];
    assert_int_equal(expr_parse("a.b-c * x + a.b-c", &e, why, sizeof why), 0);
    assert_int_equal(expr_name_count(e), 2); /* distinct names */
    assert_string_equal(expr_name(e, 0), "a.b-c");
    assert_string_equal(expr_name(e, 1), "x");
    assert_false(expr_is_single_name(e));
    expr_free(e);
    assert_int_equal(expr_parse("  x ", &e, why, sizeof why), 0);
    assert_true(expr_is_single_name(e));
    expr_free(e);
}

static void test_expr_intervals(void **state) {
    (void)state;
    interval v = eval_text("x * 2"); /* [1, 3] */
    assert_float_equal(v.lo, 2, 0);
    assert_float_equal(v.hi, 6, 0);
    v = eval_text("10 / x");
    assert_float_equal(v.lo, 10.0 / 3, 1e-12);
    assert_float_equal(v.hi, 10, 1e-12);
    v = eval_text("x - x"); /* interval arithmetic does not know they are the same */
    assert_float_equal(v.lo, -2, 0);
    assert_float_equal(v.hi, 2, 0);
    v = eval_text("-x");
    assert_float_equal(v.lo, -3, 0);
    assert_float_equal(v.hi, -1, 0);
}

static void test_expr_errors(void **state) {
    (void)state;
    const char *bad[] = {"", "1 +", "(1", "1 2", "foo(1)", "sqrt()", "2x", "1 $ 2", "min(1)"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        expr *e = (expr *)1;
        char why[256] = "";
        assert_int_equal(expr_parse(bad[i], &e, why, sizeof why), -1);
        assert_null(e);
        assert_true(strlen(why) > 0);
    }
    expr *e;
    char why[256];
    interval v;
    assert_int_equal(expr_parse("1 / zero", &e, why, sizeof why), 0);
    assert_int_equal(expr_eval(e, lookup_fixed, NULL, &v, why, sizeof why), -1);
    assert_non_null(strstr(why, "zero"));
    expr_free(e);
    assert_int_equal(expr_parse("missing + 1", &e, why, sizeof why), 0);
    assert_int_equal(expr_eval(e, lookup_fixed, NULL, &v, why, sizeof why), -1);
    assert_non_null(strstr(why, "missing"));
    expr_free(e);
}

static void test_rounding(void **state) {
    (void)state;
    assert_float_equal(claims_rounding("28.9", "pct"), 0.05, 1e-15);
    assert_float_equal(claims_rounding("104", "tok_s"), 0.5, 0);
    assert_float_equal(claims_rounding("0.50", "pct"), 0.005, 1e-15);
    assert_float_equal(claims_rounding("70e9", "count"), 0, 0); /* counts are exact */
    assert_float_equal(claims_rounding("70e9", "x"), 0.5e9, 1);
    assert_float_equal(claims_rounding("20251128", "date"), 0, 0);
}

/* ---- registry errors ------------------------------------------------------------------ */

static const char *const REFS =
    "[ref fact]\nvalue = 80000\nunit = gbps\nfact = a fact\nsource = somewhere\n";

static references load_refs(void) {
    references r;
    char path[] = "/tmp/q35_test_refs_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs(REFS, f);
    fclose(f);
    char err[512];
    assert_int_equal(references_load(path, &r, err, sizeof err), 0);
    remove(path);
    return r;
}

#define CLAIM_HEAD                                                                         \
    "[seeds]\n000 = seed.txt\n[claim c]\ntitle = t\ntopic = speed\nunit = pct\nvalue.a = 28.9\n" \
    "where.a = 000:13\nquote.a = q\n"

/* Loads text and expects failure at `line` with `needle` in the message. */
static void expect_error(const char *text, int line, const char *needle) {
    references refs = load_refs();
    claims_registry reg;
    char err[1024] = "";
    int rc = claims_load_text(text, "claims.ini", &refs, &reg, err, sizeof err);
    if (rc != 2 || !strstr(err, needle)) fprintf(stderr, "got rc %d: %s\n", rc, err);
    assert_int_equal(rc, 2);
    char where[32];
    snprintf(where, sizeof where, "claims.ini:%d:", line);
    if (!strstr(err, where)) fprintf(stderr, "expected %s in: %s\n", where, err);
    assert_non_null(strstr(err, where));
    assert_non_null(strstr(err, needle));
    claims_free(&reg);
    references_free(&refs);
}

static void test_registry_errors(void **state) {
    (void)state;
    expect_error(CLAIM_HEAD "check.1.rule = matches\n", 10, "expected one of");
    expect_error(CLAIM_HEAD "check.1.rule = match\ncheck.1.evidence = x.y\n", 10, "tolerance");
    expect_error(CLAIM_HEAD "check.1.rule = match\ncheck.1.evidence = (1 +\ncheck.1.tolerance = 0\n",
                 11, "evidence:");
    expect_error(CLAIM_HEAD "check.1.rule = identity\ncheck.1.evidence = claim.c.b\n"
                            "check.1.tolerance = 0\n",
                 10, "is not a statement");
    expect_error(CLAIM_HEAD "check.1.rule = match\ncheck.1.evidence = ref.nope\n"
                            "check.1.tolerance = 0\n",
                 10, "is not in");
    expect_error(CLAIM_HEAD "check.1.rule = identity\ncheck.1.evidence = bench.x.y\n"
                            "check.1.tolerance = 0\n",
                 10, "use rule = match");
    expect_error(CLAIM_HEAD "check.1.rule = untestable\n", 10, "needs 'needs'");
    expect_error(CLAIM_HEAD "check.1.rule = agree\ncheck.1.tolerance = 0\n", 10, "two or more");
    expect_error(CLAIM_HEAD "colour = red\n", 10, "unknown key");
    expect_error(CLAIM_HEAD "value.a = 3\n", 10, "duplicate key");
    expect_error("[seeds]\n000 = s.txt\n[claim c]\ntitle = t\ntopic = speed\nunit = pct\n"
                 "value.a = 1\nwhere.a = 001:3\n",
                 8, "SEED:LINE");
    expect_error(CLAIM_HEAD "check.1.rule = info\ncheck.1.evidence = x.y\n", 3, "only info");
    expect_error(CLAIM_HEAD "check.1.rule = match\ncheck.1.evidence = x.y\ncheck.1.tolerance = five\n",
                 12, "tolerance");
    expect_error(CLAIM_HEAD "[claim c]\n", 10, "appears again");
    expect_error("[seeds]\n000 = s.txt\n[claim Bad-Id]\n", 3, "claim id");
    expect_error("[seeds]\n000 = s.txt\n[claim d]\ntitle = t\ntopic = speed\nunit = furlongs\n", 6,
                 "expected one of");
}

/* ---- verdict rules --------------------------------------------------------------------- */

typedef struct audit_case {
    references refs;
    claims_registry reg;
    metric_table metrics;
    audit_result result;
} audit_case;

static void run_case(audit_case *c, const char *claims_text, const char *metrics_text) {
    c->refs = load_refs();
    char err[1024];
    int rc = claims_load_text(claims_text, "claims.ini", &c->refs, &c->reg, err, sizeof err);
    if (rc) fprintf(stderr, "%s\n", err);
    assert_int_equal(rc, 0);
    memset(&c->metrics, 0, sizeof c->metrics);
    char *copy = strdup(metrics_text);
    rc = mtab_add_text(&c->metrics, copy, "metrics.test.tsv", "metrics.test.tsv", err, sizeof err);
    if (rc) fprintf(stderr, "%s\n", err);
    assert_int_equal(rc, 0);
    mtab_sort(&c->metrics);
    assert_int_equal(audit_evaluate(&c->reg, &c->refs, &c->metrics, &c->result), 0);
}

static void free_case(audit_case *c) {
    audit_result_free(&c->result);
    mtab_free(&c->metrics);
    claims_free(&c->reg);
    references_free(&c->refs);
}

static verdict claim_verdict(const audit_case *c, const char *id) {
    for (size_t i = 0; i < c->reg.n; i++)
        if (strcmp(c->reg.claims[i].id, id) == 0) return c->result.claims[i].v;
    fail_msg("no claim %s", id);
    return VERDICT_NONE;
}

#define SEEDS "[seeds]\n000 = seed.txt\n"
#define CLAIM(id, unit, value)                                                               \
    "[claim " id "]\ntitle = t\ntopic = speed\nunit = " unit "\nvalue.a = " value          \
    "\nwhere.a = 000:1\nquote.a = q\n"
#define CHECK(rule, evidence, tol)                                                          \
    "check.1.rule = " rule "\ncheck.1.evidence = " evidence "\ncheck.1.tolerance = " tol "\n"

static const char *const METRICS = "id\tvalue\tlo\thi\tunit\tdescription\n"
                                   "q.err\t14.93\t-\t-\tpct\tmeasured\n"
                                   "q.err35\t18.3\t-\t-\tpct\tmeasured\n"
                                   "p.bound\t2281\t-\t-\ttok_s\tmodel\n"
                                   "t.fast\t2\t-\t-\tms\tmeasured\n"
                                   "t.slow\t92\t-\t-\tms\tmeasured\n"
                                   "q.na\tNA\t-\t-\tpct\tnot measured: no kernel\n"
                                   "m.gb\t30.6\t-\t-\tgb\tmodel\n";

static void test_rule_match(void **state) {
    (void)state;
    audit_case c;
    run_case(&c,
             SEEDS CLAIM("pass", "pct", "14.94") CHECK("match", "q.err", "0.3")
                 CLAIM("fail", "pct", "14.94") CHECK("match", "q.err35", "0.3")
                     CLAIM("rel", "pct", "18") CHECK("match", "q.err35", "2%")
                         CLAIM("relfail", "pct", "17") CHECK("match", "q.err35", "2%")
                             CLAIM("ref", "gbps", "80") CHECK("match", "ref.fact", "5%")
                                 CLAIM("unit", "ms", "14.94") CHECK("match", "q.err", "0.3"),
             METRICS);
    assert_int_equal(claim_verdict(&c, "pass"), VERDICT_REPRODUCED);
    assert_int_equal(claim_verdict(&c, "fail"), VERDICT_NOT_REPRODUCED);
    /* 18 is [17.5, 18.5]; 2 % of 18.3 = 0.366 */
    assert_int_equal(claim_verdict(&c, "rel"), VERDICT_REPRODUCED);
    assert_int_equal(claim_verdict(&c, "relfail"), VERDICT_NOT_REPRODUCED);
    assert_int_equal(claim_verdict(&c, "ref"), VERDICT_NOT_REPRODUCED);
    /* a single metric in another unit than the statement is not usable evidence */
    assert_int_equal(claim_verdict(&c, "unit"), VERDICT_MISSING);
    free_case(&c);
}

static void test_rule_relations(void **state) {
    (void)state;
    audit_case c;
    run_case(&c,
             SEEDS CLAIM("atleast", "x", "6.995") CHECK("match", "t.slow / t.fast", "10%")
                 "check.1.relation = le\n" CLAIM("toomuch", "x", "60")
                     CHECK("match", "t.slow / t.fast", "10%") "check.1.relation = le\n"
                         CLAIM("below", "pct", "5") CHECK("match", "q.err", "0")
                             "check.1.relation = ge\n",
             METRICS);
    assert_int_equal(claim_verdict(&c, "atleast"), VERDICT_REPRODUCED); /* 6.995 <= 46 */
    assert_int_equal(claim_verdict(&c, "toomuch"), VERDICT_NOT_REPRODUCED); /* 60 > 46 + 4.6 */
    assert_int_equal(claim_verdict(&c, "below"), VERDICT_NOT_REPRODUCED);   /* 5 < 14.93 */
    free_case(&c);
}

static void test_rule_identity_and_agree(void **state) {
    (void)state;
    audit_case c;
    run_case(&c,
             SEEDS "[claim tp]\ntitle = t\ntopic = speed\nunit = tok_s\nvalue.a = 4188\n"
                   "where.a = 000:1\nquote.a = q\nvalue.b = 3124\nwhere.b = 000:1\nquote.b = q\n"
                   "check.1.rule = agree\ncheck.1.tolerance = 0\n"
                   "[claim sp]\ntitle = t\ntopic = speed\nunit = pct\nvalue.a = 28.9\n"
                   "where.a = 000:1\nquote.a = q\n"
                   CHECK("identity", "(claim.tp.a / claim.tp.b - 1) * 100", "0")
                   "[claim sp2]\ntitle = t\ntopic = speed\nunit = pct\nvalue.a = 34.1\n"
                   "where.a = 000:1\nquote.a = q\n"
                   CHECK("identity", "(claim.tp.a / claim.tp.b - 1) * 100", "0")
                   "[claim size]\ntitle = t\ntopic = size\nunit = gib\nvalue.a = 32.6\n"
                   "where.a = 000:1\nquote.a = q\nvalue.b = 35\nunit.b = gb\nwhere.b = 000:1\n"
                   "quote.b = q\ncheck.1.rule = agree\ncheck.1.tolerance = 0\n"
                   "[claim same]\ntitle = t\ntopic = size\nunit = gb\nvalue.a = 35\n"
                   "where.a = 000:1\nquote.a = q\nvalue.b = 34.6\nwhere.b = 000:1\nquote.b = q\n"
                   "check.1.rule = agree\ncheck.1.tolerance = 0\n",
             METRICS);
    /* two different quantities that merely differ: agree fails */
    assert_int_equal(claim_verdict(&c, "tp"), VERDICT_INCONSISTENT);
    /* 4188 / 3124 = 1.3406: 28.9 is inconsistent, 34.1 within the rounding */
    assert_int_equal(claim_verdict(&c, "sp"), VERDICT_INCONSISTENT);
    assert_int_equal(claim_verdict(&c, "sp2"), VERDICT_REPRODUCED);
    /* 32.6 GiB = 35.0 GB: the same size once the units are aligned */
    assert_int_equal(claim_verdict(&c, "size"), VERDICT_UNTESTABLE);
    /* 35 stated as a whole number covers 34.5 to 35.5, so 34.6 agrees; nothing else
     * judges the claim, so it is untestable here */
    assert_int_equal(claim_verdict(&c, "same"), VERDICT_UNTESTABLE);
    free_case(&c);
}

static void test_rule_bounds(void **state) {
    (void)state;
    audit_case c;
    run_case(&c,
             SEEDS CLAIM("over", "tok_s", "4188") CHECK("upper_bound", "p.bound", "0")
                 "check.1.needs = a Groq system\n" CLAIM("under", "tok_s", "300")
                     CHECK("upper_bound", "p.bound", "0") "check.1.needs = a Groq system\n"
                         CLAIM("small", "gb", "19") CHECK("lower_bound", "m.gb", "0")
                             CLAIM("fine", "gb", "32.6") CHECK("lower_bound", "m.gb", "0"),
             METRICS);
    assert_int_equal(claim_verdict(&c, "over"), VERDICT_EXCEEDS_BOUND);
    assert_int_equal(claim_verdict(&c, "under"), VERDICT_UNTESTABLE); /* bound shown, no hardware */
    assert_int_equal(claim_verdict(&c, "small"), VERDICT_EXCEEDS_BOUND);
    /* within a bound without 'needs': nothing judged it */
    assert_int_equal(claim_verdict(&c, "fine"), VERDICT_UNTESTABLE);
    free_case(&c);
}

static void test_missing_and_severity(void **state) {
    (void)state;
    audit_case c;
    run_case(&c,
             SEEDS CLAIM("absent", "pct", "14.94") CHECK("match", "q.nothere", "0.3")
                 CLAIM("na", "pct", "14.94") CHECK("match", "q.na", "0.3")
                     "[claim worst]\ntitle = t\ntopic = speed\nunit = pct\nvalue.a = 14.94\n"
                     "where.a = 000:1\nquote.a = q\n"
                     CHECK("match", "q.err", "0.3")
                     "check.2.rule = match\ncheck.2.evidence = q.nothere\ncheck.2.tolerance = 0\n"
                     "check.3.rule = match\ncheck.3.evidence = q.err35\ncheck.3.tolerance = 0\n"
                     "check.4.rule = info\ncheck.4.evidence = q.gone\n"
                     "[claim missing_only]\ntitle = t\ntopic = speed\nunit = pct\nvalue.a = 1\n"
                     "where.a = 000:1\nquote.a = q\n" CHECK("match", "q.err", "100")
                     "check.2.rule = untestable\ncheck.2.needs = hardware\n"
                     "check.3.rule = match\ncheck.3.evidence = q.nothere\ncheck.3.tolerance = 0\n",
             METRICS);
    assert_int_equal(claim_verdict(&c, "absent"), VERDICT_MISSING);
    assert_int_equal(claim_verdict(&c, "na"), VERDICT_MISSING);
    /* NOT REPRODUCED outranks evidence missing, which outranks REPRODUCED */
    assert_int_equal(claim_verdict(&c, "worst"), VERDICT_NOT_REPRODUCED);
    assert_int_equal(claim_verdict(&c, "missing_only"), VERDICT_MISSING);
    /* the row names the missing id */
    const check_row *row = &c.result.rows[c.result.claims[0].first_row];
    assert_non_null(strstr(row->detail, "evidence missing: q.nothere"));
    /* rows without evidence: absent, na, worst's check 2, missing_only's check 3 */
    assert_int_equal(c.result.rows_missing, 4);
    assert_int_equal(c.result.counts[VERDICT_MISSING], 3);
    char *list = NULL;
    int n = audit_missing_evidence(&c.reg, &c.metrics, &list);
    assert_int_equal(n, 3); /* q.nothere once, q.na, q.gone */
    assert_non_null(strstr(list, "q.nothere"));
    assert_non_null(strstr(list, "q.gone"));
    free(list);
    free_case(&c);
}

static void test_formatting(void **state) {
    (void)state;
    char b[64];
    audit_fmt(34.0625, 4, b, sizeof b);
    assert_string_equal(b, "34.06");
    audit_fmt(0.000123456, 3, b, sizeof b);
    assert_string_equal(b, "0.000123");
    audit_fmt(2097151, 4, b, sizeof b);
    assert_string_equal(b, "2097151");
    audit_fmt(437500.5, 4, b, sizeof b);
    assert_string_equal(b, "437500");
    audit_fmt_unit(20230930, "date", b, sizeof b);
    assert_string_equal(b, "2023-09-30");
    audit_fmt_unit(0, "bool", b, sizeof b);
    assert_string_equal(b, "false");
    double f;
    assert_true(audit_unit_factor("gib", "gb", &f));
    assert_float_equal(f, 1.073741824, 1e-12);
    assert_false(audit_unit_factor("gib", "ms", &f));
}

/* The real registry loads, and every quote is on the line it names in docs/seeds/. */
static void test_real_registry(void **state) {
    (void)state;
    references refs;
    claims_registry reg;
    char err[1024];
    int rc = references_load("configs/references.ini", &refs, err, sizeof err);
    if (rc) fprintf(stderr, "%s\n", err);
    assert_int_equal(rc, 0);
    rc = claims_load("configs/claims.ini", &refs, &reg, err, sizeof err);
    if (rc) fprintf(stderr, "%s\n", err);
    assert_int_equal(rc, 0);
    assert_true(reg.n >= 50);
    rc = claims_verify_quotes(&reg, "docs/seeds", err, sizeof err);
    if (rc) fprintf(stderr, "%s\n", err);
    assert_int_equal(rc, 0);
    claims_free(&reg);
    references_free(&refs);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_expr_arithmetic),
        cmocka_unit_test(test_expr_names_with_dashes),
        cmocka_unit_test(test_expr_intervals),
        cmocka_unit_test(test_expr_errors),
        cmocka_unit_test(test_rounding),
        cmocka_unit_test(test_registry_errors),
        cmocka_unit_test(test_rule_match),
        cmocka_unit_test(test_rule_relations),
        cmocka_unit_test(test_rule_identity_and_agree),
        cmocka_unit_test(test_rule_bounds),
        cmocka_unit_test(test_missing_and_severity),
        cmocka_unit_test(test_formatting),
        cmocka_unit_test(test_real_registry),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
