/* q35bench project: the projection model (projection/project.h) for every device x model x
 * weight format, and its calibration against this run's bench.tsv. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "commands.h"
#include "base/config_values.h"
#include "projection/measured_figures.h"
#include "projection/project.h"
#include "run_output.h"

static const char *const usage_text =
    "usage: q35bench project [--out RUN_DIR | --results DIR] [options]\n"
    "  --out RUN_DIR          use this run's metrics.roofline.tsv and bench.tsv; write into it\n"
    "  --results DIR          write a new, sealed run directory under DIR (default results)\n"
    "  --from RUN_DIR         read the measured figures and bench.tsv from this run instead\n"
    "  --devices DIR          device configs (default configs/devices)\n"
    "  --models DIR           model configs (default configs/models)\n"
    "  --context N            tokens of context whose KV cache is read per token (default 4096)\n"
    "  --calibration-model ID model whose layer the calibration times (default llama2-70b)\n"
    "                         (the run's metrics.decode.tsv, when present, is calibrated too)\n"
    "  --no-kernels           bytes per weight from the formulas only, not the kernels' cost models\n"
    "  --check                load and check the configs only (exit 0, or 2 with file:line)\n";

static bool exists(const char *path) {
    struct stat st;
    return stat(path, &st) == 0;
}

static void print_summary(const project_run *p) {
    size_t m0 = 0;
    while (m0 < p->n_models && !p->models[m0].has_architecture) m0++;
    if (m0 == p->n_models) m0 = 0;
    printf("projection (bounds, not measurements): %s, batch-1 decode tok/s bound "
           "(all devices needed, ideal split), context %.0f\n", p->models[m0].id, p->context);
    printf("  %-14s", "device");
    for (size_t f = 0; f < weight_format_count; f++) printf(" %11.11s", weight_formats[f].id);
    printf("\n");
    for (size_t d = 0; d < p->n_devices; d++) {
        printf("  %-14s", p->devices[d].id);
        for (size_t f = 0; f < weight_format_count; f++) {
            const projection *x = project_at(p, d, m0, f);
            char cell[32];
            if (isfinite(x->decode_tok_s_bound))
                snprintf(cell, sizeof cell, "%.4g/%g", x->decode_tok_s_bound, x->devices_needed);
            else
                snprintf(cell, sizeof cell, "NA");
            printf(" %11s", cell);
        }
        printf("\n");
    }
    printf("  (value/devices needed; projection.tsv has every bound with its inputs)\n");
    printf("batch-1 decode tok/s bound with the devices in sequence (pipeline; LPU: per user)\n");
    for (size_t d = 0; d < p->n_devices; d++) {
        printf("  %-14s", p->devices[d].id);
        for (size_t f = 0; f < weight_format_count; f++) {
            const projection *x = project_at(p, d, m0, f);
            if (isfinite(x->decode_tok_s_bound_pipeline)) printf(" %11.4g", x->decode_tok_s_bound_pipeline);
            else printf(" %11s", "NA");
        }
        printf("\n");
    }
    for (size_t i = 0; i < p->n_cal; i++) {
        const calibration *c = &p->cal[i];
        if (c->predicted)
            printf("calibration %-6s %s t%d: layer %.3f ms, extrapolated %.3g tok/s, predicted %.3g tok/s, model error %+.1f %%\n",
                   c->format, c->kernel, c->threads, c->layer_s * 1e3, c->tok_s_extrapolated,
                   c->tok_s_predicted, c->error_pct);
        else if (c->measured)
            printf("calibration %-6s %s t%d: layer %.3f ms, extrapolated %.3g tok/s; no prediction: %s\n",
                   c->format, c->kernel, c->threads, c->layer_s * 1e3, c->tok_s_extrapolated, c->note);
        else
            printf("calibration %-6s n/a: %s\n", c->format, c->note);
    }
    for (size_t i = 0; i < p->n_dcal; i++) {
        const decode_calibration *c = &p->dcal[i];
        printf("calibration decode %s %s t%d: measured %.3g tok/s, predicted %.3g (%+.1f %%), "
               "extrapolated %.3g (%+.1f %%)%s%s\n", c->model, c->format, c->threads, c->measured,
               c->predicted, c->prediction_error_pct, c->extrapolated, c->extrapolation_error_pct,
               c->note[0] ? "; " : "", c->note);
    }
}

int cmd_project(int argc, char **argv) {
    enum { O_OUT = 1, O_RESULTS, O_FROM, O_DEV, O_MOD, O_CTX, O_CAL, O_NOK, O_CHECK, O_HELP };
    static const struct option opts[] = {
        {"out", required_argument, 0, O_OUT},     {"results", required_argument, 0, O_RESULTS},
        {"from", required_argument, 0, O_FROM},   {"devices", required_argument, 0, O_DEV},
        {"models", required_argument, 0, O_MOD},  {"context", required_argument, 0, O_CTX},
        {"calibration-model", required_argument, 0, O_CAL},
        {"no-kernels", no_argument, 0, O_NOK},    {"check", no_argument, 0, O_CHECK},
        {"help", no_argument, 0, O_HELP},         {0, 0, 0, 0}};
    const char *out_dir = NULL, *root = NULL, *from = NULL, *dev_dir = "configs/devices",
               *mod_dir = "configs/models", *ctx = "4096", *cal_model = NULL;
    bool use_kernels = true, check = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case O_OUT: out_dir = optarg; break;
        case O_RESULTS: root = optarg; break;
        case O_FROM: from = optarg; break;
        case O_DEV: dev_dir = optarg; break;
        case O_MOD: mod_dir = optarg; break;
        case O_CTX: ctx = optarg; break;
        case O_CAL: cal_model = optarg; break;
        case O_NOK: use_kernels = false; break;
        case O_CHECK: check = true; break;
        case O_HELP: fputs(usage_text, stdout); return EXIT_OK;
        default: fputs(usage_text, stderr); return EXIT_USAGE;
        }
    }
    if (optind != argc || (out_dir && root)) {
        fputs(usage_text, stderr);
        return EXIT_USAGE;
    }
    char err[1200];
    uint64_t context;
    if (cv_u64(ctx, 0, 100000000, &context, err, sizeof err)) {
        fprintf(stderr, "q35bench project: --context: %s\n", err);
        return EXIT_USAGE;
    }
    project_run p = {.context = (double)context, .use_kernels = use_kernels};
    model_config *all_models = NULL;
    size_t n_all = 0;
    if (project_load_devices(dev_dir, &p.devices, &p.n_devices, err, sizeof err) ||
        project_load_models(mod_dir, &all_models, &n_all, err, sizeof err)) {
        fprintf(stderr, "q35bench project: %s\n", err);
        free(p.devices);
        return EXIT_USAGE;
    }
    if (project_select_models(all_models, n_all, &p.models, &p.n_models)) {
        fprintf(stderr, "q35bench project: out of memory\n");
        free(p.devices);
        free(all_models);
        return EXIT_USAGE;
    }
    p.decode_models = all_models;
    p.n_decode_models = n_all;
    int status = EXIT_OK;
    metric_table roof = {0}, decode = {0};
    bench_table bench = {0};
    run_output out = {0};
    const char *src = from ? from : out_dir;
    const char *want_cal = cal_model ? cal_model : "llama2-70b";
    for (size_t m = 0; m < p.n_models; m++)
        if (strcmp(p.models[m].id, want_cal) == 0) p.calibration_model = &p.models[m];
    if (cal_model && !p.calibration_model) {
        fprintf(stderr, "q35bench project: --calibration-model: no model '%s' in %s\n", cal_model, mod_dir);
        status = EXIT_USAGE;
        goto done;
    }
    if (check) {
        printf("%zu device configs in %s and %zu model configs in %s: every figure has a source\n",
               p.n_devices, dev_dir, p.n_models, mod_dir);
        goto done;
    }
    if (out_dir && (status = run_output_open(&out, "q35bench project", out_dir, NULL, NULL, 0)))
        goto done;
    char path[1200];
    snprintf(p.roof_note, sizeof p.roof_note, "no run directory given: measured figures unresolved");
    snprintf(p.bench_note, sizeof p.bench_note, "no run directory given: no bench.tsv");
    if (src) {
        snprintf(path, sizeof path, "%s/metrics.roofline.tsv", src);
        if (exists(path)) {
            if (metrics_read_file(path, &roof, err, sizeof err)) {
                fprintf(stderr, "q35bench project: %s\n", err);
                status = EXIT_USAGE;
                goto done;
            }
            p.roof = &roof;
            snprintf(p.roof_note, sizeof p.roof_note, "%.390s", path);
        } else {
            snprintf(p.roof_note, sizeof p.roof_note, "%.300s absent (run the roofline step first)", path);
        }
        snprintf(path, sizeof path, "%s/metrics.decode.tsv", src);
        if (exists(path)) {
            if (metrics_read_file(path, &decode, err, sizeof err)) {
                fprintf(stderr, "q35bench project: %s\n", err);
                status = EXIT_USAGE;
                goto done;
            }
            p.decode = &decode;
        }
        snprintf(path, sizeof path, "%s/bench.tsv", src);
        if (exists(path)) {
            if (bench_tsv_read(path, &bench, err, sizeof err)) {
                fprintf(stderr, "q35bench project: %s\n", err);
                status = EXIT_USAGE;
                goto done;
            }
            p.bench = &bench;
            snprintf(p.bench_note, sizeof p.bench_note, "%.390s", path);
        } else {
            snprintf(p.bench_note, sizeof p.bench_note, "%.300s absent (run the bench step first)", path);
        }
    }
    for (size_t d = 0; d < p.n_devices; d++) measured_resolve(&p.devices[d], p.roof, p.roof_note);
    if (project_compute(&p)) {
        fprintf(stderr, "q35bench project: out of memory\n");
        status = EXIT_FAILURES;
        goto done;
    }
    struct { const char *name; char *text; } files[] = {
        {"projection.json", project_json(&p)},
        {"projection.models.tsv", project_models_tsv(&p)},
        {"projection.tsv", project_tsv(&p)},
        {"projection.devices.tsv", project_devices_tsv(&p)},
        {"projection.calibration.tsv", project_calibration_tsv(&p)},
        {"metrics.projection.tsv", project_metrics(&p)},
    };
    size_t nf = sizeof files / sizeof files[0];
    for (size_t i = 0; i < nf; i++)
        if (!files[i].text) status = EXIT_FAILURES;
    if (status) fprintf(stderr, "q35bench project: out of memory while rendering\n");
    if (!status && !out_dir) status = run_output_open(&out, "q35bench project", NULL, root, "project", 0);
    for (size_t i = 0; !status && i < nf; i++) {
        char *text = files[i].text;
        files[i].text = NULL; /* taken over by the write */
        if (run_output_write(&out, files[i].name, text)) status = EXIT_FAILURES;
    }
    if (!status || out.write_failed) status = run_output_close(&out, status, true);
    for (size_t i = 0; i < nf; i++) free(files[i].text);
    if (!status) {
        print_summary(&p);
        printf("results: %s%s\n", out.rd.path, out_dir ? " (not sealed: part of a larger run)" : "");
    }
done:
    project_free_results(&p);
    metrics_free(&roof);
    metrics_free(&decode);
    bench_table_free(&bench);
    free(p.devices);
    free(p.models);
    free(all_models);
    return status;
}
