#include "claims.h"

#include <ctype.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/metrics_read.h"
#include "base/atomic_file.h"
#include "base/config_schema.h"
#include "base/config_values.h"
#include "base/ini_file.h"
#include "base/error.h"

static const char *const rule_names[] = {"match",      "identity", "agree",     "upper_bound",
                                         "lower_bound", "untestable", "info",   "recompute",
                                         "reference",  NULL};
static const char *const relation_names[] = {"eq", "le", "ge", NULL};
static const char *const topics[] = {"novelty", "size",       "compression", "quality",
                                     "packing", "theorem",    "speed",       "throughput",
                                     "latency", "power",      "bandwidth",   "hardware",
                                     NULL};
static const char *const claim_units[] = {
    "ms", "s", "us", "pct", "x", "gbps", "gops", "gflops", "gib", "gb", "mb", "mib", "kb", "bytes",
    "bpw", "bits", "tok_s", "w", "count", "bool", "db", "tops", "date", NULL};

const char *claim_rule_name(claim_rule r) { return rule_names[r]; }

bool claim_rule_as_stated(claim_rule r) {
    return r == RULE_MATCH || r == RULE_REFERENCE || r == RULE_UPPER_BOUND ||
           r == RULE_LOWER_BOUND || r == RULE_UNTESTABLE;
}
const char *claim_relation_symbol(claim_relation r) {
    return r == REL_LE ? "<=" : r == REL_GE ? ">=" : "=";
}

/* ---- small helpers -------------------------------------------------------------------- */

static int copy_text(const char *v, char *out, size_t max, const char *what, char *why,
                     size_t len) {
    size_t n = strlen(v);
    if (n == 0) {
        snprintf(why, len, "%s is empty", what);
        return -1;
    }
    if (n >= max) {
        snprintf(why, len, "%s is longer than %zu characters", what, max - 1);
        return -1;
    }
    memcpy(out, v, n + 1);
    return 0;
}

static int parse_unit(const char *v, char *out, char *why, size_t len) {
    if (cv_choice(v, claim_units, why, len) < 0) return -1;
    snprintf(out, 16, "%s", v);
    return 0;
}

double claims_rounding(const char *text, const char *unit) {
    if (strcmp(unit, "date") == 0 || strcmp(unit, "bool") == 0 || strcmp(unit, "count") == 0)
        return 0.0;
    const char *p = text;
    if (*p == '-' || *p == '+') p++;
    int decimals = 0;
    bool after_point = false;
    for (; *p && *p != 'e' && *p != 'E'; p++) {
        if (*p == '.') after_point = true;
        else if (after_point) decimals++;
    }
    int exponent = (*p == 'e' || *p == 'E') ? atoi(p + 1) : 0;
    return 0.5 * pow(10.0, (double)(exponent - decimals));
}

/* ---- references ----------------------------------------------------------------------- */

typedef struct ref_state {
    references *r;
    reference *cur;
} ref_state;

/* The parsers of [ref NAME]'s CFG_CUSTOM keys. */
static int ref_value(void *target, const char *value, char *why, size_t len) {
    reference *r = target;
    snprintf(r->value_text, sizeof r->value_text, "%s", value);
    return cv_double(value, -1e300, 1e300, &r->value, why, len);
}

static int ref_unit(void *target, const char *value, char *why, size_t len) {
    return parse_unit(value, ((reference *)target)->unit, why, len);
}

static int ref_status(void *target, const char *value, char *why, size_t len) {
    static const char *const s[] = {"confirmed", "unconfirmed", NULL};
    int i = cv_choice(value, s, why, len);
    if (i < 0) return -1;
    ((reference *)target)->unconfirmed = i == 1;
    return 0;
}

static int ref_standing(void *target, const char *value, char *why, size_t len) {
    static const char *const s[] = {"primary", "secondary", NULL};
    reference *r = target;
    int i = cv_choice(value, s, why, len);
    if (i < 0) return -1;
    r->standing_set = true;
    r->secondary = i == 1;
    return 0;
}

/* A [ref NAME] section of configs/references.ini; all but status are required (checked in
 * references_load once the file is read). */
