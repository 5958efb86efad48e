#include "bench_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "harness/compare.h"
#include "console.h"
#include "harness/fingerprint.h"
#include "harness/results.h"
#include "report/report_config.h"
#include "roofline/papi_counters.h"
#include "roofline/read_roof.h"
#include "run_output.h"
#include "harness/suite.h"

static const char *baseline_of(const void *rc, const char *format) {
    return rc_baseline(rc, format);
}

int bench_execute(const suite_config *cfg, const bench_options *opt) {
    char err[600];
    /* The baselines of the speedup comparisons (configs/report.ini [baselines]); a missing
     * default file only drops those comparisons, a named one must load. */
    report_config layout;
    const char *bl_path = opt->baselines_path ? opt->baselines_path : "configs/report.ini";
    bool have_baselines = report_config_load(bl_path, &layout, err, sizeof err) == 0;
    if (!have_baselines && opt->baselines_path) {
        fprintf(stderr, "q35bench: %s\n", err);
        return EXIT_USAGE;
    }
    if (!have_baselines)
        fprintf(stderr, "q35bench: no baseline speedups: %s\n", err);
    char *effective = config_effective_text(cfg);
    if (!effective) {
        fprintf(stderr, "q35bench: out of memory\n");
        return EXIT_FAILURES;
    }
    /* A full disk found before measuring, not after: what the run writes, roughly, against
     * the free space. Per case about 4 KiB of aggregates and 1.5 KiB per repetition (its
     * JSON entry, sample and order rows; configs/quick.ini wrote 34 KiB per case at 9
     * repetitions), for every measurement a re-measured case may take; 1 MiB for the rest. */
    size_t n_cases = suite_case_count(cfg);
    double need = 1048576.0 + (double)n_cases * (4096.0 + 1536.0 * cfg->repetitions *
                                                             (cfg->remeasure_max + 1));
    run_output out;
    int rc = run_output_open(&out, "q35bench", opt->out_dir, opt->results_root, effective, need);
    if (rc) {
        free(effective);
        return rc;
    }
    const run_dir *rd = &out.rd;

    timer_info ti;
    timer_measure(&ti);
    cJSON *machine = fingerprint_collect(&ti);
    /* Hardware counters around each timed region where PAPI can count; otherwise every
     * case and the machine context record PAPI's reason. */
    papi_counters *papi = papi_counters_open();
    suite_config run_cfg = *cfg;
    run_cfg.counters = papi ? papi_counters_provider(papi) : NULL;
    read_roof roof;
    roof_probe probe = read_roof_provider(&roof);
    run_cfg.roof_probe = &probe;
    cfg = &run_cfg;
    if (papi) cJSON_AddItemToObject(machine, "counters", papi_counters_json(papi));
    fingerprint_print_summary(stderr, machine);
    fprintf(stderr, "suite '%s' from %s: %zu cases, results in %s\n", cfg->name, cfg->path,
            suite_case_count(cfg), rd->path);

    /* Context first, so even an interrupted run says what it ran on (without COMPLETE). */
    int context_io = run_output_write(&out, "bench.config.ini", effective);
    if (!context_io && opt->config_text)
        context_io = run_output_write(&out, "bench.config.source.ini", strdup(opt->config_text));
    if (!context_io) context_io = run_output_write(&out, "machine.json", cJSON_Print(machine));
    if (context_io) {
        cJSON_Delete(machine);
        papi_counters_close(papi);
        return run_output_close(&out, EXIT_FAILURES, true);
    }

    suite_results res;
    if (suite_run(cfg, &res, opt->quiet ? NULL : stderr) != 0) {
        fprintf(stderr, "q35bench: out of memory for %zu cases\n", suite_case_count(cfg));
        cJSON_Delete(machine);
        papi_counters_close(papi);
        return EXIT_FAILURES;
    }
    compare_set cmp;
    if (compare_build(cfg, &res, have_baselines ? baseline_of : NULL, &layout, &cmp) != 0) {
        fprintf(stderr, "q35bench: out of memory for the comparisons\n");
        suite_results_free(&res);
        cJSON_Delete(machine);
        papi_counters_close(papi);
        return EXIT_FAILURES;
    }
    int io = run_output_write(&out, "bench.json",
                              results_bench_json(cfg, &res, machine, rd->id, opt->executable));
    io = io || run_output_write(&out, "bench.tsv", results_bench_tsv(&res));
    io = io || run_output_write(&out, "bench.samples.tsv", results_samples_tsv(&res));
    io = io || run_output_write(&out, "bench.compare.tsv", results_compare_tsv(&res, &cmp));
    io = io || run_output_write(&out, "bench.order.tsv", results_order_tsv(&res));
    io = io || run_output_write(&out, "metrics.bench.tsv", results_metrics_tsv(&res, &cmp));
    console_print_table(stdout, &res);
    console_print_noise(stdout, &res, &cmp);
    int status = run_output_close(&out, (res.failed || res.errors) ? EXIT_FAILURES : EXIT_OK,
                                  false);
    if (res.failed)
        fprintf(stderr, "q35bench: %zu case(s) FAILED the correctness gate\n", res.failed);
    if (res.errors) fprintf(stderr, "q35bench: %zu case(s) could not run\n", res.errors);
    compare_free(&cmp);
    suite_results_free(&res);
    cJSON_Delete(machine);
    papi_counters_close(papi);
    return status;
}
