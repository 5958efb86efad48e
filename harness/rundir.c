#include "rundir.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/atomic_file.h"
#include "base/sha256.h"
#include "base/text_buf.h"
#include "base/system_info.h"
#include "timer.h"


int rundir_mkdir_parents(const char *path, char *err, size_t len) {
    char tmp[1024];
    snprintf(tmp, sizeof tmp, "%s", path);
    for (char *p = tmp + 1; *p; p++) {
        if (*p != '/') continue;
        *p = '\0';
        if (mkdir(tmp, 0755) != 0 && errno != EEXIST) {
            snprintf(err, len, "%s: cannot create directory: %s", tmp, strerror(errno));
            return -1;
        }
        *p = '/';
    }
    if (mkdir(tmp, 0755) != 0 && errno != EEXIST) {
        snprintf(err, len, "%s: cannot create directory: %s", tmp, strerror(errno));
        return -1;
    }
    return 0;
}

int rundir_create(const char *root, const char *salt, run_dir *rd, char *err, size_t len) {
    if (rundir_mkdir_parents(root, err, len)) return -1;
    char host[128];
    system_hostname(host, sizeof host);
    for (char *p = host; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '-'))
            *p = '-';
    for (int attempt = 0; attempt < 100; attempt++) {
        time_t now = time(NULL);
        struct tm tm;
        gmtime_r(&now, &tm);
        char stamp[32];
        strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
        char seed[64];
        snprintf(seed, sizeof seed, "%llu:%ld:%d", (unsigned long long)timer_wall_ns(),
                 (long)getpid(), attempt);
        /* the id's hash: the salt, the time, the process and the attempt */
        char hex[SHA256_HEX_LEN + 1], both[160];
        char salt_hex[SHA256_HEX_LEN + 1];
        if (sha256_data(salt ? salt : "", salt ? strlen(salt) : 0, salt_hex)) {
            snprintf(err, len, "SHA-256 failed (libcrypto)");
            return -1;
        }
        snprintf(both, sizeof both, "%s:%s", salt_hex, seed);
        if (sha256_data(both, strlen(both), hex)) {
            snprintf(err, len, "SHA-256 failed (libcrypto)");
            return -1;
        }
        snprintf(rd->id, sizeof rd->id, "%s-%.64s-%.8s", stamp, host, hex);
        snprintf(rd->path, sizeof rd->path, "%s/%s", root, rd->id);
        if (mkdir(rd->path, 0755) == 0) return 0;
        if (errno != EEXIST) {
            snprintf(err, len, "%s: cannot create directory: %s", rd->path, strerror(errno));
            return -1;
        }
    }
    snprintf(err, len, "%s: could not find a free run id", root);
    return -1;
}

int rundir_open(const char *path, run_dir *rd, char *err, size_t len) {
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
        snprintf(err, len, "%s: not a run directory", path);
        return -1;
    }
    char marker[1100];
    snprintf(marker, sizeof marker, "%s/%s", path, RUNDIR_MARKER);
    if (access(marker, F_OK) == 0) {
        snprintf(err, len, "%s: run is already sealed (COMPLETE exists); start a new run", path);
        return -1;
    }
    snprintf(rd->path, sizeof rd->path, "%s", path);
    const char *slash = strrchr(path, '/');
    snprintf(rd->id, sizeof rd->id, "%s", slash && slash[1] ? slash + 1 : path);
    return 0;
}

int rundir_write(const run_dir *rd, const char *name, const char *data, size_t size, char *err,
                 size_t len) {
    char path[1400];
    snprintf(path, sizeof path, "%s/%s", rd->path, name);
    return atomic_write(path, data, size, err, len);
}

