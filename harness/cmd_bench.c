/* q35bench bench CONFIG: run a suite config. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "atomic_file.h"
#include "bench_run.h"
#include "commands.h"

int cmd_bench(int argc, char **argv) {
    static const struct option opts[] = {{"results", required_argument, 0, 'r'},
                                         {"out", required_argument, 0, 'o'},
                                         {"quiet", no_argument, 0, 'q'},
                                         {0, 0, 0, 0}};
    bench_options bo = {.executable = "q35bench"};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'r': bo.results_root = optarg; break;
        case 'o': bo.out_dir = optarg; break;
        case 'q': bo.quiet = true; break;
        default:
            fprintf(stderr, "usage: q35bench bench CONFIG [--results DIR | --out RUN_DIR] [--quiet]\n");
            return EXIT_USAGE;
        }
    }
    if (optind != argc - 1 || (bo.results_root && bo.out_dir)) {
        fprintf(stderr, "usage: q35bench bench CONFIG [--results DIR | --out RUN_DIR] [--quiet]\n");
        return EXIT_USAGE;
    }
    const char *path = argv[optind];
    suite_config cfg;
    char err[CONFIG_ERROR_LEN];
    if (config_load(path, &cfg, err, sizeof err) != 0) {
        fprintf(stderr, "q35bench: %s\n", err);
        return EXIT_USAGE;
    }
    char *source = read_whole_file(path, 4u << 20, NULL, err, sizeof err);
    bo.config_text = source;
    int status = bench_execute(&cfg, &bo);
    free(source);
    config_free(&cfg);
    return status;
}
