#include "timer.h"

#include <time.h>

#ifdef CLOCK_MONOTONIC_RAW
#define WALL_CLOCK CLOCK_MONOTONIC_RAW
#define WALL_CLOCK_NAME "CLOCK_MONOTONIC_RAW"
#else
#define WALL_CLOCK CLOCK_MONOTONIC
#define WALL_CLOCK_NAME "CLOCK_MONOTONIC"
#endif

static uint64_t read_clock(clockid_t id) {
    struct timespec ts;
    clock_gettime(id, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint64_t timer_wall_ns(void) { return read_clock(WALL_CLOCK); }
uint64_t timer_cpu_ns(void) { return read_clock(CLOCK_PROCESS_CPUTIME_ID); }
const char *timer_wall_clock_name(void) { return WALL_CLOCK_NAME; }

void timer_measure(timer_info *out) {
    struct timespec res;
    clock_getres(WALL_CLOCK, &res);
    out->reported_resolution_ns = (double)res.tv_sec * 1e9 + (double)res.tv_nsec;

    uint64_t smallest = UINT64_MAX;
    for (int i = 0; i < 1000; i++) {
        uint64_t a = timer_wall_ns(), b;
        do b = timer_wall_ns();
        while (b == a);
        if (b - a < smallest) smallest = b - a;
    }
    out->measured_resolution_ns = (double)smallest;

    /* Cost of one read: median over batches of 1000 reads. */
    double batches[21];
    for (int i = 0; i < 21; i++) {
        uint64_t t0 = timer_wall_ns();
        for (int j = 0; j < 1000; j++) (void)timer_wall_ns();
        batches[i] = (double)(timer_wall_ns() - t0) / 1000.0;
    }
    for (int i = 1; i < 21; i++) /* insertion sort of 21 values */
        for (int j = i; j > 0 && batches[j - 1] > batches[j]; j--) {
            double t = batches[j];
            batches[j] = batches[j - 1];
            batches[j - 1] = t;
        }
    out->read_overhead_ns = batches[10];
}
