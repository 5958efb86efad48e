/* The oracle: Y = X W^T with every product and sum in double precision. */
#ifndef Q35_REF_F64_H
#define Q35_REF_F64_H

#include <stddef.h>

/* y (M x N, double) = x (M x K) * w^T (w is N x K); runs over `threads` OpenMP threads. The
 * sum over k runs in order, so the result does not depend on the thread count. */
void ref_f64_gemm(const float *x, const float *w, size_t m, size_t n, size_t k, double *y,
                  int threads);

#endif
