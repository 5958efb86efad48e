/* q35bench plotdata RUN_DIR OUT_DIR: the tables the gnuplot scripts in plots/ draw. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "commands.h"
#include "exit_status.h"
#include "report/plotdata.h"

static void usage(FILE *out) {
    fprintf(out, "usage: q35bench plotdata RUN_DIR OUT_DIR [--config FILE]\n"
                 "  writes plot.*.tsv and plot.vars.gp into OUT_DIR from the run (complete, or\n"
                 "  still being written by ./run.sh all); plots/*.gp draw them\n");
}

int cmd_plotdata(int argc, char **argv) {
    static const struct option opts[] = {{"config", required_argument, 0, 'g'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    const char *config = "configs/report.ini";
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'g': config = optarg; break;
        case 'h': usage(stdout); return EXIT_OK;
        default: usage(stderr); return EXIT_USAGE;
        }
    }
    if (argc - optind != 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *run = argv[optind], *out = argv[optind + 1];
    char err[1600];
    report_config rc;
    if (report_config_load(config, &rc, err, sizeof err)) {
        fprintf(stderr, "q35bench: %s\n", err);
        return EXIT_USAGE;
    }
    if (mkdir(out, 0755) != 0 && errno != EEXIST) {
        fprintf(stderr, "q35bench: %s: cannot create directory: %s\n", out, strerror(errno));
        return EXIT_USAGE;
    }
    run_data r;
    int rc_load = run_data_load(run, "configs/claims.ini", "configs/references.ini", true, &r,
                                err, sizeof err);
    if (rc_load) {
        fprintf(stderr, "q35bench: %s\n", err);
        run_data_free(&r);
        return exit_status(rc_load);
    }
    int status = EXIT_OK;
    if (plotdata_write(&r, &rc, out, err, sizeof err)) {
        fprintf(stderr, "q35bench: %s\n", err);
        status = EXIT_FAILURES;
    }
    run_data_free(&r);
    return status;
}
