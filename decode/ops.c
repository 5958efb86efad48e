#include "ops.h"

#include <math.h>

void op_rmsnorm(float *out, const float *x, const float *g, size_t n, float eps) {
    float ss = 0.0f;
#pragma omp simd reduction(+ : ss)
    for (size_t i = 0; i < n; i++) ss += x[i] * x[i];
    float inv = 1.0f / sqrtf(ss / (float)n + eps);
#pragma omp simd
    for (size_t i = 0; i < n; i++) out[i] = x[i] * inv * g[i];
}

void op_swiglu(float *gate, const float *up, size_t n) {
    for (size_t i = 0; i < n; i++) gate[i] = gate[i] / (1.0f + expf(-gate[i])) * up[i];
}

void op_add(float *x, const float *y, size_t n) {
#pragma omp simd
    for (size_t i = 0; i < n; i++) x[i] += y[i];
}

size_t op_argmax(const float *v, size_t n) {
    size_t best = 0;
    for (size_t i = 1; i < n; i++)
        if (v[i] > v[best]) best = i;
    return best;
}

void op_softmax(float *v, size_t n) {
    float mx = v[0];
    for (size_t i = 1; i < n; i++) mx = v[i] > mx ? v[i] : mx;
    float sum = 0.0f;
    for (size_t i = 0; i < n; i++) {
        v[i] = expf(v[i] - mx);
        sum += v[i];
    }
    float inv = 1.0f / sum;
#pragma omp simd
    for (size_t i = 0; i < n; i++) v[i] *= inv;
}

float op_dot(const float *a, const float *b, size_t n) {
    float s = 0.0f;
#pragma omp simd reduction(+ : s)
    for (size_t i = 0; i < n; i++) s += a[i] * b[i];
    return s;
}

void op_axpy(float *y, float a, const float *x, size_t n) {
#pragma omp simd
    for (size_t i = 0; i < n; i++) y[i] += a * x[i];
}