static const cfg_key ref_keys[] = {
    {"value", CFG_CUSTOM, .parse = ref_value, .help = "the number, as the source gives it"},
    {"unit", CFG_CUSTOM, .parse = ref_unit, .help = "one of the claims' units"},
    {"fact", CFG_TEXT, offsetof(reference, fact), sizeof(((reference *)0)->fact), .max = 1,
     .help = "what the number is"},
    {"source", CFG_TEXT, offsetof(reference, source), sizeof(((reference *)0)->source), .max = 1,
     .help = "where it is from"},
    {"standing", CFG_CUSTOM, .parse = ref_standing,
     .help = "primary (the vendor, the paper, the code) or secondary (a report of it)"},
    {"status", CFG_CUSTOM, .parse = ref_status, .def = "confirmed",
     .help = "confirmed or unconfirmed"},
    {0},
};

static int ref_section(void *user, const char *section, int line, char *why, size_t len) {
    ref_state *st = user;
    char name[64];
    if (strncmp(section, "ref ", 4) == 0) {
        if (cv_name(section + 4, name, sizeof name, why, len)) return -1;
        reference *grown = realloc(st->r->refs, (st->r->n_refs + 1) * sizeof *grown);
        if (!grown) return snprintf(why, len, "out of memory"), -1;
        st->r->refs = grown;
        st->cur = &grown[st->r->n_refs++];
        memset(st->cur, 0, sizeof *st->cur);
        snprintf(st->cur->name, sizeof st->cur->name, "%s", name);
        st->cur->line = line;
        if (cfg_defaults(ref_keys, st->cur, why, len)) return -1;
    } else {
        snprintf(why, len, "unexpected section [%s]; expected [ref NAME]",
                 section);
        return -1;
    }
    return 0;
}

static int ref_entry(void *user, const char *section, const char *key, const char *value,
                     int line, char *why, size_t len) {
    (void)line;
    ref_state *st = user;
    return cfg_set(ref_keys, st->cur, section, key, value, why, len);
}

int references_load(const char *path, references *out, char *err, size_t len) {
    memset(out, 0, sizeof *out);
    snprintf(out->path, sizeof out->path, "%s", path);
    ref_state st = {.r = out};
    ini_callbacks cb = {ref_section, ref_entry};
    int n_lines;
    int rc = ini_load_file(path, &cb, &st, &n_lines, err, len);
    if (rc) {
        references_free(out); /* nothing is left to free after a failure */
        return rc;
    }
    for (size_t i = 0; i < out->n_refs; i++) {
        const reference *r = &out->refs[i];
        if (!r->value_text[0] || !r->unit[0] || !r->fact[0] || !r->source[0] ||
            !r->standing_set) {
            snprintf(err, len,
                     "%s:%d: [ref %s] needs value, unit, fact, source and standing (primary: "
                     "the vendor, the paper, the code itself; secondary: a report of it)",
                     path, r->line, r->name);
            references_free(out);
            return Q35_ERR_INPUT;
        }
    }
    return 0;
}

void references_free(references *r) {
    free(r->refs);
    memset(r, 0, sizeof *r);
}

const reference *references_find(const references *r, const char *name) {
    for (size_t i = 0; r && i < r->n_refs; i++)
        if (strcmp(r->refs[i].name, name) == 0) return &r->refs[i];
    return NULL;
}

/* ---- claims --------------------------------------------------------------------------- */

typedef struct claims_state {
    claims_registry *r;
    claim *cur; /* NULL in [seeds] */
    bool in_seeds;
    size_t cap;
} claims_state;

static int claims_section(void *user, const char *section, int line, char *why, size_t len) {
    claims_state *st = user;
    if (strcmp(section, "seeds") == 0) {
        st->in_seeds = true;
        st->cur = NULL;
        return 0;
    }
    st->in_seeds = false;
    if (strncmp(section, "claim ", 6) != 0) {
        snprintf(why, len, "unexpected section [%s]; expected [seeds] or [claim ID]", section);
        return -1;
    }
    const char *id = section + 6;
    size_t n = strlen(id);
    if (n == 0 || n >= 64 || strspn(id, "abcdefghijklmnopqrstuvwxyz0123456789_") != n) {
        snprintf(why, len, "claim id '%s' must be 1 to 63 characters from a-z 0-9 _", id);
        return -1;
    }
    if (st->r->n == st->cap) {
        size_t cap = st->cap ? st->cap * 2 : 64;
        claim *grown = realloc(st->r->claims, cap * sizeof *grown);
        if (!grown) return snprintf(why, len, "out of memory"), -1;
        st->r->claims = grown;
        st->cap = cap;
    }
    st->cur = &st->r->claims[st->r->n++];
    memset(st->cur, 0, sizeof *st->cur);
    snprintf(st->cur->id, sizeof st->cur->id, "%s", id);
    st->cur->line = line;
    return 0;
}

