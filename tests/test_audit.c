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
#include "base/metrics_read.h"
#include "base/text_buf.h"
#include "temp_text_file.h"

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
    "[ref fact]\nvalue = 80000\nunit = gbps\nfact = a fact\nsource = somewhere\nstanding = primary\n"
    "[ref old]\nvalue = 20230930\nunit = date\nfact = prior art\nsource = a paper\n"
    "standing = secondary\n";

static references load_refs(void) {
    references r;
    char path[64];
    assert_non_null(temp_text_file(REFS, path, sizeof path));
    char err[512];
    assert_int_equal(references_load(path, &r, err, sizeof err), 0);
    remove(path);
    return r;
}

/* Loads references from text; expects failure at `line` with `needle` in the message. */
static void expect_ref_error(const char *text, int line, const char *needle) {
    char path[64];
    assert_non_null(temp_text_file(text, path, sizeof path));
    references r;
    char err[1024] = "", where[96];
    int rc = references_load(path, &r, err, sizeof err);
    snprintf(where, sizeof where, "%s:%d: ", path, line);
    remove(path);
    if (rc != 2 || !strstr(err, where) || !strstr(err, needle))
        fprintf(stderr, "got rc %d: %s\nexpected %s ... %s\n", rc, err, where, needle);
    assert_int_equal(rc, 2);
    assert_non_null(strstr(err, where));
    assert_non_null(strstr(err, needle));
}

#define REF_HEAD "[ref r]\nvalue = 1\nunit = gbps\nfact = f\nsource = s\n"

/* [ref NAME] is a cfg_key table: its unknown-key message lists the table, each value is
 * checked as the table declares it, and the default status is confirmed. */
static void test_reference_errors(void **state) {
    (void)state;
    expect_ref_error(REF_HEAD "standing = primary\ncolour = red\n", 7,
                     "unknown key 'colour' in [ref r]; expected value, unit, fact, source, "
                     "standing or status");
    expect_ref_error(REF_HEAD "standing = tertiary\n", 6, "primary");
    expect_ref_error(REF_HEAD "standing = primary\nstatus = maybe\n", 7, "unconfirmed");
    expect_ref_error("[ref r]\nvalue = many\n", 2, "number");
    expect_ref_error("[ref r]\nvalue = 1\nunit = furlongs\n", 3, "gbps");
    expect_ref_error(REF_HEAD "standing = primary\n[ref t]\nvalue = 2\nunit = x\nfact = f\n"
                     "source = s\n", 7, "needs value, unit, fact, source and standing");
    references r = load_refs();
    assert_false(r.refs[0].unconfirmed);
    assert_false(r.refs[0].secondary);
    assert_true(r.refs[1].secondary && r.refs[1].standing_set);
    assert_string_equal(r.refs[0].value_text, "80000");
    assert_true(r.refs[0].value == 80000.0);
    references_free(&r);
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
    expect_error(CLAIM_HEAD "check.1.rule = info\ncheck.1.evidence = x.y\n", 7, "only info checks");
    expect_error(CLAIM_HEAD "check.1.rule = match\ncheck.1.evidence = x.y\ncheck.1.tolerance = five\n",
                 12, "tolerance");
    expect_error(CLAIM_HEAD "[claim c]\n", 10, "appears again");
    expect_error("[seeds]\n000 = s.txt\n[claim Bad-Id]\n", 3, "claim id");
    expect_error("[seeds]\n000 = s.txt\n[claim d]\ntitle = t\ntopic = speed\nunit = furlongs\n", 6,
                 "expected one of");
    /* the lint and the keys that make a verdict explain itself */
    expect_error(CLAIM_HEAD "check.1.rule = recompute\ncheck.1.evidence = q.err\n"
                            "check.1.tolerance = 0\ncheck.1.setting = s\ncheck.1.note = n\n",
                 7, "no check of the claim as stated");
    expect_error(CLAIM_HEAD "check.1.rule = match\ncheck.1.evidence = ref.fact\n"
                            "check.1.tolerance = 0\ncheck.1.setting = s\ncheck.1.note = n\n",
                 10, "uses no metric of the run");
    expect_error(CLAIM_HEAD "check.1.rule = reference\ncheck.1.evidence = 80000\n"
                            "check.1.tolerance = 0\ncheck.1.note = n\n",
                 10, "names no ref.NAME");
    expect_error(CLAIM_HEAD "check.1.rule = reference\ncheck.1.evidence = ref.fact * q.err\n"
                            "check.1.tolerance = 0\ncheck.1.note = n\n",
                 10, "a reference uses");
    expect_error(CLAIM_HEAD "check.1.rule = match\ncheck.1.evidence = q.err\n"
                            "check.1.tolerance = 0\ncheck.1.setting = s\n",
                 10, "needs a note");
    expect_error(CLAIM_HEAD "check.1.rule = match\ncheck.1.evidence = q.err\n"
                            "check.1.tolerance = 0\ncheck.1.note = n\n",
                 10, "needs a setting");
    expect_error(CLAIM_HEAD "overlay.a = 1\ncheck.1.rule = match\ncheck.1.evidence = q.err\n"
                            "check.1.tolerance = 0\ncheck.1.setting = s\ncheck.1.note = n\n",
                 7, "must be an upper_bound or lower_bound check");
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
    rc = metrics_read_text(&c->metrics, copy, "metrics.test.tsv", "metrics.test.tsv", err, sizeof err);
    if (rc) fprintf(stderr, "%s\n", err);
    assert_int_equal(rc, 0);
    assert_int_equal(metrics_index(&c->metrics, err, sizeof err), 0);
    assert_int_equal(audit_evaluate(&c->reg, &c->refs, &c->metrics, &c->result), 0);
}

