/*
 * steps.tsv, the step table `./run.sh all` writes into a run (run.sh: one row per step with
 * columns step, mode, status, seconds). This is its one reader: the report's steps table
 * (report/run_data.c) and what makes a run failed (cli/run_check.c) both go through it.
 *
 * Reading applies base/tsv.h's rules and then: the four columns must be in the header; step
 * and status are non-empty and fit their fields; seconds is a number or NA (NAN). Errors
 * name file:line and the column.
 */
#ifndef Q35_STEPS_TSV_H
#define Q35_STEPS_TSV_H

#include <stddef.h>

typedef struct step_row {
    char step[64], mode[16], status[16];
    double seconds; /* NAN when the table says NA */
} step_row;

/* Reads PATH into a malloc'ed array of *n rows (free with free()); 0, or -1 with the
 * reason in err. */
int steps_tsv_read(const char *path, step_row **rows, size_t *n, char *err, size_t len);

#endif