static int parse_where(claims_registry *r, const char *v, statement *s, char *why, size_t len) {
    cv_list items;
    if (cv_split(v, &items, why, len)) return -1;
    int rc = 0;
    s->n_where = 0;
    for (size_t i = 0; i < items.n && rc == 0; i++) {
        char *colon = strchr(items.items[i], ':');
        uint64_t line;
        int seed = -1;
        if (colon) {
            *colon = '\0';
            for (int k = 0; k < r->n_seeds; k++)
                if (strcmp(r->seeds[k].key, items.items[i]) == 0) seed = k;
        }
        char tmp[160];
        if (!colon || seed < 0 || cv_u64(colon + 1, 1, 100000, &line, tmp, sizeof tmp)) {
            snprintf(why, len,
                     "where: expected SEED:LINE items with SEED a key of [seeds] (declared "
                     "before the claims), got '%s%s%s'",
                     items.items[i], colon ? ":" : "", colon ? colon + 1 : "");
            rc = -1;
        } else if (s->n_where == CLAIMS_MAX_WHERE) {
            snprintf(why, len, "where: at most %d places", CLAIMS_MAX_WHERE);
            rc = -1;
        } else {
            s->where[s->n_where++] = (seed_location){seed, (int)line};
        }
    }
    cv_list_free(&items);
    return rc;
}

static int statement_key(claims_registry *r, claim *c, const char *field, char letter,
                         const char *v, int line, char *why, size_t len) {
    if (letter < 'a' || letter >= 'a' + CLAIMS_MAX_STATEMENTS) {
        snprintf(why, len, "statement letters run from a to %c", 'a' + CLAIMS_MAX_STATEMENTS - 1);
        return -1;
    }
    statement *s = &c->st[letter - 'a'];
    s->letter = letter;
    if (strcmp(field, "value") == 0) {
        double d;
        if (cv_double(v, -1e300, 1e300, &d, why, len)) return -1;
        if (strlen(v) >= sizeof s->value_text) return snprintf(why, len, "value too long"), -1;
        snprintf(s->value_text, sizeof s->value_text, "%s", v);
        s->value = interval_point(d);
        s->present = true;
        s->line = line;
        return 0;
    }
    if (strcmp(field, "unit") == 0) return parse_unit(v, s->unit, why, len);
    if (strcmp(field, "where") == 0) return parse_where(r, v, s, why, len);
    if (strcmp(field, "quote") == 0) return copy_text(v, s->quote, sizeof s->quote, "quote", why, len);
    if (strcmp(field, "overlay") == 0) {
        uint64_t n;
        char tmp[160];
        if (cv_u64(v, 1, CLAIMS_MAX_CHECKS, &n, tmp, sizeof tmp)) {
            snprintf(why, len, "overlay: expected the number of the bound check this statement is "
                     "drawn against (1 to %d), got '%s'", CLAIMS_MAX_CHECKS, v);
            return -1;
        }
        s->overlay_check = (int)n;
        return 0;
    }
    snprintf(why, len, "unknown statement key '%s.%c'; expected value, unit, where, quote or overlay",
             field, letter);
    return -1;
}

static int parse_on(const char *v, unsigned *mask, char *why, size_t len) {
    cv_list items;
    if (cv_split(v, &items, why, len)) return -1;
    *mask = 0;
    int rc = 0;
    for (size_t i = 0; i < items.n; i++) {
        const char *s = items.items[i];
        if (strlen(s) != 1 || s[0] < 'a' || s[0] >= 'a' + CLAIMS_MAX_STATEMENTS) {
            snprintf(why, len, "on: expected statement letters such as 'a, b', got '%s'", v);
            rc = -1;
            break;
        }
        *mask |= 1u << (s[0] - 'a');
    }
    cv_list_free(&items);
    return rc;
}

