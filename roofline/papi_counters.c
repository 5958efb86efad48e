#include "papi_counters.h"

#include <papi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct papi_counters {
    papi_status st;
    int event_set;
    bool running;
    char run_error[160];
    counter_provider provider;
};

const char *const papi_miss_candidates[] = {
    "PAPI_L3_TCM", "PAPI_L3_DCM", "perf::LLC-LOAD-MISSES", "perf::CACHE-MISSES",
    "PAPI_L2_TCM", "PAPI_L2_DCM", NULL};

bool papi_disabled_by_env(void) {
    const char *v = getenv("Q35_PAPI");
    return v && (strcasecmp(v, "off") == 0 || strcmp(v, "0") == 0 || strcasecmp(v, "no") == 0);
}

int papi_choose_events(papi_event_exists exists, void *ctx,
                       char events[][COUNTERS_NAME_LEN], int max, char *note, size_t note_len) {
    int n = 0;
    const char *base[] = {"PAPI_TOT_CYC", "PAPI_TOT_INS"};
    for (int i = 0; i < 2 && n < max; i++)
        if (exists(ctx, base[i])) snprintf(events[n++], COUNTERS_NAME_LEN, "%s", base[i]);
    snprintf(note, note_len, "no last-level-cache miss event exists");
    for (int i = 0; papi_miss_candidates[i] && n < max; i++) {
        const char *c = papi_miss_candidates[i];
        if (!exists(ctx, c)) continue;
        snprintf(events[n++], COUNTERS_NAME_LEN, "%s", c);
        snprintf(note, note_len, "%s%s", c,
                 strstr(c, "L2") ? " (no L3 or LLC event: L2 is the nearest level)" : "");
        break;
    }
    return n;
}

void counters_derive(const counter_values *v, double bytes_per_call, counter_derived *out) {
    memset(out, 0, sizeof *out);
    if (!v->valid) return;
    long long cyc = counters_get(v, "PAPI_TOT_CYC"), ins = counters_get(v, "PAPI_TOT_INS");
    if (cyc > 0 && ins >= 0) {
        out->have_ipc = true;
        out->ipc = (double)ins / (double)cyc;
    }
    for (int i = 0; i < v->n; i++) {
        if (strcmp(v->event[i], "PAPI_TOT_CYC") == 0 || strcmp(v->event[i], "PAPI_TOT_INS") == 0)
            continue;
        snprintf(out->miss_event, sizeof out->miss_event, "%s", v->event[i]);
        if (v->value[i] > 0 && v->calls > 0) {
            out->have_misses = true;
            out->misses_per_call = (double)v->value[i] / (double)v->calls;
            out->bytes_per_miss = bytes_per_call / out->misses_per_call;
        }
        break;
    }
}

static bool papi_exists(void *ctx, const char *name) {
    (void)ctx;
    return PAPI_query_named_event(name) == PAPI_OK;
}

static int begin_counting(void *self) {
    papi_counters *pc = self;
    pc->run_error[0] = '\0';
    if (!pc->st.available) return -1;
    int rc = PAPI_reset(pc->event_set);
    if (rc == PAPI_OK) rc = PAPI_start(pc->event_set);
    if (rc != PAPI_OK) {
        snprintf(pc->run_error, sizeof pc->run_error, "PAPI_start: %s", PAPI_strerror(rc));
        return -1;
    }
    pc->running = true;
    return 0;
}

static void end_counting(void *self, counter_values *out) {
    papi_counters *pc = self;
    memset(out, 0, sizeof *out);
    if (!pc->st.available) {
        snprintf(out->note, sizeof out->note, "%.250s", pc->st.reason);
        return;
    }
    if (!pc->running) {
        snprintf(out->note, sizeof out->note, "%s", pc->run_error[0] ? pc->run_error : "not started");
        return;
    }
    long long values[COUNTERS_MAX] = {0};
    int rc = PAPI_stop(pc->event_set, values);
    pc->running = false;
    if (rc != PAPI_OK) {
        snprintf(out->note, sizeof out->note, "PAPI_stop: %s", PAPI_strerror(rc));
        return;
    }
    out->valid = true;
    out->n = pc->st.n_events;
    for (int i = 0; i < out->n; i++) {
        snprintf(out->event[i], COUNTERS_NAME_LEN, "%s", pc->st.events[i]);
        out->value[i] = values[i];
    }
}

