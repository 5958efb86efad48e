#include "engine.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text_buf.h"

static const char *const verdict_names[VERDICT_COUNT] = {
    "UNTESTABLE HERE", "ARITHMETIC ONLY", "SEED METHOD ONLY", "CONFIRMED BY REFERENCE",
    "REPRODUCED",      "evidence missing", "UNDECIDED",       "NOT REPRODUCED",
    "INCONSISTENT",    "CONTRADICTED BY REFERENCE", "EXCEEDS BOUND"};
static const char *const verdict_tokens[VERDICT_COUNT] = {
    "untestable_here", "arithmetic_only",  "seed_method_only", "confirmed_by_reference",
    "reproduced",      "evidence_missing", "undecided",        "not_reproduced",
    "inconsistent",    "contradicted_by_reference", "exceeds_bound"};
static const char *const verdict_meanings[VERDICT_COUNT] = {
    "the claim needs hardware or data this run lacks; any bound it was held to is shown",
    "only the seeds' arithmetic over their own figures holds; the claim itself is not shown",
    "only the seeds' own computation, recomputed here, gives the figure; the claim as a reader "
    "takes it is not shown by that",
    "a reference fact or the prior art agrees with the claim",
    "the claim holds as a reader takes it, in the setting it states, measured or computed here",
    "a check's evidence is not in this run",
    "a measured quantity's confidence interval straddles the claim: this run's noise cannot "
    "decide it",
    "a value measured or recomputed here in the claim's setting differs from it",
    "the seeds' own figures contradict each other",
    "a reference fact or the prior art contradicts it",
    "impossible in its own setting: beyond a first-principles bound (bandwidth, capacity, bits)"};

const char *verdict_name(verdict v) {
    return v >= 0 && v < VERDICT_COUNT ? verdict_names[v] : "-";
}
const char *verdict_token(verdict v) {
    return v >= 0 && v < VERDICT_COUNT ? verdict_tokens[v] : "none";
}
const char *verdict_meaning(verdict v) {
    return v >= 0 && v < VERDICT_COUNT ? verdict_meanings[v] : "";
}

verdict verdict_parse(const char *name, bool *ok) {
    *ok = true;
    for (int i = 0; i < VERDICT_COUNT; i++)
        if (strcmp(name, verdict_names[i]) == 0) return (verdict)i;
    if (strcmp(name, "-") == 0) return VERDICT_NONE;
    *ok = false;
    return VERDICT_NONE;
}

verdict audit_claim_strongest(const claim_result *cr) {
    verdict v = VERDICT_NONE;
    for (int s = 0; s < CLAIMS_MAX_STATEMENTS; s++)
        if (cr->st[s].v > v) v = cr->st[s].v;
    return v;
}

void audit_claim_verdicts_text(const claim *c, const claim_result *cr, char *out, size_t len) {
    size_t used = 0;
    out[0] = '\0';
    for (int v = VERDICT_COUNT - 1; v >= 0 && used < len; v--) {
        char letters[2 * CLAIMS_MAX_STATEMENTS + 8] = "";
        size_t n = 0;
        for (int s = 0; s < CLAIMS_MAX_STATEMENTS; s++)
            if (c->st[s].present && cr->st[s].v == (verdict)v)
                n += (size_t)snprintf(letters + n, sizeof letters - n, "%s%c", n ? ", " : "",
                                      'a' + s);
        if (!n) continue;
        used += (size_t)snprintf(out + used, len - used, "%s%s (%s)", used ? "; " : "",
                                 verdict_name((verdict)v), letters);
    }
}

