#include "console.h"

#include "harness/results.h"

void console_print_table(FILE *out, const suite_results *res) {
    fprintf(out, "%-14s %-12s %-12s %5s %3s %-14s %11s %6s %8s %8s %6s %9s  %s\n", "kernel",
            "shape", "N x K", "M", "T", "isa", "median ms", "cv %", "GB/s", "GOP/s", "bpw",
            "gate err", "status");
    for (size_t i = 0; i < res->n; i++) {
        const case_result *c = &res->cases[i];
        case_rates r;
        results_rates(c, &r);
        char dims[32];
        snprintf(dims, sizeof dims, "%zux%zu", c->n, c->k);
        fprintf(out, "%-14.14s %-12.12s %-12s %5zu %3d %-14.14s ", c->kernel, c->shape, dims, c->m,
                c->threads, c->isa);
        if (c->status == CASE_OK)
            fprintf(out, "%11.4f %6.2f %8.2f %8.2f %6.3f %9.2e  ok\n", c->real.median * 1e3,
                    c->real.cv * 100.0, r.gbps, r.gops, r.bits_per_weight, c->gate.max_error);
        else if (c->status == CASE_FAILED)
            fprintf(out, "%11s %6s %8s %8s %6.3f %9.2e  FAILED\n", "-", "-", "-", "-",
                    r.bits_per_weight, c->gate.max_error);
        else
            fprintf(out, "%11s %6s %8s %8s %6s %9s  %s: %s\n", "-", "-", "-", "-", "-", "-",
                    case_status_name(c->status), c->message);
    }
    fprintf(out, "%zu cases: %zu ok, %zu FAILED, %zu unavailable, %zu error; %.1f s\n", res->n,
            res->ok, res->failed, res->unavailable, res->errors, res->elapsed_s);
}

void console_print_noise(FILE *out, const suite_results *res, const compare_set *cmp) {
    fprintf(out, "quietness over the timed repetitions: load average %.2f, steal %.1f %%, "
                 "other processes %.1f %% of the CPUs; %zu case(s) re-measured, %zu still noisy\n",
            noise_load_avg(&res->noise), noise_steal_pct(&res->noise),
            noise_other_cpu_pct(&res->noise), res->remeasured, res->noisy);
    for (size_t i = 0; i < cmp->n; i++) {
        const comparison *c = &cmp->v[i];
        if (c->kind != COMPARE_AA && c->kind != COMPARE_PAIR) continue;
        fprintf(out, "%s %.4g [%.4g, %.4g] p=%.2g%s%s\n",
                c->kind == COMPARE_AA ? "A/A noise floor" : c->id, c->ratio.value, c->ratio.lo,
                c->ratio.hi, c->p, ci_ratio_distinguishable(&c->ratio) ? "" : " (not distinguishable)",
                c->interleaved ? "" : " (not interleaved)");
    }
    size_t shown = 0;
    for (size_t i = 0; i < res->n; i++) {
        const case_result *c = &res->cases[i];
        if (c->status != CASE_OK) continue;
        if (c->noisy && shown++ < 10)
            fprintf(out, "noisy: %s cv %.1f %% after %d measurement(s)\n", c->name,
                    100 * c->real.cv, c->attempts);
        if (c->above_roof)
            fprintf(out, "above the DRAM read roof (%.1f GB/s, interval %.1f-%.1f): %s; the roof "
                         "is under-measured\n",
                    c->roof_gbps.value, c->roof_gbps.lo, c->roof_gbps.hi, c->name);
    }
    if (shown > 10)
        fprintf(out, "noisy: %zu more case(s) (bench.tsv, column noisy)\n", shown - 10);
}
