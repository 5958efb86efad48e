/*
 * Timing one operation: untimed warm-up calls, then the number of calls per repetition is
 * grown until one repetition takes at least min_time (Google Benchmark's calibration),
 * then `repetitions` repetitions are timed. Each sample is the time of one call averaged
 * over the repetition's calls, on the wall clock and on the process CPU clock.
 *
 * Calibration and the timed repetitions are separate calls, so that the suite can
 * calibrate every case first and then interleave the repetitions of many cases
 * (harness/interleave.h); measure_run does both in a row.
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
    int repetitions;     /* samples taken so far */
    int capacity;        /* samples planned */
    double *real_s;      /* per call, one entry per repetition (malloc'd) */
    double *cpu_s;
    int cut_short;           /* repetitions stopped early: they ran past 5x min_time */
    double calibration_s;    /* time spent calibrating (discarded) */
    counter_values counters; /* summed over the timed repetitions (valid = false without a
                                provider, or when any repetition could not be counted) */
} measurement;

typedef void (*measure_fn)(void *ctx);

/* Warm-up and calibration: sets iterations and calibration_s and makes room for
 * plan->repetitions samples (none taken yet). Returns 0, or -1 when out of memory. */
int measure_calibrate(measure_fn fn, void *ctx, const measure_plan *plan, measurement *out);

/* Times the next repetition: `iterations` calls, counters around them. Returns 0, or -1
 * when every planned repetition has been taken. */
int measure_repetition(measure_fn fn, void *ctx, const measure_plan *plan, measurement *m);

/* An empty measurement with the calibration of `from` and room for plan->repetitions
 * samples, for a re-measurement. Returns 0, or -1 when out of memory. */
int measure_restart(const measurement *from, const measure_plan *plan, measurement *out);

/* Calibration, then every repetition in a row. Returns 0, or -1 when out of memory. */
int measure_run(measure_fn fn, void *ctx, const measure_plan *plan, measurement *out);
void measurement_free(measurement *m);

#endif