void audit_fmt(double v, int sig, char *out, size_t len) {
    if (!isfinite(v)) {
        snprintf(out, len, "NA");
        return;
    }
    double a = fabs(v);
    if (a == 0) {
        snprintf(out, len, "0");
        return;
    }
    if (v == floor(v) && a < 1e15) { /* whole numbers in full: 70000000000, 609, 2 */
        snprintf(out, len, "%.0f", v);
        return;
    }
    if (a < 1e-6 || a >= 1e9) {
        snprintf(out, len, "%.*e", sig - 1, v);
        return;
    }
    int mag = (int)floor(log10(a));
    int decimals = sig - 1 - mag;
    if (decimals < 0) {
        double scale = pow(10.0, -decimals);
        snprintf(out, len, "%.0f", round(v / scale) * scale);
        return;
    }
    snprintf(out, len, "%.*f", decimals, v);
}

void audit_fmt_unit(double v, const char *unit, char *out, size_t len) {
    if (unit && strcmp(unit, "date") == 0 && v >= 10000101 && v <= 99991231 && v == floor(v)) {
        long d = (long)v;
        snprintf(out, len, "%04ld-%02ld-%02ld", d / 10000, d / 100 % 100, d % 100);
    } else if (unit && strcmp(unit, "bool") == 0 && (v == 0 || v == 1)) {
        snprintf(out, len, "%s", v == 1 ? "true" : "false");
    } else if (unit && strcmp(unit, "count") == 0 && fabs(v) >= 1 && fabs(v) < 1e15) {
        snprintf(out, len, "%.0f", v);
    } else {
        audit_fmt(v, 4, out, len);
    }
}

const char *audit_unit_label(const char *unit) {
    static const char *const map[][2] = {
        {"us", "µs"},     {"pct", "%"},    {"gbps", "GB/s"}, {"gib", "GiB"},
        {"gb", "GB"},     {"mb", "MB"},    {"mib", "MiB"},   {"kb", "KB"},   {"bpw", "bits/weight"},
        {"tok_s", "tok/s"}, {"w", "W"},    {"count", ""},    {"bool", ""},
        {"date", ""},     {"tops", "TOPS"}, {"db", "dB"},    {"gops", "GOP/s"},
        {"gflops", "GFLOP/s"}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(unit, map[i][0]) == 0) return map[i][1];
    return unit;
}

bool audit_unit_factor(const char *from, const char *to, double *factor) {
    static const struct {
        const char *unit, *family;
        double scale;
    } units[] = {{"bytes", "bytes", 1},  {"kb", "bytes", 1e3},   {"mb", "bytes", 1e6},   {"mib", "bytes", 1048576.0},
                 {"gb", "bytes", 1e9},   {"gib", "bytes", 1073741824.0},
                 {"s", "time", 1},       {"ms", "time", 1e-3},   {"us", "time", 1e-6}};
    if (strcmp(from, to) == 0) {
        *factor = 1;
        return true;
    }
    int a = -1, b = -1;
    for (int i = 0; i < (int)(sizeof units / sizeof units[0]); i++) {
        if (strcmp(units[i].unit, from) == 0) a = i;
        if (strcmp(units[i].unit, to) == 0) b = i;
    }
    if (a < 0 || b < 0 || strcmp(units[a].family, units[b].family) != 0) return false;
    *factor = units[a].scale / units[b].scale;
    return true;
}

void audit_fmt_evidence(interval v, const char *unit, char *out, size_t len) {
    if (v.lo == v.hi) audit_fmt_unit(v.lo, unit, out, len);
    else audit_fmt_interval(v, 4, out, len);
}

void audit_fmt_interval(interval v, int sig, char *out, size_t len) {
    char a[48], b[48], m[48];
    if (v.lo == v.hi) {
        audit_fmt(v.lo, sig, out, len);
        return;
    }
    audit_fmt((v.lo + v.hi) / 2, sig, m, sizeof m);
    audit_fmt(v.lo, sig, a, sizeof a);
    audit_fmt(v.hi, sig, b, sizeof b);
    if (strcmp(a, b) == 0) snprintf(out, len, "%s", m);
    else snprintf(out, len, "%s (%s to %s)", m, a, b);
}

/* ---- name resolution ------------------------------------------------------------------ */

typedef struct resolve_ctx {
    const claims_registry *reg;
    const references *refs;
    const metric_table *metrics;
    check_row *row; /* inputs are recorded here */
} resolve_ctx;

