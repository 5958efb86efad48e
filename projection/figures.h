/*
 * Sourced figures: the [figures] section of a device or model config. Every figure is a
 * key with a number (or, where allowed, `measured:<metric>`, a figure this run measures),
 * and must come with its source; it may carry a status and a note:
 *
 *   bandwidth_gbps = 3350
 *   bandwidth_gbps.source = NVIDIA H100 Tensor Core GPU datasheet (3.35 TB/s, SXM)
 *   bandwidth_gbps.status = confirmed      ; confirmed (default), unconfirmed, assumption
 *   bandwidth_gbps.note = ...
 *
 * A figure without a source, a source or status for a figure that is not there, an
 * unknown figure name, a number out of range: each is an error naming file:line.
 */
#ifndef Q35_FIGURES_H
#define Q35_FIGURES_H

#include <stdbool.h>
#include <stddef.h>

#define FIGURES_MAX 32
#define FIGURE_TEXT_LEN 200

typedef enum { FIG_CONFIRMED, FIG_UNCONFIRMED, FIG_ASSUMPTION, FIG_MEASURED } figure_status;
const char *figure_status_name(figure_status s);

typedef struct figure_spec {
    const char *name;    /* e.g. "bandwidth_gbps" (the unit is the suffix) */
    double min, max;     /* accepted range */
    bool allow_measured; /* may be `measured:<metric>` */
    const char *what;    /* one line for messages and results */
} figure_spec;

typedef struct figure {
    const figure_spec *spec;
    bool has_value;
    double value;                  /* NAN for a measured figure until resolved */
    char measured[96];             /* the metric reference of a measured figure */
    char source[FIGURE_TEXT_LEN];
    char note[FIGURE_TEXT_LEN];
    figure_status status;
    bool status_given;
    int line, source_line, status_line; /* 0 = not in the file */
    char resolve_note[400];        /* how a measured figure was resolved, or why not */
} figure;

typedef struct figure_set {
    const figure_spec *specs; /* NULL-name-terminated */
    figure items[FIGURES_MAX];
    size_t n;
    int section_line; /* line of the [figures] header */
} figure_set;

void figures_init(figure_set *fs, const figure_spec *specs);
/* One `key = value` of the [figures] section; returns 0, or -1 with the reason in why. */
int figures_entry(figure_set *fs, const char *key, const char *value, int line, char *why,
                  size_t len);
/* After the file: every figure has a value and a source. Returns 0 (Q35_OK), or Q35_ERR_INPUT (base/error.h) with
 * "path:line: ..." in err. */
int figures_finish(const figure_set *fs, const char *path, char *err, size_t len);

/* The figure `name` when present in the file, else NULL. */
const figure *figures_get(const figure_set *fs, const char *name);
figure *figures_get_mut(figure_set *fs, const char *name);
/* Its value when present and resolved (finite), else NAN. */
double figures_value(const figure_set *fs, const char *name);

#endif
