#include "metrics_tsv.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void metrics_begin(text_buf *b) { tb_printf(b, "id\tvalue\tlo\thi\tunit\tdescription\n"); }

static void add_row(text_buf *b, const char *id, double value, double lo, double hi,
                    const char *unit, const char *fmt, va_list ap) {
    char desc[1024];
    vsnprintf(desc, sizeof desc, fmt, ap);
    tb_field(b, id);
    if (isfinite(value)) tb_printf(b, "\t%.15g", value);
    else tb_printf(b, "\tNA");
    /* An interval only around a finite value that it contains. */
    if (isfinite(value) && isfinite(lo) && isfinite(hi) && lo <= value && value <= hi)
        tb_printf(b, "\t%.15g\t%.15g\t", lo, hi);
    else tb_printf(b, "\t-\t-\t");
    tb_field(b, unit);
    tb_printf(b, "\t");
    tb_field(b, desc);
    tb_printf(b, "\n");
}

void metrics_add(text_buf *b, const char *id, double value, const char *unit,
                 const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    add_row(b, id, value, NAN, NAN, unit, fmt, ap);
    va_end(ap);
}

void metrics_add_ci(text_buf *b, const char *id, double value, double lo, double hi,
                    const char *unit, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    add_row(b, id, value, lo, hi, unit, fmt, ap);
    va_end(ap);
}

static const char *const known_units[] = {
    "ms", "s", "us", "pct", "x", "gbps", "gops", "gflops", "gib", "gb", "mb", "mib", "kb", "bytes",
    "bpw", "bits", "tok_s", "w", "count", "bool", "db", "tops", "tbps", "date", "ratio", NULL};

bool metrics_unit_known(const char *unit) {
    for (int i = 0; known_units[i]; i++)
        if (strcmp(unit, known_units[i]) == 0) return true;
    return false;
}

void metrics_unit_list(char *buf, size_t len) {
    size_t used = 0;
    if (len) buf[0] = '\0';
    for (int i = 0; known_units[i] && used < len; i++)
        used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? ", " : "", known_units[i]);
}

bool metrics_id_valid(const char *id) {
    if (!*id || *id == '.') return false;
    for (const char *p = id; *p; p++) {
        bool ok = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' ||
                  *p == '-' || (*p == '.' && p[1] && p[1] != '.');
        if (!ok) return false;
    }
    return true;
}

void metrics_token(const char *in, char *out, size_t len) {
    size_t i = 0;
    for (; in[i] && i + 1 < len; i++) {
        char c = (char)tolower((unsigned char)in[i]);
        out[i] = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ? c : '_';
    }
    if (len) out[i] = '\0';
}