static int check_key(claim *c, int number, const char *field, const char *v, int line,
                     char *why, size_t len) {
    if (number < 1 || number > CLAIMS_MAX_CHECKS) {
        snprintf(why, len, "checks are numbered 1 to %d", CLAIMS_MAX_CHECKS);
        return -1;
    }
    check *k = &c->ck[number - 1];
    k->number = number;
    if (!k->present) k->line = line;
    k->present = true;
    if (strcmp(field, "rule") == 0) {
        int i = cv_choice(v, rule_names, why, len);
        if (i < 0) return -1;
        k->rule = (claim_rule)i;
        k->has_rule = true;
        k->line = line;
        return 0;
    }
    if (strcmp(field, "relation") == 0) {
        int i = cv_choice(v, relation_names, why, len);
        if (i < 0) return -1;
        k->relation = (claim_relation)i;
        return 0;
    }
    if (strcmp(field, "on") == 0) return parse_on(v, &k->on, why, len);
    if (strcmp(field, "evidence") == 0) {
        if (copy_text(v, k->evidence_text, sizeof k->evidence_text, "evidence", why, len))
            return -1;
        char e[300];
        if (expr_parse(v, &k->evidence, e, sizeof e)) {
            snprintf(why, len, "evidence: %s", e);
            return -1;
        }
        return 0;
    }
    if (strcmp(field, "tolerance") == 0) {
        char num[32];
        size_t n = strlen(v);
        bool rel = n > 0 && v[n - 1] == '%';
        if (n == 0 || n >= sizeof num) {
            snprintf(why, len, "tolerance: expected a number (absolute) or a percentage such as 5%%");
            return -1;
        }
        memcpy(num, v, n + 1);
        if (rel) num[n - 1] = '\0';
        char tmp[160];
        if (cv_double(num, 0, rel ? 1000 : 1e300, &k->tolerance, tmp, sizeof tmp)) {
            snprintf(why, len,
                     "tolerance: expected a non-negative number (absolute, in the statement's "
                     "unit) or a percentage such as 5%%, got '%s'",
                     v);
            return -1;
        }
        if (rel) k->tolerance /= 100.0;
        k->tolerance_relative = rel;
        k->has_tolerance = true;
        snprintf(k->tolerance_text, sizeof k->tolerance_text, "%s", v);
        return 0;
    }
    if (strcmp(field, "needs") == 0) return copy_text(v, k->needs, sizeof k->needs, "needs", why, len);
    if (strcmp(field, "note") == 0) return copy_text(v, k->note, sizeof k->note, "note", why, len);
    if (strcmp(field, "setting") == 0)
        return copy_text(v, k->setting, sizeof k->setting, "setting", why, len);
    if (strcmp(field, "table") == 0) {
        static const char *const t[] = {"reproduction", NULL};
        if (cv_choice(v, t, why, len) < 0) return -1;
        k->reproduction_table = true;
        return 0;
    }
    snprintf(why, len,
             "unknown key 'check.%d.%s'; expected rule, on, relation, evidence, tolerance, needs, "
             "setting, note or table",
             number, field);
    return -1;
}

