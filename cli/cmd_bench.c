/* q35bench bench CONFIG: run a suite config. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/atomic_file.h"
#include "bench_run.h"
#include "commands.h"
#include "exit_status.h"

#define BENCH_USAGE                                                                          \
    "usage: q35bench bench CONFIG [--results DIR | --out RUN_DIR] [--quiet] [--dry-run]\n"     \
    "                      [--baselines FILE]\n"                                                \
    "  --baselines FILE  report config whose [baselines] the speedup comparisons use\n"      \
    "                    (default configs/report.ini; skipped with a note when missing)\n"

/* --dry-run: the cases the config would run, one per line (sweep, kernel, shape, M, threads),
 * in the order they would run for each shape; nothing is measured or written. */
static void print_cases(const suite_config *cfg) {
    for (size_t i = 0; i < cfg->n_sweeps; i++) {
        const config_sweep *sw = &cfg->sweeps[i];
        for (size_t s = 0; s < sw->n_shapes; s++) {
            const config_shape *shape = &cfg->shapes[sw->shapes[s]];
            for (size_t k = 0; k < sw->n_kernels; k++)
                for (size_t b = 0; b < sw->n_batch; b++)
                    for (size_t t = 0; t < sw->n_threads; t++)
                        printf("%s\t%s\t%s\t%zux%zu\t%zu\t%d\n", sw->name, sw->kernels[k]->name,
                               shape->name, shape->n, shape->k, sw->batch[b], sw->threads[t]);
        }
    }
}

int cmd_bench(int argc, char **argv) {
    static const struct option opts[] = {{"results", required_argument, 0, 'r'},
                                         {"out", required_argument, 0, 'o'},
                                         {"quiet", no_argument, 0, 'q'},
                                         {"dry-run", no_argument, 0, 'n'},
                                         {"baselines", required_argument, 0, 'b'},
                                         {0, 0, 0, 0}};
    bench_options bo = {.executable = "q35bench"};
    bool dry_run = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'r': bo.results_root = optarg; break;
        case 'o': bo.out_dir = optarg; break;
        case 'q': bo.quiet = true; break;
        case 'n': dry_run = true; break;
        case 'b': bo.baselines_path = optarg; break;
        default:
            fputs(BENCH_USAGE, stderr);
            return EXIT_USAGE;
        }
    }
    if (optind != argc - 1 || (bo.results_root && bo.out_dir)) {
        fputs(BENCH_USAGE, stderr);
        return EXIT_USAGE;
    }
    const char *path = argv[optind];
    suite_config cfg;
    char err[CONFIG_ERROR_LEN];
    int rc = config_load(path, &cfg, err, sizeof err);
    if (rc) {
        fprintf(stderr, "q35bench: %s\n", err);
        return exit_status(rc);
    }
    if (dry_run) {
        print_cases(&cfg);
        config_free(&cfg);
        return EXIT_OK;
    }
    char *source = read_whole_file(path, 4u << 20, NULL, err, sizeof err);
    bo.config_text = source;
    int status = bench_execute(&cfg, &bo);
    free(source);
    config_free(&cfg);
    return status;
}
