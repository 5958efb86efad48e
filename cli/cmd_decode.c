/* q35bench decode CONFIG: an end-to-end LLaMA-architecture decode on the registry's kernels,
 * measured like llama-bench (decode/decode_run.h); writes decode.tsv, decode.json and
 * metrics.decode.tsv into a run directory. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/atomic_file.h"
#include "commands.h"
#include "exit_status.h"
#include "base/config_values.h"
#include "decode/decode_output.h"
#include "run_output.h"

static const char *const decode_usage =
    "usage: q35bench decode CONFIG [--out RUN_DIR | --results DIR] [options]\n"
    "  --out RUN_DIR     add to this unsealed run (its metrics.roofline.tsv gives the bound)\n"
    "  --results DIR     write a new, sealed run directory under DIR (default results)\n"
    "  --model ID        only this model (configs/models/ID.ini): the formats the config\n"
    "                    lists for it, or every format when it lists none\n"
    "  --format NAME     only this format of the config (with --model: that one case)\n"
    "  --pp N, --tg N    prompt tokens, generated tokens (override the config)\n"
    "  --reps N          timed repetitions; --threads LIST thread counts\n"
    "  --dry-run         plan only: kernels and memory need of every case; nothing is built\n"
    "  --quiet           no progress on stderr\n"
    "A case that does not fit memory is refused before anything is allocated (exit 2), unless\n"
    "the config says too_big = skip and no --model or --format asked for it.\n";

static int override_u64(const char *opt, const char *v, uint64_t lo, uint64_t hi, uint64_t *out) {
    char why[200];
    if (cv_u64(v, lo, hi, out, why, sizeof why) == 0) return 0;
    fprintf(stderr, "q35bench decode: %s: %s\n", opt, why);
    return -1;
}

static int parse_threads(const char *v, decode_config *cfg) {
    cv_list l;
    char why[200];
    if (cv_split(v, &l, why, sizeof why) || l.n > DECODE_MAX_THREADS) {
        fprintf(stderr, "q35bench decode: --threads: %s\n", l.n > DECODE_MAX_THREADS ? "too many" : why);
        if (l.items) cv_list_free(&l);
        return -1;
    }
    cfg->n_threads = 0;
    int rc = 0;
    for (size_t i = 0; !rc && i < l.n; i++) {
        uint64_t t;
        rc = override_u64("--threads", l.items[i], 1, 256, &t);
        cfg->threads[cfg->n_threads++] = (int)t;
    }
    cv_list_free(&l);
    return rc;
}

static void print_plan(const decode_run *r) {
    for (size_t i = 0; i < r->n_cases; i++) {
        const decode_case *c = &r->cases[i];
        char kernels[300], mem[400] = "";
        decode_kernels_text(c, kernels, sizeof kernels);
        if (c->mem.need > 0) decode_memory_describe(&c->mem, mem, sizeof mem);
        printf("%s\t%s\t%s\t%s\t%s\n", c->shape.id, c->format->name, kernels[0] ? kernels : "-",
               decode_status_names[c->status], c->status == CASE_PLANNED ? mem : c->message);
    }
}

/* Reads the run's metrics.roofline.tsv when there is one; -1 when it is malformed. */
static int load_roof(const char *run, metric_table *roof, bool *have) {
    char path[1200], err[600];
    snprintf(path, sizeof path, "%s/metrics.roofline.tsv", run);
    *have = false;
    if (access(path, F_OK) != 0) return 0; /* no roofline step in this run */
    if (metrics_read_file(path, roof, err, sizeof err)) {
        fprintf(stderr, "q35bench decode: %s\n", err);
        return -1;
    }
    *have = true;
    return 0;
}

static int write_outputs(run_output *out, const decode_run *r, const char *source) {
    if (source && run_output_write(out, "decode.config.ini", strdup(source))) return -1;
    if (run_output_write(out, "decode.tsv", decode_tsv(r)) ||
        run_output_write(out, "decode.json", decode_json(r)) ||
        run_output_write(out, "metrics.decode.tsv", decode_metrics(r)))
        return -1;
    return 0;
}

