#include "stream_model.h"

static const struct {
    const char *name, *formula;
    int reads, writes;
} kinds[STREAM_KINDS] = {
    [STREAM_COPY] = {"copy", "c[j] = a[j]", 1, 1},
    [STREAM_SCALE] = {"scale", "b[j] = s * c[j]", 1, 1},
    [STREAM_ADD] = {"add", "c[j] = a[j] + b[j]", 2, 1},
    [STREAM_TRIAD] = {"triad", "a[j] = b[j] + s * c[j]", 2, 1},
    [STREAM_READ] = {"read", "sum += a[j]", 1, 0},
};

const char *stream_kind_name(stream_kind k) { return k < STREAM_KINDS ? kinds[k].name : "?"; }
const char *stream_kind_formula(stream_kind k) { return k < STREAM_KINDS ? kinds[k].formula : "?"; }
int stream_words_read(stream_kind k) { return k < STREAM_KINDS ? kinds[k].reads : 0; }
int stream_words_written(stream_kind k) { return k < STREAM_KINDS ? kinds[k].writes : 0; }

double stream_bytes(stream_kind k, size_t n) {
    return (double)(stream_words_read(k) + stream_words_written(k)) * STREAM_WORD_BYTES *
           (double)n;
}
