#include "expr.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum { N_NUM, N_NAME, N_ADD, N_SUB, N_MUL, N_DIV, N_POW, N_NEG, N_SQRT, N_FLOOR, N_MIN, N_MAX } node_kind;

#define EXPR_MAX_NAMES 32
#define EXPR_MAX_ARGS 8
#define EXPR_MAX_DEPTH 64

typedef struct node {
    node_kind kind;
    double num;
    int name; /* index into names */
    struct node *a[EXPR_MAX_ARGS];
    int n_args;
} node;

struct expr {
    node *root;
    char *names[EXPR_MAX_NAMES];
    size_t n_names;
};

typedef struct parser {
    const char *text, *p;
    expr *e;
    char *why;
    size_t len;
    int failed, depth;
} parser;

static void node_free(node *n) {
    if (!n) return;
    for (int i = 0; i < n->n_args; i++) node_free(n->a[i]);
    free(n);
}

void expr_free(expr *e) {
    if (!e) return;
    node_free(e->root);
    for (size_t i = 0; i < e->n_names; i++) free(e->names[i]);
    free(e);
}

size_t expr_name_count(const expr *e) { return e ? e->n_names : 0; }
const char *expr_name(const expr *e, size_t i) { return i < e->n_names ? e->names[i] : NULL; }
bool expr_is_single_name(const expr *e) { return e && e->root && e->root->kind == N_NAME; }

static node *fail(parser *ps, const char *what) {
    if (!ps->failed)
        snprintf(ps->why, ps->len, "%s at column %d of '%s'", what, (int)(ps->p - ps->text) + 1,
                 ps->text);
    ps->failed = 1;
    return NULL;
}

static void skip_space(parser *ps) {
    while (isspace((unsigned char)*ps->p)) ps->p++;
}

static node *new_node(parser *ps, node_kind kind) {
    node *n = calloc(1, sizeof *n);
    if (!n) return fail(ps, "out of memory");
    n->kind = kind;
    return n;
}

static int is_name_start(char c) { return isalpha((unsigned char)c) || c == '_'; }
static int is_name_char(char c) {
    return isalnum((unsigned char)c) || c == '_' || c == '.' || c == '-';
}

static node *parse_expr(parser *ps);

static node *binary(parser *ps, node_kind kind, node *l, node *r) {
    if (!l || !r) {
        node_free(l);
        node_free(r);
        return NULL;
    }
    node *n = new_node(ps, kind);
    if (!n) {
        node_free(l);
        node_free(r);
        return NULL;
    }
    n->a[0] = l;
    n->a[1] = r;
    n->n_args = 2;
    return n;
}

static int add_name(parser *ps, const char *b, size_t n) {
    for (size_t i = 0; i < ps->e->n_names; i++)
        if (strlen(ps->e->names[i]) == n && memcmp(ps->e->names[i], b, n) == 0) return (int)i;
    if (ps->e->n_names == EXPR_MAX_NAMES) {
        fail(ps, "too many names (at most 32)");
        return -1;
    }
    char *s = malloc(n + 1);
    if (!s) {
        fail(ps, "out of memory");
        return -1;
    }
    memcpy(s, b, n);
    s[n] = '\0';
    ps->e->names[ps->e->n_names] = s;
    return (int)ps->e->n_names++;
}

