#include "weight_formats.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/rng.h"
#include "kernels/registry.h"

#define CHANNEL_QP(sym, sc)                                                                  \
    {.group_size = QUANT_GROUP_PER_CHANNEL, .scales = (sc), .symmetry = (sym),               \
     .scale_type = QUANT_SCALE_FP32, .dequant = QUANT_DEQUANT_CORRECT}

const weight_format weight_formats[] = {
    {"fp16", "IEEE half weights, no scales", FORMAT_FP16, true, {0}, false, {0}, 0},
    {"int8", "8-bit symmetric codes, one FP32 scale per output channel", FORMAT_INT8, true,
     CHANNEL_QP(QUANT_SYMMETRIC, QUANT_SCALES_DEFAULT), true,
     {.bits_even = 8, .bits_odd = 8, .symmetric = true, .group = 0}, 0},
    {"int4_g128", "the seeds' INT4 accounting: 0.5 byte per weight + one FP32 scale per 128 weights",
     FORMAT_INT4, false, {0}, true, {.bits_even = 4, .bits_odd = 4, .symmetric = true, .group = 128}, 0},
    {"q35_seed_accounting",
     "the seeds' 3.5-bit accounting: 3.5/8 byte per weight + FP32 scale and offset per 128 weights",
     FORMAT_Q35, false, {0}, true, {.bits_even = 4, .bits_odd = 3, .symmetric = false, .group = 128}, 3.5},
    {"q35", "the seeds' byte format: one byte per pair (4+3 bits, bit 7 unused) + FP32 scale and offset per output channel",
     FORMAT_Q35, true, CHANNEL_QP(QUANT_ASYMMETRIC, QUANT_SCALES_SHARED), true,
     {.bits_even = 4, .bits_odd = 3, .symmetric = false, .group = 0}, 0},
    {"q35d", "the same 4+3-bit codes stored densely (3.5 bits/weight) + FP32 scale and offset per output channel",
     FORMAT_Q35D, true, CHANNEL_QP(QUANT_ASYMMETRIC, QUANT_SCALES_SHARED), true,
     {.bits_even = 4, .bits_odd = 3, .symmetric = false, .group = 0}, 0},
    {"int4_sym_channel", "the seeds' INT4: 4-bit symmetric codes + one FP32 scale per output channel",
     FORMAT_INT4, true, CHANNEL_QP(QUANT_SYMMETRIC, QUANT_SCALES_DEFAULT), true,
     {.bits_even = 4, .bits_odd = 4, .symmetric = true, .group = 0}, 0},
};
const size_t weight_format_count = sizeof weight_formats / sizeof weight_formats[0];

const weight_format *weight_format_find(const char *id) {
    for (size_t i = 0; i < weight_format_count; i++)
        if (strcmp(weight_formats[i].id, id) == 0) return &weight_formats[i];
    return NULL;
}

double weight_format_code_bits(const weight_format *f) {
    return f->accounting_code_bits > 0 ? f->accounting_code_bits : format_table[f->format].code_bits;
}

bool weight_format_int_compute(const weight_format *f) {
    return format_table[f->format].compute == COMPUTE_INT8;
}

double weight_format_formula_bpw(const weight_format *f, size_t k) {
    double code_bits = weight_format_code_bits(f);
    if (!f->has_scheme || k == 0) return code_bits;
    size_t odd = k / 2, even = k - odd;
    double scheme_codes = ((double)even * f->scheme.bits_even + (double)odd * f->scheme.bits_odd) / (double)k;
    double params = quant_bits_per_weight(&f->scheme, k) - scheme_codes;
    return code_bits + params;
}

/* One kernel's weight bytes for `rows` rows of K (-1 when it cannot pack them). */
static double kernel_bytes(const kernel *kn, const quant_params *qp, size_t rows, size_t k,
                           char *why, size_t len) {
    float *w = malloc(rows * k * sizeof *w);
    if (!w) {
        snprintf(why, len, "out of memory");
        return -1;
    }
    rng_fill_normal(w, rows * k, 42, rng_stream("projection:W"), 0.0f, 1.0f, 1);
    kernel_error err = {{0}};
    kernel_weights *pw = kn->pack(w, rows, k, qp, &err);
    free(w);
    if (!pw) {
        snprintf(why, len, "pack failed: %s", err.msg);
        return -1;
    }
    double bytes = kn->cost(pw, 1).weight_bytes;
    kn->free(pw);
    return bytes;
}

int kernel_row_cost(const kernel *kn, const quant_params *qp, size_t k, format_cost *out,
                    char *why, size_t len) {
    double b64 = kernel_bytes(kn, qp, 64, k, why, len);
    double b128 = b64 >= 0 ? kernel_bytes(kn, qp, 128, k, why, len) : -1;
    if (b64 < 0 || b128 < 0) return -1;
    out->per_row = (b128 - b64) / 64.0;
    out->fixed = b64 - 64.0 * out->per_row;
    snprintf(out->source, sizeof out->source,
             "kernel %s cost model (packed 64 and 128 rows of K = %zu)", kn->name, k);
    return 0;
}

typedef struct cache_entry {
    const weight_format *f;
    size_t k;
    bool use_kernels;
    format_cost cost;
} cache_entry;
static cache_entry cache[64];
static size_t cache_n;

int weight_format_cost(const weight_format *f, size_t k, bool use_kernels, format_cost *out) {
    for (size_t i = 0; i < cache_n; i++)
        if (cache[i].f == f && cache[i].k == k && cache[i].use_kernels == use_kernels) {
            *out = cache[i].cost;
            return 0;
        }
    memset(out, 0, sizeof *out);
    char tried[160] = "";
    if (use_kernels && f->kernel_cost) {
        for (size_t i = 0; i < kernel_count(); i++) {
            const kernel *kn = kernel_at(i);
            char why[256];
            if (kn->format != f->format) continue;
            if (!kernel_is_available(kn, why, sizeof why) || (kn->max_k && k > kn->max_k)) {
                snprintf(tried, sizeof tried, "; kernel %s: %.100s", kn->name,
                         kn->max_k && k > kn->max_k ? "K above its max_k" : why);
                continue;
            }
            if (kernel_row_cost(kn, &f->kernel_qp, k, out, why, sizeof why)) {
                snprintf(tried, sizeof tried, "; kernel %s: %.100s", kn->name, why);
                continue;
            }
            break;
        }
    }
    if (!out->source[0]) {
        out->fixed = 0.0;
        out->per_row = weight_format_formula_bpw(f, k) * (double)k / 8.0;
        snprintf(out->source, sizeof out->source,
                 "formula: %.4g code bits%s%s%s", weight_format_code_bits(f),
                 f->has_scheme ? " + scales/offsets per formats/quant.h quant_bits_per_weight" : "",
                 f->kernel_cost && use_kernels ? " (no registered kernel of format " : "",
                 f->kernel_cost && use_kernels ? format_name(f->format) : "");
        if (f->kernel_cost && use_kernels) {
            size_t len = strlen(out->source);
            snprintf(out->source + len, sizeof out->source - len, "%s)", tried);
        }
    }
    if (cache_n < sizeof cache / sizeof cache[0])
        cache[cache_n++] = (cache_entry){f, k, use_kernels, *out};
    return 0;
}