static int claims_entry(void *user, const char *section, const char *key, const char *value,
                        int line, char *why, size_t len) {
    (void)section;
    claims_state *st = user;
    claims_registry *r = st->r;
    if (st->in_seeds) {
        if (r->n > 0) {
            snprintf(why, len, "[seeds] must come before the first claim");
            return -1;
        }
        if (r->n_seeds == CLAIMS_MAX_SEEDS) return snprintf(why, len, "too many seeds"), -1;
        seed_file *s = &r->seeds[r->n_seeds];
        if (cv_name(key, s->key, sizeof s->key, why, len) ||
            cv_name(value, s->file, sizeof s->file, why, len))
            return -1;
        r->n_seeds++;
        return 0;
    }
    claim *c = st->cur;
    if (strcmp(key, "title") == 0) return copy_text(value, c->title, sizeof c->title, "title", why, len);
    if (strcmp(key, "topic") == 0) {
        if (cv_choice(value, topics, why, len) < 0) return -1;
        snprintf(c->topic, sizeof c->topic, "%s", value);
        return 0;
    }
    if (strcmp(key, "unit") == 0) return parse_unit(value, c->unit, why, len);
    const char *dot = strchr(key, '.');
    if (dot && strncmp(key, "check.", 6) == 0) {
        char *end;
        long number = strtol(key + 6, &end, 10);
        if (end == key + 6 || *end != '.' || !end[1]) {
            snprintf(why, len, "expected check.N.FIELD, got '%s'", key);
            return -1;
        }
        return check_key(c, (int)number, end + 1, value, line, why, len);
    }
    if (dot && dot[1] && !dot[2]) {
        char field[16];
        size_t n = (size_t)(dot - key);
        if (n < sizeof field) {
            memcpy(field, key, n);
            field[n] = '\0';
            return statement_key(r, c, field, dot[1], value, line, why, len);
        }
    }
    snprintf(why, len,
             "unknown key '%s'; expected title, topic, unit, value.X, unit.X, where.X, quote.X, "
             "overlay.X or check.N.FIELD",
             key);
    return -1;
}

const claim *claims_find(const claims_registry *r, const char *id) {
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->claims[i].id, id) == 0) return &r->claims[i];
    return NULL;
}

const statement *claims_statement(const claims_registry *r, const char *name,
                                  const claim **owner) {
    if (strncmp(name, "claim.", 6) != 0) return NULL;
    const char *id = name + 6, *dot = strrchr(id, '.');
    if (!dot || dot == id || strlen(dot) != 2) return NULL;
    char buf[64];
    size_t n = (size_t)(dot - id);
    if (n >= sizeof buf) return NULL;
    memcpy(buf, id, n);
    buf[n] = '\0';
    const claim *c = claims_find(r, buf);
    char letter = dot[1];
    if (!c || letter < 'a' || letter >= 'a' + CLAIMS_MAX_STATEMENTS) return NULL;
    const statement *s = &c->st[letter - 'a'];
    if (!s->present) return NULL;
    if (owner) *owner = c;
    return s;
}

static bool is_metric_name(const char *n) {
    for (const char *p = n; *p; p++)
        if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '.' ||
              *p == '_' || *p == '-'))
            return false;
    return strchr(n, '.') != NULL;
}

