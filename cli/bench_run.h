/* Running a loaded suite end to end: fingerprint, gate and time every case, write the
 * results directory, print the console table. Shared by `bench` and `run`. */
#ifndef Q35_BENCH_RUN_H
#define Q35_BENCH_RUN_H

#include <stdbool.h>

#include "harness/config.h"

typedef struct bench_options {
    const char *results_root; /* new run directory under here (default "results") */
    const char *out_dir;      /* or add to this existing, unsealed run directory */
    const char *config_text;  /* the config as written, echoed next to the effective one */
    const char *executable;
    const char *baselines_path; /* report config naming each format's baseline kernel
                                   (default configs/report.ini, skipped when missing) */
    bool quiet; /* no per-case progress on stderr */
} bench_options;

/* Returns the exit status: 0, 1 if any case FAILED or could not run or the results could
 * not be written (a full disk: a failure found while running, not bad input). */
int bench_execute(const suite_config *cfg, const bench_options *opt);

/* The command line of `q35bench run` (argv[0] is "run") turned into a one-sweep suite
 * config, every value checked as the same key in a config file is: EXIT_OK with *cfg and
 * *config_text (the generated config, malloc'd) set, RUN_ARGS_HELP after printing the usage,
 * or an exit status after printing why. */
#define RUN_ARGS_HELP (-1)
int run_args_parse(int argc, char **argv, suite_config *cfg, char **config_text,
                   bench_options *bo);

#endif
