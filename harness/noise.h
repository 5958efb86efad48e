/*
 * How quiet the machine was while a case was timed, from /proc (Linux): the CPU time the
 * hypervisor stole, the CPU time other processes used, and the load average. Sampled just
 * before and just after each timed repetition (outside the timed region), and summed per
 * case over its repetitions, so a case knows the noise of its own time windows.
 *
 *   steal %          100 x stolen ticks / all ticks of all CPUs (/proc/stat "cpu" line)
 *   other CPU %      100 x (busy ticks of all CPUs - this process's ticks) / all ticks:
 *                    the share of the machine other processes (and the kernel's own work)
 *                    used; one other CPU-bound process on a 2-CPU machine is about 50 %
 *   load average    /proc/loadavg's 1-minute figure, averaged over the samples; it counts
 *                    this process's own running threads too
 *
 * Ticks are USER_HZ (usually 100 per second per CPU), so one short repetition sees only a
 * few; the sums over a case's repetitions are what is reported. Parsing is separate from
 * reading so the tests can feed fixed text.
 */
#ifndef Q35_NOISE_H
#define Q35_NOISE_H

#include <stdbool.h>

typedef struct noise_sample {
    bool valid;                         /* every file below was read and parsed */
    unsigned long long busy, steal, total; /* all CPUs, clock ticks */
    unsigned long long self;            /* this process: utime + stime, clock ticks */
    double load1;                       /* 1-minute load average */
} noise_sample;

typedef struct noise_totals {
    double total_ticks, steal_ticks, other_ticks; /* sums over the windows added */
    double load_sum;
    int load_n;
} noise_totals;

/* Parsers of the three files' text; each returns 0, or -1 when the text is not in the
 * expected form. */
int noise_parse_proc_stat(const char *text, noise_sample *s);  /* busy, steal, total */
int noise_parse_self_stat(const char *text, unsigned long long *ticks);
int noise_parse_loadavg(const char *text, double *load1);

/* Reads /proc/stat, /proc/self/stat and /proc/loadavg; s->valid = false when any is
 * missing or malformed (not Linux, or /proc not mounted). */
void noise_sample_read(noise_sample *s);

/* Adds the window between two samples (nothing when either is invalid). */
void noise_add(noise_totals *t, const noise_sample *before, const noise_sample *after);
void noise_merge(noise_totals *into, const noise_totals *from);

/* The figures above; NAN when no tick was seen (no valid window, or too short). */
double noise_steal_pct(const noise_totals *t);
double noise_other_cpu_pct(const noise_totals *t);
double noise_load_avg(const noise_totals *t);

#endif
