#include "session.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "harness/rundir.h"
#include "theorems.h"
#include "base/error.h"

int audit_session_open(audit_session *s, const char *run_dir, const char *claims_path,
                       const char *refs_path, bool prefer_run_copy, char *err, size_t len) {
    memset(s, 0, sizeof *s);
    snprintf(s->claims_path, sizeof s->claims_path, "%s", claims_path);
    snprintf(s->refs_path, sizeof s->refs_path, "%s", refs_path);
    if (prefer_run_copy && run_dir) {
        char c[1100], r[1100];
        snprintf(c, sizeof c, "%s/%s", run_dir, AUDIT_CLAIMS_COPY);
        snprintf(r, sizeof r, "%s/%s", run_dir, AUDIT_REFERENCES_COPY);
        if (access(c, R_OK) == 0 && access(r, R_OK) == 0) {
            snprintf(s->claims_path, sizeof s->claims_path, "%s", c);
            snprintf(s->refs_path, sizeof s->refs_path, "%s", r);
            s->from_run_copy = true;
        }
    }
    int loaded = references_load(s->refs_path, &s->refs, err, len);
    if (!loaded) loaded = claims_load(s->claims_path, &s->refs, &s->reg, err, len);
    if (loaded) return loaded; /* bad input or out of memory */
    if (run_dir) { /* the run's files only: those its COMPLETE lists once sealed */
        char **files;
        size_t n_files;
        if (rundir_files(run_dir, &files, &n_files, err, len)) return Q35_ERR_RUN;
        int rc = metrics_read_run(run_dir, (const char *const *)files, n_files,
                                  AUDIT_METRICS_FILE, &s->metrics, err, len);
        rundir_files_free(files, n_files);
        if (rc) return Q35_ERR_RUN;
    }
    if (theorems_compute(&s->own, AUDIT_METRICS_FILE)) {
        snprintf(err, len, "out of memory");
        return Q35_ERR_NOMEM;
    }
    if (metrics_index(&s->own, err, len)) return Q35_ERR_RUN;
    /* the audit's own evidence, unless a step of the run already provides the same id */
    bool add[64] = {false};
    for (size_t i = 0; i < s->own.n && i < 64; i++)
        add[i] = metrics_find(&s->metrics, s->own.items[i].id) == NULL;
    for (size_t i = 0; i < s->own.n && i < 64; i++) {
        const metric *m = &s->own.items[i];
        if (add[i] &&
            metrics_put(&s->metrics, m->id, m->value, m->na, m->unit, m->description, m->file)) {
            snprintf(err, len, "out of memory");
            return Q35_ERR_NOMEM;
        }
    }
    if (metrics_index(&s->metrics, err, len)) return Q35_ERR_RUN;
    if (audit_evaluate(&s->reg, &s->refs, &s->metrics, &s->result)) {
        snprintf(err, len, "out of memory");
        return Q35_ERR_NOMEM;
    }
    return Q35_OK;
}

void audit_session_close(audit_session *s) {
    audit_result_free(&s->result);
    metrics_free(&s->metrics);
    metrics_free(&s->own);
    claims_free(&s->reg);
    references_free(&s->refs);
}
