#include "render_audit.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/output.h"
#include "markdown.h"

/* The row that decides statement s of claim ci, or NULL. */
static const check_row *deciding_row(const audit_result *a, size_t ci, int s) {
    long i = a->claims[ci].st[s].deciding;
    return i >= 0 ? &a->rows[i] : NULL;
}

/* Cell text: the deciding check's comparison, then why it decides and its setting. */
static void why_text(const claim *cl, const check_row *row, char *out, size_t len) {
    if (!row) {
        snprintf(out, len, "no check could judge it here");
        return;
    }
    const check *ck = &cl->ck[row->check_index];
    size_t n = (size_t)snprintf(out, len, "%s.", row->detail);
    if (n < len && ck->note[0])
        n += (size_t)snprintf(out + n, len - n, " %c%s.", toupper((unsigned char)ck->note[0]),
                              ck->note + 1);
    if (n < len && ck->setting[0]) snprintf(out + n, len - n, " Setting: %s.", ck->setting);
}

static void statement_label(const claims_registry *reg, const claim *cl, int s, char *out,
                            size_t len) {
    char val[96];
    audit_claimed_text(cl, 1u << s, val, sizeof val);
    snprintf(out, len, "(%c) %s, %s:%d", 'a' + s, val, reg->seeds[cl->st[s].where[0].seed].key,
             cl->st[s].where[0].line);
}

void render_audit_glance(text_buf *b, const audit_result *a) {
    tb_printf(b, "Claims audit at a glance, %d statements of %zu claims:", a->n_statements,
              a->reg->n);
    for (int k = VERDICT_COUNT - 1; k >= 0; k--)
        if (a->statement_counts[k])
            tb_printf(b, " %d %s,", a->statement_counts[k], verdict_name((verdict)k));
    tb_printf(b, " (statements; the claims audit below also counts claims).\n\n");
}

static void counts_table(text_buf *b, const audit_result *a) {
    md_header(b, "lrrl", "verdict", "statements", "claims with such a statement", "meaning");
    for (int k = VERDICT_COUNT - 1; k >= 0; k--) {
        md_row_start(b);
        md_cell(b, verdict_name((verdict)k));
        md_cellf(b, "%d", a->statement_counts[k]);
        md_cellf(b, "%d", a->claim_counts[k]);
        md_cell(b, verdict_meaning((verdict)k));
        md_row_end(b);
    }
    md_row_start(b);
    md_cell(b, "total");
    md_cellf(b, "%d", a->n_statements);
    md_cellf(b, "%zu", a->reg->n);
    md_cell(b, "a claim with statements of different verdicts counts once under each");
    md_row_end(b);
    tb_printf(b, "\n");
}

static void findings_table(text_buf *b, const audit_result *a) {
    const claims_registry *reg = a->reg;
    md_header(b, "llll", "claim", "statement", "verdict", "why: the deciding check in plain words");
    for (size_t ci = 0; ci < reg->n; ci++) {
        const claim *cl = &reg->claims[ci];
        bool first = true;
        for (int s = 0; s < CLAIMS_MAX_STATEMENTS; s++) {
            if (!cl->st[s].present) continue;
            char label[200], why[1400];
            statement_label(reg, cl, s, label, sizeof label);
            why_text(cl, deciding_row(a, ci, s), why, sizeof why);
            md_row_start(b);
            if (first) md_cellf(b, "`%s` %s", cl->id, cl->title);
            else md_cellf(b, "`%s`", cl->id);
            md_cell(b, label);
            md_cellf(b, "**%s**", verdict_name(a->claims[ci].st[s].v));
            md_cell(b, why);
            md_row_end(b);
            first = false;
        }
    }
    tb_printf(b, "\n");
}

