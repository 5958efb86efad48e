/* q35bench quality CONFIG: the quantization-quality suite (computation in quality/). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/atomic_file.h"
#include "commands.h"
#include "exit_status.h"
#include "harness/fingerprint.h"
#include "quality/qconfig.h"
#include "quality/qrefs.h"
#include "quality/qrun.h"
#include "quality/qwrite.h"
#include "run_output.h"

#define USAGE "usage: q35bench quality CONFIG [--out RUN_DIR | --results DIR] [--quick] [--threads T] [--quiet]\n"

int cmd_quality(int argc, char **argv) {
    static const struct option opts[] = {{"results", required_argument, 0, 'r'},
                                         {"out", required_argument, 0, 'o'},
                                         {"quick", no_argument, 0, 'k'},
                                         {"threads", required_argument, 0, 't'},
                                         {"quiet", no_argument, 0, 'q'},
                                         {0, 0, 0, 0}};
    const char *results = NULL, *out = NULL;
    qrun_options ro = {.progress = stderr};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'r': results = optarg; break;
        case 'o': out = optarg; break;
        case 'k': ro.quick = true; break;
        case 'q': ro.progress = NULL; break;
        case 't': {
            char *end;
            long t = strtol(optarg, &end, 10);
            if (*end || t < 1 || t > 1024) {
                fprintf(stderr, "q35bench: --threads expects an integer from 1 to 1024, got '%s'\n", optarg);
                return EXIT_USAGE;
            }
            ro.threads = (int)t;
            break;
        }
        default: fprintf(stderr, USAGE); return EXIT_USAGE;
        }
    }
    if (optind != argc - 1 || (results && out)) {
        fprintf(stderr, USAGE);
        return EXIT_USAGE;
    }
    const char *path = argv[optind];
    quality_config *cfg = malloc(sizeof *cfg);
    char err[QC_ERROR_LEN];
    if (!cfg) return EXIT_FAILURES;
    int loaded = qconfig_load(path, cfg, err, sizeof err);
    if (loaded) {
        fprintf(stderr, "q35bench: %s\n", err);
        free(cfg);
        return exit_status(loaded);
    }
    if (cfg->references[0]) { /* checked before any output exists */
        qref_set *refs = malloc(sizeof *refs);
        int bad = !refs || qrefs_load(cfg->references, refs, err, sizeof err);
        free(refs);
        if (bad) {
            fprintf(stderr, "q35bench: %s\n", refs ? err : "out of memory");
            free(cfg);
            return EXIT_USAGE;
        }
    }
    char *source = read_whole_file(path, 4u << 20, NULL, err, sizeof err);
    run_output ro_out;
    int rc = run_output_open(&ro_out, "q35bench", out, results, source ? source : path, 0);
    if (rc) {
        free(source);
        free(cfg);
        return rc;
    }
    const run_dir *rd = &ro_out.rd;
    timer_info ti;
    timer_measure(&ti);
    cJSON *machine = fingerprint_collect(&ti);
    if (ro.progress) {
        fingerprint_print_summary(stderr, machine);
        fprintf(stderr, "quality '%s' from %s%s: results in %s\n", cfg->name, path,
                ro.quick ? " (quick: columns subsampled)" : "", rd->path);
    }
    int status = EXIT_OK;
    if (source && run_output_write(&ro_out, "quality.config.ini", strdup(source)))
        status = EXIT_FAILURES;
    quality_results *res = malloc(sizeof *res);
    int run = status == EXIT_OK && res ? qrun_execute(cfg, &ro, res) : EXIT_FAILURES;
    if (run != 0) {
        status = run;
    } else {
        qwrite_context ctx = {.config_text = source, .executable = "q35bench", .run_id = rd->id,
                              .machine = machine};
        int io = run_output_write(&ro_out, "quality.json", qwrite_json(res, &ctx));
        for (size_t i = 0; !io && qwrite_table_names[i]; i++) {
            char name[64];
            snprintf(name, sizeof name, "quality.%s.tsv", qwrite_table_names[i]);
            io = run_output_write(&ro_out, name, qwrite_table(res, qwrite_table_names[i]));
        }
        io = io || run_output_write(&ro_out, "metrics.quality.tsv", qwrite_metrics(res));
        if (run_output_close(&ro_out, EXIT_OK, true) != EXIT_OK) status = EXIT_FAILURES;
        if (cfg->has_q35d_check &&
            (!res->q35d_weights_equal || (res->q35d_kernel_compared && !res->q35d_kernel_equal))) {
            fprintf(stderr, "q35bench: q35d does NOT give the same numbers as q35\n");
            if (status == EXIT_OK) status = EXIT_FAILURES;
        }
        if (ro.progress)
            fprintf(stderr, "quality: %.1f s wall, %.1f s CPU on %d threads\n", res->wall_s,
                    res->cpu_s, res->threads);
        printf("results: %s%s\n", rd->path, out ? " (not sealed: part of a larger run)" : "");
        qrun_free(res);
    }
    free(res);
    cJSON_Delete(machine);
    free(source);
    free(cfg);
    return status;
}
