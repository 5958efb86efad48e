#include "output.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <string.h>

#include "base/metrics_tsv.h"
#include "base/text_buf.h"

void audit_letters(unsigned mask, char *out, size_t len) {
    size_t used = 0;
    out[0] = '\0';
    for (int i = 0; i < CLAIMS_MAX_STATEMENTS && used < len; i++)
        if (mask & (1u << i))
            used += (size_t)snprintf(out + used, len - used, "%s%c", used ? ", " : "", 'a' + i);
}

void audit_claimed_text(const claim *c, unsigned mask, char *out, size_t len) {
    size_t used = 0;
    out[0] = '\0';
    for (int i = 0; i < CLAIMS_MAX_STATEMENTS && used < len; i++) {
        if (!(mask & (1u << i))) continue;
        const statement *s = &c->st[i];
        char v[48];
        if (strcmp(s->unit, "date") == 0 || strcmp(s->unit, "bool") == 0) {
            audit_fmt_unit((s->value.lo + s->value.hi) / 2, s->unit, v, sizeof v);
            used += (size_t)snprintf(out + used, len - used, "%s%s", used ? " / " : "", v);
        } else {
            const char *u = audit_unit_label(s->unit);
            used += (size_t)snprintf(out + used, len - used, "%s%s%s%s", used ? " / " : "",
                                     s->value_text, u[0] ? " " : "", u);
        }
    }
}

void audit_rule_text(const check *ck, char *out, size_t len) {
    char tol[48];
    if (!ck->has_tolerance) snprintf(tol, sizeof tol, "-");
    else snprintf(tol, sizeof tol, "%s", ck->tolerance_text);
    switch (ck->rule) {
    case RULE_MATCH:
        snprintf(out, len, "match: stated %s evidence, tolerance %s",
                 claim_relation_symbol(ck->relation), tol);
        break;
    case RULE_IDENTITY:
        snprintf(out, len, "identity: stated %s arithmetic of stated figures, tolerance %s",
                 claim_relation_symbol(ck->relation), tol);
        break;
    case RULE_AGREE: snprintf(out, len, "agree: statements equal, tolerance %s", tol); break;
    case RULE_UPPER_BOUND: snprintf(out, len, "upper bound: stated <= bound, tolerance %s", tol); break;
    case RULE_LOWER_BOUND: snprintf(out, len, "lower bound: stated >= bound, tolerance %s", tol); break;
    case RULE_UNTESTABLE: snprintf(out, len, "untestable here: needs %s", ck->needs); break;
    case RULE_INFO: snprintf(out, len, "info"); break;
    case RULE_RECOMPUTE:
        snprintf(out, len, "recompute: stated %s the seeds' own computation redone here, "
                 "tolerance %s", claim_relation_symbol(ck->relation), tol);
        break;
    case RULE_REFERENCE:
        snprintf(out, len, "reference: stated %s a reference fact, tolerance %s",
                 claim_relation_symbol(ck->relation), tol);
        break;
    }
}

static void add_interval(cJSON *o, const char *key, interval v) {
    cJSON *a = cJSON_AddArrayToObject(o, key);
    cJSON_AddItemToArray(a, cJSON_CreateNumber(v.lo));
    cJSON_AddItemToArray(a, cJSON_CreateNumber(v.hi));
}

