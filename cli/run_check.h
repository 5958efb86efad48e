/*
 * One definition of a finished run, for the commands that seal, verify and render it: the
 * files of the run are those its COMPLETE lists (harness/rundir.h rundir_files); the run
 * failed when a step recorded in steps.tsv (written by ./run.sh all) did not end with `ok`,
 * when a step that ended `ok` left out a file it always writes, or when it was sealed as
 * failed. The reasons are what `seal` writes into COMPLETE and what `report` puts at the top.
 */
#ifndef Q35_RUN_CHECK_H
#define Q35_RUN_CHECK_H

#include <stddef.h>

typedef struct run_problems {
    char **why; /* one line each */
    size_t n;
} run_problems;

/* Collects the problems of the run at path (sealed or not): 0, or -1 with the reason in err
 * when the run's files or steps.tsv cannot be read (steps.tsv malformed is a problem). */
int run_check(const char *path, run_problems *p, char *err, size_t len);
void run_problems_free(run_problems *p);

#endif