static void claim_evidence(text_buf *b, const audit_result *a, size_t ci) {
    const claims_registry *reg = a->reg;
    const claim *cl = &reg->claims[ci];
    const claim_result *cr = &a->claims[ci];
    char set[512];
    audit_claim_verdicts_text(cl, cr, set, sizeof set);
    tb_printf(b, "#### `%s`: %s\n\n", cl->id, cl->title);
    tb_printf(b, "Verdicts: %s%s.\n\n", set,
              cr->disagree ? "; the statements contradict each other" : "");
    for (int s = 0; s < CLAIMS_MAX_STATEMENTS; s++) {
        const statement *st = &cl->st[s];
        if (!st->present) continue;
        char val[96];
        audit_claimed_text(cl, 1u << s, val, sizeof val);
        tb_printf(b, "- (%c) %s, **%s**, %s:%d", st->letter, val, verdict_name(cr->st[s].v),
                  reg->seeds[st->where[0].seed].file, st->where[0].line);
        if (st->n_where > 1) {
            tb_printf(b, ", also");
            for (int w = 1; w < st->n_where; w++)
                tb_printf(b, " %s:%d", reg->seeds[st->where[w].seed].key, st->where[w].line);
        }
        tb_printf(b, ": `");
        for (const char *p = st->quote; *p; p++) tb_printf(b, "%c", *p == '`' ? '\'' : *p);
        tb_printf(b, "`\n");
    }
    tb_printf(b, "\n");
    md_header(b, "llllll", "check", "kind", "evidence", "evidence value", "verdict",
              "comparison, why it decides, setting");
    for (size_t i = cr->first_row; i < cr->first_row + cr->n_rows; i++) {
        const check_row *row = &a->rows[i];
        const check *ck = &cl->ck[row->check_index];
        char letters[32], rule[256], ev[128], why[1400];
        audit_letters(row->statements, letters, sizeof letters);
        audit_rule_text(ck, rule, sizeof rule);
        md_row_start(b);
        md_cellf(b, "%d (%s)", ck->number, letters);
        md_cellf(b, "%s%s", claim_rule_as_stated(ck->rule) ? "as stated; " : "", rule);
        if (ck->evidence) md_cellf(b, "`%s`", ck->evidence_text);
        else md_cell(b, "-");
        if (row->evaluated) {
            const char *unit = ck->rule == RULE_INFO && row->evidence_unit[0]
                                   ? row->evidence_unit
                                   : cl->st[__builtin_ctz(row->statements)].unit;
            audit_fmt_evidence(row->evidence, unit, ev, sizeof ev);
            const char *ul = audit_unit_label(unit);
            md_cellf(b, "%s%s%s%s", ev, ul[0] ? " " : "", ul,
                     row->measured ? " (95 % interval)" : "");
        } else {
            md_cell(b, "-");
        }
        md_cell(b, verdict_name(row->v));
        why_text(cl, row, why, sizeof why);
        md_cell(b, why);
        md_row_end(b);
    }
    tb_printf(b, "\n");
    /* inputs that are not the seeds' own figures, each once */
    bool started = false;
    for (size_t i = cr->first_row; i < cr->first_row + cr->n_rows; i++) {
        const check_row *row = &a->rows[i];
        for (int k = 0; k < row->n_inputs; k++) {
            const evidence_input *in = &row->inputs[k];
            if (in->kind == SOURCE_SEEDS) continue;
            bool dup = false;
            for (size_t j = cr->first_row; j <= i && !dup; j++)
                for (int q = 0; q < (j == i ? k : a->rows[j].n_inputs) && !dup; q++)
                    dup = strcmp(a->rows[j].inputs[q].name, in->name) == 0;
            if (dup) continue;
            tb_printf(b, started ? "; " : "Inputs: ");
            started = true;
            if (in->found) {
                char iv[128];
                audit_fmt_evidence(in->value, in->unit, iv, sizeof iv);
                const char *ul = audit_unit_label(in->unit);
                tb_printf(b, "`%s` = %s%s%s (%s)", in->name, iv, ul[0] ? " " : "", ul,
                          in->source);
            } else {
                tb_printf(b, "`%s` missing (%s)", in->name, in->source);
            }
        }
    }
    if (started) tb_printf(b, ".\n\n");
}

