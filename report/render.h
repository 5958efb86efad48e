/*
 * Rendering report/REPORT.md from one or more loaded runs. Every number comes from the
 * runs (measurements, model quantities, audit verdicts) or from the registry and reference
 * configs the audit used; the generator only arranges and formats them.
 */
#ifndef Q35_REPORT_RENDER_H
#define Q35_REPORT_RENDER_H

#include "base/text_buf.h"
#include "fleet/fleet_tasks.h"
#include "render_fleet.h"
#include "report_config.h"
#include "run_data.h"

typedef struct render_options {
    const char *figures_dir; /* relative path from the report to its figures, e.g. "figures" */
    const char *command;     /* how the report was made, shown at the top */
    const fleet_tasks *fleet; /* the runs are a Slurm fleet's tasks (render_fleet.c), or NULL */
} render_options;

/* Returns the markdown text (malloc'd) or NULL when out of memory. runs[0] is the primary
 * run; with several runs the report starts with their comparison. */
char *render_report(run_data *runs, size_t n_runs, const report_config *rc,
                    const render_options *opt);

#endif
