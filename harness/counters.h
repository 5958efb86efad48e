/*
 * Optional hardware counters around a timed region. The harness knows only this
 * interface; a provider (roofline/papi_counters.c implements one with PAPI) is handed to
 * the measurement, which calls begin() right before its timed repetitions and end() right
 * after them, so calibration, warm-up and the correctness gate are never counted. A
 * provider that cannot count says why in `note`; counting never fails a run.
 */
#ifndef Q35_COUNTERS_H
#define Q35_COUNTERS_H

#include <stdbool.h>
#include <stddef.h>

#define COUNTERS_MAX 4
#define COUNTERS_NAME_LEN 48

typedef struct counter_values {
    bool valid; /* the counts below were read */
    int n;
    char event[COUNTERS_MAX][COUNTERS_NAME_LEN];
    long long value[COUNTERS_MAX];
    unsigned long long calls; /* kernel calls inside the counted region */
    char note[256];           /* why there are no counts (when !valid) */
} counter_values;

typedef struct counter_provider {
    const char *name; /* e.g. "PAPI" */
    void *self;
    /* Starts counting; returns 0 when counting started. */
    int (*begin)(void *self);
    /* Stops counting and fills out (valid = false and note = the reason otherwise). */
    void (*end)(void *self, counter_values *out);
} counter_provider;

/* The text form bench.tsv stores: "EVENT=count;EVENT=count;calls=N", or "n/a (reason)". */
void counters_format(const counter_values *v, char *buf, size_t len);
/* Parses that form back; returns 0, or -1 for text that is neither form. */
int counters_parse(const char *text, counter_values *out);
/* The count of `event`, or -1 when absent. */
long long counters_get(const counter_values *v, const char *event);

#endif