static void references_table(text_buf *b, const run_data *r) {
    const references *refs = &r->audit.refs;
    const audit_result *a = &r->audit.result;
    bool any = false;
    for (size_t i = 0; i < refs->n_refs; i++) {
        char name[80];
        snprintf(name, sizeof name, "ref.%s", refs->refs[i].name);
        bool used = false;
        for (size_t k = 0; k < a->n_rows && !used; k++)
            for (int q = 0; q < a->rows[k].n_inputs && !used; q++)
                used = strcmp(a->rows[k].inputs[q].name, name) == 0;
        if (!used) continue;
        if (!any) {
            tb_printf(b, "### Reference facts used\n\n");
            tb_printf(b, "From `%s`. A primary source is the vendor, the paper or the code "
                         "itself; a *secondary* one reports it second-hand, and a verdict that "
                         "rests on it is only as good as that report.\n\n",
                      refs->path);
            md_header(b, "lrlll", "fact", "value", "what", "source", "standing");
            any = true;
        }
        const reference *f = &refs->refs[i];
        char v[64];
        audit_fmt_unit(f->value, f->unit, v, sizeof v);
        const char *ul = audit_unit_label(f->unit);
        md_row_start(b);
        md_cellf(b, "`%s`", f->name);
        md_cellf(b, "%s%s%s", v, ul[0] ? " " : "", ul);
        md_cell(b, f->fact);
        md_cell(b, f->source);
        md_cellf(b, "%s%s", f->secondary ? "*secondary*" : "primary",
                 f->unconfirmed ? ", unconfirmed" : "");
        md_row_end(b);
    }
    if (any) tb_printf(b, "\n");
}

void render_audit_section(text_buf *b, const run_data *r) {
    const audit_result *a = &r->audit.result;
    const claims_registry *reg = a->reg;
    tb_printf(b, "## Claims audit\n\n");
    tb_printf(b,
              "%zu claims with %d stated values (statements) from the five seed documents "
              "(docs/seeds/), registry `%s`%s. Each statement has its own verdict and a claim "
              "shows the set of its statements' verdicts. REPRODUCED means the claim holds as a "
              "reader takes it, in the setting it states; where only the seeds' own arithmetic "
              "or their own computation reproduces, the verdict says so (ARITHMETIC ONLY, SEED "
              "METHOD ONLY). A measured value enters as its 95 %% confidence interval from the "
              "repetitions, and a check on it decides only when the whole interval lies on one "
              "side (otherwise UNDECIDED). Stated values carry the interval their rounding "
              "implies (28.9 is 28.85 to 28.95). Rules: docs/report.md.\n\n",
              reg->n, a->n_statements, r->audit.claims_path,
              r->audit.from_run_copy ? " (the copy the audit step stored in the run)"
                                     : " (the run has no audit; evaluated at report time)");
    counts_table(b, a);
    if (a->claims_disagreeing)
        tb_printf(b, "%d claim(s) have statements that contradict each other (the seeds state "
                     "the same quantity with different values).\n\n",
                  a->claims_disagreeing);
    if (a->rows_missing)
        tb_printf(b, "%d check(s) could not be evaluated: their evidence is not in this run "
                     "(listed as \"evidence missing\" below).\n\n",
                  a->rows_missing);
    tb_printf(b, "### Findings, one row per statement\n\n");
    findings_table(b, a);
    references_table(b, r);
    tb_printf(b, "### Evidence for each claim\n\n");
    for (size_t ci = 0; ci < reg->n; ci++) claim_evidence(b, a, ci);
}

/* The row of check `rule` for statement s of claim ci, or NULL. */
static const check_row *row_of_rule(const audit_result *a, size_t ci, int s, claim_rule rule) {
    const claim_result *cr = &a->claims[ci];
    const claim *cl = &a->reg->claims[ci];
    for (size_t i = cr->first_row; i < cr->first_row + cr->n_rows; i++)
        if ((a->rows[i].statements & (1u << s)) && cl->ck[a->rows[i].check_index].rule == rule)
            return &a->rows[i];
    return NULL;
}

static void evidence_cell(text_buf *b, const check_row *row, const char *unit) {
    if (!row || !row->evaluated) {
        md_cell(b, row ? "missing" : "-");
        return;
    }
    char v[128];
    audit_fmt_evidence(row->evidence, unit, v, sizeof v);
    const char *ul = audit_unit_label(unit);
    md_cellf(b, "%s%s%s", v, ul[0] ? " " : "", ul);
}

