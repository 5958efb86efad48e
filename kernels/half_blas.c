/* Shared implementation of fp16_blas and bf16_blas; see kernels/half_blas.h. */
#include "half_blas.h"

#include <cblas.h>
#include <dlfcn.h>
#include <limits.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu_features.h"
#include "formats/half.h"
#include "weights_alloc.h"

/* FP32 panel sizes in floats: about 128 KiB for the matrix-vector product (sgemv streams
 * the panel once, so it only has to stay in L2 between conversion and use) and 1 MiB for
 * M > 1 (sgemm packs X once per call, so larger panels amortise that). */
#define PANEL_FLOATS_GEMV (32u * 1024u)
#define PANEL_FLOATS_GEMM (256u * 1024u)
#define KC_MAX 8192u

typedef void (*sbgemm_fn)(enum CBLAS_ORDER, enum CBLAS_TRANSPOSE, enum CBLAS_TRANSPOSE,
                          blasint, blasint, blasint, float, const bfloat16 *, blasint,
                          const bfloat16 *, blasint, float, float *, blasint);

typedef struct half_weights {
    size_t n, k;
    half_kind kind;
    uint16_t *w;        /* N x K, row-major, 64-byte aligned */
    size_t w_bytes;     /* allocated bytes of w */
    const half_codec *codec;
    sbgemm_fn sbgemm;   /* non-NULL: the sbgemm path runs */
    int last_threads;   /* thread count of the last run(), for describe() */
} half_weights;

static const half_weights *hw_of(const kernel_weights *pw) {
    return (const half_weights *)(const void *)pw;
}

void half_blas_blocking(size_t n, size_t k, size_t m, size_t *rb, size_t *kc) {
    size_t budget = m <= 1 ? PANEL_FLOATS_GEMV : PANEL_FLOATS_GEMM;
    size_t c = k < KC_MAX ? k : KC_MAX;
    if (c == 0) c = 1;
    size_t r = budget / c;
    if (r == 0) r = 1;
    if (r > n) r = n ? n : 1;
    *rb = r;
    *kc = c;
}

static sbgemm_fn sbgemm_lookup(void) {
    void *self = dlopen(NULL, RTLD_NOW);
    if (!self) return NULL;
    sbgemm_fn f;
    void *sym = dlsym(self, "cblas_sbgemm");
    memcpy(&f, &sym, sizeof f); /* POSIX: object pointer to function pointer */
    dlclose(self);
    return sym ? f : NULL;
}

bool half_blas_sbgemm_exported(void) { return sbgemm_lookup() != NULL; }

static bool sbgemm_usable(half_kind kind, uint64_t features) {
    return kind == HALF_BF16 && (features & CPU_FEATURE_AVX512BF16) && sbgemm_lookup();
}

const char *half_blas_isa(half_kind kind) {
    uint64_t f = cpu_features();
    const half_codec *c = half_codec_select(kind, f);
    bool sb = sbgemm_usable(kind, f);
    static const char *const names[][2] = {
        {"c+sgemm", "c+sbgemm"},
        {"avx2+sgemm", "avx2+sbgemm"},
        {"avx512+sgemm", "avx512+sbgemm"},
        {"avx512bf16+sgemm", "avx512bf16+sbgemm"},
    };
    static const char *const codec_names[] = {"c", "avx2", "avx512", "avx512bf16"};
    for (size_t i = 0; i < 4; i++)
        if (strcmp(c->name, codec_names[i]) == 0) return names[i][sb];
    return "unknown";
}

kernel_weights *half_blas_pack(half_kind kind, const float *w, size_t n, size_t k,
                               kernel_error *err) {
    const char *fmt = kind == HALF_FP16 ? "FP16" : "BF16";
    if (n > INT_MAX || k > INT_MAX) { /* blasint is 32-bit in Debian's OpenBLAS */
        snprintf(err->msg, sizeof err->msg,
                 "%zu x %zu exceeds OpenBLAS's 32-bit dimensions (at most %d)", n, k, INT_MAX);
        return NULL;
    }
    half_weights *hw = calloc(1, sizeof *hw);
    size_t bytes = n * k * sizeof(uint16_t);
    size_t rounded = (bytes + 63) / 64 * 64;
    if (rounded == 0) rounded = 64;
    if (hw) hw->w = weights_alloc(rounded);
    if (!hw || !hw->w) {
        snprintf(err->msg, sizeof err->msg, "out of memory for %zu x %zu %s weights", n, k, fmt);
        free(hw);
        return NULL;
    }
    uint64_t f = cpu_features();
    hw->n = n;
    hw->k = k;
    hw->kind = kind;
    hw->w_bytes = rounded;
    hw->codec = half_codec_select(kind, f);
    hw->sbgemm = sbgemm_usable(kind, f) ? sbgemm_lookup() : NULL;
    memset((char *)hw->w + bytes, 0, rounded - bytes);
    /* Rows are independent; the conversion is exact whatever the thread count. */
#pragma omp parallel for schedule(static)
    for (int64_t j = 0; j < (int64_t)n; j++)
        hw->codec->from_f32(w + (size_t)j * k, hw->w + (size_t)j * k, k);
    return (kernel_weights *)(void *)hw;
}

static size_t panel_stride_floats(size_t n, size_t k, size_t m) {
    size_t rb, kc;
    half_blas_blocking(n, k, m, &rb, &kc);
    return (rb * kc + 15) / 16 * 16; /* each thread's slice starts on a cache line */
}