char *audit_json(const audit_result *r, const references *refs, const char *run_id) {
    const claims_registry *reg = r->reg;
    cJSON *doc = cJSON_CreateObject();
    cJSON *meta = cJSON_AddObjectToObject(doc, "audit");
    cJSON_AddStringToObject(meta, "run_id", run_id ? run_id : "");
    cJSON_AddStringToObject(meta, "claims_file", reg->path);
    cJSON_AddStringToObject(meta, "references_file", refs ? refs->path : "");
    cJSON_AddNumberToObject(meta, "claims", (double)reg->n);
    cJSON_AddNumberToObject(meta, "statements", r->n_statements);
    cJSON_AddNumberToObject(meta, "claims_with_disagreeing_statements", r->claims_disagreeing);
    cJSON_AddNumberToObject(meta, "checks_without_evidence", r->rows_missing);
    cJSON *counts = cJSON_AddObjectToObject(meta, "statement_verdicts");
    for (int v = VERDICT_COUNT - 1; v >= 0; v--)
        cJSON_AddNumberToObject(counts, verdict_name((verdict)v), r->statement_counts[v]);
    cJSON *ccounts = cJSON_AddObjectToObject(meta, "claims_with_a_statement_of_verdict");
    for (int v = VERDICT_COUNT - 1; v >= 0; v--)
        cJSON_AddNumberToObject(ccounts, verdict_name((verdict)v), r->claim_counts[v]);
    cJSON *seeds = cJSON_AddObjectToObject(meta, "seeds");
    for (int s = 0; s < reg->n_seeds; s++)
        cJSON_AddStringToObject(seeds, reg->seeds[s].key, reg->seeds[s].file);

    cJSON *list = cJSON_AddArrayToObject(doc, "claims");
    for (size_t ci = 0; ci < reg->n; ci++) {
        const claim *c = &reg->claims[ci];
        const claim_result *cr = &r->claims[ci];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "id", c->id);
        cJSON_AddStringToObject(o, "title", c->title);
        cJSON_AddStringToObject(o, "topic", c->topic);
        cJSON_AddStringToObject(o, "unit", c->unit);
        char set[512];
        audit_claim_verdicts_text(c, cr, set, sizeof set);
        cJSON_AddStringToObject(o, "verdicts", set);
        cJSON_AddBoolToObject(o, "statements_disagree", cr->disagree);
        cJSON *sts = cJSON_AddArrayToObject(o, "statements");
        for (int s = 0; s < CLAIMS_MAX_STATEMENTS; s++) {
            const statement *st = &c->st[s];
            if (!st->present) continue;
            cJSON *so = cJSON_CreateObject();
            char letter[2] = {st->letter, 0};
            cJSON_AddStringToObject(so, "letter", letter);
            cJSON_AddStringToObject(so, "value", st->value_text);
            add_interval(so, "interval", st->value);
            cJSON_AddStringToObject(so, "unit", st->unit);
            cJSON *w = cJSON_AddArrayToObject(so, "where");
            for (int i = 0; i < st->n_where; i++) {
                char buf[160];
                snprintf(buf, sizeof buf, "%s:%d", reg->seeds[st->where[i].seed].file,
                         st->where[i].line);
                cJSON_AddItemToArray(w, cJSON_CreateString(buf));
            }
            cJSON_AddStringToObject(so, "quote", st->quote);
            if (st->overlay_check) cJSON_AddNumberToObject(so, "overlay_check", st->overlay_check);
            cJSON_AddStringToObject(so, "verdict", verdict_name(cr->st[s].v));
            if (cr->st[s].deciding >= 0) {
                const check_row *dr = &r->rows[cr->st[s].deciding];
                cJSON_AddNumberToObject(so, "deciding_check", c->ck[dr->check_index].number);
                cJSON_AddStringToObject(so, "deciding_detail", dr->detail);
            }
            cJSON_AddItemToArray(sts, so);
        }
        cJSON *rows = cJSON_AddArrayToObject(o, "checks");
        for (size_t i = cr->first_row; i < cr->first_row + cr->n_rows; i++) {
            const check_row *row = &r->rows[i];
            const check *ck = &c->ck[row->check_index];
            cJSON *ro = cJSON_CreateObject();
            char letters[32], rule[256];
            audit_letters(row->statements, letters, sizeof letters);
            audit_rule_text(ck, rule, sizeof rule);
            cJSON_AddNumberToObject(ro, "check", ck->number);
            cJSON_AddStringToObject(ro, "statements", letters);
            cJSON_AddStringToObject(ro, "rule", claim_rule_name(ck->rule));
            cJSON_AddStringToObject(ro, "relation", claim_relation_symbol(ck->relation));
            cJSON_AddStringToObject(ro, "rule_text", rule);
            if (ck->evidence) cJSON_AddStringToObject(ro, "evidence", ck->evidence_text);
            if (row->evaluated) {
                add_interval(ro, "evidence_value", row->evidence);
                if (row->evidence_unit[0])
                    cJSON_AddStringToObject(ro, "evidence_unit", row->evidence_unit);
            }
            if (ck->has_tolerance) cJSON_AddStringToObject(ro, "tolerance", ck->tolerance_text);
            if (ck->needs[0]) cJSON_AddStringToObject(ro, "needs", ck->needs);
            if (ck->setting[0]) cJSON_AddStringToObject(ro, "setting", ck->setting);
            if (ck->note[0]) cJSON_AddStringToObject(ro, "note", ck->note);
            cJSON_AddBoolToObject(ro, "as_stated", claim_rule_as_stated(ck->rule));
            cJSON_AddBoolToObject(ro, "measured", row->measured);
            if (ck->reproduction_table) cJSON_AddBoolToObject(ro, "reproduction_table", true);
            cJSON_AddStringToObject(ro, "verdict", verdict_name(row->v));
            cJSON_AddStringToObject(ro, "detail", row->detail);
            cJSON *ins = cJSON_AddArrayToObject(ro, "inputs");
            for (int k = 0; k < row->n_inputs; k++) {
                const evidence_input *in = &row->inputs[k];
                cJSON *io = cJSON_CreateObject();
                cJSON_AddStringToObject(io, "name", in->name);
                cJSON_AddBoolToObject(io, "found", in->found);
                if (in->found) add_interval(io, "value", in->value);
                cJSON_AddStringToObject(io, "unit", in->unit);
                cJSON_AddStringToObject(io, "source", in->source);
                static const char *const kinds[] = {"seeds", "reference", "measured", "computed",
                                                    "model"};
                cJSON_AddStringToObject(io, "kind", kinds[in->kind]);
                if (in->measured_ci) cJSON_AddBoolToObject(io, "confidence_interval", true);
                cJSON_AddItemToArray(ins, io);
            }
            cJSON_AddItemToArray(rows, ro);
        }
        cJSON_AddItemToArray(list, o);
    }
    char *text = cJSON_Print(doc);
    cJSON_Delete(doc);
    return text;
}

