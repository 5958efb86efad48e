/*
 * The parts of the report that show the claims audit: the verdict legend and counts, one
 * row per statement with its deciding check in plain words, the evidence behind each claim,
 * the quality section's reproduction table, the throughput claims against the bound of their
 * own setting, and the verdicts of several runs side by side. Every one of them is rendered
 * from the same statement verdicts (audit_result), so they cannot disagree.
 */
#ifndef Q35_REPORT_RENDER_AUDIT_H
#define Q35_REPORT_RENDER_AUDIT_H

#include <stddef.h>

#include "base/text_buf.h"
#include "run_data.h"

/* "Claims audit at a glance: ..." (one paragraph). */
void render_audit_glance(text_buf *b, const audit_result *a);
/* The "## Claims audit" section. */
void render_audit_section(text_buf *b, const run_data *r);
/* The reproduction table of the quality section (nothing when no check asks for it). */
void render_audit_reproduction(text_buf *b, const run_data *r);
/* The seeds' throughput claims, each against the bound of its own setting. */
void render_audit_projection_claims(text_buf *b, const run_data *r);
/* Lines "- HARDWARE: ... statements need it" for the "could not be measured" section;
 * returns how many lines it wrote. */
int render_audit_needs(text_buf *b, const run_data *r);
/* Statement verdicts of several runs side by side, and the statements that differ. */
void render_audit_compare(text_buf *b, const run_data *runs, size_t n);

#endif
