#include "system_info.h"

#include <stdio.h>
#include <sys/statvfs.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static double meminfo_kib(const char *key) {
    FILE *f = fopen("/proc/meminfo", "r");
    if (!f) return 0.0;
    char line[256];
    double value = 0.0;
    size_t klen = strlen(key);
    while (fgets(line, sizeof line, f))
        if (strncmp(line, key, klen) == 0 && line[klen] == ':') {
            value = strtod(line + klen + 1, NULL);
            break;
        }
    fclose(f);
    return value * 1024.0;
}

double system_memory_total_bytes(void) { return meminfo_kib("MemTotal"); }
double system_memory_available_bytes(void) { return meminfo_kib("MemAvailable"); }

int system_online_cpus(void) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

void system_hostname(char *buf, size_t len) {
    if (gethostname(buf, len) != 0) snprintf(buf, len, "unknown");
    buf[len - 1] = '\0';
}

int system_cpuinfo_field(const char *field, char *buf, size_t len) {
    buf[0] = '\0';
    FILE *f = fopen("/proc/cpuinfo", "r");
    if (!f) return -1;
    /* flags lines can be long */
    size_t cap = 16384;
    char *line = malloc(cap);
    int rc = -1;
    size_t flen = strlen(field);
    while (line && fgets(line, (int)cap, f)) {
        if (strncmp(line, field, flen) != 0) continue;
        char *colon = strchr(line + flen, ':');
        if (!colon) continue;
        const char *v = colon + 1;
        while (*v == ' ' || *v == '\t') v++;
        snprintf(buf, len, "%s", v);
        size_t n = strlen(buf);
        while (n && (buf[n - 1] == '\n' || buf[n - 1] == ' ')) buf[--n] = '\0';
        rc = 0;
        break;
    }
    free(line);
    fclose(f);
    return rc;
}

int system_read_line(const char *path, char *buf, size_t len) {
    buf[0] = '\0';
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    int rc = fgets(buf, (int)len, f) ? 0 : -1;
    fclose(f);
    size_t n = strlen(buf);
    while (n && (buf[n - 1] == '\n' || buf[n - 1] == ' ')) buf[--n] = '\0';
    return rc;
}

int system_os_release(const char *key, char *buf, size_t len) {
    buf[0] = '\0';
    FILE *f = fopen("/etc/os-release", "r");
    if (!f) return -1;
    char line[512];
    size_t klen = strlen(key);
    int rc = -1;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, key, klen) == 0 && line[klen] == '=') {
            char *v = line + klen + 1;
            size_t n = strlen(v);
            while (n && (v[n - 1] == '\n' || v[n - 1] == '"')) v[--n] = '\0';
            if (*v == '"') v++;
            snprintf(buf, len, "%s", v);
            rc = 0;
            break;
        }
    fclose(f);
    return rc;
}

double system_free_bytes(const char *path) {
    struct statvfs sv;
    if (statvfs(path, &sv) != 0) return -1;
    return (double)sv.f_bavail * (double)sv.f_frsize;
}

int system_space_short(double free_bytes, double need, const char *path, char *why, size_t len) {
    if (free_bytes < 0 || free_bytes >= need) return 0;
    snprintf(why, len, "%s: %.1f MiB free, and this run writes about %.1f MiB; free some space "
             "or choose another results directory", path, free_bytes / 1048576.0,
             need / 1048576.0);
    return 1;
}