/* Everything that can be checked once the whole file is read. */
static int validate(claims_registry *r, const references *refs, const char *label, char *err,
                    size_t len) {
    for (size_t i = 0; i < r->n; i++) {
        claim *c = &r->claims[i];
        for (size_t j = 0; j < i; j++)
            if (strcmp(r->claims[j].id, c->id) == 0) {
                snprintf(err, len, "%s:%d: claim '%s' appears again (first at line %d)", label,
                         c->line, c->id, r->claims[j].line);
                return Q35_ERR_INPUT;
            }
        if (!c->title[0] || !c->topic[0] || !c->unit[0]) {
            snprintf(err, len, "%s:%d: [claim %s] needs title, topic and unit", label, c->line,
                     c->id);
            return Q35_ERR_INPUT;
        }
        unsigned defined = 0;
        for (int s = 0; s < CLAIMS_MAX_STATEMENTS; s++) {
            statement *st = &c->st[s];
            if (!st->present) {
                if (st->letter) {
                    snprintf(err, len, "%s:%d: [claim %s] statement %c has no value.%c", label,
                             c->line, c->id, 'a' + s, 'a' + s);
                    return Q35_ERR_INPUT;
                }
                continue;
            }
            if (!st->n_where || !st->quote[0]) {
                snprintf(err, len, "%s:%d: [claim %s] statement %c needs where.%c and quote.%c",
                         label, st->line, c->id, st->letter, st->letter, st->letter);
                return Q35_ERR_INPUT;
            }
            if (!st->unit[0]) snprintf(st->unit, sizeof st->unit, "%s", c->unit);
            double h = claims_rounding(st->value_text, st->unit);
            st->value.lo -= h;
            st->value.hi += h;
            defined |= 1u << s;
        }
        if (!defined) {
            snprintf(err, len, "%s:%d: [claim %s] has no statement (value.a, where.a, quote.a)",
                     label, c->line, c->id);
            return Q35_ERR_INPUT;
        }
        if (!(defined & 1)) {
            snprintf(err, len, "%s:%d: [claim %s] statements start at a", label, c->line, c->id);
            return Q35_ERR_INPUT;
        }
        unsigned as_stated = 0; /* statements with a check of the claim as stated */
        unsigned recomputed = 0; /* statements checked by redoing the seeds' computation */
        unsigned judged = 0;     /* statements with a check that can give a verdict */
        for (int k = 0; k < CLAIMS_MAX_CHECKS; k++) {
            check *ck = &c->ck[k];
            if (!ck->present) continue;
            const char *where = label;
            int line = ck->line;
            if (!ck->has_rule) {
                snprintf(err, len, "%s:%d: [claim %s] check %d has no rule", where, line, c->id,
                         ck->number);
                return Q35_ERR_INPUT;
            }
            if (ck->on == 0) ck->on = defined;
            if (ck->on & ~defined) {
                snprintf(err, len, "%s:%d: [claim %s] check %d: 'on' names a statement that is "
                         "not defined", where, line, c->id, ck->number);
                return Q35_ERR_INPUT;
            }
            claim_rule ru = ck->rule;
            bool takes_evidence = ru != RULE_AGREE && ru != RULE_UNTESTABLE;
            if (takes_evidence && !ck->evidence) {
                snprintf(err, len, "%s:%d: [claim %s] check %d (%s) needs evidence", where, line,
                         c->id, ck->number, rule_names[ru]);
                return Q35_ERR_INPUT;
            }
            if (ru == RULE_AGREE && ck->evidence) {
                snprintf(err, len, "%s:%d: [claim %s] check %d: agree compares the statements "
                         "with each other and takes no evidence", where, line, c->id, ck->number);
                return Q35_ERR_INPUT;
            }
            if (ru == RULE_AGREE && __builtin_popcount(ck->on) < 2) {
                snprintf(err, len, "%s:%d: [claim %s] check %d: agree needs two or more "
                         "statements", where, line, c->id, ck->number);
                return Q35_ERR_INPUT;
            }
            if (ru != RULE_INFO && ru != RULE_UNTESTABLE && !ck->has_tolerance) {
                snprintf(err, len, "%s:%d: [claim %s] check %d (%s) needs a tolerance (0 for "
                         "none beyond the rounding of the stated value)", where, line, c->id,
                         ck->number, rule_names[ru]);
                return Q35_ERR_INPUT;
            }
            if (ru == RULE_UNTESTABLE && !ck->needs[0]) {
                snprintf(err, len, "%s:%d: [claim %s] check %d: untestable needs 'needs' (the "
                         "hardware this run lacks)", where, line, c->id, ck->number);
                return Q35_ERR_INPUT;
            }
            if (ck->relation != REL_EQ && ru != RULE_MATCH && ru != RULE_IDENTITY &&
                ru != RULE_RECOMPUTE && ru != RULE_REFERENCE) {
                snprintf(err, len, "%s:%d: [claim %s] check %d: relation applies to match, "
                         "recompute, reference and identity only", where, line, c->id, ck->number);
                return Q35_ERR_INPUT;
            }
            if (claim_rule_as_stated(ru)) as_stated |= ck->on;
            if (ru == RULE_RECOMPUTE) recomputed |= ck->on;
            if (ru != RULE_INFO) judged |= ck->on;
            int n_refs = 0, n_metrics = 0;
            for (size_t n = 0; ck->evidence && n < expr_name_count(ck->evidence); n++) {
                const char *name = expr_name(ck->evidence, n);
                if (strncmp(name, "claim.", 6) == 0) {
                    if (!claims_statement(r, name, NULL)) {
                        snprintf(err, len, "%s:%d: [claim %s] check %d: '%s' is not a statement "
                                 "of the registry (claim.ID.X)", where, line, c->id, ck->number,
                                 name);
                        return Q35_ERR_INPUT;
                    }
                } else if (strncmp(name, "ref.", 4) == 0) {
                    if (!references_find(refs, name + 4)) {
                        snprintf(err, len, "%s:%d: [claim %s] check %d: '%s' is not in %s",
                                 where, line, c->id, ck->number, name,
                                 refs ? refs->path : "the references");
                        return Q35_ERR_INPUT;
                    }
                    n_refs++;
                } else if (!is_metric_name(name)) {
                    snprintf(err, len, "%s:%d: [claim %s] check %d: '%s' is neither claim.ID.X, "
                             "ref.NAME nor a metric id (lower-case, dot-separated)", where, line,
                             c->id, ck->number, name);
                    return Q35_ERR_INPUT;
                } else {
                    n_metrics++;
                    if (ru == RULE_IDENTITY || ru == RULE_REFERENCE) {
                        snprintf(err, len, "%s:%d: [claim %s] check %d: %s '%s' is a metric of "
                                 "the run; a%s compares with %s only (use rule = match)",
                                 where, line, c->id, ck->number,
                                 ru == RULE_IDENTITY ? "an identity uses" : "a reference uses",
                                 name, ru == RULE_IDENTITY ? "n identity" : " reference",
                                 ru == RULE_IDENTITY ? "the seeds' figures and reference facts"
                                                     : "reference facts");
                        return Q35_ERR_INPUT;
                    }
                }
            }
            if (ru != RULE_INFO && !ck->note[0]) {
                snprintf(err, len, "%s:%d: [claim %s] check %d (%s) needs a note: in plain words, "
                         "why this check decides", where, line, c->id, ck->number, rule_names[ru]);
                return Q35_ERR_INPUT;
            }
            if ((ru == RULE_MATCH || ru == RULE_RECOMPUTE || ru == RULE_UPPER_BOUND ||
                 ru == RULE_LOWER_BOUND) && !ck->setting[0]) {
                snprintf(err, len, "%s:%d: [claim %s] check %d (%s) needs a setting: the "
                         "hardware, scheme, shape or sequencing its evidence is in", where, line,
                         c->id, ck->number, rule_names[ru]);
                return Q35_ERR_INPUT;
            }
            if ((ru == RULE_MATCH || ru == RULE_RECOMPUTE) && n_metrics == 0) {
                snprintf(err, len, "%s:%d: [claim %s] check %d (%s) uses no metric of the run: "
                         "nothing here was measured or computed (use identity or reference)",
                         where, line, c->id, ck->number, rule_names[ru]);
                return Q35_ERR_INPUT;
            }
            if (ru == RULE_REFERENCE && n_refs == 0) {
                snprintf(err, len, "%s:%d: [claim %s] check %d (reference) names no ref.NAME",
                         where, line, c->id, ck->number);
                return Q35_ERR_INPUT;
            }
        }
        for (int s = 0; s < CLAIMS_MAX_STATEMENTS; s++) {
            const statement *st = &c->st[s];
            if (!st->present || !st->overlay_check) continue;
            const check *ck = &c->ck[st->overlay_check - 1];
            if (!ck->present || !(ck->on & (1u << s)) ||
                (ck->rule != RULE_UPPER_BOUND && ck->rule != RULE_LOWER_BOUND)) {
                snprintf(err, len, "%s:%d: [claim %s] overlay.%c = %d: check %d must be an "
                         "upper_bound or lower_bound check of statement %c", label, st->line,
                         c->id, 'a' + s, st->overlay_check, st->overlay_check, 'a' + s);
                return Q35_ERR_INPUT;
            }
        }
        /* The lint: a statement checked by redoing the seeds' own computation must also be
         * checked as a reader takes it, or SEED METHOD ONLY could pass for a reproduction;
         * and every statement needs a check that can judge it. */
        for (int s = 0; s < CLAIMS_MAX_STATEMENTS; s++) {
            if (!(defined & (1u << s))) continue;
            if (!(judged & (1u << s))) {
                snprintf(err, len, "%s:%d: [claim %s] statement %c has only info checks; add "
                         "a check that can give a verdict", label, c->st[s].line, c->id, 'a' + s);
                return Q35_ERR_INPUT;
            }
            if ((recomputed & (1u << s)) && !(as_stated & (1u << s))) {
                snprintf(err, len,
                         "%s:%d: [claim %s] statement %c is checked by redoing the seeds' "
                         "computation but has no check of the claim as stated (match, "
                         "reference, upper_bound, lower_bound or untestable): the seeds' own "
                         "computation reproducing is not the claim holding",
                         label, c->st[s].line, c->id, 'a' + s);
                return Q35_ERR_INPUT;
            }
        }
    }
    if (r->n == 0) {
        snprintf(err, len, "%s: no [claim ID] sections", label);
        return Q35_ERR_INPUT;
    }
    return 0;
}