static void free_case(audit_case *c) {
    audit_result_free(&c->result);
    metrics_free(&c->metrics);
    claims_free(&c->reg);
    references_free(&c->refs);
}

/* The verdict of statement `letter` of claim `id`. */
static verdict st_verdict(const audit_case *c, const char *id, char letter) {
    for (size_t i = 0; i < c->reg.n; i++)
        if (strcmp(c->reg.claims[i].id, id) == 0) return c->result.claims[i].st[letter - 'a'].v;
    fail_msg("no claim %s", id);
    return VERDICT_NONE;
}
#define V(c, id) st_verdict((c), (id), 'a')

#define SEEDS "[seeds]\n000 = seed.txt\n"
#define CLAIM(id, unit, value)                                                               \
    "[claim " id "]\ntitle = t\ntopic = speed\nunit = " unit "\nvalue.a = " value          \
    "\nwhere.a = 000:1\nquote.a = q\n"
#define CHECKN(n, rule, evidence, tol)                                                      \
    "check." n ".rule = " rule "\ncheck." n ".evidence = " evidence "\ncheck." n            \
    ".tolerance = " tol "\ncheck." n ".setting = s\ncheck." n ".note = n\n"
#define CHECK(rule, evidence, tol) CHECKN("1", rule, evidence, tol)
#define UNTESTABLE(n) "check." n ".rule = untestable\ncheck." n ".needs = hardware\ncheck." n ".note = n\n"

static const char *const METRICS = "id\tvalue\tlo\thi\tunit\tdescription\n"
                                   "q.err\t14.93\t-\t-\tpct\tcomputed\n"
                                   "q.err35\t18.3\t-\t-\tpct\tcomputed\n"
                                   "p.bound\t2281\t-\t-\ttok_s\tmodel\n"
                                   "t.fast\t2\t-\t-\tms\tmeasured\n"
                                   "t.slow\t92\t-\t-\tms\tmeasured\n"
                                   "q.na\tNA\t-\t-\tpct\tnot measured: no kernel\n"
                                   "m.gb\t30.6\t-\t-\tgb\tmodel\n"
                                   "s.ratio\t2\t1.9\t2.1\tx\tmeasured, with its interval\n";