static node *parse_primary(parser *ps) {
    skip_space(ps);
    const char *c = ps->p;
    if (*c == '(') {
        ps->p++;
        node *inner = parse_expr(ps);
        skip_space(ps);
        if (!inner) return NULL;
        if (*ps->p != ')') {
            node_free(inner);
            return fail(ps, "expected ')'");
        }
        ps->p++;
        return inner;
    }
    if (isdigit((unsigned char)*c) || (*c == '.' && isdigit((unsigned char)c[1]))) {
        char *end;
        errno = 0;
        double v = strtod(c, &end);
        if (errno == ERANGE || !isfinite(v)) return fail(ps, "number out of range");
        node *n = new_node(ps, N_NUM);
        if (!n) return NULL;
        n->num = v;
        ps->p = end;
        if (is_name_start(*ps->p)) {
            node_free(n);
            return fail(ps, "unexpected letter after a number");
        }
        return n;
    }
    if (is_name_start(*c)) {
        const char *b = c;
        while (is_name_char(*ps->p)) ps->p++;
        size_t n = (size_t)(ps->p - b);
        /* a name never ends in '.' or '-': "a- b" is a name "a" then a minus */
        while (n > 1 && (b[n - 1] == '-' || b[n - 1] == '.')) n--;
        ps->p = b + n;
        const char *after = ps->p;
        while (isspace((unsigned char)*after)) after++;
        if (*after == '(') {
            static const struct {
                const char *name;
                node_kind kind;
                int min_args, max_args;
            } funcs[] = {{"sqrt", N_SQRT, 1, 1}, {"floor", N_FLOOR, 1, 1}, {"min", N_MIN, 2, EXPR_MAX_ARGS},
                         {"max", N_MAX, 2, EXPR_MAX_ARGS}};
            for (size_t f = 0; f < sizeof funcs / sizeof funcs[0]; f++) {
                if (strlen(funcs[f].name) != n || memcmp(funcs[f].name, b, n) != 0) continue;
                node *fn = new_node(ps, funcs[f].kind);
                if (!fn) return NULL;
                ps->p = after + 1;
                for (;;) {
                    if (fn->n_args == funcs[f].max_args) {
                        node_free(fn);
                        return fail(ps, "too many arguments");
                    }
                    node *arg = parse_expr(ps);
                    if (!arg) {
                        node_free(fn);
                        return NULL;
                    }
                    fn->a[fn->n_args++] = arg;
                    skip_space(ps);
                    if (*ps->p == ',') {
                        ps->p++;
                        continue;
                    }
                    if (*ps->p == ')') {
                        ps->p++;
                        break;
                    }
                    node_free(fn);
                    return fail(ps, "expected ',' or ')'");
                }
                if (fn->n_args < funcs[f].min_args) {
                    node_free(fn);
                    return fail(ps, "too few arguments");
                }
                return fn;
            }
            return fail(ps, "unknown function (expected sqrt, floor, min or max)");
        }
        int idx = add_name(ps, b, n);
        if (idx < 0) return NULL;
        node *nm = new_node(ps, N_NAME);
        if (!nm) return NULL;
        nm->name = idx;
        return nm;
    }
    return fail(ps, *c ? "expected a number, a name or '('" : "unexpected end of expression");
}

static node *parse_unary(parser *ps);

static node *parse_power(parser *ps) {
    node *base = parse_primary(ps);
    if (!base) return NULL;
    skip_space(ps);
    if (*ps->p != '^') return base;
    ps->p++;
    return binary(ps, N_POW, base, parse_unary(ps));
}

static node *parse_unary(parser *ps) {
    skip_space(ps);
    if (*ps->p == '-') {
        ps->p++;
        if (++ps->depth > EXPR_MAX_DEPTH) return fail(ps, "expression nested too deeply");
        node *inner = parse_unary(ps);
        ps->depth--;
        if (!inner) return NULL;
        node *n = new_node(ps, N_NEG);
        if (!n) {
            node_free(inner);
            return NULL;
        }
        n->a[0] = inner;
        n->n_args = 1;
        return n;
    }
    return parse_power(ps);
}

static node *parse_term(parser *ps) {
    node *l = parse_unary(ps);
    for (;;) {
        if (!l) return NULL;
        skip_space(ps);
        char op = *ps->p;
        if (op != '*' && op != '/') return l;
        ps->p++;
        l = binary(ps, op == '*' ? N_MUL : N_DIV, l, parse_unary(ps));
    }
}

static node *parse_expr(parser *ps) {
    if (++ps->depth > EXPR_MAX_DEPTH) return fail(ps, "expression nested too deeply");
    node *l = parse_term(ps);
    for (;;) {
        if (!l) break;
        skip_space(ps);
        char op = *ps->p;
        if (op != '+' && op != '-') break;
        ps->p++;
        l = binary(ps, op == '+' ? N_ADD : N_SUB, l, parse_term(ps));
    }
    ps->depth--;
    return l;
}

