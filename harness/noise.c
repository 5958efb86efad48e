#include "noise.h"

#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int noise_parse_proc_stat(const char *text, noise_sample *s) {
    /* cpu  user nice system idle iowait irq softirq steal [guest guest_nice]; guest time
     * is already counted in user and nice */
    unsigned long long v[8] = {0};
    if (strncmp(text, "cpu ", 4) != 0) return -1;
    const char *p = text + 4;
    int fields = 0; /* kernels before 2.6.11 stop after softirq, before 2.6.0 after idle */
    for (; fields < 8; fields++) {
        char *end;
        while (*p == ' ') p++;
        if (*p < '0' || *p > '9') break;
        v[fields] = strtoull(p, &end, 10);
        p = end;
    }
    if (fields < 4) return -1;
    s->busy = v[0] + v[1] + v[2] + v[5] + v[6];
    s->steal = v[7];
    s->total = s->busy + v[3] + v[4] + v[7];
    return 0;
}

int noise_parse_self_stat(const char *text, unsigned long long *ticks) {
    /* pid (comm) state ... : comm may hold spaces and ')', so fields count from the last
     * ')'; utime and stime are fields 14 and 15, i.e. the 12th and 13th after it */
    const char *p = strrchr(text, ')');
    if (!p) return -1;
    p++;
    unsigned long long utime = 0, stime = 0;
    for (int field = 3; field <= 15; field++) {
        while (*p == ' ') p++;
        if (!*p || *p == '\n') return -1;
        if (field == 14 || field == 15) {
            char *end;
            unsigned long long v = strtoull(p, &end, 10);
            if (end == p) return -1;
            if (field == 14) utime = v;
            else stime = v;
            p = end;
        } else {
            while (*p && *p != ' ') p++;
        }
    }
    *ticks = utime + stime;
    return 0;
}

int noise_parse_loadavg(const char *text, double *load1) {
    char *end;
    double v = strtod(text, &end);
    if (end == text || !(v >= 0) || !isfinite(v)) return -1;
    *load1 = v;
    return 0;
}

/* The start of a small /proc file (its first line is all we need). */
static int read_start(const char *path, char *buf, size_t len) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    ssize_t n = read(fd, buf, len - 1);
    close(fd);
    if (n <= 0) return -1;
    buf[n] = '\0';
    return 0;
}

void noise_sample_read(noise_sample *s) {
    char buf[1024];
    memset(s, 0, sizeof *s);
    if (read_start("/proc/stat", buf, sizeof buf) || noise_parse_proc_stat(buf, s)) return;
    if (read_start("/proc/self/stat", buf, sizeof buf) || noise_parse_self_stat(buf, &s->self))
        return;
    if (read_start("/proc/loadavg", buf, sizeof buf) || noise_parse_loadavg(buf, &s->load1))
        return;
    s->valid = true;
}

void noise_add(noise_totals *t, const noise_sample *before, const noise_sample *after) {
    if (!before->valid || !after->valid || after->total < before->total) return;
    double total = (double)(after->total - before->total);
    double steal = after->steal >= before->steal ? (double)(after->steal - before->steal) : 0;
    double busy = after->busy >= before->busy ? (double)(after->busy - before->busy) : 0;
    double self = after->self >= before->self ? (double)(after->self - before->self) : 0;
    /* per-process and per-CPU ticks are sampled at different moments: clamp at 0 */
    double other = busy > self ? busy - self : 0;
    t->total_ticks += total;
    t->steal_ticks += steal;
    t->other_ticks += other < total ? other : total;
    t->load_sum += (before->load1 + after->load1) / 2;
    t->load_n++;
}

void noise_merge(noise_totals *into, const noise_totals *from) {
    into->total_ticks += from->total_ticks;
    into->steal_ticks += from->steal_ticks;
    into->other_ticks += from->other_ticks;
    into->load_sum += from->load_sum;
    into->load_n += from->load_n;
}

double noise_steal_pct(const noise_totals *t) {
    return t->total_ticks > 0 ? 100 * t->steal_ticks / t->total_ticks : NAN;
}

double noise_other_cpu_pct(const noise_totals *t) {
    return t->total_ticks > 0 ? 100 * t->other_ticks / t->total_ticks : NAN;
}

double noise_load_avg(const noise_totals *t) {
    return t->load_n > 0 ? t->load_sum / t->load_n : NAN;
}
