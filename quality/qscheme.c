#include "qscheme.h"

#include <stdlib.h>

#include "formats/half.h"
#include "formats/quant_search.h"
#include "kernels/cpu_features.h"
#include "kernels/half_convert.h"

int qscheme_work_init(qscheme_work *ws, size_t k) {
    ws->k = k;
    ws->codes = malloc(k ? k : 1);
    ws->scale = malloc((k + 2) * sizeof *ws->scale);
    ws->zero = malloc((k + 2) * sizeof *ws->zero);
    ws->half = malloc((k ? k : 1) * sizeof *ws->half);
    uint64_t features = cpu_features();
    ws->fp16 = half_codec_select(HALF_FP16, features);
    ws->bf16 = half_codec_select(HALF_BF16, features);
    if (ws->codes && ws->scale && ws->zero && ws->half) return 0;
    qscheme_work_free(ws);
    return -1;
}

void qscheme_work_free(qscheme_work *ws) {
    free(ws->codes);
    free(ws->scale);
    free(ws->zero);
    free(ws->half);
    ws->codes = NULL;
    ws->scale = ws->zero = NULL;
    ws->half = NULL;
}

void qscheme_apply(const qc_scheme *s, const quant_search *search, const float *w, size_t k,
                   float *out, qscheme_work *ws, size_t *clipped) {
    *clipped = 0;
    switch (s->type) {
    case QS_FP16:
    case QS_BF16: {
        const half_codec *c = s->type == QS_FP16 ? ws->fp16 : ws->bf16;
        c->from_f32(w, ws->half, k);
        c->to_f32(ws->half, out, k);
        return;
    }
    case QS_UNIFORM: break;
    }
    quant_stats st = {0};
    float *zero = s->q.symmetric ? NULL : ws->zero;
    if (s->search) quant_row_search(&s->q, search, w, k, ws->codes, ws->scale, zero, &st);
    else quant_row(&s->q, w, k, ws->codes, ws->scale, zero, &st);
    dequant_row(&s->q, ws->codes, ws->scale, zero, k, out);
    *clipped = st.clipped;
}

double qscheme_bpw(const qc_scheme *s, size_t k) {
    if (s->type != QS_UNIFORM) return 16.0;
    double bpw = quant_bits_per_weight(&s->q, k);
    if (s->code_storage_bits > 0 && k > 0) {
        size_t odd = k / 2, even = k - odd;
        double code_bits =
            ((double)even * s->q.bits_even + (double)odd * s->q.bits_odd) / (double)k;
        bpw += s->code_storage_bits - code_bits;
    }
    return bpw;
}

quant_params qscheme_kernel_params(const qc_scheme *s) {
    quant_params qp = {0};
    if (s->type != QS_UNIFORM) return qp;
    qp.group_size = s->q.group == 0 ? QUANT_GROUP_PER_CHANNEL : (int)s->q.group;
    if (s->q.bits_even != s->q.bits_odd) qp.scales = s->q.split ? QUANT_SCALES_SPLIT : QUANT_SCALES_SHARED;
    qp.symmetry = s->q.symmetric ? QUANT_SYMMETRIC : QUANT_ASYMMETRIC;
    qp.scale_type = s->q.fp16_params ? QUANT_SCALE_FP16 : QUANT_SCALE_FP32;
    qp.dequant = QUANT_DEQUANT_CORRECT;
    return qp;
}
