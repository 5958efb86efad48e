/*
 * Timing one operation: untimed warm-up calls, then the number of calls per repetition is
 * grown until one repetition takes at least min_time (Google Benchmark's calibration),
 * then `repetitions` repetitions are timed. Each sample is the time of one call averaged
 * over the repetition's calls, on the wall clock and on the process CPU clock.
 */
#ifndef Q35_MEASURE_H
#define Q35_MEASURE_H

#include <stdint.h>

#include "counters.h"

typedef struct measure_plan {
    double min_time_s;
    int repetitions;
    int warmup;
    const counter_provider *counters; /* optional: counts the timed repetitions only */
} measure_plan;

typedef struct measurement {
    uint64_t iterations; /* calls per repetition */
    int repetitions;
    double *real_s; /* per call, one entry per repetition (malloc'd) */
    double *cpu_s;
    double calibration_s; /* time spent calibrating (discarded) */
    counter_values counters; /* from plan->counters (valid = false without one) */
} measurement;

typedef void (*measure_fn)(void *ctx);

/* Returns 0, or -1 when out of memory. */
int measure_run(measure_fn fn, void *ctx, const measure_plan *plan, measurement *out);
void measurement_free(measurement *m);

#endif
