/* q35bench newrun / seal / verify: run directories for multi-step runs (./run.sh all). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "harness/rundir.h"

int cmd_newrun(int argc, char **argv) {
    const char *root = "results";
    if (argc == 3 && strcmp(argv[1], "--results") == 0) root = argv[2];
    else if (argc != 1) {
        fprintf(stderr, "usage: q35bench newrun [--results DIR]\n");
        return EXIT_USAGE;
    }
    run_dir rd;
    char err[600];
    if (rundir_create(root, "newrun", &rd, err, sizeof err)) {
        fprintf(stderr, "q35bench: %s\n", err);
        return EXIT_USAGE;
    }
    printf("%s\n", rd.path);
    return EXIT_OK;
}

int cmd_seal(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: q35bench seal RUN_DIR\n");
        return EXIT_USAGE;
    }
    run_dir rd;
    char err[600];
    if (rundir_open(argv[1], &rd, err, sizeof err) || rundir_seal(&rd, err, sizeof err)) {
        fprintf(stderr, "q35bench: %s\n", err);
        return EXIT_USAGE;
    }
    printf("sealed %s\n", rd.path);
    return EXIT_OK;
}

int cmd_verify(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: q35bench verify RUN_DIR\n");
        return EXIT_USAGE;
    }
    char why[1024] = "";
    rundir_state st = rundir_verify(argv[1], why, sizeof why);
    if (st == RUNDIR_COMPLETE) {
        printf("%s: complete\n", argv[1]);
        return EXIT_OK;
    }
    fprintf(stderr, "q35bench: %s\n", why);
    return st == RUNDIR_MISSING ? EXIT_USAGE : EXIT_FAILURES;
}