static evidence_input *record(check_row *row, const char *name) {
    for (int i = 0; i < row->n_inputs; i++)
        if (strcmp(row->inputs[i].name, name) == 0) return &row->inputs[i];
    if (row->n_inputs == AUDIT_MAX_INPUTS) return NULL;
    evidence_input *in = &row->inputs[row->n_inputs++];
    memset(in, 0, sizeof *in);
    snprintf(in->name, sizeof in->name, "%s", name);
    return in;
}

/* Which step's file a metric came from says how it was obtained. */
static input_source metric_kind(const metric *m) {
    if (m->has_ci) return SOURCE_MEASURED;
    static const char *const measured[] = {"metrics.bench", "metrics.roofline", "metrics.decode"};
    for (size_t i = 0; i < sizeof measured / sizeof measured[0]; i++)
        if (strncmp(m->file, measured[i], strlen(measured[i])) == 0) return SOURCE_MEASURED;
    if (strncmp(m->file, "metrics.projection", 18) == 0) return SOURCE_MODEL;
    return SOURCE_COMPUTED;
}

static int lookup(void *user, const char *name, interval *out) {
    resolve_ctx *c = user;
    evidence_input *in = record(c->row, name);
    if (!in) return -1;
    in->found = false;
    if (strncmp(name, "claim.", 6) == 0) {
        const claim *owner;
        const statement *s = claims_statement(c->reg, name, &owner);
        if (!s) return -1;
        *out = s->value;
        in->value = s->value;
        in->kind = SOURCE_SEEDS;
        snprintf(in->unit, sizeof in->unit, "%s", s->unit);
        snprintf(in->source, sizeof in->source, "%s:%d (stated %s)",
                 c->reg->seeds[s->where[0].seed].file, s->where[0].line, s->value_text);
        in->found = true;
        return 0;
    }
    if (strncmp(name, "ref.", 4) == 0) {
        const reference *r = references_find(c->refs, name + 4);
        if (!r) return -1;
        *out = in->value = interval_point(r->value);
        in->kind = SOURCE_REFERENCE;
        in->secondary = r->secondary;
        snprintf(in->unit, sizeof in->unit, "%s", r->unit);
        snprintf(in->source, sizeof in->source, "%.160s%s%s", r->source,
                 r->secondary ? " (secondary source)" : "",
                 r->unconfirmed ? " (unconfirmed)" : "");
        in->found = true;
        return 0;
    }
    const metric *m = c->metrics ? metrics_find(c->metrics, name) : NULL;
    if (!m) {
        snprintf(in->source, sizeof in->source, "not in this run's metrics");
        return -1;
    }
    snprintf(in->unit, sizeof in->unit, "%s", m->unit);
    in->kind = metric_kind(m);
    if (m->na) {
        snprintf(in->source, sizeof in->source, "%.60s: NA (%.120s)", m->file, m->description);
        return -1;
    }
    /* A measured value is its confidence interval: a verdict decided on it then holds for
     * every value the repetitions leave plausible. */
    *out = in->value = m->has_ci ? (interval){m->lo, m->hi} : interval_point(m->value);
    in->measured_ci = m->has_ci;
    snprintf(in->source, sizeof in->source, "%s%s", m->file,
             m->has_ci ? " (95% confidence interval)" : "");
    in->found = true;
    return 0;
}

/* ---- rules ---------------------------------------------------------------------------- */

static double tol_abs(const check *ck, interval e) {
    return ck->tolerance_relative ? ck->tolerance * fmax(fabs(e.lo), fabs(e.hi)) : ck->tolerance;
}

typedef enum { CMP_HOLDS, CMP_FAILS, CMP_UNDECIDED } comparison;

/* How the stated value c (its rounding interval) compares with evidence e as the check
 * requires. Evidence that is an interval of rounded figures holds when some value of each
 * is consistent with the other. Evidence resting on a measured confidence interval decides
 * only when every plausible value agrees: it holds when the relation holds for the whole
 * interval, fails when it holds for none of it, and is undecided in between. */
