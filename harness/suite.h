/* Running a suite: every case of every sweep, gated, timed and summarised. */
#ifndef Q35_SUITE_H
#define Q35_SUITE_H

#include <stdio.h>

#include "case_result.h"
#include "config.h"

typedef struct suite_results {
    case_result *cases;
    size_t n;
    size_t ok, failed, unavailable, errors;
    double elapsed_s;
} suite_results;

/* Runs all cases; progress lines go to `progress` (may be NULL). Returns 0 when the suite
 * ran (whatever the cases' outcomes), -1 when out of memory before any case. */
int suite_run(const suite_config *cfg, suite_results *out, FILE *progress);
void suite_results_free(suite_results *r);

/* Cases the suite will run, for progress and planning. */
size_t suite_case_count(const suite_config *cfg);

#endif