char *audit_tsv(const audit_result *r) {
    const claims_registry *reg = r->reg;
    text_buf b = {0};
    tb_printf(&b, "claim\tstatements\tstatement_verdict\tcheck\tclaimed\trule\t"
                  "evidence_expression\tevidence_value\tevidence_lo\tevidence_hi\tmeasured\t"
                  "tolerance\tverdict\tdetail\n");
    for (size_t ci = 0; ci < reg->n; ci++) {
        const claim *c = &reg->claims[ci];
        const claim_result *cr = &r->claims[ci];
        for (size_t i = cr->first_row; i < cr->first_row + cr->n_rows; i++) {
            const check_row *row = &r->rows[i];
            const check *ck = &c->ck[row->check_index];
            char letters[32], claimed[256], rule[256], ev[96], lo[40], hi[40];
            audit_letters(row->statements, letters, sizeof letters);
            audit_claimed_text(c, row->statements, claimed, sizeof claimed);
            audit_rule_text(ck, rule, sizeof rule);
            if (row->evaluated) {
                int first = __builtin_ctz(row->statements);
                audit_fmt_evidence(row->evidence,
                                   ck->rule == RULE_INFO && row->evidence_unit[0]
                                       ? row->evidence_unit
                                       : c->st[first].unit,
                                   ev, sizeof ev);
                snprintf(lo, sizeof lo, "%.10g", row->evidence.lo);
                snprintf(hi, sizeof hi, "%.10g", row->evidence.hi);
            } else {
                snprintf(ev, sizeof ev, "NA");
                snprintf(lo, sizeof lo, "NA");
                snprintf(hi, sizeof hi, "NA");
            }
            /* the verdict of the statement(s) this row judges */
            char sv[256] = "";
            size_t used = 0;
            for (int s = 0; s < CLAIMS_MAX_STATEMENTS; s++)
                if (row->statements & (1u << s))
                    used += (size_t)snprintf(sv + used, sizeof sv - used, "%s%s",
                                             used ? ", " : "", verdict_name(cr->st[s].v));
            tb_field(&b, c->id);
            tb_printf(&b, "\t%s\t%s\t%d\t", letters, sv, ck->number);
            tb_field(&b, claimed);
            tb_printf(&b, "\t");
            tb_field(&b, rule);
            tb_printf(&b, "\t");
            tb_field(&b, ck->evidence ? ck->evidence_text : "-");
            tb_printf(&b, "\t%s\t%s\t%s\t%s\t%s\t%s\t", ev, lo, hi, row->measured ? "yes" : "no",
                      ck->has_tolerance ? ck->tolerance_text : "-", verdict_name(row->v));
            tb_field(&b, row->detail[0] ? row->detail : "-");
            tb_printf(&b, "\n");
        }
    }
    return tb_take(&b);
}

