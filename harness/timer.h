/* Clocks for the timing harness: a monotonic wall clock and the process CPU clock. */
#ifndef Q35_TIMER_H
#define Q35_TIMER_H

#include <stdint.h>

uint64_t timer_wall_ns(void); /* CLOCK_MONOTONIC_RAW where available, else CLOCK_MONOTONIC */
uint64_t timer_cpu_ns(void);  /* CLOCK_PROCESS_CPUTIME_ID: all threads of the process */
const char *timer_wall_clock_name(void);

typedef struct timer_info {
    double reported_resolution_ns; /* clock_getres */
    double measured_resolution_ns; /* smallest non-zero step seen between two reads */
    double read_overhead_ns;       /* median cost of one read */
} timer_info;

/* Measures the wall clock's granularity and read cost (a few milliseconds). */
void timer_measure(timer_info *out);

#endif
