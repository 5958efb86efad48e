/* q35bench newrun / seal / verify: run directories for multi-step runs (./run.sh all). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "harness/rundir.h"
#include "run_check.h"

int cmd_newrun(int argc, char **argv) {
    const char *root = "results";
    if (argc == 3 && strcmp(argv[1], "--results") == 0) root = argv[2];
    else if (argc != 1) {
        fprintf(stderr, "usage: q35bench newrun [--results DIR]\n");
        return EXIT_USAGE;
    }
    run_dir rd;
    char err[600];
    if (rundir_create(root, "newrun", &rd, err, sizeof err)) { /* I/O: a failure, not bad input */
        fprintf(stderr, "q35bench: %s\n", err);
        return EXIT_FAILURES;
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
    char err[1400];
    if (rundir_open(argv[1], &rd, err, sizeof err)) {
        fprintf(stderr, "q35bench: %s\n", err);
        return EXIT_USAGE;
    }
    /* a failed step or a missing required file seals the run as failed */
    run_problems p;
    if (run_check(rd.path, &p, err, sizeof err) ||
        rundir_seal_failed(&rd, (const char *const *)p.why, p.n, err, sizeof err)) {
        fprintf(stderr, "q35bench: %s\n", err);
        if (p.why) run_problems_free(&p);
        return EXIT_FAILURES;
    }
    for (size_t i = 0; i < p.n; i++) fprintf(stderr, "q35bench: %s: %s\n", rd.path, p.why[i]);
    int status = p.n ? EXIT_FAILURES : EXIT_OK;
    printf("sealed %s%s\n", rd.path, p.n ? " as FAILED" : "");
    run_problems_free(&p);
    return status;
}

int cmd_verify(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: q35bench verify RUN_DIR\n");
        return EXIT_USAGE;
    }
    char why[1400] = "";
    rundir_state st = rundir_verify(argv[1], why, sizeof why);
    if (st != RUNDIR_COMPLETE) {
        fprintf(stderr, "q35bench: %s\n", why);
        return st == RUNDIR_MISSING ? EXIT_USAGE : EXIT_FAILURES;
    }
    run_problems p;
    if (run_check(argv[1], &p, why, sizeof why)) {
        fprintf(stderr, "q35bench: %s\n", why);
        return EXIT_FAILURES;
    }
    for (size_t i = 0; i < p.n; i++) fprintf(stderr, "q35bench: %s: %s\n", argv[1], p.why[i]);
    printf("%s: %s\n", argv[1], p.n ? "complete and unaltered, but the run FAILED" : "complete");
    int status = p.n ? EXIT_FAILURES : EXIT_OK;
    run_problems_free(&p);
    return status;
}