static void test_rule_match(void **state) {
    (void)state;
    audit_case c;
    run_case(&c,
             SEEDS CLAIM("pass", "pct", "14.94") CHECK("match", "q.err", "0.3")
                 CLAIM("fail", "pct", "14.94") CHECK("match", "q.err35", "0.3")
                     CLAIM("rel", "pct", "18") CHECK("match", "q.err35", "2%")
                         CLAIM("relfail", "pct", "17") CHECK("match", "q.err35", "2%")
                             CLAIM("unit", "ms", "14.94") CHECK("match", "q.err", "0.3"),
             METRICS);
    assert_int_equal(V(&c, "pass"), VERDICT_REPRODUCED);
    assert_int_equal(V(&c, "fail"), VERDICT_NOT_REPRODUCED);
    /* 18 is [17.5, 18.5]; 2 % of 18.3 = 0.366 */
    assert_int_equal(V(&c, "rel"), VERDICT_REPRODUCED);
    assert_int_equal(V(&c, "relfail"), VERDICT_NOT_REPRODUCED);
    /* a single metric in another unit than the statement is not usable evidence */
    assert_int_equal(V(&c, "unit"), VERDICT_MISSING);
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
    assert_int_equal(V(&c, "atleast"), VERDICT_REPRODUCED); /* 6.995 <= 46 */
    assert_int_equal(V(&c, "toomuch"), VERDICT_NOT_REPRODUCED); /* 60 > 46 + 4.6 */
    assert_int_equal(V(&c, "below"), VERDICT_NOT_REPRODUCED);   /* 5 < 14.93 */
    free_case(&c);
}

static void test_rule_reference(void **state) {
    (void)state;
    audit_case c;
    run_case(&c,
             SEEDS CLAIM("wrong", "gbps", "80") "check.1.rule = reference\ncheck.1.evidence = "
                   "ref.fact\ncheck.1.tolerance = 5%\ncheck.1.note = n\n"
             CLAIM("right", "gbps", "80000") "check.1.rule = reference\ncheck.1.evidence = "
                   "ref.fact\ncheck.1.tolerance = 0\ncheck.1.note = n\n"
             CLAIM("first", "date", "20251128") "check.1.rule = reference\ncheck.1.relation = le\n"
                   "check.1.evidence = ref.old\ncheck.1.tolerance = 0\ncheck.1.note = n\n",
             METRICS);
    assert_int_equal(V(&c, "wrong"), VERDICT_CONTRADICTED);
    assert_int_equal(V(&c, "right"), VERDICT_CONFIRMED);
    assert_int_equal(V(&c, "first"), VERDICT_CONTRADICTED);
    /* a fact from a secondary source says so beside the verdict */
    const check_row *row = &c.result.rows[c.result.claims[2].first_row];
    assert_non_null(strstr(row->detail, "secondary source"));
    assert_non_null(strstr(row->detail, "the claim is later"));
    free_case(&c);
}

static void test_rule_identity_and_agree(void **state) {
    (void)state;
    audit_case c;
    run_case(&c,
             SEEDS "[claim tp]\ntitle = t\ntopic = speed\nunit = tok_s\nvalue.a = 4188\n"
                   "where.a = 000:1\nquote.a = q\nvalue.b = 3124\nwhere.b = 000:1\nquote.b = q\n"
                   "check.1.rule = agree\ncheck.1.tolerance = 0\ncheck.1.note = n\n"
                   "[claim sp]\ntitle = t\ntopic = speed\nunit = pct\nvalue.a = 28.9\n"
                   "where.a = 000:1\nquote.a = q\n"
                   CHECK("identity", "(claim.tp.a / claim.tp.b - 1) * 100", "0")
                   "[claim sp2]\ntitle = t\ntopic = speed\nunit = pct\nvalue.a = 34.1\n"
                   "where.a = 000:1\nquote.a = q\n"
                   CHECK("identity", "(claim.tp.a / claim.tp.b - 1) * 100", "0")
                   "[claim size]\ntitle = t\ntopic = size\nunit = gib\nvalue.a = 32.6\n"
                   "where.a = 000:1\nquote.a = q\nvalue.b = 35\nunit.b = gb\nwhere.b = 000:1\n"
                   "quote.b = q\ncheck.1.rule = agree\ncheck.1.tolerance = 0\ncheck.1.note = n\n"
                   "[claim same]\ntitle = t\ntopic = size\nunit = gb\nvalue.a = 35\n"
                   "where.a = 000:1\nquote.a = q\nvalue.b = 34.6\nwhere.b = 000:1\nquote.b = q\n"
                   "check.1.rule = agree\ncheck.1.tolerance = 0\ncheck.1.note = n\n",
             METRICS);
    /* two statements that contradict each other, and nothing else judges either */
    assert_int_equal(st_verdict(&c, "tp", 'a'), VERDICT_INCONSISTENT);
    assert_int_equal(st_verdict(&c, "tp", 'b'), VERDICT_INCONSISTENT);
    assert_true(c.result.claims[0].disagree);
    /* 4188 / 3124 = 1.3406: 28.9 is inconsistent; 34.1 holds as arithmetic, and only that */
    assert_int_equal(V(&c, "sp"), VERDICT_INCONSISTENT);
    assert_int_equal(V(&c, "sp2"), VERDICT_ARITHMETIC_ONLY);
    /* 32.6 GiB = 35.0 GB: the same size once the units are aligned; nothing tests it here */
    assert_int_equal(V(&c, "size"), VERDICT_UNTESTABLE);
    /* 35 stated as a whole number covers 34.5 to 35.5, so 34.6 agrees */
    assert_int_equal(V(&c, "same"), VERDICT_UNTESTABLE);
    free_case(&c);
}

