/*
 * Several runs side by side: each kernel case's medians and the Mann-Whitney test of every
 * later run against the first (as Google Benchmark's compare.py), each run's own
 * comparisons, and the audit's verdicts per run (render_audit.c).
 */
#ifndef Q35_REPORT_RENDER_RUNS_H
#define Q35_REPORT_RENDER_RUNS_H

#include "render_common.h"

/* "Runs compared" (n > 1; at most the first 16 runs). */
void render_runs_compared(render_ctx *c, run_data *runs, size_t n);

#endif