static int is_temporary(const char *name) { return strstr(name, ".tmp.") != NULL; }

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names of the regular files in a directory (excluding the marker and temporaries). */
static char **list_files(const char *path, size_t *count) {
    *count = 0;
    DIR *d = opendir(path);
    if (!d) return NULL;
    size_t cap = 16;
    char **names = malloc(cap * sizeof *names);
    struct dirent *e;
    while (names && (e = readdir(d))) {
        if (e->d_name[0] == '.' || strcmp(e->d_name, RUNDIR_MARKER) == 0 ||
            is_temporary(e->d_name))
            continue;
        char full[1400];
        struct stat st;
        snprintf(full, sizeof full, "%s/%s", path, e->d_name);
        if (stat(full, &st) != 0 || !S_ISREG(st.st_mode)) continue;
        if (*count == cap) {
            char **grown = realloc(names, (cap *= 2) * sizeof *names);
            if (!grown) break;
            names = grown;
        }
        names[(*count)++] = strdup(e->d_name);
    }
    closedir(d);
    if (names) qsort(names, *count, sizeof *names, cmp_str);
    return names;
}

int rundir_write_text(const run_dir *rd, const char *name, char *text) {
    char err[1400];
    if (!text) {
        fprintf(stderr, "q35bench: out of memory while rendering %s\n", name);
        return -1;
    }
    int rc = rundir_write(rd, name, text, strlen(text), err, sizeof err);
    if (rc) fprintf(stderr, "q35bench: %s\n", err);
    free(text);
    return rc;
}

/* A name sha256sum writes as is (it escapes backslashes and newlines; we have none). */
static bool plain_name(const char *name) { return !strpbrk(name, "\\\n/"); }

int rundir_seal(const run_dir *rd, char *err, size_t len) {
    size_t n;
    char **names = list_files(rd->path, &n);
    if (!names) {
        snprintf(err, len, "%s: cannot list files", rd->path);
        return -1;
    }
    text_buf b = {0};
    tb_printf(&b, "# q35bench run %s is complete: the SHA-256 of every file; check it in this "
                  "directory with: sha256sum -c COMPLETE\n", rd->id);
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        char full[1400], hex[SHA256_HEX_LEN + 1];
        snprintf(full, sizeof full, "%s/%s", rd->path, names[i]);
        if (!plain_name(names[i])) {
            snprintf(err, len, "%s: a file name with a backslash or newline cannot be sealed", full);
            rc = -1;
        } else if (sha256_file(full, hex, NULL, err, len)) {
            rc = -1;
        } else {
            tb_printf(&b, "%s  %s\n", hex, names[i]);
        }
    }
    char *text = tb_take(&b);
    if (rc == 0 && !text) {
        snprintf(err, len, "out of memory");
        rc = -1;
    }
    if (rc == 0) rc = rundir_write(rd, RUNDIR_MARKER, text, strlen(text), err, len);
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
    free(text);
    return rc;
}

void rundir_manifest_free(rundir_manifest *m) {
    free(m->files);
    memset(m, 0, sizeof *m);
}

static bool is_hex64(const char *s) {
    for (int i = 0; i < SHA256_HEX_LEN; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) return false;
    return true;
}