/* A statement that contradicts a sibling keeps the verdict of its own checks. */
static void test_statement_verdicts_are_separate(void **state) {
    (void)state;
    audit_case c;
    run_case(&c,
             SEEDS "[claim size]\ntitle = t\ntopic = size\nunit = gb\nvalue.a = 19\n"
                   "where.a = 000:1\nquote.a = q\nvalue.b = 30.6\nwhere.b = 000:1\nquote.b = q\n"
                   "value.c = 25\nwhere.c = 000:1\nquote.c = q\n"
                   "check.1.rule = agree\ncheck.1.tolerance = 0\ncheck.1.note = n\n"
                   "check.2.rule = lower_bound\ncheck.2.on = a\ncheck.2.evidence = m.gb\n"
                   "check.2.tolerance = 0\ncheck.2.setting = s\ncheck.2.note = n\n"
                   "check.3.rule = match\ncheck.3.on = b\ncheck.3.evidence = m.gb\n"
                   "check.3.tolerance = 0\ncheck.3.setting = s\ncheck.3.note = n\n"
                   UNTESTABLE("4") "check.4.on = c\n",
             METRICS);
    assert_int_equal(st_verdict(&c, "size", 'a'), VERDICT_EXCEEDS_BOUND);
    assert_int_equal(st_verdict(&c, "size", 'b'), VERDICT_REPRODUCED);
    /* nothing but the disagreement judges c */
    assert_int_equal(st_verdict(&c, "size", 'c'), VERDICT_INCONSISTENT);
    assert_true(c.result.claims[0].disagree);
    assert_int_equal(c.result.n_statements, 3);
    assert_int_equal(c.result.statement_counts[VERDICT_EXCEEDS_BOUND], 1);
    assert_int_equal(c.result.statement_counts[VERDICT_REPRODUCED], 1);
    assert_int_equal(c.result.claim_counts[VERDICT_REPRODUCED], 1);
    assert_int_equal(c.result.claim_counts[VERDICT_INCONSISTENT], 1);
    char set[256];
    audit_claim_verdicts_text(&c.reg.claims[0], &c.result.claims[0], set, sizeof set);
    assert_string_equal(set, "EXCEEDS BOUND (a); INCONSISTENT (c); REPRODUCED (b)");
    free_case(&c);
}

