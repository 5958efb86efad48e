#include "memory_plan.h"

#include <math.h>
#include <stdio.h>

#include "attention.h"
#include "engine.h"
#include "base/system_info.h"
#include "projection/weight_formats.h"

#define GIB 1073741824.0

int decode_memory_plan(const decode_shape *s, const kernel *const kernels[MAT_COUNT],
                       size_t context, size_t max_batch, int max_threads, bool kv_fp16,
                       double limit, decode_memory *out, char *err, size_t len) {
    *out = (decode_memory){0};
    size_t largest = 0;
    format_cost costs[MAT_COUNT];
    for (int r = 0; r < MAT_COUNT; r++) {
        size_t n, k, n2, k2;
        decode_matrix_dims(s, (decode_matrix_role)r, &n, &k);
        quant_params qp = {0};
        format_cost *c = &costs[r];
        char why[300];
        int same = -1; /* an earlier role with the same kernel and K: its probe serves */
        for (int q = 0; q < r && same < 0; q++) {
            decode_matrix_dims(s, (decode_matrix_role)q, &n2, &k2);
            if (kernels[q] == kernels[r] && k2 == k) same = q;
        }
        if (same >= 0) *c = costs[same];
        else if (kernel_row_cost(kernels[r], &qp, k, c, why, sizeof why)) {
            snprintf(err, len, "%s: kernel %s: %s", decode_matrix_names[r], kernels[r]->name, why);
            return -1;
        }
        out->weights += (c->fixed + c->per_row * (double)n) * (double)decode_matrix_count(s, (decode_matrix_role)r);
        if (n * k > largest) largest = n * k;
    }
    out->weights += (2.0 * (double)s->layers + 1.0) * (double)s->hidden * sizeof(float);
    out->scratch = (double)largest * sizeof(float);
    out->kv_cache = kv_cache_bytes(s, context, kv_fp16);
    out->buffers = decode_engine_buffer_bytes(s, context, max_batch, max_threads);
    out->need = out->weights + out->scratch + out->kv_cache + out->buffers;
    out->available = system_memory_available_bytes();
    out->limit = limit;
    out->budget = out->available > 0 && out->available < limit ? out->available : limit;
    out->fits = out->need <= out->budget;
    return 0;
}

void decode_memory_describe(const decode_memory *m, char *buf, size_t len) {
    char lim[64] = "no limit";
    if (isfinite(m->limit)) snprintf(lim, sizeof lim, "limit %.3g GiB", m->limit / GIB);
    snprintf(buf, len,
             "needs %.3g GiB (weights %.3g, scratch %.3g, KV cache %.3g, buffers %.3g) %s budget "
             "%.3g GiB (MemAvailable %.3g GiB, %s)",
             m->need / GIB, m->weights / GIB, m->scratch / GIB, m->kv_cache / GIB,
             m->buffers / GIB, m->fits ? "<=" : ">", m->budget / GIB, m->available / GIB, lim);
}
