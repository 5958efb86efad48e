#include "measure.h"

#include <stdio.h>
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

static int make_room(measurement *m, int repetitions) {
    m->capacity = repetitions;
    m->repetitions = 0;
    m->real_s = calloc((size_t)repetitions, sizeof *m->real_s);
    m->cpu_s = calloc((size_t)repetitions, sizeof *m->cpu_s);
    if (!m->real_s || !m->cpu_s) {
        measurement_free(m);
        return -1;
    }
    return 0;
}

int measure_calibrate(measure_fn fn, void *ctx, const measure_plan *plan, measurement *out) {
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
    return make_room(out, plan->repetitions);
}

int measure_restart(const measurement *from, const measure_plan *plan, measurement *out) {
    memset(out, 0, sizeof *out);
    out->iterations = from->iterations;
    out->calibration_s = from->calibration_s;
    return make_room(out, plan->repetitions);
}

/* Sums one repetition's counts into the total; the total stays valid only while every
 * repetition was counted with the same events. */
static void add_counts(measurement *m, const counter_values *one) {
    counter_values *t = &m->counters;
    if (m->repetitions == 0) {
        *t = *one;
        t->calls = 0;
    } else if (t->valid && (!one->valid || one->n != t->n)) {
        t->valid = false;
        snprintf(t->note, sizeof t->note, "%s",
                 one->note[0] ? one->note : "a repetition could not be counted");
    } else if (t->valid) {
        for (int i = 0; i < t->n; i++) t->value[i] += one->value[i];
    }
    if (t->valid) t->calls += one->calls;
}

/* The calls of one repetition, in up to REP_CHUNKS chunks with a look at the clock between
 * them: a repetition that runs past REP_DEADLINE x min_time (the machine slowed down since
 * the calibration, e.g. a busy neighbour descheduling one of the kernel's threads) stops at
 * the next chunk, and its sample is the mean over the calls it made. Without this, a
 * calibration of 5000 calls of 1 us each becomes 20 s when each call waits for a core. */
#define REP_CHUNKS 16
#define REP_DEADLINE 5.0

static double time_repetition(measure_fn fn, void *ctx, uint64_t n, double deadline_s,
                              double *cpu_s, uint64_t *calls) {
    uint64_t chunk = (n + REP_CHUNKS - 1) / REP_CHUNKS, done = 0;
    uint64_t deadline_ns = (uint64_t)(deadline_s * 1e9);
    uint64_t c0 = timer_cpu_ns();
    uint64_t t0 = timer_wall_ns(), t1 = t0;
    while (done < n) {
        uint64_t todo = n - done < chunk ? n - done : chunk;
        for (uint64_t i = 0; i < todo; i++) fn(ctx);
        done += todo;
        t1 = timer_wall_ns();
        if (t1 - t0 > deadline_ns) break;
    }
    uint64_t c1 = timer_cpu_ns();
    *cpu_s = (double)(c1 - c0) * 1e-9;
    *calls = done;
    return (double)(t1 - t0) * 1e-9;
}

int measure_repetition(measure_fn fn, void *ctx, const measure_plan *plan, measurement *m) {
    if (m->repetitions >= m->capacity) return -1;
    counter_values counts;
    if (plan->counters) plan->counters->begin(plan->counters->self);
    double cpu;
    uint64_t calls;
    double real = time_repetition(fn, ctx, m->iterations, REP_DEADLINE * plan->min_time_s,
                                  &cpu, &calls);
    if (plan->counters) {
        plan->counters->end(plan->counters->self, &counts);
        counts.calls = calls;
        add_counts(m, &counts);
    }
    m->real_s[m->repetitions] = real / (double)calls;
    m->cpu_s[m->repetitions] = cpu / (double)calls;
    if (calls < m->iterations) m->cut_short++;
    m->repetitions++;
    return 0;
}

int measure_run(measure_fn fn, void *ctx, const measure_plan *plan, measurement *out) {
    if (measure_calibrate(fn, ctx, plan, out)) return -1;
    for (int r = 0; r < plan->repetitions; r++) measure_repetition(fn, ctx, plan, out);
    return 0;
}

void measurement_free(measurement *m) {
    free(m->real_s);
    free(m->cpu_s);
    m->real_s = m->cpu_s = NULL;
}
