#include "markdown.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "audit/engine.h"

const char *md_num(double v, int sig, char out[MD_NUM_LEN]) {
    if (!isfinite(v)) snprintf(out, MD_NUM_LEN, "-");
    else audit_fmt(v, sig, out, MD_NUM_LEN);
    return out;
}

void md_cell(text_buf *b, const char *s) {
    tb_printf(b, " ");
    for (const char *p = s; *p; p++) {
        if (*p == '|') tb_printf(b, "\\|");
        else if (*p == '\n' || *p == '\t' || *p == '\r') tb_printf(b, " ");
        else tb_printf(b, "%c", *p);
    }
    tb_printf(b, " |");
}

void md_cellf(text_buf *b, const char *fmt, ...) {
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    md_cell(b, buf);
}

void md_row_start(text_buf *b) { tb_printf(b, "|"); }
void md_row_end(text_buf *b) { tb_printf(b, "\n"); }

void md_header(text_buf *b, const char *align, ...) {
    va_list ap;
    va_start(ap, align);
    md_row_start(b);
    size_t n = strlen(align);
    for (size_t i = 0; i < n; i++) md_cell(b, va_arg(ap, const char *));
    va_end(ap);
    md_row_end(b);
    md_row_start(b);
    for (size_t i = 0; i < n; i++) tb_printf(b, align[i] == 'r' ? " ---: |" : " --- |");
    md_row_end(b);
}