void render_audit_reproduction(text_buf *b, const run_data *r) {
    const audit_result *a = &r->audit.result;
    const claims_registry *reg = a->reg;
    bool any = false;
    for (size_t ci = 0; ci < reg->n; ci++) {
        const claim *cl = &reg->claims[ci];
        for (int s = 0; s < CLAIMS_MAX_STATEMENTS; s++) {
            if (!cl->st[s].present) continue;
            bool listed = false;
            for (int k = 0; k < CLAIMS_MAX_CHECKS; k++)
                listed |= cl->ck[k].present && cl->ck[k].reproduction_table &&
                          (cl->ck[k].on & (1u << s));
            if (!listed) continue;
            if (!any) {
                tb_printf(b, "### The seeds' error figures: their computation and the scheme "
                             "as described\n\n");
                tb_printf(b, "Each error figure of the seeds, the value their own computation "
                             "gives when redone here (docs/seeds/README.md: 16 levels, no 3-bit "
                             "code; INT4 with one scale per column), the value of the scheme a "
                             "reader takes the claim to be about, and the statement's verdict "
                             "(the same verdict as in the claims audit, with its reason "
                             "there).\n\n");
                md_header(b, "lrrrl", "claim", "seed figure", "the seeds' computation, redone",
                          "as a reader takes it", "verdict");
                any = true;
            }
            const statement *st = &cl->st[s];
            md_row_start(b);
            md_cellf(b, "`%s` (%c) %s", cl->id, st->letter, cl->title);
            char val[64];
            audit_claimed_text(cl, 1u << s, val, sizeof val);
            md_cell(b, val);
            evidence_cell(b, row_of_rule(a, ci, s, RULE_RECOMPUTE), st->unit);
            evidence_cell(b, row_of_rule(a, ci, s, RULE_MATCH), st->unit);
            md_cellf(b, "**%s**", verdict_name(a->claims[ci].st[s].v));
            md_row_end(b);
        }
    }
    if (any) tb_printf(b, "\n");
}

void render_audit_projection_claims(text_buf *b, const run_data *r) {
    const audit_result *a = &r->audit.result;
    const claims_registry *reg = a->reg;
    bool any = false;
    for (size_t ci = 0; ci < reg->n; ci++) {
        const claim *cl = &reg->claims[ci];
        for (int s = 0; s < CLAIMS_MAX_STATEMENTS; s++) {
            const statement *st = &cl->st[s];
            if (!st->present || !st->overlay_check) continue;
            const check *ck = &cl->ck[st->overlay_check - 1];
            const check_row *row = NULL;
            for (size_t i = a->claims[ci].first_row;
                 i < a->claims[ci].first_row + a->claims[ci].n_rows && !row; i++)
                if (a->rows[i].check_index == st->overlay_check - 1 &&
                    (a->rows[i].statements & (1u << s)))
                    row = &a->rows[i];
            if (!any) {
                tb_printf(b, "The seeds' throughput claims, each against the bound of the "
                             "setting it states (device count, memory the weights must fit in, "
                             "bandwidth the claimed processor can reach, batch and "
                             "sequencing):\n\n");
                md_header(b, "lrlrl", "claim", "claimed", "its setting", "bound", "verdict");
                any = true;
            }
            char val[64];
            audit_claimed_text(cl, 1u << s, val, sizeof val);
            md_row_start(b);
            md_cellf(b, "`%s` (%c)", cl->id, st->letter);
            md_cell(b, val);
            md_cell(b, ck->setting);
            evidence_cell(b, row, st->unit);
            md_cellf(b, "**%s**", verdict_name(a->claims[ci].st[s].v));
            md_row_end(b);
        }
    }
    if (any) tb_printf(b, "\n");
}

