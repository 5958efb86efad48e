/*
 * The element-wise parts of a LLaMA layer, in portable C that the compiler vectorises
 * (`omp simd` marks the reductions it may reorder). Each works on one token's row.
 */
#ifndef Q35_DECODE_OPS_H
#define Q35_DECODE_OPS_H

#include <stddef.h>

/* out = x / sqrt(mean(x^2) + eps) * g (out may be x). */
void op_rmsnorm(float *out, const float *x, const float *g, size_t n, float eps);
/* gate = silu(gate) * up, silu(v) = v / (1 + exp(-v)): the SwiGLU activation. */
void op_swiglu(float *gate, const float *up, size_t n);
/* x += y: the residual connection. */
void op_add(float *x, const float *y, size_t n);
/* Index of the largest value (the first one on ties): the greedy next token. */
size_t op_argmax(const float *v, size_t n);
/* v = softmax(v) over n values, in place. */
void op_softmax(float *v, size_t n);
/* sum a[i] * b[i] */
float op_dot(const float *a, const float *b, size_t n);
/* y += a * x */
void op_axpy(float *y, float a, const float *x, size_t n);

#endif
