/*
 * llama.cpp's quantizers in the quality step, measured on the same weights as ours: for
 * every distribution and distinct shape, `peer_rows` rows (evenly spaced, as our sampled
 * passes choose them) are quantized once with ggml's own quantizer (ggml_quantize_chunk,
 * no importance matrix) and dequantized with ggml's to_float. The weight error is computed
 * as ours (quality/qmetrics.h); the output error as our weight-only one (quality/qoutput.h):
 * the FP64 product of activations drawn as the output sample's with the dequantized rows,
 * against the FP32 rows' product, on these same rows. Bits per weight are ggml's row sizes.
 *
 * Types: q2_K, q3_K, iq3_xxs, iq3_s, q4_0, iq4_xs, q4_K, q5_K, q6_K, q8_0; iq2_xxs, iq2_xs,
 * iq2_s, iq1_s and iq1_m are listed with the reason they are not measured (ggml requires an
 * importance matrix to quantize them). Without the library every type says why.
 */
#ifndef Q35_QGGML_H
#define Q35_QGGML_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "qdist.h"
#include "qmetrics.h"

struct quality_results;

#define QG_MAX_TYPES 16

typedef struct qggml_cell {
    qerr err;
    qmoments w;
    size_t rows;
    bool wonly_ok;
    double wonly_pct;
    size_t out_rows;
    double bpw;
} qggml_cell;

typedef struct qggml_type {
    int type;
    char id[32];      /* "ggml_q4_k": metric ids and tables */
    const char *name; /* ggml's name, "q4_K" */
    bool ok;          /* measured */
    char why[400];    /* why not */
} qggml_type;

typedef struct qggml_results {
    bool enabled;   /* the config asks for peers (peer_rows > 0) */
    bool loaded;    /* the library is there */
    char why[1024]; /* why not, when enabled and not loaded */
    char library[700];
    size_t rows;    /* rows per shape */
    size_t n_types;
    qggml_type types[QG_MAX_TYPES];
    qggml_cell *cells; /* [type][dist][shape] */
    double seconds;
} qggml_results;

/* Sets up the peers of a run (after the results' config and mode are known). Returns 0, or
 * -1 when out of memory. */
int qggml_begin(struct quality_results *res);
/* Weight and output error of every type on one distribution and distinct shape. Returns 0,
 * or -1 when out of memory. */
int qggml_weights(struct quality_results *res, const qdist_gen *g, size_t dist, size_t shape);
/* Copies the results of a shape to the shapes with the same dimensions. */
void qggml_finish(struct quality_results *res);
void qggml_free(struct quality_results *res);

qggml_cell *qggml_cell_at(const struct quality_results *res, size_t type, size_t dist,
                          size_t shape);
/* Mean over the seed shapes of a cell value; false when n/a. */
bool qggml_mean(const struct quality_results *res, size_t type, size_t dist, int what,
                double *out);
enum { QG_WEIGHT_NRMSE, QG_SQNR, QG_OUTPUT_WONLY, QG_BPW };

/* The table "peers" (quality.peers.tsv), the metrics rows and the JSON object. */
struct text_buf;
void qggml_table(struct text_buf *b, const struct quality_results *res);
void qggml_metrics(struct text_buf *b, const struct quality_results *res);
cJSON *qggml_json(const struct quality_results *res);

#endif
