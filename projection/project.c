#include "project.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernels/registry.h"
#include "base/error.h"

/* The *.ini names of a directory, sorted. Returns how many, or -1 with err. */
static int list_ini(const char *dir, char ***names, char *err, size_t len) {
    DIR *d = opendir(dir);
    if (!d) {
        snprintf(err, len, "%s: cannot open the directory", dir);
        return -1;
    }
    size_t n = 0, cap = 16;
    char **v = malloc(cap * sizeof *v);
    struct dirent *e;
    while (v && (e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (l < 5 || strcmp(e->d_name + l - 4, ".ini") != 0 || e->d_name[0] == '.') continue;
        if (n == cap) {
            char **g = realloc(v, 2 * cap * sizeof *v);
            if (!g) break;
            v = g;
            cap *= 2;
        }
        v[n++] = strdup(e->d_name);
    }
    closedir(d);
    if (!v) {
        snprintf(err, len, "out of memory");
        return -1;
    }
    for (size_t i = 1; i < n; i++) /* insertion sort: a handful of files */
        for (size_t j = i; j > 0 && strcmp(v[j - 1], v[j]) > 0; j--) {
            char *t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
    *names = v;
    return (int)n;
}

static void free_names(char **v, int n) {
    for (int i = 0; i < n; i++) free(v[i]);
    free(v);
}

int project_load_devices(const char *dir, device_config **out, size_t *n_out, char *err, size_t len) {
    char **names;
    int n = list_ini(dir, &names, err, len);
    if (n < 0) return Q35_ERR_INPUT;
    if (n == 0) {
        snprintf(err, len, "%s: no *.ini device configs", dir);
        free_names(names, n);
        return Q35_ERR_INPUT;
    }
    device_config *d = calloc((size_t)n, sizeof *d);
    int rc = d ? 0 : 2;
    if (!d) snprintf(err, len, "out of memory");
    for (int i = 0; !rc && i < n; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        rc = device_config_load(path, &d[i], err, len);
        for (int j = 0; !rc && j < i; j++)
            if (strcmp(d[j].id, d[i].id) == 0) {
                snprintf(err, len, "%s:%d: device id '%s' is already used by %s", path,
                         d[i].id_line, d[i].id, d[j].path);
                rc = 2;
            }
    }
    free_names(names, n);
    if (rc) {
        free(d);
        return rc;
    }
    *out = d;
    *n_out = (size_t)n;
    return 0;
}

int project_load_models(const char *dir, model_config **out, size_t *n_out, char *err, size_t len) {
    char **names;
    int n = list_ini(dir, &names, err, len);
    if (n < 0) return Q35_ERR_INPUT;
    if (n == 0) {
        snprintf(err, len, "%s: no *.ini model configs", dir);
        free_names(names, n);
        return Q35_ERR_INPUT;
    }
    model_config *m = calloc((size_t)n, sizeof *m);
    int rc = m ? 0 : 2;
    if (!m) snprintf(err, len, "out of memory");
    for (int i = 0; !rc && i < n; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        rc = model_config_load(path, &m[i], err, len);
        for (int j = 0; !rc && j < i; j++)
            if (strcmp(m[j].id, m[i].id) == 0) {
                snprintf(err, len, "%s: model id '%s' is already used by %s", path, m[i].id, m[j].path);
                rc = 2;
            }
    }
    free_names(names, n);
    if (rc) {
        free(m);
        return rc;
    }
    *out = m;
    *n_out = (size_t)n;
    return 0;
}

int project_select_models(const model_config *all, size_t n_all, model_config **out, size_t *n) {
    *n = 0;
    *out = calloc(n_all ? n_all : 1, sizeof **out);
    if (!*out) return -1;
    for (size_t i = 0; i < n_all; i++)
        if (!all[i].skip_projection) (*out)[(*n)++] = all[i];
    return 0;
}

const model_format_size *project_size(const project_run *p, size_t model, size_t format) {
    return &p->sizes[model * weight_format_count + format];
}

const projection *project_at(const project_run *p, size_t device, size_t model, size_t format) {
    return &p->proj[(device * p->n_models + model) * weight_format_count + format];
}

/* Formats to calibrate: those of the registry (but the FP64 oracle) and of bench.tsv. */
static size_t calibration_formats(const project_run *p, const char **out, size_t max) {
    size_t n = 0;
    for (size_t i = 0; i <= kernel_count() + (p->bench ? p->bench->n : 0); i++) {
        const char *f = NULL;
        if (i < kernel_count()) f = format_name(kernel_at(i)->format);
        else if (p->bench && i - kernel_count() < p->bench->n) f = p->bench->rows[i - kernel_count()].format;
        if (!f || strcmp(f, "f64") == 0) continue;
        bool seen = false;
        for (size_t j = 0; j < n; j++) seen |= strcmp(out[j], f) == 0;
        if (!seen && n < max) out[n++] = f;
    }
    return n;
}

int project_compute(project_run *p) {
    size_t nf = weight_format_count;
    p->sizes = calloc(p->n_models * nf, sizeof *p->sizes);
    p->proj = calloc(p->n_devices * p->n_models * nf, sizeof *p->proj);
    if (!p->sizes || !p->proj) return -1;
    for (size_t m = 0; m < p->n_models; m++)
        for (size_t f = 0; f < nf; f++)
            model_format_size_compute(&p->models[m], &weight_formats[f], p->use_kernels,
                                      &p->sizes[m * nf + f]);
    for (size_t d = 0; d < p->n_devices; d++) {
        device_numbers dn;
        device_numbers_from(&p->devices[d], &dn);
        for (size_t m = 0; m < p->n_models; m++)
            for (size_t f = 0; f < nf; f++) {
                const model_format_size *s = project_size(p, m, f);
                /* a model without an architecture has no KV cache to count */
                double ctx = p->models[m].has_architecture ? p->context : 0.0;
                projection_compute(&dn, s, weight_format_int_compute(&weight_formats[f]), ctx,
                                   &p->proj[(d * p->n_models + m) * nf + f]);
            }
    }
    const char *formats[64];
    size_t n = calibration_formats(p, formats, 64);
    p->cal = calloc(n ? n : 1, sizeof *p->cal);
    if (!p->cal) return -1;
    for (size_t i = 0; i < n; i++) {
        if (p->calibration_model)
            calibrate_format(p->bench, p->calibration_model, formats[i], p->roof, &p->cal[i]);
        else {
            snprintf(p->cal[i].format, sizeof p->cal[i].format, "%s", formats[i]);
            snprintf(p->cal[i].note, sizeof p->cal[i].note, "no calibration model");
            p->cal[i].tok_s_extrapolated = p->cal[i].tok_s_predicted = p->cal[i].error_pct = NAN;
        }
        if (!p->bench) snprintf(p->cal[i].note, sizeof p->cal[i].note, "%.290s", p->bench_note);
    }
    p->n_cal = n;
    size_t max = p->decode ? p->decode->n : 0;
    p->dcal = calloc(max ? max : 1, sizeof *p->dcal);
    if (!p->dcal) return -1;
    p->n_dcal = calibrate_decode(p->decode, p->decode_models, p->n_decode_models, p->bench,
                                 p->roof, p->dcal, max);
    return 0;
}

void project_free_results(project_run *p) {
    free(p->sizes);
    free(p->proj);
    free(p->cal);
    free(p->dcal);
    p->dcal = NULL;
    p->n_dcal = 0;
    p->sizes = NULL;
    p->proj = NULL;
    p->cal = NULL;
    p->n_cal = 0;
}
