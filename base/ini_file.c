#include "ini_file.h"

#include "atomic_file.h"

#include <errno.h>
#include <ini.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "error.h"

typedef struct seen_key {
    char *section, *key; /* section NULL: an empty slot; key NULL: the section header */
    int line;
} seen_key;
typedef struct ini_state {
    const char *label;
    const ini_callbacks *cb;
    void *user;
    const char *text; /* cursor into the whole text */
    const char *end;  /* end of the text */
    int line;         /* number of the line the reader returned last */
    bool indented;    /* that line started with blanks */
    char section[128]; /* the current section, trimmed: what the callbacks see */
    char last_key[128];
    int last_key_line;
    /* A value too long for inih's line buffer: the wrapper hands inih the line with the
     * value replaced by LONG_VALUE_MARK and gives the callbacks this text instead. */
    char *long_value;
    int long_value_line;
    char *error;
    size_t error_len;
    int error_line; /* 0 while no error */
    bool out_of_memory; /* the error is that: Q35_ERR_NOMEM, not bad input */
    seen_key *seen; /* open-addressing hash set: parse time stays linear in the size */
    size_t n_seen, cap_seen;
} ini_state;

#define LONG_VALUE_MARK "\x01"

static bool blank(char c) { return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r'; }

static void fail(ini_state *st, int line, const char *why) {
    if (st->error_line) return; /* keep the first error */
    st->error_line = line;
    snprintf(st->error, st->error_len, "%s:%d: %s", st->label, line, why);
}

static void fail_nomem(ini_state *st, int line) {
    if (!st->error_line) st->out_of_memory = true;
    fail(st, line, "out of memory");
}

static size_t seen_hash(const char *section, const char *key) {
    size_t h = 1469598103934665603u; /* FNV-1a over "section\0key" */
    for (const char *p = section; *p; p++) h = (h ^ (unsigned char)*p) * 1099511628211u;
    h = (h ^ 0xFFu) * 1099511628211u;
    for (const char *p = key ? key : ""; *p; p++) h = (h ^ (unsigned char)*p) * 1099511628211u;
    return key ? h : ~h;
}

static bool seen_equal(const seen_key *s, const char *section, const char *key) {
    return strcmp(s->section, section) == 0 &&
           (key ? s->key && strcmp(s->key, key) == 0 : s->key == NULL);
}

static int grow_seen(ini_state *st) {
    size_t cap = st->cap_seen ? st->cap_seen * 2 : 64;
    seen_key *table = calloc(cap, sizeof *table);
    if (!table) return -1;
    for (size_t i = 0; i < st->cap_seen; i++) {
        seen_key *s = &st->seen[i];
        if (!s->section) continue;
        size_t j = seen_hash(s->section, s->key) & (cap - 1);
        while (table[j].section) j = (j + 1) & (cap - 1);
        table[j] = *s;
    }
    free(st->seen);
    st->seen = table;
    st->cap_seen = cap;
    return 0;
}

/* Remembers (section, key); returns the line it was first seen on, 0 if new, -1 when out of
 * memory. */
static int remember(ini_state *st, const char *section, const char *key, int line) {
    if (2 * (st->n_seen + 1) > st->cap_seen && grow_seen(st)) return -1;
    size_t j = seen_hash(section, key) & (st->cap_seen - 1);
    for (; st->seen[j].section; j = (j + 1) & (st->cap_seen - 1))
        if (seen_equal(&st->seen[j], section, key)) return st->seen[j].line;
    seen_key s = {strdup(section), key ? strdup(key) : NULL, line};
    if (!s.section || (key && !s.key)) {
        free(s.section);
        free(s.key);
        return -1;
    }
    st->seen[j] = s;
    st->n_seen++;
    return 0;
}

/* A section header: validated here, where the line is known. inih passes the name as
 * written between the brackets; the callbacks get it trimmed, as a reader expects. */
static bool inspect_section(ini_state *st, const char *p) {
    const char *close = strchr(p, ']');
    if (!close) {
        fail(st, st->line, "section header without its closing ']'; expected [NAME]");
        return false;
    }
    const char *after = close + 1;
    while (blank(*after)) after++;
    if (*after && *after != '\n' && *after != ';' && *after != '#') {
        fail(st, st->line, "text after a section header; expected [NAME] alone on its line");
        return false;
    }
    const char *b = p + 1, *e = close;
    while (b < e && blank(*b)) b++;
    while (e > b && blank(e[-1])) e--;
    if ((size_t)(e - b) >= sizeof st->section) {
        fail(st, st->line, "section name is too long (at most 127 characters)");
        return false;
    }
    if (e == b) {
        fail(st, st->line, "empty section name; expected [NAME]");
        return false;
    }
    memcpy(st->section, b, (size_t)(e - b));
    st->section[e - b] = '\0';
    int first = remember(st, st->section, NULL, st->line);
    char why[384];
    if (first < 0) {
        fail_nomem(st, st->line);
        return false;
    }
    if (first > 0) {
        snprintf(why, sizeof why, "section [%s] appears again (first at line %d); merge them",
                 st->section, first);
        fail(st, st->line, why);
        return false;
    }
    why[0] = '\0';
    if (st->cb->section && st->cb->section(st->user, st->section, st->line, why, sizeof why) != 0) {
        fail(st, st->line, why[0] ? why : "unexpected section");
        return false;
    }
    st->last_key[0] = '\0';
    return true;
}

/* The separator of a `key = value` line as inih finds it ('=' or ':', before any inline
 * comment), or NULL. */
static const char *separator(const char *p) {
    bool was_blank = false;
    for (; *p && *p != '\n'; p++) {
        if (*p == '=' || *p == ':') return p;
        if (*p == ';' && was_blank) return NULL;
        was_blank = blank(*p);
    }
    return NULL;
}

/* Looks at a raw line before inih does, so that every syntax error is reported on its own
 * line with its cause (inih goes on after an error and reports only the first line). */
static bool inspect_line(ini_state *st, const char *raw) {
    const char *p = raw;
    if (st->line == 1 && (unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB &&
        (unsigned char)p[2] == 0xBF)
        p += 3; /* UTF-8 byte-order mark */
    st->indented = blank(*p) && *p != '\r';
    while (blank(*p)) p++;
    if (!*p || *p == '\n' || *p == ';' || *p == '#') return true;
    if (*p == '[') return inspect_section(st, p);
    if (!separator(p) && st->indented && st->last_key[0]) {
        char why[256];
        snprintf(why, sizeof why,
                 "indented line is read as a continuation of '%.100s'; a value must fit on one "
                 "line and lines must not start with blanks",
                 st->last_key);
        fail(st, st->line, why);
        return false;
    }
    if (!separator(p)) {
        fail(st, st->line,
             "syntax error: expected 'key = value', a [section] header, or a comment "
             "starting with ; or #");
        return false;
    }
    return true;
}

/* A line longer than inih's buffer: the value is cut out (trimmed and without its inline
 * comment, as inih would) and inih gets the line with a mark in its place. */
static bool shorten(ini_state *st, char *buf, int size, const char *raw, size_t n) {
    const char *p = raw;
    while (blank(*p)) p++;
    const char *sep = separator(p);
    if (*p == ';' || *p == '#') { /* a long comment */
        snprintf(buf, (size_t)size, ";\n");
        return true;
    }
    if (*p == '[' || !sep || (int)(sep - raw) + 8 > size) {
        char why[128];
        snprintf(why, sizeof why, "%s is longer than %d characters",
                 *p == '[' ? "section header" : sep ? "key" : "line", size - 8);
        fail(st, st->line, why);
        return false;
    }
    const char *v = sep + 1, *e = raw + n;
    while (v < e && blank(*v)) v++;
    for (const char *q = v; q < e; q++) /* inline comment: ';' after a blank */
        if (*q == ';' && q > v && blank(q[-1])) {
            e = q;
            break;
        }
    while (e > v && (blank(e[-1]) || e[-1] == '\n')) e--;
    free(st->long_value);
    st->long_value = malloc((size_t)(e - v) + 1);
    if (!st->long_value) {
        fail_nomem(st, st->line);
        return false;
    }
    memcpy(st->long_value, v, (size_t)(e - v));
    st->long_value[e - v] = '\0';
    st->long_value_line = st->line;
    size_t head = (size_t)(sep + 1 - raw);
    memcpy(buf, raw, head);
    snprintf(buf + head, (size_t)size - head, " %s\n", LONG_VALUE_MARK);
    return true;
}

static char *read_line(char *buf, int size, void *stream) {
    ini_state *st = stream;
    if (st->error_line || st->text >= st->end) return NULL; /* stop at the first error */
    const char *nl = memchr(st->text, '\n', (size_t)(st->end - st->text));
    size_t n = nl ? (size_t)(nl - st->text) + 1 : (size_t)(st->end - st->text);
    const char *raw = st->text;
    st->text += n;
    st->line++;
    const char *cr = memchr(raw, '\r', n);
    if (cr && !(cr + 2 == raw + n && cr[1] == '\n') && cr + 1 != raw + n) {
        fail(st, st->line, "carriage return inside a line; expected Unix (LF) or DOS (CR LF) "
                           "line ends");
        return NULL;
    }
    if (n + 1 > (size_t)size) {
        if (!inspect_line(st, raw) || !shorten(st, buf, size, raw, n)) return NULL;
        return buf;
    }
    memcpy(buf, raw, n);
    buf[n] = '\0';
    if (!inspect_line(st, buf)) return NULL;
    return buf;
}

static int on_entry(void *user, const char *inih_section, const char *key, const char *value) {
    ini_state *st = user;
    (void)inih_section; /* untrimmed; the section is the one inspect_section read */
    if (st->error_line) return 0;
    int line = st->line;
    if (st->long_value && st->long_value_line == line && strcmp(value, LONG_VALUE_MARK) == 0)
        value = st->long_value;
    const char *section = st->section;
    char why[384];
    if (st->indented && st->last_key[0] && strcmp(key, st->last_key) == 0 &&
        st->last_key_line != line) {
        snprintf(why, sizeof why,
                 "indented line is read as a continuation of '%.100s'; a value must fit on one "
                 "line and lines must not start with blanks",
                 key);
        fail(st, line, why);
        return 0;
    }
    if (!section[0]) {
        snprintf(why, sizeof why, "key '%.100s' appears before any [section] header", key);
        fail(st, line, why);
        return 0;
    }
    int first = remember(st, section, key, line);
    if (first < 0) {
        fail_nomem(st, line);
        return 0;
    }
    if (first > 0) {
        snprintf(why, sizeof why, "duplicate key '%.100s' in [%s] (first set at line %d)", key,
                 section, first);
        fail(st, line, why);
        return 0;
    }
    snprintf(st->last_key, sizeof st->last_key, "%s", key);
    st->last_key_line = line;
    why[0] = '\0';
    if (st->cb->entry && st->cb->entry(st->user, section, key, value, line, why, sizeof why)) {
        fail(st, line, why[0] ? why : "invalid entry");
        return 0;
    }
    return 1;
}

static int parse(ini_state *st, int *n_lines) {
    int rc = ini_parse_stream(read_line, st, on_entry, st);
    if (!st->error_line && rc > 0)
        fail(st, rc,
             "syntax error: expected 'key = value', a [section] header, or a comment "
             "starting with ; or #");
    if (!st->error_line && rc < 0) fail_nomem(st, st->line);
    for (size_t i = 0; i < st->cap_seen; i++) {
        free(st->seen[i].section);
        free(st->seen[i].key);
    }
    free(st->seen);
    free(st->long_value);
    if (n_lines) *n_lines = st->line;
    return !st->error_line ? Q35_OK : st->out_of_memory ? Q35_ERR_NOMEM : Q35_ERR_INPUT;
}

#define INI_MAX_FILE_BYTES (4u << 20)

static int load(const char *text, size_t len, const char *label, const ini_callbacks *cb,
                void *user, int *n_lines, char *err, size_t err_len) {
    ini_state st = {.label = label, .cb = cb, .user = user, .text = text, .end = text + len,
                    .error = err, .error_len = err_len};
    return parse(&st, n_lines);
}

int ini_load_file(const char *path, const ini_callbacks *cb, void *user, int *n_lines,
                  char *err, size_t err_len) {
    if (n_lines) *n_lines = 0;
    size_t len;
    char *text = read_whole_file(path, INI_MAX_FILE_BYTES, &len, err, err_len);
    if (!text) return Q35_ERR_INPUT;
    const char *nul = memchr(text, '\0', len);
    if (nul) { /* binary data, not a config */
        int line = 1;
        for (const char *p = text; p < nul; p++) line += *p == '\n';
        snprintf(err, err_len, "%s:%d: contains a NUL byte; expected a text file", path, line);
        free(text);
        return Q35_ERR_INPUT;
    }
    int rc = load(text, len, path, cb, user, n_lines, err, err_len);
    free(text);
    return rc;
}

int ini_load_text(const char *text, const char *label, const ini_callbacks *cb, void *user,
                  int *n_lines, char *err, size_t err_len) {
    if (n_lines) *n_lines = 0;
    return load(text, strlen(text), label, cb, user, n_lines, err, err_len);
}
