#include "run_check.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/rundir.h"
#include "harness/steps_tsv.h"

/* What a step of ./run.sh all always writes when it ends `ok`. */
static const struct {
    const char *step, *file;
} required[] = {
    {"bench", "bench.tsv"},
    {"bench", "metrics.bench.tsv"},
    {"quality", "metrics.quality.tsv"},
    {"roofline", "metrics.roofline.tsv"},
    {"decode", "metrics.decode.tsv"},
};

static int add(run_problems *p, const char *fmt, const char *a, const char *b) {
    char line[4096];
    snprintf(line, sizeof line, fmt, a, b);
    char **grown = realloc(p->why, (p->n + 1) * sizeof *grown);
    if (!grown) return -1;
    p->why = grown;
    if (!(p->why[p->n] = strdup(line))) return -1;
    p->n++;
    return 0;
}

static bool listed(char **files, size_t n, const char *name) {
    for (size_t i = 0; i < n; i++)
        if (strcmp(files[i], name) == 0) return true;
    return false;
}

static int check_steps(const char *path, char **files, size_t n_files, run_problems *p) {
    char steps_path[1400], err[1024];
    snprintf(steps_path, sizeof steps_path, "%s/steps.tsv", path);
    step_row *steps;
    size_t n;
    if (steps_tsv_read(steps_path, &steps, &n, err, sizeof err))
        return add(p, "%s%s", "steps.tsv cannot be read: ", err);
    int rc = 0;
    for (size_t r = 0; rc == 0 && r < n; r++) {
        const char *step = steps[r].step, *status = steps[r].status;
        if (strcmp(status, "ok") != 0) {
            rc = add(p, "step %s ended with '%s'", step, status);
            continue;
        }
        for (size_t i = 0; rc == 0 && i < sizeof required / sizeof required[0]; i++)
            if (strcmp(required[i].step, step) == 0 && !listed(files, n_files, required[i].file))
                rc = add(p, "step %s ended ok but its %s is missing", step, required[i].file);
    }
    free(steps);
    return rc;
}

int run_check(const char *path, run_problems *p, char *err, size_t len) {
    memset(p, 0, sizeof *p);
    char **files;
    size_t n;
    if (rundir_files(path, &files, &n, err, len)) return -1;
    char why[2048];
    int rc = 0;
    /* sealed as failed: COMPLETE says why (what steps.tsv said when it was sealed) */
    if (rundir_failure(path, why, sizeof why)) rc = add(p, "%s%s", "sealed as failed: ", why);
    else if (listed(files, n, "steps.tsv")) rc = check_steps(path, files, n, p);
    rundir_files_free(files, n);
    if (rc) {
        snprintf(err, len, "out of memory");
        run_problems_free(p);
    }
    return rc;
}

void run_problems_free(run_problems *p) {
    for (size_t i = 0; i < p->n; i++) free(p->why[i]);
    free(p->why);
    memset(p, 0, sizeof *p);
}
