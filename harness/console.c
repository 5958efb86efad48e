#include "console.h"

#include "results.h"

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