static void test_rule_recompute(void **state) {
    (void)state;
    audit_case c;
    run_case(&c,
             SEEDS CLAIM("seedonly", "pct", "14.94") CHECK("recompute", "q.err", "0.3")
                 UNTESTABLE("2")
             CLAIM("seedbutnot", "pct", "14.94") CHECK("recompute", "q.err", "0.3")
                 CHECKN("2", "match", "q.err35", "0.3")
             CLAIM("seedfails", "pct", "14.94") CHECK("recompute", "q.err35", "0.3")
                 UNTESTABLE("2"),
             METRICS);
    /* the seeds' own computation reproducing is not the claim holding */
    assert_int_equal(V(&c, "seedonly"), VERDICT_SEED_METHOD_ONLY);
    assert_int_equal(V(&c, "seedbutnot"), VERDICT_NOT_REPRODUCED);
    assert_int_equal(V(&c, "seedfails"), VERDICT_NOT_REPRODUCED);
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
    assert_int_equal(V(&c, "over"), VERDICT_EXCEEDS_BOUND);
    assert_int_equal(V(&c, "under"), VERDICT_UNTESTABLE); /* bound shown, no hardware */
    assert_int_equal(V(&c, "small"), VERDICT_EXCEEDS_BOUND);
    /* within a bound without 'needs': nothing judged it */
    assert_int_equal(V(&c, "fine"), VERDICT_UNTESTABLE);
    free_case(&c);
}

/* A measured value is its confidence interval: a check decides only when the whole interval
 * is on one side of the claim (s.ratio is 2 with the interval 1.9 to 2.1). */
static void test_measured_interval(void **state) {
    (void)state;
    audit_case c;
    run_case(&c,
             SEEDS CLAIM("atleast", "x", "1.5") CHECK("match", "s.ratio", "0")
                 "check.1.relation = le\n"
             CLAIM("close", "x", "2.0") CHECK("match", "s.ratio", "0.2")
             CLAIM("inside", "x", "2.0") CHECK("match", "s.ratio", "0")
             CLAIM("far", "x", "3") CHECK("match", "s.ratio", "0")
             CLAIM("edge", "x", "2.05") CHECK("match", "s.ratio", "0") "check.1.relation = le\n"
             CLAIM("bound", "x", "2.0") CHECK("upper_bound", "s.ratio", "0"),
             METRICS);
    assert_int_equal(V(&c, "atleast"), VERDICT_REPRODUCED);
    assert_int_equal(V(&c, "close"), VERDICT_REPRODUCED);  /* 1.9 to 2.1 within 1.75 to 2.25 */
    assert_int_equal(V(&c, "inside"), VERDICT_UNDECIDED);  /* 1.95 to 2.05 inside 1.9 to 2.1 */
    assert_int_equal(V(&c, "far"), VERDICT_NOT_REPRODUCED);
    assert_int_equal(V(&c, "edge"), VERDICT_UNDECIDED);    /* "at least 2.05": 1.9 is not */
    assert_int_equal(V(&c, "bound"), VERDICT_UNDECIDED);
    const check_row *row = &c.result.rows[c.result.claims[2].first_row];
    assert_true(row->measured);
    assert_non_null(strstr(row->detail, "95 % interval"));
    assert_non_null(strstr(row->detail, "cannot decide"));
    free_case(&c);
}

/* Two runs of the same machine measure the same quantity with different noise: their 95 %
 * intervals differ but both contain the true value. Whatever the claim, the two runs must
 * give the same verdict or one of them UNDECIDED: a decided pass in one and a decided fail
 * in the other would need disjoint intervals. */