static comparison compare(const check *ck, interval c, interval e, double tol, bool measured) {
    /* "claimed <= evidence" (at least: evidence is a floor the claim must stay under) */
    int rel = ck->relation == REL_LE ? -1 : ck->relation == REL_GE ? 1 : 0;
    if (ck->rule == RULE_UPPER_BOUND) rel = -1;
    if (ck->rule == RULE_LOWER_BOUND) rel = 1;
    bool some, all;
    switch (rel) {
    case -1: /* c <= e */
        some = c.lo <= e.hi + tol;
        all = c.lo <= e.lo + tol;
        break;
    case 1: /* c >= e */
        some = c.hi >= e.lo - tol;
        all = c.hi >= e.hi - tol;
        break;
    default: /* c = e within tol */
        some = c.lo - tol <= e.hi && c.hi + tol >= e.lo;
        all = e.lo >= c.lo - tol && e.hi <= c.hi + tol;
        break;
    }
    if (!measured) return some ? CMP_HOLDS : CMP_FAILS;
    return all ? CMP_HOLDS : some ? CMP_UNDECIDED : CMP_FAILS;
}

static const char *found_label(const check_row *row) {
    bool measured = false, computed = false, model = false, reference = false, secondary = false;
    for (int i = 0; i < row->n_inputs; i++) {
        const evidence_input *in = &row->inputs[i];
        measured |= in->kind == SOURCE_MEASURED;
        computed |= in->kind == SOURCE_COMPUTED;
        model |= in->kind == SOURCE_MODEL;
        reference |= in->kind == SOURCE_REFERENCE;
        secondary |= in->kind == SOURCE_REFERENCE && in->secondary;
    }
    if (measured) return "measured here";
    if (computed) return "computed here";
    if (model) return "modelled";
    if (reference) return secondary ? "reference fact (secondary source)" : "reference fact";
    return "the seeds' own figures give";
}

static void value_words(interval v, const char *unit, bool measured, char *out, size_t len) {
    char a[64], lo[48], hi[48];
    const char *ul = audit_unit_label(unit);
    if (measured && v.lo != v.hi) {
        audit_fmt((v.lo + v.hi) / 2, 4, a, sizeof a);
        audit_fmt(v.lo, 4, lo, sizeof lo);
        audit_fmt(v.hi, 4, hi, sizeof hi);
        snprintf(out, len, "%s to %s%s%s (95 %% interval)", lo, hi, ul[0] ? " " : "", ul);
        return;
    }
    audit_fmt_evidence(v, unit, a, sizeof a);
    snprintf(out, len, "%s%s%s", a, ul[0] ? " " : "", ul);
}

