/*
 * Markdown table cells and numbers for the report: every table of report/REPORT.md is
 * written through these, so that one rule decides how a number is rounded and how a cell
 * is escaped (report/paper.c turns the same tables into LaTeX).
 */
#ifndef Q35_REPORT_MARKDOWN_H
#define Q35_REPORT_MARKDOWN_H

#include "base/text_buf.h"

#define MD_NUM_LEN 64

/* v with sig significant figures, "-" when not a number; returns out. */
const char *md_num(double v, int sig, char out[MD_NUM_LEN]);
/* One cell: '|' escaped, line breaks and tabs as spaces. */
void md_cell(text_buf *b, const char *s);
void md_cellf(text_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void md_row_start(text_buf *b);
void md_row_end(text_buf *b);
/* A header row and its separator; align is a string of 'l'/'r' per column, followed by
 * as many column titles. */
void md_header(text_buf *b, const char *align, ...);

#endif
