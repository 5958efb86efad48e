/* q35bench run KERNEL NxK: one kernel on one shape, configured from the command line. The
 * options become a one-sweep config, so this runs exactly the code path of `bench`. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_run.h"
#include "commands.h"
#include "base/config_values.h"
#include "kernels/registry.h"
#include "base/text_buf.h"

static const char *const run_usage =
    "usage: q35bench run KERNEL NxK [options]\n"
    "  --batch LIST         batch sizes M, e.g. 1,8,64 (default 1)\n"
    "  --threads LIST       thread counts (default 1)\n"
    "  --min-time-ms MS     minimum time per repetition (default 50)\n"
    "  --reps N             timed repetitions (default 10; compare.py's U test wants 9+)\n"
    "  --warmup N           untimed calls first (default 1)\n"
    "  --seed S             input generator seed (default 42)\n"
    "  --group-size G       'default', 'channel' or an even number of weights\n"
    "  --scales S           default|shared|split\n"
    "  --symmetry S         default|symmetric|asymmetric\n"
    "  --scale-type T       default|fp32|fp16\n"
    "  --dequant D          correct|seed\n"
    "  --results DIR        results root (default results)\n"
    "  --out RUN_DIR        add to an existing, unsealed run directory\n"
    "  --quiet              no per-case progress\n";

int run_args_parse(int argc, char **argv, suite_config *cfg, char **config_text,
                   bench_options *bo_out) {
    enum { O_BATCH = 1, O_THREADS, O_MIN, O_REPS, O_WARM, O_SEED, O_GROUP, O_SCALES, O_SYM,
           O_STYPE, O_DEQ, O_RESULTS, O_OUT, O_QUIET, O_HELP };
    static const struct option opts[] = {
        {"batch", required_argument, 0, O_BATCH},     {"threads", required_argument, 0, O_THREADS},
        {"min-time-ms", required_argument, 0, O_MIN}, {"reps", required_argument, 0, O_REPS},
        {"warmup", required_argument, 0, O_WARM},     {"seed", required_argument, 0, O_SEED},
        {"group-size", required_argument, 0, O_GROUP}, {"scales", required_argument, 0, O_SCALES},
        {"symmetry", required_argument, 0, O_SYM},    {"scale-type", required_argument, 0, O_STYPE},
        {"dequant", required_argument, 0, O_DEQ},     {"results", required_argument, 0, O_RESULTS},
        {"out", required_argument, 0, O_OUT},         {"quiet", no_argument, 0, O_QUIET},
        {"help", no_argument, 0, O_HELP},             {0, 0, 0, 0}};
    const char *batch = "1", *threads = "1", *min_time = "50", *reps = "10", *warmup = "1",
               *seed = "42", *group = "default", *scales = "default", *symmetry = "default",
               *scale_type = "default", *dequant = "correct";
    bench_options bo = {.executable = "q35bench"};
    *config_text = NULL;
    int c;
    optind = 0; /* 0: glibc reinitialises getopt fully (no state from an earlier parse) */
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case O_BATCH: batch = optarg; break;
        case O_THREADS: threads = optarg; break;
        case O_MIN: min_time = optarg; break;
        case O_REPS: reps = optarg; break;
        case O_WARM: warmup = optarg; break;
        case O_SEED: seed = optarg; break;
        case O_GROUP: group = optarg; break;
        case O_SCALES: scales = optarg; break;
        case O_SYM: symmetry = optarg; break;
        case O_STYPE: scale_type = optarg; break;
        case O_DEQ: dequant = optarg; break;
        case O_RESULTS: bo.results_root = optarg; break;
        case O_OUT: bo.out_dir = optarg; break;
        case O_QUIET: bo.quiet = true; break;
        case O_HELP: fputs(run_usage, stdout); return RUN_ARGS_HELP;
        default: fputs(run_usage, stderr); return EXIT_USAGE;
        }
    }
    if (optind != argc - 2) {
        fputs(run_usage, stderr);
        return EXIT_USAGE;
    }
    const char *kname = argv[optind], *shape = argv[optind + 1];
    char why[512];
    size_t n, k;
    if (!kernel_find(kname)) {
        fprintf(stderr, "q35bench run: unknown kernel '%s' (see q35bench list)\n", kname);
        return EXIT_USAGE;
    }
    if (cv_shape(shape, &n, &k, why, sizeof why)) {
        fprintf(stderr, "q35bench run: %s\n", why);
        return EXIT_USAGE;
    }
    /* Everything else is validated by the config parser, as the same key in a file would be;
     * its messages name the key. A value is one config value: a line break would start a
     * new key or section, and ';' after a blank an inline comment that cuts it. */
    const struct {
        const char *option, *value;
    } values[] = {{"--batch", batch}, {"--threads", threads}, {"--min-time-ms", min_time},
                  {"--reps", reps}, {"--warmup", warmup}, {"--seed", seed},
                  {"--group-size", group}, {"--scales", scales}, {"--symmetry", symmetry},
                  {"--scale-type", scale_type}, {"--dequant", dequant}};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        const char *bad = NULL;
        for (const char *p = values[i].value; *p && !bad; p++)
            if ((unsigned char)*p < 0x20 || *p == 0x7f || *p == ';' || *p == '#' || *p == '[' ||
                *p == ']' || *p == '=')
                bad = p;
        if (bad || !values[i].value[0]) {
            fprintf(stderr, "q35bench run: %s '%s': %s; expected one value (see --help)\n",
                    values[i].option, values[i].value,
                    !values[i].value[0] ? "empty value"
                                        : "a control character or one of ; # [ ] = is not "
                                          "part of any value");
            return EXIT_USAGE;
        }
    }
    text_buf t = {0};
    tb_printf(&t,
              "[suite]\nname = cli\nseed = %s\nmin_time_ms = %s\nrepetitions = %s\nwarmup = %s\n"
              "[shapes]\ncli = %zux%zu\n"
              "[sweep cli]\nkernels = %s\nshapes = cli\nbatch = %s\nthreads = %s\n"
              "group_size = %s\nscales = %s\nsymmetry = %s\nscale_type = %s\ndequant = %s\n",
              seed, min_time, reps, warmup, n, k, kname, batch, threads, group, scales, symmetry,
              scale_type, dequant);
    char *text = tb_take(&t);
    char err[CONFIG_ERROR_LEN];
    if (!text || config_load_string(text, "command line", cfg, err, sizeof err) != 0) {
        /* "command line:N: ..." names the generated line; the message names the key. */
        fprintf(stderr, "q35bench run: %s\n", text ? err : "out of memory");
        free(text);
        return text ? EXIT_USAGE : EXIT_FAILURES;
    }
    *config_text = text;
    *bo_out = bo;
    return EXIT_OK;
}

int cmd_run(int argc, char **argv) {
    suite_config cfg;
    char *text;
    bench_options bo;
    int rc = run_args_parse(argc, argv, &cfg, &text, &bo);
    if (rc == RUN_ARGS_HELP) return EXIT_OK;
    if (rc != EXIT_OK) return rc;
    bo.config_text = text;
    int status = bench_execute(&cfg, &bo);
    config_free(&cfg);
    free(text);
    return status;
}