size_t half_blas_workspace_bytes(const kernel_weights *pw, size_t m, int threads) {
    const half_weights *hw = hw_of(pw);
    if (hw->sbgemm) return m * hw->k * sizeof(uint16_t);
    return (size_t)(threads > 0 ? threads : 1) * panel_stride_floats(hw->n, hw->k, m) *
           sizeof(float);
}

static void run_sbgemm(const half_weights *hw, const float *x, size_t m, float *y, int threads,
                       uint16_t *xb) {
    blasint n = (blasint)hw->n, k = (blasint)hw->k;
    for (size_t i = 0; i < m; i++) hw->codec->from_f32(x + i * hw->k, xb + i * hw->k, hw->k);
    if (openblas_get_num_threads() != threads) openblas_set_num_threads(threads);
    hw->sbgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (blasint)m, n, k, 1.0f, xb, k, hw->w,
               k, 0.0f, y, n);
}

void half_blas_run(const kernel_weights *pw, const float *x, size_t m, float *y, int threads,
                   void *workspace) {
    half_weights *hw = (half_weights *)(void *)pw; /* only last_threads is written */
    hw->last_threads = threads;
    size_t n = hw->n, k = hw->k;
    if (m == 0 || n == 0) return;
    if (k == 0) { /* an empty sum */
        memset(y, 0, m * n * sizeof *y);
        return;
    }
    if (hw->sbgemm) {
        run_sbgemm(hw, x, m, y, threads, workspace);
        return;
    }
    /* Each thread calls BLAS on its own panel; BLAS itself stays single-threaded. */
    if (openblas_get_num_threads() != 1) openblas_set_num_threads(1);
    size_t rb, kc;
    half_blas_blocking(n, k, m, &rb, &kc);
    size_t stride = panel_stride_floats(n, k, m);
    int64_t blocks = (int64_t)((n + rb - 1) / rb);
    size_t panels = (k + kc - 1) / kc;
    const half_to_f32_fn to_f32 = hw->codec->to_f32;
    int team = (int64_t)threads < blocks ? threads : (int)blocks; /* no idle threads */
#pragma omp parallel num_threads(team)
    {
        float *panel = (float *)workspace + (size_t)omp_get_thread_num() * stride;
#pragma omp for schedule(dynamic, 4)
        for (int64_t b = 0; b < blocks; b++) {
            size_t r0 = (size_t)b * rb;
            size_t rows = n - r0 < rb ? n - r0 : rb;
            for (size_t p = 0; p < panels; p++) {
                size_t k0 = p * kc, cols = k - k0 < kc ? k - k0 : kc;
                for (size_t r = 0; r < rows; r++)
                    to_f32(hw->w + (r0 + r) * k + k0, panel + r * cols, cols);
                float beta = p == 0 ? 0.0f : 1.0f;
                if (m == 1)
                    cblas_sgemv(CblasRowMajor, CblasNoTrans, (blasint)rows, (blasint)cols, 1.0f,
                                panel, (blasint)cols, x + k0, 1, beta, y + r0, 1);
                else
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (blasint)m,
                                (blasint)rows, (blasint)cols, 1.0f, x + k0, (blasint)k, panel,
                                (blasint)cols, beta, y + r0, (blasint)n);
            }
        }
    }
}

void half_blas_dequantize(const kernel_weights *pw, size_t row0, size_t rows, float *w_out) {
    const half_weights *hw = hw_of(pw);
    hw->codec->to_f32(hw->w + row0 * hw->k, w_out, rows * hw->k);
}

void half_blas_dequantize_activations(const kernel_weights *pw, const float *x, size_t m,
                                      float *x_out) {
    const half_weights *hw = hw_of(pw);
    if (!hw->sbgemm) {
        memcpy(x_out, x, m * hw->k * sizeof *x);
        return;
    }
    for (size_t i = 0; i < m * hw->k; i++) x_out[i] = bf16_to_fp32(fp32_to_bf16(x[i]));
}

void half_blas_free(kernel_weights *pw) {
    half_weights *hw = (half_weights *)(void *)pw;
    if (!hw) return;
    free(hw->w);
    free(hw);
}

kernel_cost half_blas_cost(const kernel_weights *pw, size_t m) {
    const half_weights *hw = hw_of(pw);
    return kernel_cost_streamed((double)hw->w_bytes, m, hw->n, hw->k);
}

void half_blas_describe(const kernel_weights *pw, char *buf, size_t len) {
    const half_weights *hw = hw_of(pw);
    const char *kind = hw->kind == HALF_FP16 ? "fp16" : "bf16";
    if (hw->sbgemm) {
        snprintf(buf, len,
                 "storage=%s path=sbgemm (X rounded to bf16 in the call) openblas_threads=%d "
                 "openblas_core=%s",
                 kind, hw->last_threads, openblas_get_corename());
        return;
    }
    size_t rb1, kc1, rbm, kcm;
    half_blas_blocking(hw->n, hw->k, 1, &rb1, &kc1);
    half_blas_blocking(hw->n, hw->k, 2, &rbm, &kcm);
    snprintf(buf, len,
             "storage=%s codec=%s path=convert+sgemv(M=1)/sgemm(M>1) panel=%zux%zu(M=1) "
             "%zux%zu(M>1) omp_threads=%d openblas_threads=1 openblas_core=%s%s",
             kind, hw->codec->name, rb1, kc1, rbm, kcm, hw->last_threads,
             openblas_get_corename(),
             hw->kind == HALF_BF16 ? (half_blas_sbgemm_exported()
                                          ? " sbgemm=exported,cpu_lacks_avx512bf16"
                                          : " sbgemm=not_exported")
                                   : "");
}
