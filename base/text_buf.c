#include "text_buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool reserve(text_buf *b, size_t extra) {
    if (b->failed) return false;
    if (b->len + extra + 1 <= b->cap) return true;
    size_t cap = (b->cap + extra + 1) * 2;
    char *grown = realloc(b->s, cap);
    if (!grown) {
        b->failed = true;
        return false;
    }
    b->s = grown;
    b->cap = cap;
    return true;
}

void tb_printf(text_buf *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = true;
        return;
    }
    if (!reserve(b, (size_t)n)) return;
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void tb_field(text_buf *b, const char *s) {
    size_t n = strlen(s);
    if (!reserve(b, n)) return;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        b->s[b->len++] = (c == '\t' || c == '\n' || c == '\r') ? ' ' : c;
    }
    b->s[b->len] = '\0';
}

char *tb_take(text_buf *b) {
    char *s = b->failed ? NULL : b->s;
    if (b->failed) free(b->s);
    if (s == NULL && !b->failed) s = calloc(1, 1);
    b->s = NULL;
    b->len = b->cap = 0;
    b->failed = false;
    return s;
}

void tb_free(text_buf *b) {
    free(b->s);
    b->s = NULL;
    b->len = b->cap = 0;
}
