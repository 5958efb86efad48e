#include "qparams.h"

#include <stdio.h>
#include <string.h>

const char *const quant_scales_names[] = {"default", "shared", "split", NULL};
const char *const quant_symmetry_names[] = {"default", "symmetric", "asymmetric", NULL};
const char *const quant_scale_type_names[] = {"default", "fp32", "fp16", NULL};
const char *const quant_dequant_names[] = {"correct", "seed", NULL};

int qparams_resolve(const char *kernel, const quant_params *qp, const qparams_defaults *d,
                    size_t k, qparams *out, kernel_error *err) {
    memset(out, 0, sizeof *out);
    quant_scheme *s = &out->scheme;
    s->bits_even = d->bits_even;
    s->bits_odd = d->bits_odd;

    int g = qp->group_size;
    if (g == QUANT_GROUP_DEFAULT) g = d->group;
    else if (g == QUANT_GROUP_PER_CHANNEL) g = 0;
    if (g < 0 || (g > 0 && (g % 2 != 0 || (size_t)g % d->group_multiple != 0))) {
        snprintf(err->msg, sizeof err->msg,
                 "%s: group_size %d is not supported; expected 'channel' or an even number "
                 "of weights that is a multiple of %zu",
                 kernel, qp->group_size, d->group_multiple);
        return -1;
    }
    s->group = (size_t)g;

    switch (qp->scales) {
    case QUANT_SCALES_DEFAULT: s->split = d->split; break;
    case QUANT_SCALES_SHARED: s->split = false; break;
    case QUANT_SCALES_SPLIT: s->split = true; break;
    default:
        snprintf(err->msg, sizeof err->msg, "%s: unknown scales option %d", kernel,
                 (int)qp->scales);
        return -1;
    }
    switch (qp->symmetry) {
    case QUANT_SYMMETRY_DEFAULT: s->symmetric = d->symmetric; break;
    case QUANT_SYMMETRIC: s->symmetric = true; break;
    case QUANT_ASYMMETRIC: s->symmetric = false; break;
    default:
        snprintf(err->msg, sizeof err->msg, "%s: unknown symmetry option %d", kernel,
                 (int)qp->symmetry);
        return -1;
    }
    switch (qp->scale_type) {
    case QUANT_SCALE_TYPE_DEFAULT: s->fp16_params = d->fp16; break;
    case QUANT_SCALE_FP32: s->fp16_params = false; break;
    case QUANT_SCALE_FP16: s->fp16_params = true; break;
    default:
        snprintf(err->msg, sizeof err->msg, "%s: unknown scale_type option %d", kernel,
                 (int)qp->scale_type);
        return -1;
    }
    if (qp->dequant != QUANT_DEQUANT_CORRECT && qp->dequant != QUANT_DEQUANT_SEED) {
        snprintf(err->msg, sizeof err->msg, "%s: unknown dequant option %d", kernel,
                 (int)qp->dequant);
        return -1;
    }
    out->dequant = qp->dequant;
    const char *why = quant_scheme_check(s);
    if (why) {
        snprintf(err->msg, sizeof err->msg, "%s: %s", kernel, why);
        return -1;
    }
    out->groups = quant_groups(s, k);
    out->parts = quant_parts(s);
    return 0;
}

void qparams_describe(const qparams *p, char *buf, size_t len) {
    const quant_scheme *s = &p->scheme;
    char group[32];
    if (s->group == 0) snprintf(group, sizeof group, "channel");
    else snprintf(group, sizeof group, "%zu", s->group);
    snprintf(buf, len, "group=%s scales=%s %s %s dequant=%s", group,
             s->split ? "split" : "shared", s->fp16_params ? "fp16" : "fp32",
             s->symmetric ? "symmetric" : "asymmetric",
             p->dequant == QUANT_DEQUANT_SEED ? "seed" : "correct");
}

size_t qparams_bytes_per_channel(const qparams *p) {
    size_t per_param = p->scheme.fp16_params ? 2 : 4;
    size_t params = p->scheme.symmetric ? 1 : 2;
    return p->groups * p->parts * params * per_param;
}