/* The comparison in plain words: what was claimed, what was found, and how they compare. */
static void describe(const check *ck, const statement *s, const check_row *row, double tol,
                     comparison cmp, char *out, size_t len) {
    char ev[128], stated[96], tl[48], ratio[48];
    bool plain = strcmp(s->unit, "date") != 0 && strcmp(s->unit, "bool") != 0;
    const char *ul = audit_unit_label(s->unit);
    if (plain) snprintf(stated, sizeof stated, "%s%s%s", s->value_text, ul[0] ? " " : "", ul);
    else audit_fmt_unit((s->value.lo + s->value.hi) / 2, s->unit, stated, sizeof stated);
    value_words(row->evidence, s->unit, row->measured, ev, sizeof ev);
    audit_fmt(tol, 3, tl, sizeof tl);
    bool bound = ck->rule == RULE_UPPER_BOUND || ck->rule == RULE_LOWER_BOUND;
    const char *label = bound ? "bound in its setting" : found_label(row);
    size_t n = (size_t)snprintf(out, len, "claimed %s; %s %s", stated, label, ev);
    double mid = (row->evidence.lo + row->evidence.hi) / 2, st = (s->value.lo + s->value.hi) / 2;
    ratio[0] = '\0';
    if (plain && mid != 0 && strcmp(s->unit, "count") != 0)
        audit_fmt(st / mid, 3, ratio, sizeof ratio);
    const char *verdict_words;
    int rel = ck->relation == REL_LE ? -1 : ck->relation == REL_GE ? 1 : 0;
    if (ck->rule == RULE_UPPER_BOUND) rel = -1;
    if (ck->rule == RULE_LOWER_BOUND) rel = 1;
    if (cmp == CMP_UNDECIDED)
        verdict_words = "the interval straddles the claim, so this run's noise cannot decide it";
    else if (bound)
        verdict_words = cmp == CMP_HOLDS ? (rel < 0 ? "within the bound (at most it)"
                                                    : "within the bound (at least it)")
                                         : (rel < 0 ? "above what is possible"
                                                    : "below what is possible");
    else if (rel < 0 && !plain && strcmp(s->unit, "date") == 0)
        verdict_words = cmp == CMP_HOLDS ? "the claim is no later" : "the claim is later";
    else if (rel > 0 && !plain && strcmp(s->unit, "date") == 0)
        verdict_words = cmp == CMP_HOLDS ? "the claim is no earlier" : "the claim is earlier";
    else if (rel < 0)
        verdict_words = cmp == CMP_HOLDS ? "the claim is at most that" : "the claim is more than that";
    else if (rel > 0)
        verdict_words = cmp == CMP_HOLDS ? "the claim is at least that" : "the claim is less than that";
    else
        verdict_words = cmp == CMP_HOLDS ? "they agree" : "they differ";
    if (n < len) n += (size_t)snprintf(out + n, len - n, ": %s", verdict_words);
    if (n < len && tol > 0) n += (size_t)snprintf(out + n, len - n, " (tolerance %s)", tl);
    if (n < len && ratio[0] && cmp == CMP_FAILS)
        snprintf(out + n, len - n, "; claimed / %s = %s", bound ? "bound" : "found", ratio);
}

static verdict on_pass(const check *ck) {
    switch (ck->rule) {
    case RULE_MATCH: return VERDICT_REPRODUCED;
    case RULE_REFERENCE: return VERDICT_CONFIRMED;
    case RULE_RECOMPUTE: return VERDICT_SEED_METHOD_ONLY;
    case RULE_IDENTITY: return VERDICT_ARITHMETIC_ONLY;
    case RULE_UPPER_BOUND:
    case RULE_LOWER_BOUND: return ck->needs[0] ? VERDICT_UNTESTABLE : VERDICT_NONE;
    default: return VERDICT_NONE;
    }
}

static verdict on_fail(const check *ck) {
    switch (ck->rule) {
    case RULE_MATCH:
    case RULE_RECOMPUTE: return VERDICT_NOT_REPRODUCED;
    case RULE_REFERENCE: return VERDICT_CONTRADICTED;
    case RULE_IDENTITY:
    case RULE_AGREE: return VERDICT_INCONSISTENT;
    case RULE_UPPER_BOUND:
    case RULE_LOWER_BOUND: return VERDICT_EXCEEDS_BOUND;
    default: return VERDICT_NONE;
    }
}

static int push_row(audit_result *r, size_t *cap, check_row **out) {
    if (r->n_rows == *cap) {
        size_t c = *cap ? *cap * 2 : 256;
        check_row *grown = realloc(r->rows, c * sizeof *grown);
        if (!grown) return -1;
        r->rows = grown;
        *cap = c;
    }
    *out = &r->rows[r->n_rows++];
    memset(*out, 0, sizeof **out);
    return 0;
}

