/*
 * Paper-ready output: every table of a rendered report as a LaTeX fragment (booktabs rules,
 * one tabular per file) so that a paper can \input it. The tables are read back from the
 * markdown the report renderer wrote (report/markdown.h makes every table the same way), so
 * a fragment can never say something the report does not.
 *
 *   DIR/table-NN-SLUG.tex   one fragment per table, NN in order of appearance, SLUG from the
 *                           heading above it; needs \usepackage{booktabs}
 *   DIR/tables.tex          \input of every fragment, each under a comment naming its heading
 */
#ifndef Q35_REPORT_PAPER_H
#define Q35_REPORT_PAPER_H

#include <stddef.h>

/* The LaTeX fragment of one markdown table (lines[0] the header row, lines[1] the
 * separator); returns malloc'd text or NULL when out of memory. */
char *paper_table_latex(const char *const *lines, size_t n_lines, const char *caption_comment);

/* Writes every table of markdown into dir (created if missing; older table-*.tex files
 * removed). Returns the number of tables written, or -1 with the reason in err. */
int paper_write_tables(const char *markdown, const char *dir, const char *source, char *err,
                       size_t len);

#endif
