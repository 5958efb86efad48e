/* Hardware counters: the unavailable path (forced with Q35_PAPI=off), the available path
 * as far as this machine allows (on a VM without a PMU, PAPI's own reason), and the pure
 * logic with fake counts: event choice, text form, derived IPC and bytes per miss, and the
 * measurement calling the provider around the timed repetitions only. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "harness/counters.h"
#include "harness/measure.h"
#include "roofline/papi_counters.h"

static void test_forced_off(void **state) {
    (void)state;
    setenv("Q35_PAPI", "off", 1);
    papi_counters *pc = papi_counters_open();
    assert_non_null(pc);
    const papi_status *st = papi_counters_status(pc);
    assert_false(st->available);
    assert_string_equal(st->reason, "disabled by Q35_PAPI=off");
    const counter_provider *cp = papi_counters_provider(pc);
    assert_int_not_equal(cp->begin(cp->self), 0);
    counter_values v;
    cp->end(cp->self, &v);
    assert_false(v.valid);
    char text[300];
    counters_format(&v, text, sizeof text);
    assert_string_equal(text, "n/a (disabled by Q35_PAPI=off)");
    cJSON *j = papi_counters_json(pc);
    assert_false(cJSON_IsTrue(cJSON_GetObjectItem(j, "available")));
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(j, "reason")), "disabled by Q35_PAPI=off");
    cJSON_Delete(j);
    papi_counters_close(pc);
    unsetenv("Q35_PAPI");
}

/* Without the switch: either PAPI counts (then a region gives counts), or it says why in
 * its own words and every region says the same. Never a failure. */
static void test_real_papi(void **state) {
    (void)state;
    unsetenv("Q35_PAPI");
    papi_counters *pc = papi_counters_open();
    assert_non_null(pc);
    const papi_status *st = papi_counters_status(pc);
    const counter_provider *cp = papi_counters_provider(pc);
    cp->begin(cp->self);
    volatile double x = 0;
    for (int i = 0; i < 100000; i++) x = x + i;
    assert_true(x > 0);
    counter_values v;
    cp->end(cp->self, &v);
    if (st->available) {
        assert_true(v.valid);
        assert_true(v.n >= 1);
    } else {
        assert_true(strlen(st->reason) > 0);
        assert_false(v.valid);
        assert_string_equal(v.note, st->reason);
        print_message("# PAPI unavailable here: %s\n", st->reason);
    }
    papi_counters_close(pc);
}

static const char *const *fake_events;
static bool fake_exists(void *ctx, const char *name) {
    (void)ctx;
    for (int i = 0; fake_events[i]; i++)
        if (strcmp(fake_events[i], name) == 0) return true;
    return false;
}

static void test_choose_events(void **state) {
    (void)state;
    char ev[COUNTERS_MAX][COUNTERS_NAME_LEN], note[160];
    const char *all[] = {"PAPI_TOT_CYC", "PAPI_TOT_INS", "PAPI_L3_TCM", "PAPI_L2_TCM", NULL};
    fake_events = all;
    assert_int_equal(papi_choose_events(fake_exists, NULL, ev, COUNTERS_MAX, note, sizeof note), 3);
    assert_string_equal(ev[2], "PAPI_L3_TCM");
    assert_string_equal(note, "PAPI_L3_TCM");
    const char *l2[] = {"PAPI_TOT_CYC", "PAPI_TOT_INS", "PAPI_L2_TCM", NULL};
    fake_events = l2;
    assert_int_equal(papi_choose_events(fake_exists, NULL, ev, COUNTERS_MAX, note, sizeof note), 3);
    assert_string_equal(ev[2], "PAPI_L2_TCM");
    assert_non_null(strstr(note, "nearest level"));
    const char *perf[] = {"PAPI_TOT_CYC", "perf::LLC-LOAD-MISSES", NULL};
    fake_events = perf;
    assert_int_equal(papi_choose_events(fake_exists, NULL, ev, COUNTERS_MAX, note, sizeof note), 2);
    assert_string_equal(ev[1], "perf::LLC-LOAD-MISSES");
    const char *none[] = {NULL};
    fake_events = none;
    assert_int_equal(papi_choose_events(fake_exists, NULL, ev, COUNTERS_MAX, note, sizeof note), 0);
    assert_string_equal(note, "no last-level-cache miss event exists");
}

