#include "measure.h"

#include <stdlib.h>
#include <string.h>

#include "timer.h"

#define MAX_ITERATIONS UINT64_C(1000000000)

static double time_calls(measure_fn fn, void *ctx, uint64_t n, double *cpu_s) {
    uint64_t c0 = timer_cpu_ns();
    uint64_t t0 = timer_wall_ns();
    for (uint64_t i = 0; i < n; i++) fn(ctx);
    uint64_t t1 = timer_wall_ns();
    uint64_t c1 = timer_cpu_ns();
    if (cpu_s) *cpu_s = (double)(c1 - c0) * 1e-9;
    return (double)(t1 - t0) * 1e-9;
}

int measure_run(measure_fn fn, void *ctx, const measure_plan *plan, measurement *out) {
    memset(out, 0, sizeof *out);
    for (int i = 0; i < plan->warmup; i++) fn(ctx);

    uint64_t n = 1;
    double spent = 0.0;
    for (;;) {
        double t = time_calls(fn, ctx, n, NULL);
        spent += t;
        if (t >= plan->min_time_s || n >= MAX_ITERATIONS) break;
        /* aim 40% past the target, grow at most 10x per step, always by at least one */
        double want = t > 0.0 ? (double)n * plan->min_time_s * 1.4 / t : (double)n * 10.0;
        if (want > (double)n * 10.0) want = (double)n * 10.0;
        uint64_t next = (uint64_t)want;
        n = next > n ? next : n + 1;
        if (n > MAX_ITERATIONS) n = MAX_ITERATIONS;
    }
    out->iterations = n;
    out->calibration_s = spent;
    out->repetitions = plan->repetitions;
    out->real_s = calloc((size_t)plan->repetitions, sizeof *out->real_s);
    out->cpu_s = calloc((size_t)plan->repetitions, sizeof *out->cpu_s);
    if (!out->real_s || !out->cpu_s) {
        measurement_free(out);
        return -1;
    }
    if (plan->counters) plan->counters->begin(plan->counters->self);
    for (int r = 0; r < plan->repetitions; r++) {
        double cpu;
        double real = time_calls(fn, ctx, n, &cpu);
        out->real_s[r] = real / (double)n;
        out->cpu_s[r] = cpu / (double)n;
    }
    if (plan->counters) {
        plan->counters->end(plan->counters->self, &out->counters);
        out->counters.calls = n * (uint64_t)plan->repetitions;
    }
    return 0;
}

void measurement_free(measurement *m) {
    free(m->real_s);
    free(m->cpu_s);
    m->real_s = m->cpu_s = NULL;
}