int expr_parse(const char *text, expr **out, char *why, size_t len) {
    *out = NULL;
    expr *e = calloc(1, sizeof *e);
    if (!e) {
        snprintf(why, len, "out of memory");
        return -1;
    }
    parser ps = {.text = text, .p = text, .e = e, .why = why, .len = len};
    e->root = parse_expr(&ps);
    skip_space(&ps);
    if (e->root && *ps.p) fail(&ps, "unexpected character");
    if (ps.failed || !e->root) {
        if (!ps.failed) fail(&ps, "empty expression");
        expr_free(e);
        return -1;
    }
    *out = e;
    return 0;
}

/* ---- interval arithmetic -------------------------------------------------------------- */

static interval iv_mul(interval a, interval b) {
    double p[4] = {a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi};
    interval r = {p[0], p[0]};
    for (int i = 1; i < 4; i++) {
        if (p[i] < r.lo) r.lo = p[i];
        if (p[i] > r.hi) r.hi = p[i];
    }
    return r;
}

typedef struct eval_ctx {
    const expr *e;
    expr_lookup lookup;
    void *user;
    char *why;
    size_t len;
} eval_ctx;

static int eval(const node *n, eval_ctx *c, interval *out) {
    interval a = {0, 0}, b = {0, 0};
    if (n->kind == N_NUM) {
        *out = interval_point(n->num);
        return 0;
    }
    if (n->kind == N_NAME) {
        if (c->lookup(c->user, c->e->names[n->name], out) != 0) {
            snprintf(c->why, c->len, "no value for '%s'", c->e->names[n->name]);
            return -1;
        }
        return 0;
    }
    if (n->n_args >= 1 && eval(n->a[0], c, &a)) return -1;
    if (n->n_args >= 2 && n->kind != N_MIN && n->kind != N_MAX && eval(n->a[1], c, &b)) return -1;
    switch (n->kind) {
    case N_ADD: *out = (interval){a.lo + b.lo, a.hi + b.hi}; break;
    case N_SUB: *out = (interval){a.lo - b.hi, a.hi - b.lo}; break;
    case N_MUL: *out = iv_mul(a, b); break;
    case N_NEG: *out = (interval){-a.hi, -a.lo}; break;
    case N_DIV:
        if (b.lo <= 0 && b.hi >= 0) {
            snprintf(c->why, c->len, "division by an interval containing zero [%g, %g]", b.lo,
                     b.hi);
            return -1;
        }
        *out = iv_mul(a, (interval){1.0 / b.hi, 1.0 / b.lo});
        break;
    case N_POW: {
        if (b.lo != b.hi) {
            snprintf(c->why, c->len, "an exponent must be an exact number");
            return -1;
        }
        double e = b.lo;
        bool integer = e == floor(e);
        if (a.lo < 0 && !integer) {
            snprintf(c->why, c->len, "a negative base needs an integer exponent");
            return -1;
        }
        double p = pow(a.lo, e), q = pow(a.hi, e);
        out->lo = fmin(p, q);
        out->hi = fmax(p, q);
        if (integer && ((long long)e % 2 == 0) && e > 0 && a.lo < 0 && a.hi > 0) out->lo = 0;
        break;
    }
    case N_SQRT:
        if (a.lo < 0) {
            snprintf(c->why, c->len, "square root of a negative value");
            return -1;
        }
        *out = (interval){sqrt(a.lo), sqrt(a.hi)};
        break;
    case N_FLOOR: *out = (interval){floor(a.lo), floor(a.hi)}; break;
    case N_MIN:
    case N_MAX: {
        *out = a;
        for (int i = 1; i < n->n_args; i++) {
            if (eval(n->a[i], c, &b)) return -1;
            if (n->kind == N_MIN) *out = (interval){fmin(out->lo, b.lo), fmin(out->hi, b.hi)};
            else *out = (interval){fmax(out->lo, b.lo), fmax(out->hi, b.hi)};
        }
        break;
    }
    default: snprintf(c->why, c->len, "internal error: bad node"); return -1;
    }
    if (!isfinite(out->lo) || !isfinite(out->hi)) {
        snprintf(c->why, c->len, "the result is not a finite number");
        return -1;
    }
    return 0;
}

int expr_eval(const expr *e, expr_lookup lookup, void *ctx, interval *out, char *why,
              size_t len) {
    eval_ctx c = {.e = e, .lookup = lookup, .user = ctx, .why = why, .len = len};
    return eval(e->root, &c, out);
}
