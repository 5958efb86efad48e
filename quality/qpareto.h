/* Bits/weight vs error pairs for the Pareto plot: every scheme (means over the seeds'
 * shapes), every sweep point, llama.cpp's formats measured in this run (quality/qggml.h)
 * and every cited reference point (a cross-check), per distribution. */
#ifndef Q35_QPARETO_H
#define Q35_QPARETO_H

#include <stdbool.h>
#include <stddef.h>

#include "qrun.h"

typedef enum { QP_SCHEME, QP_SWEEP, QP_REFERENCE, QP_PEER } qp_kind;

typedef struct qpareto_point {
    qp_kind kind;
    char dist[64];
    char id[128];
    char label[160];
    double bpw, nrmse_pct;
    bool measured; /* false: cited, not measured by this run */
    bool pareto;   /* Pareto-optimal among the measured points of its distribution */
    char source[256];
} qpareto_point;

/* Returns a malloc'd array (count in *n), or NULL when out of memory. */
qpareto_point *qpareto_points(const quality_results *r, size_t *n);
const char *qpareto_kind_name(qp_kind k);

#endif
