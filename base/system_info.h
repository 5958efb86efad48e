/* Facts about the host read from the OS (/proc, /sys, uname), for the fingerprint and for
 * sizing decisions. Unknown values come back as 0 or empty strings. */
#ifndef Q35_SYSTEM_INFO_H
#define Q35_SYSTEM_INFO_H

#include <stddef.h>

double system_memory_total_bytes(void);
double system_memory_available_bytes(void);
int system_online_cpus(void);
/* Bytes an unprivileged writer may still use on the file system holding path; -1 when
 * unknown. */
double system_free_bytes(const char *path);
/* Whether `need` bytes clearly do not fit in `free_bytes` (free space known and smaller);
 * 1 with the numbers in why, else 0. */
int system_space_short(double free_bytes, double need, const char *path, char *why, size_t len);
void system_hostname(char *buf, size_t len);
/* A value from the first processor entry of /proc/cpuinfo, e.g. "model name", "flags". */
int system_cpuinfo_field(const char *field, char *buf, size_t len);
/* The first line of a small text file (trailing newline removed); 0 on success. */
int system_read_line(const char *path, char *buf, size_t len);
/* A key from /etc/os-release without quotes, e.g. PRETTY_NAME. */
int system_os_release(const char *key, char *buf, size_t len);

#endif