int claims_load_text(const char *text, const char *label, const references *refs,
                     claims_registry *out, char *err, size_t len) {
    memset(out, 0, sizeof *out);
    snprintf(out->path, sizeof out->path, "%s", label);
    claims_state st = {.r = out};
    ini_callbacks cb = {claims_section, claims_entry};
    int n_lines;
    int rc = ini_load_text(text, label, &cb, &st, &n_lines, err, len);
    if (rc == Q35_OK) rc = validate(out, refs, label, err, len);
    if (rc) claims_free(out); /* nothing is left to free after a failure */
    return rc;
}

int claims_load(const char *path, const references *refs, claims_registry *out, char *err,
                size_t len) {
    char *text = read_whole_file(path, 4u << 20, NULL, err, len);
    if (!text) {
        memset(out, 0, sizeof *out);
        return Q35_ERR_INPUT;
    }
    int rc = claims_load_text(text, path, refs, out, err, len);
    free(text);
    return rc;
}

void claims_free(claims_registry *r) {
    for (size_t i = 0; i < r->n; i++)
        for (int k = 0; k < CLAIMS_MAX_CHECKS; k++) expr_free(r->claims[i].ck[k].evidence);
    free(r->claims);
    memset(r, 0, sizeof *r);
}

/* Returns line `line` (1-based) of text, or NULL; *n gets its length. */
static const char *nth_line(const char *text, int line, size_t *n) {
    const char *p = text;
    for (int i = 1; i < line; i++) {
        p = strchr(p, '\n');
        if (!p) return NULL;
        p++;
    }
    const char *e = strchr(p, '\n');
    *n = e ? (size_t)(e - p) : strlen(p);
    if (!*p && !e) return NULL;
    return p;
}

