/*
 * The task table of a fleet, fleet.tasks.tsv, written by `./run.sh fleet report`
 * (scripts/fleet.sh) from Slurm's view of the array job and the run directories: one row
 * per array task with its target, Slurm state and reason, and its sealed run or '-'.
 * `q35bench report --fleet FILE` renders the runs it names side by side.
 */
#ifndef Q35_REPORT_FLEET_TASKS_H
#define Q35_REPORT_FLEET_TASKS_H

#include <stddef.h>

#include "base/tsv.h"

typedef struct fleet_task {
    /* cells of the table; "-" where Slurm or the run directory gave nothing */
    const char *job, *task, *target, *selection, *node, *state, *exit_code, *reason, *run;
    int run_index; /* index of its run among the loaded runs, or -1 (no sealed run) */
} fleet_task;

typedef struct fleet_tasks {
    tsv_table tab;
    fleet_task *tasks;
    size_t n;
} fleet_tasks;

/* Reads path; returns 0, or -1 with "path[:line]: reason" in err. */
int fleet_tasks_load(const char *path, fleet_tasks *ft, char *err, size_t len);
void fleet_tasks_free(fleet_tasks *ft);

#endif