int cmd_decode(int argc, char **argv) {
    enum { O_OUT = 1, O_RESULTS, O_MODEL, O_FORMAT, O_PP, O_TG, O_REPS, O_THREADS, O_DRY, O_QUIET, O_HELP };
    static const struct option opts[] = {
        {"out", required_argument, 0, O_OUT},         {"results", required_argument, 0, O_RESULTS},
        {"model", required_argument, 0, O_MODEL},     {"format", required_argument, 0, O_FORMAT},
        {"pp", required_argument, 0, O_PP},           {"tg", required_argument, 0, O_TG},
        {"reps", required_argument, 0, O_REPS},       {"threads", required_argument, 0, O_THREADS},
        {"dry-run", no_argument, 0, O_DRY},           {"quiet", no_argument, 0, O_QUIET},
        {"help", no_argument, 0, O_HELP},             {0, 0, 0, 0}};
    const char *out_dir = NULL, *root = NULL, *pp = NULL, *tg = NULL, *reps = NULL, *threads = NULL;
    decode_run_options ro = {0};
    bool dry = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case O_OUT: out_dir = optarg; break;
        case O_RESULTS: root = optarg; break;
        case O_MODEL: ro.only_model = optarg; break;
        case O_FORMAT: ro.only_format = optarg; break;
        case O_PP: pp = optarg; break;
        case O_TG: tg = optarg; break;
        case O_REPS: reps = optarg; break;
        case O_THREADS: threads = optarg; break;
        case O_DRY: dry = true; break;
        case O_QUIET: ro.quiet = true; break;
        case O_HELP: fputs(decode_usage, stdout); return EXIT_OK;
        default: fputs(decode_usage, stderr); return EXIT_USAGE;
        }
    }
    if (optind != argc - 1 || (out_dir && root)) {
        fputs(decode_usage, stderr);
        return EXIT_USAGE;
    }
    const char *path = argv[optind];
    char err[1200];
    decode_config *cfg = malloc(sizeof *cfg);
    if (!cfg) return fputs("q35bench decode: out of memory\n", stderr), EXIT_FAILURES;
    int status = EXIT_OK;
    uint64_t u;
    int loaded = decode_config_load(path, cfg, err, sizeof err);
    if (loaded) {
        fprintf(stderr, "q35bench decode: %s\n", err);
        free(cfg);
        return exit_status(loaded);
    }
    int bad = 0;
    if (pp && !(bad = override_u64("--pp", pp, 1, 65536, &u))) cfg->pp = (size_t)u;
    if (!bad && tg && !(bad = override_u64("--tg", tg, 1, 65536, &u))) cfg->tg = (size_t)u;
    if (!bad && reps && !(bad = override_u64("--reps", reps, 1, 1000, &u))) cfg->repetitions = (int)u;
    if (!bad && threads) bad = parse_threads(threads, cfg);
    if (bad) {
        free(cfg);
        return EXIT_USAGE;
    }
    decode_run r;
    if (decode_run_plan(&r, cfg, &ro, err, sizeof err)) {
        fprintf(stderr, "q35bench decode: %s\n", err);
        free(cfg);
        return EXIT_USAGE;
    }
    if (dry) {
        print_plan(&r);
        goto done;
    }
    /* too big: refused before anything is built, unless the config skips such cases */
    bool explicit = ro.only_model || ro.only_format;
    for (size_t i = 0; i < r.n_cases; i++)
        if (r.cases[i].status == CASE_TOO_BIG && (!cfg->skip_too_big || explicit)) {
            fprintf(stderr, "q35bench decode: %s %s does not fit: %s\n", r.cases[i].shape.id,
                    r.cases[i].format->name, r.cases[i].message);
            status = EXIT_USAGE;
        }
    if (status) goto done;
    run_output out;
    if ((status = run_output_open(&out, "q35bench decode", out_dir, root, path, 0))) goto done;
    const run_dir *rd = &out.rd;
    metric_table roof = {0};
    bool have_roof = false;
    if (load_roof(rd->path, &roof, &have_roof)) {
        run_output_discard(&out);
        status = EXIT_USAGE;
        goto done;
    }
    r.roof = have_roof ? &roof : NULL;
    decode_run_execute(&r, &ro);
    char *source = read_whole_file(path, 1u << 20, NULL, err, sizeof err);
    write_outputs(&out, &r, source);
    status = run_output_close(&out, EXIT_OK, true);
    free(source);
    if (have_roof) metrics_free(&roof);
    if (!status) {
        decode_print_table(stdout, &r);
        printf("results: %s%s\n", rd->path, out_dir ? " (not sealed: part of a larger run)" : "");
        for (size_t i = 0; i < r.n_cases; i++)
            if (r.cases[i].status == CASE_ERROR) status = EXIT_FAILURES;
    }
done:
    decode_run_free(&r);
    free(cfg);
    return status;
}