static void evaluate_agree(const claim *c, const check *ck, check_row *row) {
    bool ok = true, converted = false;
    text_buf b = {0};
    double tol = ck->tolerance;
    const char *unit = NULL; /* the first statement's unit: all are compared in it */
    for (int i = 0; i < CLAIMS_MAX_STATEMENTS; i++) {
        if (!(ck->on & (1u << i))) continue;
        if (!unit) unit = c->st[i].unit;
        double f = 1;
        if (!audit_unit_factor(c->st[i].unit, unit, &f)) f = 1; /* unrelated units: as stated */
        char conv[64] = "";
        if (f != 1) {
            char v[40];
            audit_fmt((c->st[i].value.lo + c->st[i].value.hi) / 2 * f, 4, v, sizeof v);
            snprintf(conv, sizeof conv, " (%s %s)", v, audit_unit_label(unit));
            converted = true;
        }
        char shown[64];
        if (strcmp(c->st[i].unit, "bool") == 0 || strcmp(c->st[i].unit, "date") == 0)
            audit_fmt_unit((c->st[i].value.lo + c->st[i].value.hi) / 2, c->st[i].unit, shown,
                           sizeof shown);
        else
            snprintf(shown, sizeof shown, "%s%s%s", c->st[i].value_text,
                     audit_unit_label(c->st[i].unit)[0] ? " " : "", audit_unit_label(c->st[i].unit));
        tb_printf(&b, "%s%s%s", b.len ? " vs " : "", shown, conv);
        for (int j = i + 1; j < CLAIMS_MAX_STATEMENTS; j++) {
            if (!(ck->on & (1u << j))) continue;
            double fi = 1, fj = 1;
            if (!audit_unit_factor(c->st[i].unit, unit, &fi)) fi = 1;
            if (!audit_unit_factor(c->st[j].unit, unit, &fj)) fj = 1;
            interval x = {c->st[i].value.lo * fi, c->st[i].value.hi * fi};
            interval y = {c->st[j].value.lo * fj, c->st[j].value.hi * fj};
            if (!(x.lo - tol <= y.hi && x.hi + tol >= y.lo)) ok = false;
        }
    }
    char *t = tb_take(&b);
    snprintf(row->detail, sizeof row->detail, "the seeds state %s: %s%s", t ? t : "",
             ok ? "they agree" : "they contradict each other",
             converted ? " (compared in the same unit)" : "");
    free(t);
    row->v = ok ? VERDICT_NONE : VERDICT_INCONSISTENT;
}

static void missing_detail(check_row *row) {
    text_buf b = {0};
    tb_printf(&b, "evidence missing: ");
    int n = 0;
    for (int i = 0; i < row->n_inputs; i++)
        if (!row->inputs[i].found)
            tb_printf(&b, "%s%s%s%s", n++ ? ", " : "", row->inputs[i].name,
                      strstr(row->inputs[i].source, "NA") ? " " : "",
                      strstr(row->inputs[i].source, "NA") ? row->inputs[i].source : "");
    char *t = tb_take(&b);
    snprintf(row->detail, sizeof row->detail, "%s", t ? t : "evidence missing");
    free(t);
}

/* Evaluates one check for one statement into row (proto holds the evidence). */
static void evaluate_row(const check *ck, const statement *st, bool have, check_row *row,
                         int *rows_missing) {
    if (ck->rule == RULE_UNTESTABLE) {
        row->v = VERDICT_UNTESTABLE;
        snprintf(row->detail, sizeof row->detail, "needs %s", ck->needs);
        if (have) {
            char ev[128];
            value_words(row->evidence, row->evidence_unit[0] ? row->evidence_unit : st->unit,
                        row->measured, ev, sizeof ev);
            snprintf(row->detail, sizeof row->detail, "needs %s; for context: %s", ck->needs,
                     ev);
        }
        return;
    }
    if (!have) {
        if (!row->detail[0]) missing_detail(row);
        row->v = ck->rule == RULE_INFO ? VERDICT_NONE : VERDICT_MISSING;
        if (ck->rule != RULE_INFO) (*rows_missing)++;
        return;
    }
    if (ck->rule == RULE_INFO) {
        char ev[128];
        value_words(row->evidence, row->evidence_unit, row->measured, ev, sizeof ev);
        snprintf(row->detail, sizeof row->detail, "for context: %s", ev);
        row->v = VERDICT_NONE;
        return;
    }
    if (row->evidence_unit[0] && strcmp(row->evidence_unit, st->unit) != 0) {
        snprintf(row->detail, sizeof row->detail,
                 "evidence missing: %s is in %s, the statement in %s", row->inputs[0].name,
                 row->evidence_unit, st->unit);
        row->v = VERDICT_MISSING;
        (*rows_missing)++;
        return;
    }
    double tol = tol_abs(ck, row->evidence);
    comparison cmp = compare(ck, st->value, row->evidence, tol, row->measured);
    describe(ck, st, row, tol, cmp, row->detail, sizeof row->detail);
    row->v = cmp == CMP_UNDECIDED ? VERDICT_UNDECIDED
             : cmp == CMP_HOLDS   ? on_pass(ck)
                                  : on_fail(ck);
    if (cmp == CMP_HOLDS && ck->needs[0] && row->v == VERDICT_UNTESTABLE) {
        size_t n = strlen(row->detail);
        snprintf(row->detail + n, sizeof row->detail - n, "; whether it holds needs %s",
                 ck->needs);
    }
}