int claims_verify_quotes(const claims_registry *r, const char *seeds_dir, char *err,
                         size_t len) {
    char *texts[CLAIMS_MAX_SEEDS] = {0};
    int rc = 0;
    for (int s = 0; s < r->n_seeds && rc == 0; s++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", seeds_dir, r->seeds[s].file);
        texts[s] = read_whole_file(path, 4u << 20, NULL, err, len);
        if (!texts[s]) rc = 1;
    }
    for (size_t i = 0; i < r->n && rc == 0; i++) {
        const claim *c = &r->claims[i];
        for (int k = 0; k < CLAIMS_MAX_STATEMENTS && rc == 0; k++) {
            const statement *st = &c->st[k];
            if (!st->present) continue;
            for (int w = 0; w < st->n_where && rc == 0; w++) {
                size_t n;
                const char *line = nth_line(texts[st->where[w].seed], st->where[w].line, &n);
                if (!line) {
                    snprintf(err, len, "%s:%d: [claim %s] where.%c: %s has no line %d", r->path,
                             st->line, c->id, st->letter, r->seeds[st->where[w].seed].file,
                             st->where[w].line);
                    rc = 1;
                    break;
                }
                if (w > 0) continue;
                size_t q = strlen(st->quote);
                bool found = false;
                for (size_t off = 0; off + q <= n && !found; off++)
                    found = memcmp(line + off, st->quote, q) == 0;
                if (!found) {
                    snprintf(err, len, "%s:%d: [claim %s] quote.%c is not on %s line %d: '%.*s'",
                             r->path, st->line, c->id, st->letter,
                             r->seeds[st->where[w].seed].file, st->where[w].line, (int)(n > 160 ? 160 : n),
                             line);
                    rc = 1;
                }
            }
        }
    }
    for (int s = 0; s < r->n_seeds; s++) free(texts[s]);
    return rc;
}
