#include "bench_tsv_text.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/text_buf.h"
#include "harness/bench_tsv.h"

/* Field i of a tab-separated line (up to the newline), copied into out. */
static bool field_at(const char *line, size_t i, char *out, size_t cap) {
    for (size_t k = 0; k < i; k++) {
        line = strpbrk(line, "\t\n");
        if (!line || *line == '\n') return false;
        line++;
    }
    size_t n = strcspn(line, "\t\n");
    if (n >= cap) return false;
    memcpy(out, line, n);
    out[n] = '\0';
    return true;
}

static bool is_text_column(const char *name) {
    static const char *const text[] = {"name", "sweep", "kernel", "format", "shape", "isa_path",
                                       "params", "status", "message", "counters", NULL};
    for (int i = 0; text[i]; i++)
        if (strcmp(text[i], name) == 0) return true;
    return false;
}

char *bench_tsv_text(const char *header, const char *body) {
    size_t given = 1;
    for (const char *p = header; *p; p++) given += *p == '\t';
    long where[128]; /* for each full column: its index in the given header, or -1 */
    size_t n_full = 0;
    for (; bench_tsv_columns[n_full]; n_full++) {
        where[n_full] = -1;
        char name[64];
        for (size_t g = 0; g < given; g++)
            if (field_at(header, g, name, sizeof name) && strcmp(name, bench_tsv_columns[n_full]) == 0)
                where[n_full] = (long)g;
    }
    size_t matched = 0;
    for (size_t c = 0; c < n_full; c++) matched += where[c] >= 0;
    if (matched != given) return NULL;
    text_buf b = {0};
    bench_tsv_write_header(&b);
    for (const char *line = body; *line;) {
        for (size_t c = 0; c < n_full; c++) {
            char cell[512];
            if (where[c] < 0 || !field_at(line, (size_t)where[c], cell, sizeof cell))
                strcpy(cell, is_text_column(bench_tsv_columns[c]) ? "-" : "NA");
            tb_printf(&b, "%s%s", c ? "\t" : "", cell);
        }
        tb_printf(&b, "\n");
        const char *nl = strchr(line, '\n');
        line = nl ? nl + 1 : line + strlen(line);
    }
    return tb_take(&b);
}
