/*
 * Calibrating the projection model on this machine: one LLaMA-70B decoder layer's seven
 * matrix products (q, k, v, o, gate, up, down) at M = 1, timed by the bench step
 * (bench.tsv medians, matched to the model's matrices by their N x K, so v, o and gate
 * use the k, q and up rows when the suite timed one of each pair), extrapolated to all
 * layers plus the LM head, against the model's prediction for this machine: measured
 * read bandwidth (roofline.stream.read.best.gbps, the figure this-machine.ini uses; else
 * the one at the rows' thread count) / bytes per token, bytes being what the kernels' own
 * cost models say each call moves.
 *   model_error_pct = (predicted - extrapolated) / extrapolated x 100
 * (positive: the bandwidth model promises more than the kernels deliver).
 * Per format, the kernel and thread count used are the fastest complete set of rows (one
 * kernel, one thread count) - the most the format was seen to do, as the bandwidth is the
 * most the memory was seen to do.
 */
#ifndef Q35_CALIBRATION_H
#define Q35_CALIBRATION_H

#include <stdbool.h>

#include "harness/bench_tsv.h"
#include "base/metrics_read.h"
#include "model_config.h"

#define CALIBRATION_PARTS 8 /* 7 layer matrices + the LM head */

typedef struct calibration_part {
    const char *matrix; /* "q_proj", ..., "lm_head" */
    double n, k, count;
    char shape[64];     /* bench shape whose row was used */
    double median_s, bytes_moved;
} calibration_part;

typedef struct calibration {
    char format[32];
    bool measured;  /* a complete set of rows was found */
    bool predicted; /* and the bandwidth too */
    char note[300];
    char kernel[64];
    int threads;
    calibration_part parts[CALIBRATION_PARTS];
    double layer_s, lm_head_s, token_s, tok_s_extrapolated;
    double bytes_per_token, bandwidth_gbps;
    char bandwidth_id[96];
    double tok_s_predicted, error_pct;
} calibration;

/* bt and roof may be NULL (then the note says what is missing). */
void calibrate_format(const bench_table *bt, const model_config *m, const char *format,
                      const metric_table *roof, calibration *out);

/*
 * Calibrating against an end-to-end decode (the decode step's metrics.decode.tsv): for every
 * model x format x thread count with a measured tg tok/s,
 *   predicted     the projection's model for this machine: the bandwidth this-machine.ini
 *                 uses (roofline.stream.read.best.gbps) / the bytes the decode reads per
 *                 generated token (decode.<model>.<format>.bytes_per_token)
 *   extrapolated  the matrix products alone, from bench.tsv as above: layers x the seven
 *                 layer products + the LM head, with the kernel that ran every matrix of the
 *                 decode (decode.<model>.<format>.matrices.<kernel>) at the same thread count;
 *                 NAN with the reason when bench.tsv lacks a shape or the decode mixed kernels
 *   errors        (predicted - measured) / measured x 100, (extrapolated - measured) / measured
 *                 x 100: positive = the model promises more than the decode delivers
 */
typedef struct decode_calibration {
    char model[64], format[64], kernel[64];
    int threads;
    double measured, lo, hi; /* tg tok/s and its interval */
    double bytes_per_token, bandwidth_gbps;
    char bandwidth_id[96];
    double predicted, prediction_error_pct;
    double extrapolated, extrapolation_error_pct;
    char note[300]; /* why predicted or extrapolated is NAN */
} decode_calibration;

/* Fills up to max entries from the decode metrics (models: every loaded model config, with
 * or without projections); returns how many. bt and roof may be NULL. */
size_t calibrate_decode(const metric_table *decode, const model_config *models, size_t n_models,
                        const bench_table *bt, const metric_table *roof,
                        decode_calibration *out, size_t max);

#endif
