/*
 * Output error: Y = X W^T on a sample of output channels (rows of W) of a quality matrix,
 * compared with Y_ref, the FP64 product of the FP32 activations and the FP32 weights.
 *   - through a registered kernel and the kernel contract (kernels/kernel.h): pack, run (with
 *     the kernel's own INT8 activation quantization where it does that), free;
 *   - weight only: the FP64 product of X and the weights dequantized by formats/quant.h.
 * A kernel that is not in this build, cannot run on this CPU, or refuses the parameters is
 * reported as n/a with the reason; nothing here aborts.
 */
#ifndef Q35_QOUTPUT_H
#define Q35_QOUTPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "kernels/kernel.h"
#include "qdist.h"
#include "qmetrics.h"

typedef struct qout_case {
    size_t rows, m, k;
    float *w;      /* rows x k: rows qpass_row_index(N, rows, i) of the matrix */
    float *x;      /* m x k, N(0, 1) from stream "quality:X:MxK" */
    double *yref;  /* m x rows */
    qmoments yref_moments;
} qout_case;

int qout_prepare(qout_case *c, const qdist_gen *g, size_t rows, size_t m, uint64_t seed,
                 int threads);
void qout_release(qout_case *c);

typedef struct qout_kernel_result {
    bool ok;
    double nrmse_pct;
    char reason[320]; /* why n/a */
    char isa[64], params[256];
    double kernel_bpw;
    bool dequant_compared;  /* the kernel's dequantized weights were compared with quant.h's */
    double dequant_max_diff; /* max |kernel dequant - quant.h dequant| */
} qout_kernel_result;

/* The case's rows as the scheme stores them (rows x k), through formats/quant.h. Returns 0,
 * or -1 when out of memory. */
int qout_dequant(const qout_case *c, const qc_scheme *s, const quant_search *search,
                 int threads, float *wq);
/* Weight-only output NRMSE for dequantized rows wq; false when n/a (std of Y_ref is 0) or
 * out of memory. */
bool qout_weight_only(const qout_case *c, const float *wq, int threads, double *nrmse_pct);

/* Runs kernel `name` with parameters qp. If reference_w (rows x k) is given, the kernel's
 * dequantized weights are compared with it. If dequant_out is given (rows x k), the
 * kernel's dequantized weights are copied there (when ok). */
void qout_kernel(const qout_case *c, const char *name, const quant_params *qp, int threads,
                 const float *reference_w, float *dequant_out, qout_kernel_result *r);

/* NRMSE (percent) of y (count values) against a reference with moments ref_m; false when
 * n/a. */
bool qout_nrmse(const double *ref, const float *y, size_t count, qmoments ref_m, double *pct);

#endif