static void test_text_round_trip_and_derive(void **state) {
    (void)state;
    counter_values v = {.valid = true, .n = 3, .calls = 4};
    strcpy(v.event[0], "PAPI_TOT_CYC");
    strcpy(v.event[1], "PAPI_TOT_INS");
    strcpy(v.event[2], "PAPI_L3_TCM");
    v.value[0] = 1000;
    v.value[1] = 3000;
    v.value[2] = 400;
    char text[300];
    counters_format(&v, text, sizeof text);
    assert_string_equal(text, "PAPI_TOT_CYC=1000;PAPI_TOT_INS=3000;PAPI_L3_TCM=400;calls=4");
    counter_values back;
    assert_int_equal(counters_parse(text, &back), 0);
    assert_true(back.valid);
    assert_int_equal(back.n, 3);
    assert_int_equal(counters_get(&back, "PAPI_L3_TCM"), 400);
    assert_int_equal(back.calls, 4);
    counter_derived d;
    counters_derive(&back, 6400.0, &d); /* 6400 bytes per call, 100 misses per call */
    assert_true(d.have_ipc);
    assert_float_equal(d.ipc, 3.0, 1e-12);
    assert_true(d.have_misses);
    assert_float_equal(d.misses_per_call, 100.0, 1e-12);
    assert_float_equal(d.bytes_per_miss, 64.0, 1e-12);
    /* zero cycles or misses: nothing derived, no division by zero */
    back.value[0] = 0;
    back.value[2] = 0;
    counters_derive(&back, 6400.0, &d);
    assert_false(d.have_ipc);
    assert_false(d.have_misses);
    /* the n/a form */
    assert_int_equal(counters_parse("n/a (PAPI reports 0 hardware counters)", &back), 0);
    assert_false(back.valid);
    assert_string_equal(back.note, "PAPI reports 0 hardware counters");
    counters_derive(&back, 1.0, &d);
    assert_false(d.have_ipc);
    assert_int_equal(counters_parse("cycles=5", &back), -1); /* no calls */
    assert_int_equal(counters_parse("n/a (x", &back), -1);
    assert_int_equal(counters_parse("=5;calls=1", &back), -1);
}

/* A fake provider: the measurement calls it around each timed repetition, never around
 * warm-up or calibration. */
typedef struct fake_state {
    int calls_so_far; /* kernel calls */
    int begins, ends;
    int calls_at_begin, calls_counted; /* calls inside begin..end windows */
} fake_state;

static void fake_kernel(void *p) { ((fake_state *)p)->calls_so_far++; }
static int fake_begin(void *self) {
    fake_state *f = self;
    f->begins++;
    f->calls_at_begin = f->calls_so_far;
    return 0;
}
static void fake_end(void *self, counter_values *out) {
    fake_state *f = self;
    f->ends++;
    f->calls_counted += f->calls_so_far - f->calls_at_begin;
    memset(out, 0, sizeof *out);
    out->valid = true;
    out->n = 1;
    strcpy(out->event[0], "PAPI_TOT_CYC");
    out->value[0] = 12345;
}

static void test_measure_counts_timed_region_only(void **state) {
    (void)state;
    fake_state f = {0};
    counter_provider cp = {"fake", &f, fake_begin, fake_end};
    measure_plan plan = {.min_time_s = 1e-4, .repetitions = 3, .warmup = 2, .counters = &cp};
    measurement m;
    assert_int_equal(measure_run(fake_kernel, &f, &plan, &m), 0);
    assert_int_equal(f.begins, 3); /* one window per repetition */
    assert_int_equal(f.ends, 3);
    /* inside the windows exactly the timed repetitions' calls; warm-up and calibration
     * outside. A repetition may be cut short when the machine stalls it past 5x min_time
     * (the slow-down guard), so the number of calls depends on timing; what is counted
     * must equal what was called inside the windows either way. */
    assert_true(m.counters.valid);
    assert_int_equal(f.calls_counted, (int)m.counters.calls);
    assert_true(m.counters.calls <= m.iterations * 3);
    if (m.cut_short == 0) assert_int_equal(m.counters.calls, m.iterations * 3);
    assert_true(f.calls_so_far - f.calls_counted >= 2);
    assert_int_equal(m.counters.value[0], 3 * 12345); /* summed over the repetitions */
    assert_int_equal(m.repetitions, 3);
    /* every planned repetition taken: one more is refused */
    assert_int_equal(measure_repetition(fake_kernel, &f, &plan, &m), -1);
    /* a re-measurement starts empty with the same calibration */
    measurement again;
    assert_int_equal(measure_restart(&m, &plan, &again), 0);
    assert_int_equal(again.repetitions, 0);
    assert_int_equal(again.capacity, 3);
    assert_true(again.iterations == m.iterations);
    assert_int_equal(measure_repetition(fake_kernel, &f, &plan, &again), 0);
    assert_int_equal(again.repetitions, 1);
    assert_true(again.real_s[0] > 0);
    measurement_free(&again);
    measurement_free(&m);
    /* no provider: no counts, and the text form says so */
    plan.counters = NULL;
    assert_int_equal(measure_run(fake_kernel, &f, &plan, &m), 0);
    assert_false(m.counters.valid);
    char text[300];
    counters_format(&m.counters, text, sizeof text);
    assert_string_equal(text, "n/a (no counter provider)");
    measurement_free(&m);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_forced_off),
        cmocka_unit_test(test_real_papi),
        cmocka_unit_test(test_choose_events),
        cmocka_unit_test(test_text_round_trip_and_derive),
        cmocka_unit_test(test_measure_counts_timed_region_only),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
