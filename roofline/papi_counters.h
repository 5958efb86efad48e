/*
 * Hardware counters with PAPI, as a provider of the harness's counter interface
 * (harness/counters.h): PAPI_TOT_CYC, PAPI_TOT_INS and a last-level-cache miss event (the
 * first of papi_miss_candidates that exists), counted around the timed repetitions only.
 *
 * Where PAPI cannot count (no perf_event access, a VM without a PMU, Q35_PAPI=off), the
 * provider stays usable and every case records "n/a (reason)" with PAPI's own words
 * (PAPI_strerror, or the CPU component's disabled_reason). Nothing here fails a run.
 * Counts are those of the thread that calls the kernel (OpenMP's master thread); worker
 * threads are not counted, which the results say.
 *
 * The event choice and the derived figures are pure functions (fake counts in tests).
 */
#ifndef Q35_PAPI_COUNTERS_H
#define Q35_PAPI_COUNTERS_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "harness/counters.h"

typedef struct papi_counters papi_counters;

typedef struct papi_status {
    bool available;
    char reason[512];   /* why not (empty when available) */
    char version[32];   /* "7.0.0.0", or empty when the library did not initialise */
    int hw_counters;    /* hardware counters of the CPU component (0 on this VM) */
    int n_events;
    char events[COUNTERS_MAX][COUNTERS_NAME_LEN];
    char miss_event_note[160]; /* which event stands for last-level-cache misses */
} papi_status;

/* Initialises PAPI unless the environment says Q35_PAPI=off (or 0, no). Returns NULL only
 * when out of memory; otherwise an object whose status says whether it counts. */
papi_counters *papi_counters_open(void);
const papi_status *papi_counters_status(const papi_counters *pc);
const counter_provider *papi_counters_provider(papi_counters *pc);
/* The status as JSON, for the machine context and roofline.json. */
cJSON *papi_counters_json(const papi_counters *pc);
void papi_counters_close(papi_counters *pc);

/* True when the environment variable Q35_PAPI switches PAPI off. */
bool papi_disabled_by_env(void);

/* Candidates for the miss event, best first: PAPI presets for the last-level cache, then
 * perf's generic LLC event, then L2 as the nearest level. NULL-terminated. */
extern const char *const papi_miss_candidates[];

/* Chooses events: PAPI_TOT_CYC and PAPI_TOT_INS when `exists` says so, then the first
 * miss candidate that exists. Writes names to events and returns how many; note says
 * which miss event was chosen, or that none exists. */
typedef bool (*papi_event_exists)(void *ctx, const char *name);
int papi_choose_events(papi_event_exists exists, void *ctx,
                       char events[][COUNTERS_NAME_LEN], int max, char *note, size_t note_len);

/* Figures derived from one case's counts. */
typedef struct counter_derived {
    bool have_ipc, have_misses;
    double ipc;            /* PAPI_TOT_INS / PAPI_TOT_CYC */
    double misses_per_call;
    double bytes_per_miss; /* the kernel's modelled bytes moved / misses */
    char miss_event[COUNTERS_NAME_LEN];
} counter_derived;

/* bytes_per_call is the cost model's bytes moved per call. Figures whose counts are
 * missing or zero are left out (have_* = false). */
void counters_derive(const counter_values *v, double bytes_per_call, counter_derived *out);

#endif
