/*
 * The sections on where and how the run was made: the machine and build, the steps and their
 * cost, what could not be measured on this host, whole-command timings (hyperfine) and the
 * figures.
 */
#ifndef Q35_REPORT_RENDER_HOST_H
#define Q35_REPORT_RENDER_HOST_H

#include "render_common.h"

/* "Machine and build", one column per run. */
void render_machine(render_ctx *c, run_data *runs, size_t n);
/* "Steps and their cost" (steps.tsv); nothing when the run has none. */
void render_steps(render_ctx *c, const run_data *r);
/* "What could not be measured on this host": kernels that did not run, library paths a
 * kernel lacked, NA metrics grouped by reason, PAPI, hardware the audit needed. */
void render_unmeasured(render_ctx *c, const run_data *r);
/* "Whole-command timings (hyperfine)". */
void render_hyperfine(render_ctx *c, const run_data *r);
/* "Figures": the fig.*.png of the run, or how to draw them. */
void render_figures(render_ctx *c, const run_data *r);

#endif