/* A statement's verdict: the strongest of its rows (the enum's order), except that a
 * failed agree check makes a statement INCONSISTENT only when nothing else judged that
 * statement itself: "32.6 GiB" that reproduces stays REPRODUCED beside a "19 GB" that
 * contradicts it. */
static void combine(const claim *c, claim_result *cr, const check_row *rows) {
    for (int s = 0; s < CLAIMS_MAX_STATEMENTS; s++) {
        statement_result *sr = &cr->st[s];
        sr->v = VERDICT_NONE;
        sr->deciding = -1;
        if (!c->st[s].present) continue;
        long agree_row = -1;
        for (size_t i = cr->first_row; i < cr->first_row + cr->n_rows; i++) {
            const check_row *row = &rows[i];
            if (!(row->statements & (1u << s))) continue;
            if (c->ck[row->check_index].rule == RULE_AGREE) {
                if (row->v == VERDICT_INCONSISTENT && agree_row < 0) agree_row = (long)i;
                continue;
            }
            if (row->v > sr->v) {
                sr->v = row->v;
                sr->deciding = (long)i;
            }
        }
        if (agree_row >= 0 && (sr->v == VERDICT_NONE || sr->v == VERDICT_UNTESTABLE ||
                               sr->v == VERDICT_MISSING)) {
            sr->v = VERDICT_INCONSISTENT;
            sr->deciding = agree_row;
        }
        /* nothing could judge it here (e.g. a bound without 'needs' that holds) */
        if (sr->v == VERDICT_NONE) sr->v = VERDICT_UNTESTABLE;
    }
}