int render_audit_needs(text_buf *b, const run_data *r) {
    const audit_result *a = &r->audit.result;
    const claims_registry *reg = a->reg;
    int lines = 0;
    for (size_t i = 0; i < a->n_rows; i++) {
        const check *ck = &reg->claims[a->rows[i].claim_index].ck[a->rows[i].check_index];
        if (a->rows[i].v != VERDICT_UNTESTABLE || !ck->needs[0]) continue;
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++) {
            const check *cj = &reg->claims[a->rows[j].claim_index].ck[a->rows[j].check_index];
            seen = a->rows[j].v == VERDICT_UNTESTABLE && strcmp(cj->needs, ck->needs) == 0;
        }
        if (seen) continue;
        int statements = 0, untestable = 0;
        for (size_t ci = 0; ci < reg->n; ci++)
            for (int s = 0; s < CLAIMS_MAX_STATEMENTS; s++) {
                bool uses = false;
                for (size_t k = a->claims[ci].first_row;
                     k < a->claims[ci].first_row + a->claims[ci].n_rows; k++) {
                    const check *c2 = &reg->claims[ci].ck[a->rows[k].check_index];
                    uses |= (a->rows[k].statements & (1u << s)) &&
                            a->rows[k].v == VERDICT_UNTESTABLE && strcmp(c2->needs, ck->needs) == 0;
                }
                statements += uses;
                untestable += uses && a->claims[ci].st[s].v == VERDICT_UNTESTABLE;
            }
        tb_printf(b, "- %s: not available to this run; %d statement(s) would need it to be "
                     "tested as stated (%d of them stay UNTESTABLE HERE, the others are decided "
                     "by another check)\n",
                  ck->needs, statements, untestable);
        lines++;
    }
    return lines;
}

/* The verdict of statement `letter` of claim `id` in run k, or VERDICT_NONE. */
static verdict verdict_in(const run_data *run, const char *id, int s) {
    const claims_registry *rk = &run->audit.reg;
    for (size_t cj = 0; cj < rk->n; cj++)
        if (strcmp(rk->claims[cj].id, id) == 0)
            return rk->claims[cj].st[s].present ? run->audit.result.claims[cj].st[s].v
                                                : VERDICT_NONE;
    return VERDICT_NONE;
}

void render_audit_compare(text_buf *b, const run_data *runs, size_t n) {
    tb_printf(b, "### Statement verdicts per run\n\n");
    md_row_start(b);
    md_cell(b, "verdict");
    for (size_t i = 0; i < n; i++) md_cell(b, runs[i].id);
    md_row_end(b);
    md_row_start(b);
    tb_printf(b, " --- |");
    for (size_t i = 0; i < n; i++) tb_printf(b, " ---: |");
    md_row_end(b);
    for (int k = VERDICT_COUNT - 1; k >= 0; k--) {
        md_row_start(b);
        md_cell(b, verdict_name((verdict)k));
        for (size_t i = 0; i < n; i++) md_cellf(b, "%d", runs[i].audit.result.statement_counts[k]);
        md_row_end(b);
    }
    tb_printf(b, "\n");
    int diff = 0, contradictions = 0;
    const claims_registry *r0 = &runs[0].audit.reg;
    for (size_t ci = 0; ci < r0->n; ci++) {
        const claim *cl = &r0->claims[ci];
        for (int s = 0; s < CLAIMS_MAX_STATEMENTS; s++) {
            if (!cl->st[s].present) continue;
            verdict v0 = runs[0].audit.result.claims[ci].st[s].v;
            bool differs = false, undecided = v0 == VERDICT_UNDECIDED;
            for (size_t k = 1; k < n; k++) {
                verdict vk = verdict_in(&runs[k], cl->id, s);
                differs |= vk != v0;
                undecided |= vk == VERDICT_UNDECIDED;
            }
            if (!differs) continue;
            if (!diff++) {
                tb_printf(b, "Statements whose verdict differs between runs (a difference that "
                             "involves UNDECIDED is noise the intervals already admit; any "
                             "other is a contradiction between the runs):\n\n");
                md_row_start(b);
                md_cell(b, "statement");
                for (size_t i = 0; i < n; i++) md_cell(b, runs[i].id);
                md_cell(b, "kind");
                md_row_end(b);
                md_row_start(b);
                for (size_t i = 0; i <= n + 1; i++) tb_printf(b, " --- |");
                md_row_end(b);
            }
            contradictions += !undecided;
            md_row_start(b);
            md_cellf(b, "`%s` (%c)", cl->id, 'a' + s);
            for (size_t k = 0; k < n; k++) md_cell(b, verdict_name(verdict_in(&runs[k], cl->id, s)));
            md_cell(b, undecided ? "undecided in a run" : "**contradiction**");
            md_row_end(b);
        }
    }
    if (diff)
        tb_printf(b, "\n%d statement(s) differ, %d of them without an UNDECIDED.\n\n", diff,
                  contradictions);
    else tb_printf(b, "Every statement has the same verdict in every run.\n\n");
}
