/* q35bench roofline: the measured roofs of this machine and every bench row placed on
 * them (roofline/roofline_run.h, roofline/placement.h). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "commands.h"
#include "base/config_values.h"
#include "harness/fingerprint.h"
#include "roofline/placement_tsv.h"
#include "roofline/roofline_report.h"
#include "run_output.h"

static const char *const usage_text =
    "usage: q35bench roofline [--out RUN_DIR | --results DIR] [--quick] [options]\n"
    "  --out RUN_DIR     add to an existing, unsealed run directory; places its bench.tsv\n"
    "  --results DIR     create a new run directory under DIR (default results) and seal it\n"
    "  --quick           small arrays, few repetitions (seconds; says so in the results)\n"
    "  --bench FILE      place this bench.tsv instead of RUN_DIR/bench.tsv\n"
    "  --threads LIST    thread counts, e.g. 1,2 (default 1..online CPUs)\n"
    "  --array-mib N     bytes per STREAM array, in MiB (default: the STREAM rule)\n"
    "  --ntimes N        STREAM iterations, the first discarded (default 11, quick 4)\n"
    "  --sweep-max-mib N largest working set of the sweep (default: the array size)\n"
    "  --min-time-ms MS  shortest repetition of the sweep and peak loops (default 20/50, quick 5/10)\n"
    "environment: Q35_PAPI=off skips hardware counters; Q35_DISABLE_CPU_FEATURES masks ISA paths\n";

static bool file_exists(const char *path) {
    struct stat st;
    return stat(path, &st) == 0;
}

static void print_summary(const roofline_results *r, const papi_counters *pc,
                          const placement_set *ps) {
    printf("roofline (%s): STREAM arrays %.0f MiB, best of %d, ISA %s\n",
           r->opt.quick ? "quick" : "full", (double)r->opt.array_bytes / 1048576.0,
           r->opt.stream_ntimes - 1, r->stream_isa->isa);
    printf("  %-8s", "GB/s");
    for (int k = 0; k < STREAM_KINDS; k++) printf(" %8s", stream_kind_name((stream_kind)k));
    printf("\n");
    for (size_t i = 0; i < r->n_tc; i++) {
        printf("  t%-7d", r->tc[i].threads);
        for (int k = 0; k < STREAM_KINDS; k++) printf(" %8.1f", r->tc[i].stream.kernel[k].gbps);
        printf("%s\n", r->tc[i].stream.valid ? "" : "  VALIDATION FAILED");
    }
    for (size_t i = 0; i < r->n_tc; i++) {
        const roofline_tc *tc = &r->tc[i];
        printf("  t%d: fp32 %.1f GFLOP/s, fp64 %.1f GFLOP/s, int8 %.1f GOP/s, sgemm %.1f GFLOP/s;",
               tc->threads, tc->peak[PEAK_FP32].rate, tc->peak[PEAK_FP64].rate,
               tc->peak[PEAK_INT8].rate, tc->sgemm.rate);
        for (size_t l = 0; l < tc->levels.n; l++)
            printf(" %s<=%.3gMiB %.0f GB/s", tc->levels.level[l].name,
                   (double)tc->levels.level[l].upto_bytes / 1048576.0, tc->levels.level[l].gbps);
        printf("\n");
    }
    const papi_status *st = pc ? papi_counters_status(pc) : NULL;
    printf("  PAPI: %s\n", st && st->available ? "counting" : st ? st->reason : "not opened");
    if (ps->bench) {
        size_t placed = 0;
        for (size_t i = 0; i < ps->bench->n; i++) placed += ps->rows[i].placed;
        printf("  placement: %zu of %zu bench rows placed (roofline.placement.tsv)\n", placed,
               ps->bench->n);
    } else {
        printf("  placement: %s\n", ps->note);
    }
}

int cmd_roofline(int argc, char **argv) {
    enum { O_OUT = 1, O_RESULTS, O_QUICK, O_BENCH, O_THREADS, O_ARRAY, O_NTIMES, O_SWEEP, O_MINT, O_HELP };
    static const struct option opts[] = {
        {"out", required_argument, 0, O_OUT},         {"results", required_argument, 0, O_RESULTS},
        {"quick", no_argument, 0, O_QUICK},           {"bench", required_argument, 0, O_BENCH},
        {"threads", required_argument, 0, O_THREADS}, {"array-mib", required_argument, 0, O_ARRAY},
        {"ntimes", required_argument, 0, O_NTIMES},   {"sweep-max-mib", required_argument, 0, O_SWEEP},
        {"min-time-ms", required_argument, 0, O_MINT},
        {"help", no_argument, 0, O_HELP},             {0, 0, 0, 0}};
    const char *out_dir = NULL, *root = NULL, *bench_path = NULL, *threads = NULL, *array = NULL,
               *ntimes = NULL, *sweep_max = NULL, *min_time = NULL;
    bool quick = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case O_OUT: out_dir = optarg; break;
        case O_RESULTS: root = optarg; break;
        case O_QUICK: quick = true; break;
        case O_BENCH: bench_path = optarg; break;
        case O_THREADS: threads = optarg; break;
        case O_ARRAY: array = optarg; break;
        case O_NTIMES: ntimes = optarg; break;
        case O_SWEEP: sweep_max = optarg; break;
        case O_MINT: min_time = optarg; break;
        case O_HELP: fputs(usage_text, stdout); return EXIT_OK;
        default: fputs(usage_text, stderr); return EXIT_USAGE;
        }
    }
    if (optind != argc || (out_dir && root)) {
        fputs(usage_text, stderr);
        return EXIT_USAGE;
    }
    roofline_options opt;
    roofline_options_default(&opt, quick);
    char why[512];
    uint64_t v;
    if (threads && roofline_options_threads(&opt, threads, why, sizeof why)) {
        fprintf(stderr, "q35bench roofline: --threads: %s\n", why);
        return EXIT_USAGE;
    }
    if (array) {
        if (cv_u64(array, 1, 65536, &v, why, sizeof why)) {
            fprintf(stderr, "q35bench roofline: --array-mib: %s\n", why);
            return EXIT_USAGE;
        }
        opt.array_bytes = opt.sweep_max_bytes = (size_t)v << 20;
        snprintf(opt.array_rule, sizeof opt.array_rule, "set on the command line: %llu MiB%s",
                 (unsigned long long)v, quick ? " (quick)" : "");
    }
    if (ntimes) {
        if (cv_u64(ntimes, 2, 1000, &v, why, sizeof why)) {
            fprintf(stderr, "q35bench roofline: --ntimes: %s\n", why);
            return EXIT_USAGE;
        }
        opt.stream_ntimes = (int)v;
    }
    if (sweep_max) {
        if (cv_u64(sweep_max, 1, 65536, &v, why, sizeof why)) {
            fprintf(stderr, "q35bench roofline: --sweep-max-mib: %s\n", why);
            return EXIT_USAGE;
        }
        opt.sweep_max_bytes = (size_t)v << 20;
    }
    if (min_time) {
        double ms;
        if (cv_double(min_time, 0.01, 10000, &ms, why, sizeof why)) {
            fprintf(stderr, "q35bench roofline: --min-time-ms: %s\n", why);
            return EXIT_USAGE;
        }
        opt.sweep_min_time_s = opt.peak_min_time_s = ms * 1e-3;
    }
    if (opt.sweep_max_bytes > opt.array_bytes) opt.sweep_max_bytes = opt.array_bytes;

    run_output out = {0};
    char err[1024];
    int opened = out_dir ? run_output_open(&out, "q35bench roofline", out_dir, NULL, NULL, 0) : 0;
    if (opened) return opened;
    const run_dir *rd = &out.rd;
    /* bench.tsv first: a corrupt one stops the step before anything is measured or written. */
    char bench_file[1100] = "";
    if (bench_path) snprintf(bench_file, sizeof bench_file, "%s", bench_path);
    else if (out_dir) snprintf(bench_file, sizeof bench_file, "%s/bench.tsv", rd->path);
    bench_table bt = {0};
    placement_set ps = {0};
    if (bench_file[0] && file_exists(bench_file)) {
        if (bench_tsv_read(bench_file, &bt, err, sizeof err)) {
            fprintf(stderr, "q35bench roofline: %s\n", err);
            return EXIT_USAGE;
        }
        ps.bench = &bt;
        snprintf(ps.note, sizeof ps.note, "placed the rows of %.200s", bench_file);
    } else if (bench_path) {
        fprintf(stderr, "q35bench roofline: %s: %s\n", bench_path, strerror(errno ? errno : ENOENT));
        return EXIT_USAGE;
    } else {
        snprintf(ps.note, sizeof ps.note,
                 "no bench.tsv in %s: placement skipped (run the bench step first)",
                 out_dir ? out_dir : "a new run directory");
        fprintf(stderr, "q35bench roofline: %s\n", ps.note);
    }

    papi_counters *pc = papi_counters_open();
    roofline_results res;
    if (roofline_run(&opt, pc, &res, stderr) != 0) {
        fprintf(stderr, "q35bench roofline: %s\n", res.failure);
        roofline_results_free(&res);
        papi_counters_close(pc);
        bench_table_free(&bt);
        return EXIT_FAILURES;
    }
    roof_curve curves[ROOFLINE_MAX_THREADS];
    roof_set roofs;
    roofline_roofs(&res, curves, &roofs);
    placement *rows = calloc(bt.n ? bt.n : 1, sizeof *rows);
    for (size_t i = 0; rows && i < bt.n; i++) placement_compute(&bt.rows[i], &roofs, &rows[i]);
    ps.rows = rows;

    struct { const char *name; char *text; } files[] = {
        {"roofline.json", roofline_json(&res, pc, &ps)},
        {"roofline.stream.tsv", roofline_stream_tsv(&res)},
        {"roofline.sweep.tsv", roofline_sweep_tsv(&res)},
        {"roofline.peak.tsv", roofline_peak_tsv(&res)},
        {"roofline.placement.tsv", ps.bench ? placement_tsv(&ps) : NULL},
        {"metrics.roofline.tsv", roofline_metrics(&res, pc, &ps)},
        {"machine.json", NULL},
    };
    size_t n_files = sizeof files / sizeof files[0];
    bool oom = !rows;
    for (size_t i = 0; i < n_files; i++)
        if (!files[i].text && strcmp(files[i].name, "machine.json") != 0 &&
            (strcmp(files[i].name, "roofline.placement.tsv") != 0 || ps.bench))
            oom = true;
    int status = EXIT_OK;
    if (oom) {
        fprintf(stderr, "q35bench roofline: out of memory while rendering the results\n");
        status = EXIT_FAILURES;
    } else {
        if (!out_dir)
            status = run_output_open(&out, "q35bench roofline", NULL, root, "roofline", 0);
        char machine_path[1100];
        snprintf(machine_path, sizeof machine_path, "%s/machine.json", rd->path);
        if (status == EXIT_OK && !file_exists(machine_path)) {
            cJSON *fp = fingerprint_collect(&res.timer);
            if (pc) cJSON_AddItemToObject(fp, "counters", papi_counters_json(pc));
            files[n_files - 1].text = cJSON_Print(fp);
            cJSON_Delete(fp);
        }
        for (size_t i = 0; status == EXIT_OK && i < n_files; i++)
            if (files[i].text) {
                char *text = files[i].text;
                files[i].text = NULL; /* taken over by the write */
                if (run_output_write(&out, files[i].name, text)) status = EXIT_FAILURES;
            }
        if (status == EXIT_OK || out.write_failed) status = run_output_close(&out, status, true);
    }
    for (size_t i = 0; i < n_files; i++) free(files[i].text);
    if (status == EXIT_OK) {
        print_summary(&res, pc, &ps);
        printf("results: %s%s\n", rd->path, out_dir ? " (not sealed: part of a larger run)" : "");
        if (res.failures) {
            fprintf(stderr, "q35bench roofline: %d validation(s) failed; first: %s\n",
                    res.failures, res.failure);
            status = EXIT_FAILURES;
        }
    }
    free(rows);
    roofline_results_free(&res);
    papi_counters_close(pc);
    bench_table_free(&bt);
    return status;
}
