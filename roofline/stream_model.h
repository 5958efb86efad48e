/*
 * The STREAM byte model (McCalpin): what each kernel reads and writes per element, in
 * 8-byte words. Traffic is counted as STREAM counts it: the words the kernel names, with
 * no write-allocate traffic for the stores (a cache that reads a line before writing it
 * moves more; the figures are then a lower bound on the traffic).
 *
 *   copy   c[j] = a[j]                 1 read  1 write   2 words
 *   scale  b[j] = s * c[j]             1 read  1 write   2 words
 *   add    c[j] = a[j] + b[j]          2 reads 1 write   3 words
 *   triad  a[j] = b[j] + s * c[j]      2 reads 1 write   3 words
 *   read   sum += a[j]                 1 read            1 word  (not in STREAM; the
 *                                                          read-only stream a kernel
 *                                                          reading its weights sees)
 */
#ifndef Q35_STREAM_MODEL_H
#define Q35_STREAM_MODEL_H

#include <stddef.h>

typedef enum {
    STREAM_COPY,
    STREAM_SCALE,
    STREAM_ADD,
    STREAM_TRIAD,
    STREAM_READ,
    STREAM_KINDS
} stream_kind;

#define STREAM_WORD_BYTES 8 /* STREAM's arrays are double */
#define STREAM_SCALAR 3.0   /* STREAM's s */

const char *stream_kind_name(stream_kind k); /* "copy", "scale", "add", "triad", "read" */
int stream_words_read(stream_kind k);
int stream_words_written(stream_kind k);
/* Bytes one pass of kernel k over n elements moves, by the model above. */
double stream_bytes(stream_kind k, size_t n);
/* The formula as text, for the results ("c[j] = a[j]"). */
const char *stream_kind_formula(stream_kind k);

#endif
