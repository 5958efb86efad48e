/*
 * The projection model: first-principles bounds for a model in a weight format on a
 * device, from the device's figures (configs/devices) and the model's architecture
 * (configs/models). Every number it produces is a projection, never a measurement.
 *
 *   weight bytes          every matrix in the format (weight_formats.h) + norm vectors
 *   bytes per token       what one batch-1 decode step must read: the 7 matrices of every
 *                         layer, the LM head and the norms in full, one embedding row, and
 *                         the KV cache of `context` tokens
 *   fits                  weight bytes <= one device's memory
 *   devices needed        ceil(weight bytes / memory per device) (weights only; with the KV
 *                         cache in devices_needed_with_kv)
 *   decode bound          devices x bandwidth / bytes per token: every device streams its
 *                         share at full bandwidth at once, no communication cost (an upper
 *                         bound for any split of the model)
 *   pipeline bound        bandwidth / bytes per token: a token passes through the devices
 *                         in sequence, one at a time (batch 1, pipeline split)
 *   single-device bound   one device alone: bandwidth / bytes per token when the weights fit;
 *                         otherwise the part that does not fit streams from host memory over
 *                         the host link every token, and the token takes at least the longer
 *                         of the two transfers (memory filled with weights, transfers
 *                         overlapped: the most favourable case)
 *   CPU bound             bandwidth the device's CPU cores alone reach / bytes per token (for
 *                         a system-on-chip whose memory bandwidth is shared with a GPU)
 *   prefill bound         devices x peak / operations per prompt token, operations = 2 x
 *                         the layers' matrix parameters + attention at context/2 on average
 *                         (the LM head runs once per prompt, not per token)
 * Peak: the INT8 figure for formats with INT8 activations, else FP16, else FP32.
 */
#ifndef Q35_PROJECTION_H
#define Q35_PROJECTION_H

#include <stdbool.h>

#include "device_config.h"
#include "model_config.h"
#include "weight_formats.h"

typedef struct model_format_size {
    double params;
    double weight_bytes;           /* the stored model */
    double weight_bytes_per_token; /* read per decode token */
    double bpw;                    /* weight_bytes * 8 / params */
    double kv_bytes_per_context_token;
    double prefill_flops_base;     /* per prompt token, without attention */
    double attention_flops_per_context_token;
    char source[300];              /* where the bytes per weight came from */
} model_format_size;

int model_format_size_compute(const model_config *m, const weight_format *f, bool use_kernels,
                              model_format_size *out);

/* A device's figures as plain numbers (NAN where not given or not resolved). */
typedef struct device_numbers {
    double memory_bytes;
    double bandwidth_bps; /* bytes per second */
    double cpu_bandwidth_bps, host_link_bps;
    double fp32_flops, fp16_flops, int8_ops; /* per second */
} device_numbers;

void device_numbers_from(const device_config *d, device_numbers *out);

typedef struct projection {
    double context;
    double weight_bytes_per_token, kv_bytes_per_token, bytes_per_token;
    bool fits;
    double devices_needed, devices_needed_with_kv;
    double aggregate_bandwidth_bps;
    double decode_tok_s_bound, decode_tok_s_bound_pipeline;
    double single_device_tok_s_bound, cpu_decode_tok_s_bound;
    const char *compute_figure; /* "int8_tops", "fp16_tflops", "fp32_tflops" or NULL */
    double compute_ops_per_s;   /* one device */
    double prefill_ops_per_token;
    double prefill_tok_s_bound;
    char note[256]; /* what is missing, when a bound is NAN */
} projection;

void projection_compute(const device_numbers *d, const model_format_size *s, bool int_compute,
                        double context, projection *out);

#endif
