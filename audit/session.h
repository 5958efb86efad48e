/*
 * One audit of one run: the reference facts, the claims registry, the run's metrics plus
 * the audit's own evidence (audit/theorems.h), and the verdicts. Used by `q35bench audit`
 * and by the report, which re-evaluates from the registry copy the audit stored in the run
 * (audit.claims.ini, audit.references.ini) so that a report shows what was audited.
 */
#ifndef Q35_AUDIT_SESSION_H
#define Q35_AUDIT_SESSION_H

#include <stdbool.h>

#include "engine.h"

#define AUDIT_CLAIMS_COPY "audit.claims.ini"
#define AUDIT_REFERENCES_COPY "audit.references.ini"
#define AUDIT_METRICS_FILE "metrics.audit.tsv"

typedef struct audit_session {
    references refs;
    claims_registry reg;
    metric_table metrics; /* the run's metrics and the audit's own */
    metric_table own;     /* the audit's own evidence only */
    audit_result result;
    char claims_path[1100], refs_path[1100];
    bool from_run_copy; /* the registry came from the run directory */
} audit_session;

/* Loads and evaluates. claims_path / refs_path are used unless prefer_run_copy is set and
 * the run holds its own copies. run_dir may be NULL (no metrics: only the seeds' own
 * arithmetic and reference facts can be judged). Returns Q35_OK; Q35_ERR_INPUT with
 * "file:line: reason" for a bad registry; Q35_ERR_RUN for an unreadable or malformed
 * metrics file of the run; Q35_ERR_NOMEM (base/error.h). */
int audit_session_open(audit_session *s, const char *run_dir, const char *claims_path,
                       const char *refs_path, bool prefer_run_copy, char *err, size_t len);
void audit_session_close(audit_session *s);

#endif
