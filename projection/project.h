/*
 * The `project` step: loads every device and model config, resolves this host's measured
 * figures from the run's metrics.roofline.tsv, computes model sizes per format, the
 * projection for every device x model x format, and the calibration against bench.tsv,
 * and renders the results (projection.json, projection*.tsv, metrics.projection.tsv).
 */
#ifndef Q35_PROJECT_H
#define Q35_PROJECT_H

#include <stdbool.h>

#include "harness/bench_tsv.h"
#include "calibration.h"
#include "device_config.h"
#include "base/metrics_read.h"
#include "model_config.h"
#include "projection.h"
#include "weight_formats.h"

typedef struct project_run {
    device_config *devices;
    size_t n_devices;
    model_config *models;
    size_t n_models;
    double context;
    bool use_kernels;
    const metric_table *roof; /* NULL when the run has no metrics.roofline.tsv */
    char roof_note[400];       /* where the measured figures came from, or why not */
    const bench_table *bench;  /* NULL when the run has no bench.tsv */
    char bench_note[400];
    const model_config *calibration_model;
    const metric_table *decode; /* the run's metrics.decode.tsv, or NULL */
    const model_config *decode_models; /* every model config, projected or not */
    size_t n_decode_models;
    /* results */
    model_format_size *sizes;   /* [model][format] */
    projection *proj;           /* [device][model][format] */
    calibration *cal;
    size_t n_cal;
    decode_calibration *dcal; /* against the measured decode */
    size_t n_dcal;
} project_run;

/* Loads every *.ini of a directory, sorted by name. Returns 0 (Q35_OK), or Q35_ERR_INPUT (base/error.h) with the error. */
int project_load_devices(const char *dir, device_config **out, size_t *n, char *err, size_t len);
int project_load_models(const char *dir, model_config **out, size_t *n, char *err, size_t len);
/* The models to project (every one but those with `project = no`), copied from all[n_all]
 * into a new array. Returns 0, or -1 when out of memory. */
int project_select_models(const model_config *all, size_t n_all, model_config **out, size_t *n);

/* Computes sizes, projections and calibration (the inputs must be set). 0 or -1 (memory). */
int project_compute(project_run *p);
void project_free_results(project_run *p);

const model_format_size *project_size(const project_run *p, size_t model, size_t format);
const projection *project_at(const project_run *p, size_t device, size_t model, size_t format);

char *project_json(const project_run *p);
char *project_models_tsv(const project_run *p);
char *project_tsv(const project_run *p);
char *project_devices_tsv(const project_run *p);
char *project_calibration_tsv(const project_run *p);
char *project_metrics(const project_run *p);

#endif
