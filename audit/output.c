#include "output.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <string.h>

#include "harness/metrics_tsv.h"
#include "harness/text_buf.h"

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
    cJSON_AddNumberToObject(meta, "checks_without_evidence", r->rows_missing);
    cJSON *counts = cJSON_AddObjectToObject(meta, "verdicts");
    for (int v = 0; v < VERDICT_COUNT; v++)
        cJSON_AddNumberToObject(counts, verdict_name((verdict)v), r->counts[v]);
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
        cJSON_AddStringToObject(o, "verdict", verdict_name(cr->v));
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
            if (st->overlay[0]) cJSON_AddStringToObject(so, "overlay", st->overlay);
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
            if (ck->note[0]) cJSON_AddStringToObject(ro, "note", ck->note);
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
    tb_printf(&b, "claim\tclaim_verdict\tcheck\tstatements\tclaimed\trule\tevidence_expression\t"
                  "evidence_value\tevidence_lo\tevidence_hi\ttolerance\tverdict\tdetail\n");
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
            tb_field(&b, c->id);
            tb_printf(&b, "\t%s\t%d\t%s\t", verdict_name(cr->v), ck->number, letters);
            tb_field(&b, claimed);
            tb_printf(&b, "\t");
            tb_field(&b, rule);
            tb_printf(&b, "\t");
            tb_field(&b, ck->evidence ? ck->evidence_text : "-");
            tb_printf(&b, "\t%s\t%s\t%s\t%s\t%s\t", ev, lo, hi,
                      ck->has_tolerance ? ck->tolerance_text : "-", verdict_name(row->v));
            tb_field(&b, row->detail[0] ? row->detail : "-");
            tb_printf(&b, "\n");
        }
    }
    return tb_take(&b);
}

char *audit_metrics_tsv(const audit_result *r, const metric_table *own) {
    text_buf b = {0};
    metrics_begin(&b);
    metrics_add(&b, "audit.claims.count", (double)r->reg->n, "count", "claims in the registry");
    for (int v = 0; v < VERDICT_COUNT; v++) {
        char id[96];
        snprintf(id, sizeof id, "audit.verdict.%s.count", verdict_token((verdict)v));
        metrics_add(&b, id, r->counts[v], "count", "claims whose verdict is %s",
                    verdict_name((verdict)v));
    }
    metrics_add(&b, "audit.checks.evidence_missing.count", r->rows_missing, "count",
                "checks (x statements) whose evidence is not in this run");
    for (size_t i = 0; own && i < own->n; i++) {
        const metric *m = &own->items[i];
        metrics_add(&b, m->id, m->na ? NAN : m->value, m->unit, "%s", m->description);
    }
    return tb_take(&b);
}

void audit_print_summary(FILE *out, const audit_result *r) {
    const claims_registry *reg = r->reg;
    fprintf(out, "%-24s %-16s %s\n", "claim", "verdict", "title");
    for (size_t ci = 0; ci < reg->n; ci++)
        fprintf(out, "%-24s %-16s %s\n", reg->claims[ci].id, verdict_name(r->claims[ci].v),
                reg->claims[ci].title);
    fprintf(out, "\n%zu claims:", reg->n);
    for (int v = VERDICT_COUNT - 1; v >= 0; v--)
        if (r->counts[v]) fprintf(out, " %d %s,", r->counts[v], verdict_name((verdict)v));
    fprintf(out, " (%d checks without evidence)\n", r->rows_missing);
}
