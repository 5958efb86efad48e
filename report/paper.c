#include "paper.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/atomic_file.h"
#include "harness/rundir.h"
#include "base/text_buf.h"

/* A column wider than this (in characters) becomes a paragraph column. */
#define WIDE_COLUMN 48
#define MAX_COLUMNS 32

/* Splits a markdown row "| a | b \| c |" into cells (malloc'd copies, unescaped). */
static size_t split_row(const char *line, char **cells, size_t max) {
    size_t n = 0;
    const char *p = strchr(line, '|');
    if (!p) return 0;
    p++;
    while (*p && n < max) {
        text_buf c = {0};
        tb_printf(&c, "%s", "");
        while (*p && *p != '|') {
            if (p[0] == '\\' && p[1] == '|') {
                tb_printf(&c, "|");
                p += 2;
                continue;
            }
            tb_printf(&c, "%c", *p++);
        }
        if (!*p) { /* text after the last bar is not a cell */
            free(tb_take(&c));
            break;
        }
        p++;
        char *t = tb_take(&c);
        if (!t) break;
        /* trim the single spaces around the cell */
        size_t l = strlen(t);
        while (l && t[l - 1] == ' ') t[--l] = '\0';
        size_t s = strspn(t, " ");
        memmove(t, t + s, l - s + 1);
        cells[n++] = t;
    }
    return n;
}

/* Markdown inline text as LaTeX: **bold**, `code`, and the characters LaTeX reserves. */
static void latex_text(text_buf *b, const char *s) {
    bool bold = false, code = false;
    for (const char *p = s; *p; p++) {
        if (p[0] == '*' && p[1] == '*') {
            tb_printf(b, bold ? "}" : "\\textbf{");
            bold = !bold;
            p++;
            continue;
        }
        if (*p == '`') {
            tb_printf(b, code ? "}" : "\\texttt{");
            code = !code;
            continue;
        }
        switch (*p) {
        case '\\': tb_printf(b, "\\textbackslash{}"); break;
        case '&': case '%': case '$': case '#': case '_': case '{': case '}':
            tb_printf(b, "\\%c", *p);
            break;
        case '~': tb_printf(b, "\\textasciitilde{}"); break;
        case '^': tb_printf(b, "\\textasciicircum{}"); break;
        case '<': tb_printf(b, "\\textless{}"); break;
        case '>': tb_printf(b, "\\textgreater{}"); break;
        case '|': tb_printf(b, "\\textbar{}"); break;
        default: tb_printf(b, "%c", *p);
        }
    }
    if (code) tb_printf(b, "}");
    if (bold) tb_printf(b, "}");
}

char *paper_table_latex(const char *const *lines, size_t n_lines, const char *caption_comment) {
    if (n_lines < 2) return NULL;
    char *sep[MAX_COLUMNS];
    size_t nc = split_row(lines[1], sep, MAX_COLUMNS);
    size_t width[MAX_COLUMNS] = {0};
    for (size_t i = 0; i < n_lines; i++) {
        if (i == 1) continue;
        char *cells[MAX_COLUMNS];
        size_t n = split_row(lines[i], cells, MAX_COLUMNS);
        for (size_t k = 0; k < n; k++) {
            if (k < nc && strlen(cells[k]) > width[k]) width[k] = strlen(cells[k]);
            free(cells[k]);
        }
    }
    text_buf b = {0};
    tb_printf(&b, "%% %s\n\\begin{tabular}{", caption_comment);
    for (size_t k = 0; k < nc; k++) {
        bool right = strlen(sep[k]) > 0 && sep[k][strlen(sep[k]) - 1] == ':';
        if (width[k] > WIDE_COLUMN) tb_printf(&b, "p{%.1fcm}", width[k] > 200 ? 7.0 : 4.5);
        else tb_printf(&b, "%c", right ? 'r' : 'l');
        free(sep[k]);
    }
    tb_printf(&b, "}\n\\toprule\n");
    for (size_t i = 0; i < n_lines; i++) {
        if (i == 1) continue;
        char *cells[MAX_COLUMNS];
        size_t n = split_row(lines[i], cells, MAX_COLUMNS);
        for (size_t k = 0; k < nc; k++) {
            if (k) tb_printf(&b, " & ");
            if (k < n) latex_text(&b, cells[k]);
        }
        for (size_t k = 0; k < n; k++) free(cells[k]);
        tb_printf(&b, " \\\\\n");
        if (i == 0) tb_printf(&b, "\\midrule\n");
    }
    tb_printf(&b, "\\bottomrule\n\\end{tabular}\n");
    return tb_take(&b);
}

