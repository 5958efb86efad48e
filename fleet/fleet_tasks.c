#include "fleet_tasks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int fleet_tasks_load(const char *path, fleet_tasks *ft, char *err, size_t len) {
    memset(ft, 0, sizeof *ft);
    if (tsv_read(path, &ft->tab, err, len)) return -1;
    static const char *const cols[] = {"job",  "task",   "target", "selection", "node",
                                       "state", "exit", "reason", "run",       NULL};
    if (tsv_require(&ft->tab, cols, err, len)) goto fail;
    if (ft->tab.n_rows == 0) {
        snprintf(err, len, "%s: no tasks; expected one row per array task", path);
        goto fail;
    }
    ft->tasks = calloc(ft->tab.n_rows, sizeof *ft->tasks);
    if (!ft->tasks) {
        snprintf(err, len, "out of memory");
        goto fail;
    }
    int c[9];
    for (int k = 0; k < 9; k++) c[k] = tsv_column(&ft->tab, cols[k]);
    for (size_t i = 0; i < ft->tab.n_rows; i++) {
        fleet_task *t = &ft->tasks[i];
        const char **f[9] = {&t->job,   &t->task,      &t->target, &t->selection, &t->node,
                             &t->state, &t->exit_code, &t->reason, &t->run};
        for (int k = 0; k < 9; k++) *f[k] = tsv_cell(&ft->tab, i, c[k]);
        t->run_index = -1;
        if (!t->target[0] || !t->state[0] || !t->run[0]) {
            snprintf(err, len, "%s:%d: empty target, state or run; expected '-' for none", path,
                     ft->tab.line[i]);
            goto fail;
        }
    }
    ft->n = ft->tab.n_rows;
    return 0;
fail:
    fleet_tasks_free(ft);
    return -1;
}

void fleet_tasks_free(fleet_tasks *ft) {
    free(ft->tasks);
    tsv_free(&ft->tab);
    memset(ft, 0, sizeof *ft);
}
