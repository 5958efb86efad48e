/*
 * The fleet part of a report (q35bench report --fleet): every task of the Slurm array job
 * with its state and reason, then the machines that produced a sealed run side by side:
 * CPU and the ISA path each kernel dispatched to, measured roofs, and this machine's
 * projected decode bound with its calibration. The rest of the report (kernel cases and
 * audit verdicts per run) is the multi-run report (render.c, render_runs.c).
 */
#ifndef Q35_REPORT_RENDER_FLEET_H
#define Q35_REPORT_RENDER_FLEET_H

#include "base/text_buf.h"
#include "fleet/fleet_tasks.h"
#include "report_config.h"
#include "run_data.h"

/* runs are the loaded runs of the tasks (fleet_task.run_index points into them). */
void render_fleet(text_buf *b, const run_data *runs, size_t n_runs, const report_config *rc,
                  const fleet_tasks *ft);

#endif