int audit_evaluate(const claims_registry *reg, const references *refs,
                   const metric_table *metrics, audit_result *out) {
    memset(out, 0, sizeof *out);
    out->reg = reg;
    out->claims = calloc(reg->n ? reg->n : 1, sizeof *out->claims);
    if (!out->claims) return -1;
    size_t cap = 0;
    for (size_t ci = 0; ci < reg->n; ci++) {
        const claim *c = &reg->claims[ci];
        claim_result *cr = &out->claims[ci];
        cr->first_row = out->n_rows;
        for (int k = 0; k < CLAIMS_MAX_CHECKS; k++) {
            const check *ck = &c->ck[k];
            if (!ck->present) continue;
            /* The evidence once per check (it does not depend on the statement). */
            check_row proto = {.claim_index = ci, .check_index = k};
            resolve_ctx rc = {reg, refs, metrics, &proto};
            bool have = false;
            if (ck->evidence) {
                char why[256] = "";
                /* resolve every name first so that all missing ones are listed */
                bool all = true;
                for (size_t n = 0; n < expr_name_count(ck->evidence); n++) {
                    interval tmp;
                    if (lookup(&rc, expr_name(ck->evidence, n), &tmp)) all = false;
                }
                if (all && expr_eval(ck->evidence, lookup, &rc, &proto.evidence, why,
                                     sizeof why) == 0) {
                    have = true;
                    proto.evaluated = true;
                    for (int i = 0; i < proto.n_inputs; i++)
                        proto.measured |= proto.inputs[i].measured_ci;
                } else if (all) {
                    snprintf(proto.detail, sizeof proto.detail, "evidence cannot be computed: %s",
                             why);
                }
                if (have && expr_is_single_name(ck->evidence))
                    snprintf(proto.evidence_unit, sizeof proto.evidence_unit, "%s",
                             proto.inputs[0].unit);
            }
            if (ck->rule == RULE_AGREE) {
                check_row *row;
                if (push_row(out, &cap, &row)) return -1;
                *row = proto;
                row->statements = ck->on;
                evaluate_agree(c, ck, row);
                if (row->v == VERDICT_INCONSISTENT) cr->disagree = true;
                continue;
            }
            for (int s = 0; s < CLAIMS_MAX_STATEMENTS; s++) {
                if (!(ck->on & (1u << s))) continue;
                check_row *row;
                if (push_row(out, &cap, &row)) return -1;
                *row = proto;
                row->statements = 1u << s;
                evaluate_row(ck, &c->st[s], have, row, &out->rows_missing);
            }
        }
        cr->n_rows = out->n_rows - cr->first_row;
        combine(c, cr, out->rows);
        bool seen[VERDICT_COUNT] = {false};
        for (int s = 0; s < CLAIMS_MAX_STATEMENTS; s++) {
            if (!c->st[s].present) continue;
            out->n_statements++;
            out->statement_counts[cr->st[s].v]++;
            seen[cr->st[s].v] = true;
        }
        for (int v = 0; v < VERDICT_COUNT; v++) out->claim_counts[v] += seen[v];
        out->claims_disagreeing += cr->disagree;
    }
    return 0;
}

void audit_result_free(audit_result *r) {
    free(r->claims);
    free(r->rows);
    memset(r, 0, sizeof *r);
}

int audit_missing_evidence(const claims_registry *reg, const metric_table *metrics,
                           char **out) {
    text_buf b = {0};
    int n = 0;
    tb_printf(&b, "%s", "");
    for (size_t ci = 0; ci < reg->n; ci++)
        for (int k = 0; k < CLAIMS_MAX_CHECKS; k++) {
            const check *ck = &reg->claims[ci].ck[k];
            for (size_t i = 0; ck->present && ck->evidence && i < expr_name_count(ck->evidence);
                 i++) {
                const char *name = expr_name(ck->evidence, i);
                if (strncmp(name, "claim.", 6) == 0 || strncmp(name, "ref.", 4) == 0) continue;
                const metric *mm = metrics_find(metrics, name);
                char why[200] = "";
                if (!mm) snprintf(why, sizeof why, "absent");
                else if (mm->na) snprintf(why, sizeof why, "NA");
                else if (expr_is_single_name(ck->evidence) && ck->rule != RULE_INFO &&
                         ck->rule != RULE_UNTESTABLE) {
                    /* a lone metric is compared as it is: its unit must be the statements' */
                    for (int s = 0; s < CLAIMS_MAX_STATEMENTS; s++)
                        if ((ck->on & (1u << s)) &&
                            strcmp(reg->claims[ci].st[s].unit, mm->unit) != 0)
                            snprintf(why, sizeof why, "in %s, statement %c in %s", mm->unit,
                                     'a' + s, reg->claims[ci].st[s].unit);
                }
                if (!why[0]) continue;
                /* list each id once */
                bool dup = false;
                size_t l = strlen(name);
                for (const char *p = b.s; p && (p = strstr(p, name)); p += l)
                    if ((p == b.s || p[-1] == '\n') && p[l] == '\t') dup = true;
                if (dup) continue;
                tb_printf(&b, "%s\t%s (claim %s, check %d)\n", name, why, reg->claims[ci].id,
                          ck->number);
                n++;
            }
        }
    *out = tb_take(&b);
    return n;
}
