/* Tests' bench.tsv files: rows given for a few columns, the others filled in as the writer
 * fills a case that has no such figure ("-" for text, NA for numbers). */
#ifndef Q35_TESTS_BENCH_TSV_TEXT_H
#define Q35_TESTS_BENCH_TSV_TEXT_H

/* header: the given columns, tab-separated; body: rows of those columns, each ending in a
 * newline. Returns a malloc'd bench.tsv text with every column of harness/bench_tsv.h in the
 * writer's order (NULL when a given column is not one of them). */
char *bench_tsv_text(const char *header, const char *body);

#endif