int rundir_manifest_read(const char *path, rundir_manifest *m, char *err, size_t len) {
    memset(m, 0, sizeof *m);
    char marker[1100], why[512];
    snprintf(marker, sizeof marker, "%s/%s", path, RUNDIR_MARKER);
    char *text = read_whole_file(marker, 16u << 20, NULL, why, sizeof why);
    if (!text) {
        snprintf(err, len, "%s", why);
        return -1;
    }
    size_t lines = 1;
    for (const char *p = text; *p; p++) lines += *p == '\n';
    m->files = calloc(lines, sizeof *m->files);
    int rc = m->files ? 0 : -1;
    if (rc) snprintf(err, len, "out of memory");
    char *line = text;
    for (int no = 1; rc == 0 && *line; no++) {
        char *nl = strchr(line, '\n');
        if (!nl) {
            snprintf(err, len, "%s:%d: the last line does not end with a newline (truncated?)", marker, no);
            rc = -1;
            break;
        }
        *nl = '\0';
        if (line[0] != '#') {
            size_t l = strlen(line);
            rundir_entry *e = &m->files[m->n];
            if (strchr(line, '\t')) {
                snprintf(err, len, "%s:%d: a manifest of an older q35bench (sizes and FNV-1a "
                         "hashes); seal the run again to check it", marker, no);
                rc = -1;
            } else if (l < SHA256_HEX_LEN + 3 || !is_hex64(line) || line[SHA256_HEX_LEN] != ' ' ||
                       (line[SHA256_HEX_LEN + 1] != ' ' && line[SHA256_HEX_LEN + 1] != '*') ||
                       !plain_name(line + SHA256_HEX_LEN + 2) ||
                       l - SHA256_HEX_LEN - 2 >= sizeof e->name) {
                snprintf(err, len, "%s:%d: expected a SHA-256 in lower-case hex, two spaces and a "
                         "file name of the run (sha256sum's format)", marker, no);
                rc = -1;
            } else {
                memcpy(e->sha256, line, SHA256_HEX_LEN);
                e->sha256[SHA256_HEX_LEN] = '\0';
                snprintf(e->name, sizeof e->name, "%s", line + SHA256_HEX_LEN + 2);
                e->line = no;
                m->n++;
            }
        }
        line = nl + 1;
    }
    if (rc == 0 && m->n == 0) {
        snprintf(err, len, "%s lists no files", marker);
        rc = -1;
    }
    free(text);
    if (rc) rundir_manifest_free(m);
    return rc;
}

rundir_state rundir_verify(const char *path, char *why, size_t len) {
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
        snprintf(why, len, "%s: no such run directory", path);
        return RUNDIR_MISSING;
    }
    char marker[1100];
    snprintf(marker, sizeof marker, "%s/%s", path, RUNDIR_MARKER);
    if (access(marker, F_OK) != 0) {
        snprintf(why, len, "%s: incomplete run (no %s marker: interrupted or still running)",
                 path, RUNDIR_MARKER);
        return RUNDIR_INCOMPLETE;
    }
    rundir_manifest m;
    if (rundir_manifest_read(path, &m, why, len)) return RUNDIR_CORRUPT;
    rundir_state state = RUNDIR_COMPLETE;
    for (size_t i = 0; i < m.n && state == RUNDIR_COMPLETE; i++) {
        char full[1400], hex[SHA256_HEX_LEN + 1], err[600];
        snprintf(full, sizeof full, "%s/%s", path, m.files[i].name);
        unsigned long long bytes;
        if (sha256_file(full, hex, &bytes, err, sizeof err)) {
            snprintf(why, len, "%s: listed in %s but unreadable: %s", full, RUNDIR_MARKER, err);
            state = RUNDIR_CORRUPT;
        } else if (strcmp(hex, m.files[i].sha256) != 0) {
            snprintf(why, len, "%s: its SHA-256 differs from the one in %s (altered or truncated; "
                     "%llu bytes now)", full, RUNDIR_MARKER, bytes);
            state = RUNDIR_CORRUPT;
        }
    }
    rundir_manifest_free(&m);
    return state;
}

int rundir_latest_complete(const char *root, char *out, size_t len) {
    DIR *d = opendir(root);
    if (!d) return -1;
    char best[256] = "";
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.' || strcmp(e->d_name, best) <= 0) continue;
        char full[1400], marker[1500];
        snprintf(full, sizeof full, "%s/%s", root, e->d_name);
        snprintf(marker, sizeof marker, "%s/%s", full, RUNDIR_MARKER);
        if (access(marker, F_OK) == 0) snprintf(best, sizeof best, "%s", e->d_name);
    }
    closedir(d);
    if (!best[0]) return -1;
    snprintf(out, len, "%s/%s", root, best);
    return 0;
}
