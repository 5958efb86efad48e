/* A growing text buffer for writing configs, TSV and reports. */
#ifndef Q35_TEXT_BUF_H
#define Q35_TEXT_BUF_H

#include <stdbool.h>
#include <stddef.h>

typedef struct text_buf {
    char *s; /* NUL-terminated once anything was written */
    size_t len, cap;
    bool failed; /* out of memory: later writes are ignored */
} text_buf;

void tb_printf(text_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends s with tabs and newlines replaced by spaces (one TSV field). */
void tb_field(text_buf *b, const char *s);
/* Takes the text out of the buffer (NULL if writing failed); the buffer is reset. */
char *tb_take(text_buf *b);
void tb_free(text_buf *b);

#endif