/* The CPU component's state: its index, or -1 with the reason filled in. */
static int cpu_component(papi_status *st) {
    int n = PAPI_num_components();
    for (int i = 0; i < n; i++) {
        const PAPI_component_info_t *ci = PAPI_get_component_info(i);
        if (!ci || strcmp(ci->name, "perf_event") != 0) continue;
        st->hw_counters = PAPI_num_cmp_hwctrs(i);
        if (ci->disabled) {
            snprintf(st->reason, sizeof st->reason,
                     "PAPI reports %d hardware counters: component perf_event disabled: %.400s",
                     st->hw_counters > 0 ? st->hw_counters : 0, ci->disabled_reason);
            return -1;
        }
        return i;
    }
    snprintf(st->reason, sizeof st->reason, "PAPI has no perf_event component (CPU counters)");
    return -1;
}

static void try_init(papi_counters *pc) {
    papi_status *st = &pc->st;
    if (papi_disabled_by_env()) {
        snprintf(st->reason, sizeof st->reason, "disabled by Q35_PAPI=%s", getenv("Q35_PAPI"));
        return;
    }
    int rc = PAPI_is_initialized() ? (int)PAPI_VER_CURRENT : PAPI_library_init(PAPI_VER_CURRENT);
    if (rc != (int)PAPI_VER_CURRENT) {
        snprintf(st->reason, sizeof st->reason, "PAPI_library_init: %s",
                 rc > 0 ? "library version differs from the headers" : PAPI_strerror(rc));
        return;
    }
    int v = PAPI_get_opt(PAPI_LIB_VERSION, NULL);
    snprintf(st->version, sizeof st->version, "%d.%d.%d.%d", PAPI_VERSION_MAJOR(v),
             PAPI_VERSION_MINOR(v), PAPI_VERSION_REVISION(v), PAPI_VERSION_INCREMENT(v));
    if (cpu_component(st) < 0) return;
    if (st->hw_counters <= 0) {
        snprintf(st->reason, sizeof st->reason, "PAPI reports %d hardware counters",
                 st->hw_counters);
        return;
    }
    st->n_events = papi_choose_events(papi_exists, NULL, st->events, COUNTERS_MAX,
                                      st->miss_event_note, sizeof st->miss_event_note);
    if (st->n_events == 0) {
        snprintf(st->reason, sizeof st->reason,
                 "none of PAPI_TOT_CYC, PAPI_TOT_INS or a cache-miss event exists here");
        return;
    }
    pc->event_set = PAPI_NULL;
    rc = PAPI_create_eventset(&pc->event_set);
    for (int i = 0; rc == PAPI_OK && i < st->n_events; i++) {
        rc = PAPI_add_named_event(pc->event_set, st->events[i]);
        if (rc != PAPI_OK) {
            snprintf(st->reason, sizeof st->reason, "PAPI_add_named_event(%s): %s",
                     st->events[i], PAPI_strerror(rc));
            return;
        }
    }
    if (rc != PAPI_OK) {
        snprintf(st->reason, sizeof st->reason, "PAPI_create_eventset: %s", PAPI_strerror(rc));
        return;
    }
    st->available = true;
}

papi_counters *papi_counters_open(void) {
    papi_counters *pc = calloc(1, sizeof *pc);
    if (!pc) return NULL;
    pc->event_set = PAPI_NULL;
    try_init(pc);
    pc->provider = (counter_provider){.name = "PAPI", .self = pc, .begin = begin_counting,
                                      .end = end_counting};
    return pc;
}

const papi_status *papi_counters_status(const papi_counters *pc) { return &pc->st; }
const counter_provider *papi_counters_provider(papi_counters *pc) { return &pc->provider; }

cJSON *papi_counters_json(const papi_counters *pc) {
    const papi_status *st = &pc->st;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "provider", "PAPI");
    cJSON_AddBoolToObject(o, "available", st->available);
    if (!st->available) cJSON_AddStringToObject(o, "reason", st->reason);
    if (st->version[0]) cJSON_AddStringToObject(o, "papi_version", st->version);
    cJSON_AddNumberToObject(o, "hardware_counters", st->hw_counters);
    cJSON *ev = cJSON_AddArrayToObject(o, "events");
    for (int i = 0; st->available && i < st->n_events; i++)
        cJSON_AddItemToArray(ev, cJSON_CreateString(st->events[i]));
    if (st->available) cJSON_AddStringToObject(o, "miss_event", st->miss_event_note);
    cJSON_AddStringToObject(o, "region", "the timed repetitions only (not calibration, warm-up or the gate)");
    cJSON_AddStringToObject(o, "threads", "the thread that calls the kernel; OpenMP/OpenBLAS workers are not counted");
    cJSON_AddStringToObject(o, "switch", "Q35_PAPI=off forces the unavailable path");
    return o;
}

void papi_counters_close(papi_counters *pc) {
    if (!pc) return;
    if (pc->st.available) {
        if (pc->running) {
            long long v[COUNTERS_MAX];
            PAPI_stop(pc->event_set, v);
        }
        PAPI_cleanup_eventset(pc->event_set);
        PAPI_destroy_eventset(&pc->event_set);
    }
    free(pc);
}
