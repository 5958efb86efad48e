/*
 * Cited reference points for the Pareto table: other tools' formats with their bits/weight
 * and error, read from a config file (configs/reference/llamacpp_quant_error.ini) with its
 * source. They are marked "not measured by this run" wherever they appear.
 *
 *   [source]        name, citation (required)
 *   [format ID]     bpw (required), description, nrmse_<distribution id> = percent
 */
#ifndef Q35_QREFS_H
#define Q35_QREFS_H

#include <stddef.h>

#define QR_MAX_FORMATS 32
#define QR_MAX_VALUES 8

typedef struct qref_format {
    char id[64];
    char description[160];
    double bpw;
    char dist[QR_MAX_VALUES][64]; /* distribution ids */
    double nrmse_pct[QR_MAX_VALUES];
    size_t n_values;
    int line;
} qref_format;

typedef struct qref_set {
    char path[512];
    char name[64];
    char citation[512];
    qref_format formats[QR_MAX_FORMATS];
    size_t n_formats;
} qref_set;

/* Returns 0 (Q35_OK), or Q35_ERR_INPUT (base/error.h) with "path:line: message" in err. */
int qrefs_load(const char *path, qref_set *set, char *err, size_t err_len);
int qrefs_load_string(const char *text, const char *label, qref_set *set, char *err,
                      size_t err_len);

#endif