static void slug_of(const char *heading, char *out, size_t len) {
    size_t n = 0;
    bool dash = false;
    for (const char *p = heading; *p && n + 1 < len && n < 48; p++) {
        char c = *p;
        if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            out[n++] = c;
            dash = false;
        } else if (!dash && n) {
            out[n++] = '-';
            dash = true;
        }
    }
    while (n && out[n - 1] == '-') n--;
    if (!n && len > 5) n = (size_t)snprintf(out, len, "table");
    out[n] = '\0';
}

static void remove_old(const char *dir) {
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strncmp(e->d_name, "table-", 6) == 0 || strcmp(e->d_name, "tables.tex") == 0) {
            char p[2200];
            snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
            unlink(p);
        }
    closedir(d);
}

int paper_write_tables(const char *markdown, const char *dir, const char *source, char *err,
                       size_t len) {
    if (rundir_mkdir_parents(dir, err, len)) return -1;
    remove_old(dir);
    char *copy = strdup(markdown);
    if (!copy) {
        snprintf(err, len, "out of memory");
        return -1;
    }
    /* lines, in place */
    size_t cap = 1024, n = 0;
    char **lines = malloc(cap * sizeof *lines);
    for (char *p = copy; lines && p && *p;) {
        if (n == cap) {
            char **g = realloc(lines, (cap *= 2) * sizeof *g);
            if (!g) {
                free(lines);
                lines = NULL;
                break;
            }
            lines = g;
        }
        lines[n++] = p;
        char *e = strchr(p, '\n');
        if (e) *e++ = '\0';
        p = e;
    }
    if (!lines) {
        free(copy);
        snprintf(err, len, "out of memory");
        return -1;
    }
    text_buf index = {0};
    tb_printf(&index, "%% Every table of the q35bench report (%s), as LaTeX fragments.\n"
                      "%% \\usepackage{booktabs} in the preamble, then \\input{table-NN-...}.\n",
              source);
    char heading[256] = "report";
    int tables = 0, rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        if (lines[i][0] == '#') {
            snprintf(heading, sizeof heading, "%s", lines[i] + strspn(lines[i], "# "));
            continue;
        }
        if (strncmp(lines[i], "**", 2) == 0) {
            snprintf(heading, sizeof heading, "%s", lines[i]);
            continue;
        }
        if (lines[i][0] != '|' || i + 1 >= n || strncmp(lines[i + 1], "| ---", 5) != 0) continue;
        size_t end = i + 2;
        while (end < n && lines[end][0] == '|') end++;
        char comment[400];
        snprintf(comment, sizeof comment, "%s (from %s)", heading, source);
        char *tex = paper_table_latex((const char *const *)&lines[i], end - i, comment);
        char slug[64], path[1200];
        slug_of(heading, slug, sizeof slug);
        snprintf(path, sizeof path, "%s/table-%02d-%s.tex", dir, ++tables, slug);
        if (!tex || atomic_write(path, tex, strlen(tex), err, len)) {
            if (!tex) snprintf(err, len, "out of memory");
            rc = -1;
        }
        tb_printf(&index, "\n%% %s\n\\input{table-%02d-%s}\n", heading, tables, slug);
        free(tex);
        i = end - 1;
    }
    char *idx = tb_take(&index);
    if (rc == 0) {
        char path[1200];
        snprintf(path, sizeof path, "%s/tables.tex", dir);
        if (!idx || atomic_write(path, idx, strlen(idx), err, len)) rc = -1;
    }
    free(idx);
    free(lines);
    free(copy);
    return rc ? -1 : tables;
}