static void test_noise_cannot_flip_a_verdict(void **state) {
    (void)state;
    uint64_t x = 88172645463325252ull;
    text_buf claims = {0};
    text_buf m1 = {0}, m2 = {0};
    tb_printf(&claims, SEEDS);
    tb_printf(&m1, "id\tvalue\tlo\thi\tunit\tdescription\n");
    tb_printf(&m2, "id\tvalue\tlo\thi\tunit\tdescription\n");
    static const char *const rel[] = {"eq", "le", "ge"};
    static const char *const rule[] = {"match", "match", "upper_bound", "lower_bound"};
    const int n = 400;
    for (int i = 0; i < n; i++) {
        /* xorshift64 */
        double u[8];
        for (int k = 0; k < 8; k++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            u[k] = (double)(x >> 11) / 9007199254740992.0;
        }
        double truth = 10 + 5 * u[0];
        double lo1 = truth - 2 * u[1], hi1 = truth + 2 * u[2];
        double lo2 = truth - 2 * u[3], hi2 = truth + 2 * u[4];
        double stated = 8 + 9 * u[5];
        tb_printf(&claims,
                  "[claim c%d]\ntitle = t\ntopic = speed\nunit = x\nvalue.a = %.2f\n"
                  "where.a = 000:1\nquote.a = q\ncheck.1.rule = %s\ncheck.1.evidence = "
                  "m.c%d\ncheck.1.tolerance = %.2f\ncheck.1.setting = s\ncheck.1.note = n\n",
                  i, stated, rule[i % 4], i, 0.5 * u[6]);
        if (i % 4 < 2) tb_printf(&claims, "check.1.relation = %s\n", rel[(int)(u[7] * 3)]);
        tb_printf(&m1, "m.c%d\t%.6f\t%.6f\t%.6f\tx\tmeasured\n", i, (lo1 + hi1) / 2, lo1, hi1);
        tb_printf(&m2, "m.c%d\t%.6f\t%.6f\t%.6f\tx\tmeasured\n", i, (lo2 + hi2) / 2, lo2, hi2);
    }
    char *ct = tb_take(&claims), *t1 = tb_take(&m1), *t2 = tb_take(&m2);
    audit_case a, b;
    run_case(&a, ct, t1);
    run_case(&b, ct, t2);
    int undecided = 0, decided_same = 0;
    for (int i = 0; i < n; i++) {
        verdict va = a.result.claims[i].st[0].v, vb = b.result.claims[i].st[0].v;
        if (va == VERDICT_UNDECIDED || vb == VERDICT_UNDECIDED) {
            undecided++;
            continue;
        }
        if (va != vb) fail_msg("claim c%d: %s in one run, %s in the other", i, verdict_name(va),
                               verdict_name(vb));
        decided_same++;
    }
    /* the sample exercises both outcomes */
    assert_true(undecided > 20);
    assert_true(decided_same > 100);
    free_case(&a);
    free_case(&b);
    free(ct);
    free(t1);
    free(t2);
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
                     CHECKN("2", "match", "q.nothere", "0")
                     CHECKN("3", "match", "q.err35", "0")
                     "check.4.rule = info\ncheck.4.evidence = q.gone\n"
                     "[claim missing_only]\ntitle = t\ntopic = speed\nunit = pct\nvalue.a = 1\n"
                     "where.a = 000:1\nquote.a = q\n" CHECK("match", "q.err", "100")
                     UNTESTABLE("2")
                     CHECKN("3", "match", "q.nothere", "0"),
             METRICS);
    assert_int_equal(V(&c, "absent"), VERDICT_MISSING);
    assert_int_equal(V(&c, "na"), VERDICT_MISSING);
    /* NOT REPRODUCED outranks evidence missing, which outranks REPRODUCED */
    assert_int_equal(V(&c, "worst"), VERDICT_NOT_REPRODUCED);
    assert_int_equal(V(&c, "missing_only"), VERDICT_MISSING);
    /* the row names the missing id */
    const check_row *row = &c.result.rows[c.result.claims[0].first_row];
    assert_non_null(strstr(row->detail, "evidence missing: q.nothere"));
    /* rows without evidence: absent, na, worst's check 2, missing_only's check 3 */
    assert_int_equal(c.result.rows_missing, 4);
    assert_int_equal(c.result.statement_counts[VERDICT_MISSING], 3);
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
        cmocka_unit_test(test_reference_errors),
        cmocka_unit_test(test_registry_errors),
        cmocka_unit_test(test_rule_match),
        cmocka_unit_test(test_rule_relations),
        cmocka_unit_test(test_rule_reference),
        cmocka_unit_test(test_rule_identity_and_agree),
        cmocka_unit_test(test_statement_verdicts_are_separate),
        cmocka_unit_test(test_rule_recompute),
        cmocka_unit_test(test_rule_bounds),
        cmocka_unit_test(test_measured_interval),
        cmocka_unit_test(test_noise_cannot_flip_a_verdict),
        cmocka_unit_test(test_missing_and_severity),
        cmocka_unit_test(test_formatting),
        cmocka_unit_test(test_real_registry),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