char *audit_statements_tsv(const audit_result *r) {
    const claims_registry *reg = r->reg;
    text_buf b = {0};
    tb_printf(&b, "claim\tstatement\tclaimed\twhere\tverdict\tdeciding_check\tdetail\n");
    for (size_t ci = 0; ci < reg->n; ci++) {
        const claim *c = &reg->claims[ci];
        const claim_result *cr = &r->claims[ci];
        for (int s = 0; s < CLAIMS_MAX_STATEMENTS; s++) {
            const statement *st = &c->st[s];
            if (!st->present) continue;
            char claimed[128], where[160];
            audit_claimed_text(c, 1u << s, claimed, sizeof claimed);
            snprintf(where, sizeof where, "%s:%d", reg->seeds[st->where[0].seed].file,
                     st->where[0].line);
            const check_row *dr = cr->st[s].deciding >= 0 ? &r->rows[cr->st[s].deciding] : NULL;
            tb_field(&b, c->id);
            tb_printf(&b, "\t%c\t", st->letter);
            tb_field(&b, claimed);
            tb_printf(&b, "\t");
            tb_field(&b, where);
            tb_printf(&b, "\t%s\t", verdict_name(cr->st[s].v));
            if (dr) tb_printf(&b, "%d\t", c->ck[dr->check_index].number);
            else tb_printf(&b, "-\t");
            tb_field(&b, dr && dr->detail[0] ? dr->detail : "no check could judge it here");
            tb_printf(&b, "\n");
        }
    }
    return tb_take(&b);
}

char *audit_metrics_tsv(const audit_result *r, const metric_table *own) {
    text_buf b = {0};
    metrics_begin(&b);
    metrics_add(&b, "audit.claims.count", (double)r->reg->n, "count", "claims in the registry");
    metrics_add(&b, "audit.statements.count", r->n_statements, "count",
                "statements (stated values) of those claims");
    metrics_add(&b, "audit.claims.disagreeing.count", r->claims_disagreeing, "count",
                "claims whose statements contradict each other");
    for (int v = 0; v < VERDICT_COUNT; v++) {
        char id[96];
        snprintf(id, sizeof id, "audit.statement_verdict.%s.count", verdict_token((verdict)v));
        metrics_add(&b, id, r->statement_counts[v], "count", "statements whose verdict is %s",
                    verdict_name((verdict)v));
        snprintf(id, sizeof id, "audit.claim_verdict.%s.count", verdict_token((verdict)v));
        metrics_add(&b, id, r->claim_counts[v], "count",
                    "claims with at least one statement whose verdict is %s",
                    verdict_name((verdict)v));
    }
    metrics_add(&b, "audit.checks.evidence_missing.count", r->rows_missing, "count",
                "checks (x statements) whose evidence is not in this run");
    for (size_t i = 0; own && i < own->n; i++) {
        const metric *m = metrics_by_id(own, i);
        metrics_add(&b, m->id, m->na ? NAN : m->value, m->unit, "%s", m->description);
    }
    return tb_take(&b);
}

void audit_print_summary(FILE *out, const audit_result *r) {
    const claims_registry *reg = r->reg;
    fprintf(out, "%-24s %s\n", "claim", "statement verdicts");
    for (size_t ci = 0; ci < reg->n; ci++) {
        char set[512];
        audit_claim_verdicts_text(&reg->claims[ci], &r->claims[ci], set, sizeof set);
        fprintf(out, "%-24s %s\n", reg->claims[ci].id, set);
    }
    fprintf(out, "\n%d statements of %zu claims:", r->n_statements, reg->n);
    for (int v = VERDICT_COUNT - 1; v >= 0; v--)
        if (r->statement_counts[v])
            fprintf(out, " %d %s,", r->statement_counts[v], verdict_name((verdict)v));
    fprintf(out, " (%d checks without evidence)\n", r->rows_missing);
}
