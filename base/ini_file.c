#include "ini_file.h"

#include <errno.h>
#include <ini.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct seen_key {
    char *section, *key;
    int line;
} seen_key;

typedef struct ini_state {
    const char *label;
    const ini_callbacks *cb;
    void *user;
    const char *text; /* cursor into the whole text */
    int line;         /* number of the line the reader returned last */
    bool indented;    /* that line started with blanks */
    char last_key[128];
    int last_key_line;
    char *error;
    size_t error_len;
    int error_line; /* 0 while no error */
    seen_key *seen;
    size_t n_seen, cap_seen;
} ini_state;

static void fail(ini_state *st, int line, const char *why) {
    if (st->error_line) return; /* keep the first error */
    st->error_line = line;
    snprintf(st->error, st->error_len, "%s:%d: %s", st->label, line, why);
}

/* Remembers (section, key); returns the line it was first seen on, or 0 if new. */
static int remember(ini_state *st, const char *section, const char *key, int line) {
    for (size_t i = 0; i < st->n_seen; i++)
        if (strcmp(st->seen[i].section, section) == 0 &&
            ((key == NULL && st->seen[i].key == NULL) ||
             (key && st->seen[i].key && strcmp(st->seen[i].key, key) == 0)))
            return st->seen[i].line;
    if (st->n_seen == st->cap_seen) {
        size_t cap = st->cap_seen ? st->cap_seen * 2 : 32;
        seen_key *grown = realloc(st->seen, cap * sizeof *grown);
        if (!grown) return -1;
        st->seen = grown;
        st->cap_seen = cap;
    }
    seen_key *s = &st->seen[st->n_seen];
    s->section = strdup(section);
    s->key = key ? strdup(key) : NULL;
    s->line = line;
    if (!s->section || (key && !s->key)) {
        free(s->section);
        free(s->key);
        return -1;
    }
    st->n_seen++;
    return 0;
}

/* Looks at a raw line: section headers are validated here, where the line is known. */
static bool inspect_line(ini_state *st, const char *raw) {
    const char *p = raw;
    if (st->line == 1 && (unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB &&
        (unsigned char)p[2] == 0xBF)
        p += 3; /* UTF-8 byte-order mark */
    st->indented = (*p == ' ' || *p == '\t');
    while (*p == ' ' || *p == '\t') p++;
    if (*p != '[') return true;
    const char *close = strchr(p, ']');
    if (!close) return true; /* inih reports the syntax error */
    char name[128];
    const char *b = p + 1, *e = close;
    while (b < e && (*b == ' ' || *b == '\t')) b++;
    while (e > b && (e[-1] == ' ' || e[-1] == '\t')) e--;
    if ((size_t)(e - b) >= sizeof name) {
        fail(st, st->line, "section name is too long (at most 127 characters)");
        return false;
    }
    memcpy(name, b, (size_t)(e - b));
    name[e - b] = '\0';
    int first = remember(st, name, NULL, st->line);
    char why[384];
    if (first < 0) {
        fail(st, st->line, "out of memory");
        return false;
    }
    if (first > 0) {
        snprintf(why, sizeof why, "section [%s] appears again (first at line %d); merge them",
                 name, first);
        fail(st, st->line, why);
        return false;
    }
    why[0] = '\0';
    if (st->cb->section && st->cb->section(st->user, name, st->line, why, sizeof why) != 0) {
        fail(st, st->line, why[0] ? why : "unexpected section");
        return false;
    }
    st->last_key[0] = '\0';
    return true;
}

static char *read_line(char *buf, int size, void *stream) {
    ini_state *st = stream;
    if (st->error_line || !*st->text) return NULL; /* stop at the first error */
    const char *end = strchr(st->text, '\n');
    size_t n = end ? (size_t)(end - st->text) + 1 : strlen(st->text);
    st->line++;
    if (n > (size_t)size - 1) {
        char why[96];
        snprintf(why, sizeof why, "line is longer than %d characters", size - 3);
        fail(st, st->line, why);
        return NULL;
    }
    memcpy(buf, st->text, n);
    buf[n] = '\0';
    st->text += n;
    if (!inspect_line(st, buf)) return NULL;
    return buf;
}

static int on_entry(void *user, const char *section, const char *key, const char *value) {
    ini_state *st = user;
    if (st->error_line) return 0;
    int line = st->line;
    char why[384];
    if (st->indented && st->last_key[0] && strcmp(key, st->last_key) == 0 &&
        st->last_key_line != line) {
        snprintf(why, sizeof why,
                 "indented line is read as a continuation of '%s'; a value must fit on one "
                 "line and lines must not start with blanks",
                 key);
        fail(st, line, why);
        return 0;
    }
    if (!section[0]) {
        snprintf(why, sizeof why, "key '%s' appears before any [section] header", key);
        fail(st, line, why);
        return 0;
    }
    int first = remember(st, section, key, line);
    if (first < 0) {
        fail(st, line, "out of memory");
        return 0;
    }
    if (first > 0) {
        snprintf(why, sizeof why, "duplicate key '%s' in [%s] (first set at line %d)", key,
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
    if (!st->error_line && rc < 0) fail(st, st->line, "the parser ran out of memory");
    for (size_t i = 0; i < st->n_seen; i++) {
        free(st->seen[i].section);
        free(st->seen[i].key);
    }
    free(st->seen);
    if (n_lines) *n_lines = st->line;
    return st->error_line ? 2 : 0;
}

#define INI_MAX_FILE_BYTES (4u << 20)

int ini_load_file(const char *path, const ini_callbacks *cb, void *user, int *n_lines,
                  char *err, size_t err_len) {
    if (n_lines) *n_lines = 0;
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, err_len, "%s: cannot read: %s", path, strerror(errno));
        return 2;
    }
    char *text = malloc(INI_MAX_FILE_BYTES + 1);
    size_t len = text ? fread(text, 1, INI_MAX_FILE_BYTES + 1, f) : 0;
    int bad = !text ? 1 : ferror(f) ? 2 : len > INI_MAX_FILE_BYTES ? 3 : 0;
    fclose(f);
    if (bad) {
        snprintf(err, err_len, "%s: %s", path,
                 bad == 1 ? "out of memory" : bad == 2 ? "read error" : "larger than 4 MiB");
        free(text);
        return 2;
    }
    text[len] = '\0';
    if (strlen(text) != len) { /* a NUL byte: binary data, not a config */
        int line = 1;
        for (size_t i = 0; i < len && text[i]; i++) line += text[i] == '\n';
        snprintf(err, err_len, "%s:%d: contains a NUL byte; expected a text file", path, line);
        free(text);
        return 2;
    }
    int rc = ini_load_text(text, path, cb, user, n_lines, err, err_len);
    free(text);
    return rc;
}

int ini_load_text(const char *text, const char *label, const ini_callbacks *cb, void *user,
                  int *n_lines, char *err, size_t err_len) {
    ini_state st = {.label = label, .cb = cb, .user = user, .text = text, .error = err,
                    .error_len = err_len};
    return parse(&st, n_lines);
}
